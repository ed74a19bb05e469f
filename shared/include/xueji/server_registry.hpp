// The server side of the core: the province-wide registry that every push is validated and
// merged into with the same rules the device ran. No HTTP here: the server's http/ layer
// decodes requests, authenticates, and calls these.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "xueji/actor.hpp"
#include "xueji/database.hpp"
#include "xueji/field_edit.hpp"
#include "xueji/operation.hpp"
#include "xueji/pull.hpp"
#include "xueji/review_case.hpp"
#include "xueji/student.hpp"

namespace xueji {

struct School {
  std::string code;
  std::string name;
  std::string division_code;  // county (6 digits)
  std::string kind;           // "primary", "junior", "nine_year", "special", "work_study"
  // 学制 of the area: 6 + 3 (六三制) or 5 + 4 (五四制). Decides the grade a stage ends with,
  // and so promotion and graduation. Last, so four-field initialisers keep the defaults.
  int primary_years = 6;
  int junior_years = 3;
};

// A review case with what a county officer needs to decide it: the record's current values
// with their provenance (both sides and the base are in the case itself).
struct ReviewCaseDetail {
  ReviewCase review_case;
  std::vector<FieldProvenance> current;
};

class ServerRegistry {
 public:
  explicit ServerRegistry(Database& db) : db_(db) {}

  // Milliseconds since the epoch, for the server's HLC. The system clock by default; tests
  // set their own.
  void set_clock(std::function<std::int64_t()> now_ms) { now_ms_ = std::move(now_ms); }

  // Idempotent: an op_id seen before returns its recorded verdict and changes nothing.
  PushResponse apply_push(const Actor& actor, const PushRequest& request, const Date& today);
  Result<std::vector<Student>> students_in_scope(const Actor& actor);
  Result<School> school(const std::string& code);
  // Everything in the actor's scope (in_scope, 第三条) that changed after `cursor`, from one
  // read snapshot, at most about `max_bytes` of JSON (at least one entity). Defined in
  // server_pull.cpp.
  Result<PullPage> pull(const Actor& actor, std::int64_t cursor, std::size_t max_bytes);

  // Review cases in the actor's scope (county: its division's; registrar: its school's).
  Result<std::vector<ReviewCase>> review_cases(const Actor& actor, const std::string& status = {});
  Result<ReviewCaseDetail> review_case(const Actor& actor, const std::string& case_id);
  // Automatic resolutions of concurrent edits in the actor's division (authorities only).
  Result<std::vector<FieldHistoryEntry>> auto_resolutions(const Actor& actor, int limit = 200);

 private:
  struct Judged {
    OpVerdict verdict;
    bool opens_case = false;  // Conflict: a review case is opened (after the op's rollback)
  };
  Judged apply_one(const Actor& actor, const Operation& op, const Date& today,
                   const std::string& hlc);
  std::int64_t now_ms() const;
  Database& db_;
  std::function<std::int64_t()> now_ms_;
};

}  // namespace xueji
