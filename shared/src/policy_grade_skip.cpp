// 第十五条 跳级: generally not allowed. For an outstanding student the guardian applies in
// writing, the school agrees and stamps it and uploads the stamped image, and the registry
// authority approves. Never across stages, only within the student's own school. Schools may not
// order a repetition: there is no such workflow, and a skip only ever goes up.
#include "policy_support.hpp"

namespace xueji {
namespace {

Result<void> check_target(const PolicyContext& context, int grade) {
  auto target = grade_detail(context.workflow, "target_grade");
  if (!target) return target.error();
  if (*target <= grade) return make_error(ErrorCode::GradeSkipNotForward, "target_grade");
  // 跳级不能跨学段: a primary pupil never skips into junior school (6→7 included).
  if (!same_stage(grade, *target))
    return make_error(ErrorCode::GradeSkipCrossStage, "target_grade");
  return {};
}

Result<void> check_grade_skip(PolicyContext& context) {
  if (auto ok = require_status(context, {"in_school"}, ErrorCode::StudentNotInSchool); !ok)
    return ok;
  // 限于本校范围内: the student's own school is the only possible one.
  const std::string school = detail(context.workflow, "target_school_code");
  if (!school.empty() && school != context.student->school_code)
    return make_error(ErrorCode::GradeSkipCrossStage, "target_school_code");
  return check_target(context, context.student->grade);
}

Result<std::vector<Party>> grade_skip_parties(PolicyContext&) {
  return std::vector<Party>{Party::Authority};  // 经学籍主管教育行政部门核准
}

Result<void> complete_grade_skip(PolicyContext& context) {
  if (auto ok = require_status(context, {"in_school"}, ErrorCode::StudentNotInSchool); !ok)
    return ok;
  Student& student = *context.student;
  // The grade may have moved on (promotion) while the application was open.
  if (auto ok = check_target(context, student.grade); !ok) return ok;
  const int old_grade = student.grade;
  student.grade = *grade_detail(context.workflow, "target_grade");
  return change_student(context, student, "grade", std::to_string(old_grade),
                        std::to_string(student.grade));
}

}  // namespace

const WorkflowPolicy& grade_skip_policy() {
  static const WorkflowPolicy kPolicy{
      WorkflowKind::GradeSkip,
      /*started_by_receiving_school=*/false,
      /*required_proofs=*/{"stamped_application_image", "guardian_application"},
      check_grade_skip,
      grade_skip_parties,
      /*on_start=*/nullptr,
      complete_grade_skip,
  };
  return kPolicy;
}

}  // namespace xueji
