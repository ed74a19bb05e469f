// 第十三条(四) 回到境内后仍接受义务教育的, 应接续原来的学籍档案: the same record and registry
// number continue, in the grade the school places the student in.
#include "policy_support.hpp"

namespace xueji {
namespace {

Result<void> check_return(PolicyContext& context) {
  if (auto ok = require_status(context, {"abroad"}, ErrorCode::StudentNotAbroad); !ok) return ok;
  auto grade = grade_detail(context.workflow, "grade");
  if (!grade) return grade.error();
  // Years abroad may have taken the student past the stage; the grade must be one this school
  // teaches (otherwise the student returns and then transfers).
  if (context.student_school && !school_offers_grade(context.student_school->kind, *grade))
    return make_error(ErrorCode::PlacementGradeInvalid, "grade");
  return {};
}

Result<std::vector<Party>> return_parties(PolicyContext&) {
  return std::vector<Party>{};  // the school continues its own record
}

Result<void> complete_return(PolicyContext& context) {
  Student& student = *context.student;
  const int old_grade = student.grade;
  auto grade = grade_detail(context.workflow, "grade");
  if (!grade) return grade.error();
  student.grade = *grade;
  if (auto set = set_status(context, "in_school"); !set) return set;
  if (student.grade == old_grade) return {};
  return add_history(context, "grade", std::to_string(old_grade), std::to_string(student.grade));
}

}  // namespace

const WorkflowPolicy& return_from_abroad_policy() {
  static const WorkflowPolicy kPolicy{
      WorkflowKind::ReturnFromAbroad,
      /*started_by_receiving_school=*/false,
      /*required_proofs=*/{},
      check_return,
      return_parties,
      /*on_start=*/nullptr,
      complete_return,
  };
  return kPolicy;
}

}  // namespace xueji
