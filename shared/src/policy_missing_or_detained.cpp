// 第十六条 失踪或被刑事拘留等原因离校: the school reports it to its education authority without
// delay; school and authority may not cancel the registry. The status records the fact; only a
// death report with its certificate ever deregisters a record.
#include "policy_support.hpp"

namespace xueji {
namespace {

Result<void> check_missing(PolicyContext& context) {
  if (auto ok = require_status(context, {"in_school", "suspended", "dropout"},
                               ErrorCode::StatusNotAllowed);
      !ok)
    return ok;
  const std::string kind = detail(context.workflow, "kind");
  if (kind != "missing" && kind != "detained") return make_error(ErrorCode::InvalidInput, "kind");
  return {};
}

Result<std::vector<Party>> missing_parties(PolicyContext&) {
  return std::vector<Party>{Party::Authority};  // 及时向主管教育行政部门上报
}

Result<void> start_missing(PolicyContext& context) {
  // Kept so that a rejected or withdrawn report can put the record back as it was.
  context.workflow.details["status_before"] = context.student->status;
  return set_status(context, detail(context.workflow,
                                    "kind"));  // a fact reported, not a decision awaiting approval
}

// The county rejected the report, or the school withdrew it: the status goes back.
Result<void> undo_missing(PolicyContext& context) {
  const std::string before = detail(context.workflow, "status_before");
  if (!context.student || before.empty()) return {};
  return set_status(context, before);
}

}  // namespace

const WorkflowPolicy& missing_or_detained_policy() {
  static const WorkflowPolicy kPolicy{
      WorkflowKind::MissingOrDetained,
      /*started_by_receiving_school=*/false,
      /*required_proofs=*/{},
      check_missing,
      missing_parties,
      start_missing,
      /*on_complete=*/nullptr,
      /*on_end_without_completion=*/undo_missing,
  };
  return kPolicy;
}

}  // namespace xueji
