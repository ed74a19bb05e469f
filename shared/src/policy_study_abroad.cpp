// 第十三条(四) 出国(境)就读: the guardian completes the formalities at the current school with a
// valid travel document. A report to the school, no approval: the registry is kept so the
// student can continue it on return.
#include "policy_support.hpp"

namespace xueji {
namespace {

Result<void> check_study_abroad(PolicyContext& context) {
  return require_status(context, {"in_school"}, ErrorCode::StudentNotInSchool);
}

Result<std::vector<Party>> study_abroad_parties(PolicyContext&) {
  return std::vector<Party>{};  // 到现就读学校办理相关手续: the school's own record
}

Result<void> complete_study_abroad(PolicyContext& context) {
  return set_status(context, "abroad");
}

}  // namespace

const WorkflowPolicy& study_abroad_policy() {
  static const WorkflowPolicy kPolicy{
      WorkflowKind::StudyAbroad,
      /*started_by_receiving_school=*/false,
      /*required_proofs=*/{"travel_document"},  // 凭有效证件
      check_study_abroad,
      study_abroad_parties,
      /*on_start=*/nullptr,
      complete_study_abroad,
  };
  return kPolicy;
}

}  // namespace xueji
