// 第十三条(一)(二) 休学: the guardian applies in writing with a county-level hospital's diagnosis
// (illness) or other proof; the school reviews and its registry authority confirms. The
// suspension runs one year by default (第十三条(三)) and the registry is kept.
#include <array>

#include "policy_support.hpp"

namespace xueji {
namespace {

// 第十三条(一): 因病停课治疗休养, 连续请假超过学期总学时三分之一, 其他特殊原因.
constexpr std::array<std::string_view, 3> kReasons{"illness", "long_leave", "other"};

Result<void> check_suspension(PolicyContext& context) {
  if (auto ok = require_status(context, {"in_school"}, ErrorCode::StudentNotInSchool); !ok)
    return ok;
  Workflow& workflow = context.workflow;
  const std::string reason = detail(workflow, "reason");
  bool known = false;
  for (auto r : kReasons) known = known || r == reason;
  if (!known) return make_error(ErrorCode::SuspensionReasonInvalid, "reason");
  // 第十三条(二): 因病假须持县级以上医院诊断证明, 因事假持相关证明.
  const char* proof = reason == "illness" ? "hospital_certificate" : "supporting_document";
  if (!has_proof(workflow, proof)) return make_error(ErrorCode::ProofRequired, proof);

  // 第十三条(三): 休学期限一般为1年; a shorter end date may be asked for, a longer one is an
  // extension with fresh proof.
  const Date today = context.command.today;
  const Date longest = add_years(today, 1);
  Date until = longest;
  if (const std::string asked = detail(workflow, "until"); !asked.empty()) {
    auto parsed = parse_date(asked);
    if (!parsed) return make_error(ErrorCode::DateInvalid, "until");
    if (!(*parsed > today) || *parsed > longest)
      return make_error(ErrorCode::SuspensionPeriodInvalid, "until");
    until = *parsed;
  }
  workflow.details["until"] = format_date(until);
  return {};
}

Result<std::vector<Party>> suspension_parties(PolicyContext&) {
  // 第十三条(二): 学校审核后报所属教育行政部门确认.
  return std::vector<Party>{Party::School, Party::Authority};
}

Result<void> complete_suspension(PolicyContext& context) {
  if (auto ok = require_status(context, {"in_school"}, ErrorCode::StudentNotInSchool); !ok)
    return ok;
  if (auto set = set_status(context, "suspended"); !set) return set;
  return add_history(context, "suspended_until", "", detail(context.workflow, "until"));
}

}  // namespace

const WorkflowPolicy& suspension_policy() {
  static const WorkflowPolicy kPolicy{
      WorkflowKind::Suspension,
      /*started_by_receiving_school=*/false,
      /*required_proofs=*/{"guardian_application"},
      check_suspension,
      suspension_parties,
      /*on_start=*/nullptr,
      complete_suspension,
  };
  return kPolicy;
}

}  // namespace xueji
