// R10 第十三条(四) 出国(境)就读 and return: a report to the school with a valid travel document; on
// return the same registry continues.
#include <catch2/catch.hpp>

#include "policy_helpers.hpp"

using namespace xueji;

namespace {

StartWorkflow abroad_of(const Student& s) {
  return start_of("study_abroad", s, {{"destination", "新加坡"}}, {"travel_document"});
}

StartWorkflow return_of(const Student& s, const std::string& grade) {
  return start_of("return_from_abroad", s, {{"grade", grade}});
}

}  // namespace

TEST_CASE("R10 第十三条(四): study abroad needs a travel document and completes at the school") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "高出国", 81);
  auto refused = refusal_of(f, f.school_a, start_of("study_abroad", pupil));
  CHECK(refused.code == ErrorCode::ProofRequired);
  CHECK(refused.field == "travel_document");

  StartWorkflow start = abroad_of(pupil);
  REQUIRE(f.run(f.school_a, start).ok());
  Workflow w = f.workflow(start.workflow_id);
  CHECK(w.steps.empty());  // 到现就读学校办理相关手续: no approval step
  CHECK(w.state == WorkflowState::Completed);
  Student abroad = f.student(pupil.student_id);
  CHECK(abroad.status == "abroad");
  CHECK(abroad.registry_number == pupil.registry_number);
  CHECK(history_of(f, pupil.student_id, "status").at(0).new_value == "abroad");

  CHECK(refusal(f, f.school_a, abroad_of(pupil)) == ErrorCode::StudentNotInSchool);
}

TEST_CASE("R10 第十三条(四): on return the same registry continues, in the placed grade") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "林回国", 83);
  CHECK(refusal(f, f.school_a, return_of(pupil, "3")) == ErrorCode::StudentNotAbroad);
  REQUIRE(f.run(f.school_a, abroad_of(pupil)).ok());

  f.today = Date{2028, 9, 1};
  CHECK(refusal(f, f.school_a, start_of("return_from_abroad", pupil)) == ErrorCode::DetailRequired);
  CHECK(refusal(f, f.school_a, return_of(pupil, "0")) == ErrorCode::GradeInvalid);
  // A primary school does not place a returning student in junior grades.
  CHECK(refusal(f, f.school_a, return_of(pupil, "7")) == ErrorCode::PlacementGradeInvalid);
  CHECK(refusal(f, f.school_b, return_of(pupil, "5")) == ErrorCode::OutOfScope);

  StartWorkflow start = return_of(pupil, "5");
  REQUIRE(f.run(f.school_a, start).ok());
  CHECK(f.workflow(start.workflow_id).state == WorkflowState::Completed);
  Student back = f.student(pupil.student_id);
  CHECK(back.status == "in_school");
  CHECK(back.grade == 5);
  CHECK(back.student_id == pupil.student_id);
  CHECK(back.registry_number == pupil.registry_number);  // 接续原来的学籍档案
  CHECK(back.school_code == pupil.school_code);
  auto grade = history_of(f, pupil.student_id, "grade");
  REQUIRE(grade.size() == 1);
  CHECK(grade[0].old_value == "3");
  CHECK(grade[0].new_value == "5");
}
