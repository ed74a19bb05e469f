// 第十六条 学生死亡: the school reports it with the proof (death certificate) to the registry
// authority within 10 working days, which deregisters the record. The only way a registry is
// cancelled; a late report is marked, never refused (the record must not stay active).
#include "policy_support.hpp"
#include "xueji/working_days.hpp"

namespace xueji {
namespace {

// 第十六条: 在10个工作日内.
constexpr int kReportWorkingDays = 10;

Result<void> check_death(PolicyContext& context) {
  // A missing, detained, suspended, abroad or dropped-out student may die as well; only a record
  // already closed cannot.
  const std::string& status = context.student->status;
  if (status == "deceased" || status == "graduated" || status == "transferred_out")
    return make_error(ErrorCode::StatusNotAllowed, "student_id", status);
  Workflow& workflow = context.workflow;
  const std::string text = detail(workflow, "date_of_death");
  if (text.empty()) return make_error(ErrorCode::DetailRequired, "date_of_death");
  auto died = parse_date(text);
  if (!died || *died > context.command.today || *died < context.student->birth_date)
    return make_error(ErrorCode::DateInvalid, "date_of_death");
  workflow.details["date_of_death"] = format_date(*died);
  // Outside the published holiday calendar the deadline is unknown: nothing is marked then.
  if (auto deadline = add_working_days(*died, kReportWorkingDays)) {
    workflow.details["report_deadline"] = format_date(*deadline);
    if (context.command.today > *deadline)
      workflow.details["late"] =
          std::string(1, '1');  // (not = "1": GCC 12 -Wrestrict false positive)
  }
  return {};
}

Result<std::vector<Party>> death_parties(PolicyContext&) {
  return std::vector<Party>{Party::Authority};  // 报学籍主管部门注销其学籍
}

Result<void> complete_death(PolicyContext& context) {
  return set_status(context, "deceased");
}

}  // namespace

const WorkflowPolicy& death_policy() {
  static const WorkflowPolicy kPolicy{
      WorkflowKind::Death,
      /*started_by_receiving_school=*/false,
      /*required_proofs=*/{"death_certificate"},  // 凭相关证明
      check_death,
      death_parties,
      /*on_start=*/nullptr,
      complete_death,
      /*on_end_without_completion=*/nullptr,
      /*overrides_open_workflows=*/true,
  };
  return kPolicy;
}

}  // namespace xueji
