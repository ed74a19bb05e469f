// 第十三条(三) 延长休学: when the suspension ends and the student still cannot return, the
// guardian applies again with a county-level hospital's diagnosis or other proof; the school
// reviews and the registry authority confirms. Each extension adds up to one more year.
#include "policy_support.hpp"

namespace xueji {
namespace {

Result<void> check_extension(PolicyContext& context) {
  if (auto ok = require_status(context, {"suspended"}, ErrorCode::StudentNotSuspended); !ok)
    return ok;
  Workflow& workflow = context.workflow;
  if (!has_proof(workflow, "hospital_certificate") && !has_proof(workflow, "supporting_document"))
    return make_error(ErrorCode::ProofRequired, "supporting_document");

  auto in_force = suspension_in_force(context.db, context.student->student_id);
  if (!in_force) return in_force.error();
  // A record suspended before this system (no 休学 workflow) extends from today.
  const Date today = context.command.today;
  Date current = today;
  if (*in_force)
    if (auto parsed = parse_date((*in_force)->until)) current = *parsed;
  // The year runs on from the end of the current period, not from the day of the application.
  const Date longest = add_years(current, 1);
  Date until = longest;
  if (const std::string asked = detail(workflow, "until"); !asked.empty()) {
    auto parsed = parse_date(asked);
    if (!parsed) return make_error(ErrorCode::DateInvalid, "until");
    until = *parsed;
  }
  if (!(until > current) || !(until > today) || until > longest)
    return make_error(ErrorCode::SuspensionPeriodInvalid, "until");
  workflow.details["previous_until"] = *in_force ? (*in_force)->until : std::string();
  workflow.details["until"] = format_date(until);
  return {};
}

Result<std::vector<Party>> extension_parties(PolicyContext&) {
  // 第十三条(三): 经学校审核, 报所属教育行政部门确认后, 可继续休学.
  return std::vector<Party>{Party::School, Party::Authority};
}

Result<void> complete_extension(PolicyContext& context) {
  if (auto ok = require_status(context, {"suspended"}, ErrorCode::StudentNotSuspended); !ok)
    return ok;
  return change_student(context, *context.student, "suspended_until",
                        detail(context.workflow, "previous_until"),
                        detail(context.workflow, "until"));
}

}  // namespace

const WorkflowPolicy& suspension_extension_policy() {
  static const WorkflowPolicy kPolicy{
      WorkflowKind::SuspensionExtension,
      /*started_by_receiving_school=*/false,
      /*required_proofs=*/{"guardian_application"},
      check_extension,
      extension_parties,
      /*on_start=*/nullptr,
      complete_extension,
  };
  return kPolicy;
}

}  // namespace xueji
