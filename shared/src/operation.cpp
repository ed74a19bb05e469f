// Operation helpers that are not wire format: targets (for dependencies) and format upgrades.
#include "xueji/operation.hpp"

namespace xueji {

namespace {

struct Targets {
  std::vector<std::string> operator()(const RegisterStudent& c) const {
    return {c.registration.student_id};
  }
  std::vector<std::string> operator()(const StartWorkflow& c) const {
    return {c.student_id, c.workflow_id};
  }
  std::vector<std::string> operator()(const DecideStep& c) const { return {c.workflow_id}; }
  std::vector<std::string> operator()(const ForceStep& c) const { return {c.workflow_id}; }
  std::vector<std::string> operator()(const WithdrawWorkflow& c) const { return {c.workflow_id}; }
  std::vector<std::string> operator()(const ReportProblemRecord& c) const {
    return {c.student_id, c.problem_id};
  }
  std::vector<std::string> operator()(const ResolveProblemRecord& c) const {
    return {c.problem_id};
  }
  std::vector<std::string> operator()(const AddArchiveEntry& c) const { return {c.student_id}; }
  std::vector<std::string> operator()(const RecordPaperArchiveCheck& c) const {
    return {c.student_id};
  }
  std::vector<std::string> operator()(const EditStudent& c) const { return {c.student_id}; }
  std::vector<std::string> operator()(const DecideReviewCase& c) const { return {c.case_id}; }
  // School- and unit-wide commands (closures, promotion, rosters, approvals) target no
  // single record: nothing is held back behind them.
  template <class C>
  std::vector<std::string> operator()(const C&) const {
    return {};
  }
};

}  // namespace

std::vector<std::string> operation_targets(const Command& command) {
  auto targets = std::visit(Targets{}, command);
  std::erase(targets, std::string());
  return targets;
}

Result<void> upgrade_operation(Operation& op) {
  if (op.format_version < kMinOperationFormat || op.format_version > kOperationFormat)
    return make_error(ErrorCode::UnsupportedVersion, "format");
  if (op.format_version == 1) {
    // Format 1 had no clock and no dependency list: the server stamps the operation when it
    // receives it (hlc stays empty here) and it depends on nothing.
    op.hlc.clear();
    op.depends_on.clear();
    op.format_version = 2;
  }
  return {};
}

}  // namespace xueji
