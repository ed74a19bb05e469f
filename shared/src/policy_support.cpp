#include "policy_support.hpp"

#include "xueji/registry_store.hpp"
#include "xueji/workflow_store.hpp"

namespace xueji {

bool school_offers_grade(std::string_view kind, int grade) {
  if (grade < 1 || grade > 9) return false;
  if (kind == "primary") return grade <= 6;
  if (kind == "junior") return grade >= 7;
  return true;  // 九年一贯制, 特殊教育学校 and 工读学校 span the compulsory years
}

Date add_years(const Date& date, int years) {
  Date result{date.year + years, date.month, date.day};
  if (!is_valid_date(result.year, result.month, result.day)) result.day = 28;
  return result;
}

Result<int> grade_detail(const Workflow& workflow, const std::string& key) {
  const std::string text = detail(workflow, key);
  if (text.empty()) return make_error(ErrorCode::DetailRequired, key);
  if (text.size() != 1 || text[0] < '1' || text[0] > '9')
    return make_error(ErrorCode::GradeInvalid, key);
  return text[0] - '0';
}

Result<void> require_status(const PolicyContext& context,
                            std::initializer_list<std::string_view> allowed, ErrorCode code) {
  if (!context.student) return make_error(ErrorCode::NotFound, "student_id");
  for (auto status : allowed)
    if (context.student->status == status) return {};
  return make_error(code, "student_id", context.student->status);
}

Result<void> set_status(PolicyContext& context, const std::string& status) {
  if (!context.student) return make_error(ErrorCode::NotFound, "student_id");
  Student& student = *context.student;
  const std::string old_status = student.status;
  student.status = status;
  return change_student(context, student, "status", old_status, status);
}

Result<void> add_history(PolicyContext& context, const std::string& field,
                         const std::string& old_value, const std::string& new_value) {
  return append_history(
      context.db, context.workflow.student_id,
      HistoryEntry{field, old_value, new_value, format_date(context.command.today),
                   context.command.actor.account, context.workflow.workflow_id});
}

Result<std::optional<SuspensionInForce>> suspension_in_force(Database& db,
                                                             const std::string& student_id) {
  auto workflows = workflows_of_student(db, student_id);
  if (!workflows) return workflows.error();
  std::optional<SuspensionInForce> found;
  // Stored in the order they were started; only one workflow is open at a time, so that is
  // also the order they completed in.
  for (const Workflow& w : *workflows) {
    if (w.state != WorkflowState::Completed) continue;
    if (w.kind == WorkflowKind::Suspension) {
      found = SuspensionInForce{w.workflow_id, detail(w, "reason"), detail(w, "until")};
    } else if (w.kind == WorkflowKind::SuspensionExtension && found &&
               detail(w, "until") > found->until) {
      found->until = detail(w, "until");
    }
  }
  return found;
}

}  // namespace xueji
