// Statistics of a school or an authority's schools (S4): enrolled by grade, status counts,
// transfers in and out, dropouts, overdue items. Counted from the registry as it stands.
#pragma once
#include <array>
#include <map>
#include <string>
#include <vector>

#include "xueji/date.hpp"
#include "xueji/unit_scope.hpp"

namespace xueji {

struct UnitStatistics {
  std::string unit_code;
  std::string unit_name;
  std::array<int, 9> in_school_by_grade{};   // 在读 students of grades 1..9
  std::map<std::string, int> status_counts;  // every status present: in_school, suspended…
  int transfers_in = 0;                      // completed transfers into the unit (第十一条)
  int transfers_out = 0;                     // completed transfers out of it
  int dropouts = 0;       // students whose status is dropout (第十四条 reports)
  int overdue_steps = 0;  // open workflow steps past their deadline concerning the unit
  int open_problem_records = 0;
};

struct Statistics {
  UnitStatistics total;                 // the whole unit
  std::vector<UnitStatistics> schools;  // one per school of the unit the actor may see
};

// `school_year` "2025-2026" counts only transfers completed between 1 September and 31 August
// of that year; empty counts every transfer.
Result<Statistics> unit_statistics(Database& db, const Actor& actor, const ScopedUnit& unit,
                                   const Date& today, const std::string& school_year);

}  // namespace xueji
