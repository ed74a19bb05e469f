// 第十三条(三) 复学: the guardian applies at the school (after illness with a county-level
// hospital's certificate of recovery); the school reviews and the registry authority confirms.
// The school places the student by 接续学业原则.
#include "policy_support.hpp"

namespace xueji {
namespace {

Result<void> check_resumption(PolicyContext& context) {
  if (auto ok = require_status(context, {"suspended"}, ErrorCode::StudentNotSuspended); !ok)
    return ok;
  Workflow& workflow = context.workflow;
  auto in_force = suspension_in_force(context.db, context.student->student_id);
  if (!in_force) return in_force.error();
  // 因病休学的还应当提交县级以上医院认定治愈或认定可以正常学习的证明.
  if (*in_force && (*in_force)->reason == "illness" && !has_proof(workflow, "recovery_certificate"))
    return make_error(ErrorCode::ProofRequired, "recovery_certificate");

  auto placement = grade_detail(workflow, "placement_grade");
  if (!placement) return placement.error();
  // 接续学业: the grade left or the next one, in the same stage and taught at the school.
  // Higher would be a grade skip, which has its own procedure (第十五条).
  const int grade = context.student->grade;
  if (!same_stage(grade, *placement) || *placement > grade + 1 ||
      (context.student_school && !school_offers_grade(context.student_school->kind, *placement)))
    return make_error(ErrorCode::PlacementGradeInvalid, "placement_grade");
  return {};
}

Result<std::vector<Party>> resumption_parties(PolicyContext&) {
  // 学校审核并报所属教育行政部门确认后, 即可复学.
  return std::vector<Party>{Party::School, Party::Authority};
}

Result<void> complete_resumption(PolicyContext& context) {
  if (auto ok = require_status(context, {"suspended"}, ErrorCode::StudentNotSuspended); !ok)
    return ok;
  Student& student = *context.student;
  const int old_grade = student.grade;
  auto placement_grade = grade_detail(context.workflow, "placement_grade");
  if (!placement_grade) return placement_grade.error();
  const int placement = *placement_grade;
  student.grade = placement;
  if (auto set = set_status(context, "in_school"); !set) return set;
  if (placement == old_grade) return {};
  return add_history(context, "grade", std::to_string(old_grade), std::to_string(placement));
}

}  // namespace

const WorkflowPolicy& resumption_policy() {
  static const WorkflowPolicy kPolicy{
      WorkflowKind::Resumption,
      /*started_by_receiving_school=*/false,
      /*required_proofs=*/{"guardian_application"},
      check_resumption,
      resumption_parties,
      /*on_start=*/nullptr,
      complete_resumption,
  };
  return kPolicy;
}

}  // namespace xueji
