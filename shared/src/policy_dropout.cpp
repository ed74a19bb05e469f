// 第十四条 辍学: schools may not order a student to stop or leave school, and nobody expels one
// (no such workflow exists). A dropout is reported in writing to the township or street office
// and the county bureau; the registry is kept for the compulsory years. A migrant child's
// electronic archive goes to the registry authority of the hukou location at term end.
#include "policy_support.hpp"
#include "xueji/registry_number.hpp"

namespace xueji {
namespace {

Result<void> check_dropout(PolicyContext& context) {
  // A suspended student who does not come back may drop out too (督促复学无效).
  if (auto ok = require_status(context, {"in_school", "suspended"}, ErrorCode::StatusNotAllowed);
      !ok)
    return ok;
  Workflow& workflow = context.workflow;
  // 书面上报当地乡镇人民政府、街道办事处: the school confirms it did; the county is the step.
  if (detail(workflow, "reported_to_township") != "1")
    return make_error(ErrorCode::DropoutTownshipReportRequired, "reported_to_township");
  if (context.student->flags.migrant_child) {
    // 每学期末将学生电子学籍档案转交其户籍所在地学籍主管教育行政部门.
    std::string authority = detail(workflow, "hukou_authority");
    if (authority.empty()) authority = context.student->hukou_division;
    if (authority.empty()) return make_error(ErrorCode::DetailRequired, "hukou_authority");
    if (!plausible_division_code(authority))
      return make_error(ErrorCode::DivisionInvalid, "hukou_authority");
    workflow.details["hukou_authority"] = authority;
  }
  return {};
}

Result<std::vector<Party>> dropout_parties(PolicyContext&) {
  return std::vector<Party>{Party::Authority};  // 县级教育行政部门 acknowledges the report
}

Result<void> start_dropout(PolicyContext& context) {
  // Kept so that a rejected or withdrawn report can put the record back as it was.
  context.workflow.details["status_before"] = context.student->status;
  return set_status(context, "dropout");  // a fact reported, not a decision awaiting approval
}

// The county rejected the report, or the school withdrew it: the status goes back.
Result<void> undo_dropout(PolicyContext& context) {
  const std::string before = detail(context.workflow, "status_before");
  if (!context.student || before.empty()) return {};
  return set_status(context, before);
}

}  // namespace

const WorkflowPolicy& dropout_policy() {
  static const WorkflowPolicy kPolicy{
      WorkflowKind::Dropout,
      /*started_by_receiving_school=*/false,
      /*required_proofs=*/{},
      check_dropout,
      dropout_parties,
      start_dropout,
      /*on_complete=*/nullptr,
      /*on_end_without_completion=*/undo_dropout,
  };
  return kPolicy;
}

}  // namespace xueji
