// Helpers the status policies (第十二条–第十六条) share: stages, statuses, the suspension in
// force. Internal to the core (src/), not part of its API.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "xueji/workflow_policy.hpp"

namespace xueji {

// 义务教育学段: primary 1–6, junior 7–9 (a 九年一贯制 school spans both, the stages stay two).
inline bool same_stage(int a, int b) {
  return (a <= 6) == (b <= 6);
}

// Whether a school of `kind` (School::kind) teaches `grade`.
bool school_offers_grade(std::string_view kind, int grade);

// `date` plus whole years; 29 February becomes 28 February in a common year.
Date add_years(const Date& date, int years);

// A grade detail: DetailRequired when absent, GradeInvalid unless a whole number 1–9.
Result<int> grade_detail(const Workflow& workflow, const std::string& key);

// StudentNotInSchool (or `code`) unless the student's status is one of `allowed`.
Result<void> require_status(const PolicyContext& context,
                            std::initializer_list<std::string_view> allowed, ErrorCode code);

// Sets the student's status with history (第二十条: every change is kept).
Result<void> set_status(PolicyContext& context, const std::string& status);
// One more history row of this workflow, for a record already saved by change_student().
Result<void> add_history(PolicyContext& context, const std::string& field,
                         const std::string& old_value, const std::string& new_value);

// The suspension in force: the reason of the last completed 休学 and the latest end date
// among it and the extensions completed after it.
struct SuspensionInForce {
  std::string workflow_id;
  std::string reason;
  std::string until;  // YYYY-MM-DD
};
Result<std::optional<SuspensionInForce>> suspension_in_force(Database& db,
                                                             const std::string& student_id);

}  // namespace xueji
