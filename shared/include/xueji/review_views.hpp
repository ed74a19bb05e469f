// Read-only views of county review (S4): problem records (问题学籍, 第八条) and registrar rosters
// (R16, 第二十一条/第二十二条) of a unit, scoped by in_scope (第三条) via unit_scope.hpp.
#pragma once
#include <string>
#include <vector>

#include "xueji/problem_record.hpp"
#include "xueji/registrar_roster.hpp"
#include "xueji/unit_scope.hpp"

namespace xueji {

struct ProblemRecordView {
  ProblemRecord record;
  std::string student_name;
  std::string registry_number;
  std::string school_code;
  std::string other_student_name;  // a duplicate's other record, when visible to the actor
};

// Problem records of students at the schools of `unit` the actor may see; `state` "open",
// "resolved" or empty for both. Oldest first.
Result<std::vector<ProblemRecordView>> problem_records_of_unit(Database& db, const Actor& actor,
                                                               const ScopedUnit& unit,
                                                               const std::string& state);

struct UnitRoster {
  std::string unit_code;
  std::string unit_name;
  bool is_school = false;
  std::vector<Registrar> registrars;
  int on_duty = 0;  // trained and active (先培训后上岗)
  int filed = 0;    // filed with the level above (备案)
};

// The unit's own roster, then for an authority every school of it (and for a city or province
// every county that has schools) — so a unit without a trained registrar stands out.
Result<std::vector<UnitRoster>> registrar_rosters_of_unit(Database& db, const Actor& actor,
                                                          const ScopedUnit& unit);

}  // namespace xueji
