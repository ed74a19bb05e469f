// R12 第十五条 跳级: guardian application and the school's stamped image, authority approval,
// same school, same stage (never primary → junior); no ordered repetition.
#include <catch2/catch.hpp>

#include "policy_helpers.hpp"

using namespace xueji;

namespace {

StartWorkflow skip_of(const Student& s, const std::string& target) {
  return start_of("grade_skip", s, {{"target_grade", target}},
                  {"stamped_application_image", "guardian_application"});
}

}  // namespace

TEST_CASE("R12 第十五条: a grade skip within the stage is approved by the authority") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "谢跳级", 111);  // grade 3
  StartWorkflow start = skip_of(pupil, "5");
  REQUIRE(f.run(f.school_a, start).ok());
  Workflow w = f.workflow(start.workflow_id);
  REQUIRE(w.steps.size() == 1);
  CHECK(w.steps[0].party == Party::Authority);  // 经学籍主管教育行政部门核准
  CHECK(w.steps[0].unit_code == "411623");
  CHECK(refusal(f, f.school_a, DecideStep{start.workflow_id, 0, true, "", {}}) ==
        ErrorCode::NotYourStep);
  CHECK(f.student(pupil.student_id).grade == 3);
  REQUIRE(f.run(f.shangshui, DecideStep{start.workflow_id, 0, true, "核准", {}}).ok());

  Student skipped = f.student(pupil.student_id);
  CHECK(skipped.grade == 5);
  CHECK(skipped.school_code == pupil.school_code);
  auto grade = history_of(f, pupil.student_id, "grade");
  REQUIRE(grade.size() == 1);
  CHECK(grade[0].old_value == "3");
  CHECK(grade[0].new_value == "5");
  CHECK(grade[0].workflow_id == start.workflow_id);
}

TEST_CASE("R12 第十五条: never across stages, 6 → 7 included, even in a nine-year school") {
  RegistryFixture f;
  REQUIRE(upsert_school(f.db, School{"4116230003", "商水县实验学校", "411623", "nine_year"}).ok());
  Actor nine_year{"reg-9", Role::SchoolRegistrar, "4116230003", "dev-9"};
  Student sixth = f.enroll(f.school_a, "曹六年级", 113, 6);
  CHECK(refusal(f, f.school_a, skip_of(sixth, "7")) == ErrorCode::GradeSkipCrossStage);
  Student fifth = f.enroll(nine_year, "彭五年级", 115, 5);
  CHECK(refusal(f, nine_year, skip_of(fifth, "7")) == ErrorCode::GradeSkipCrossStage);
  CHECK(refusal(f, nine_year, skip_of(fifth, "8")) == ErrorCode::GradeSkipCrossStage);
  CHECK(f.run(nine_year, skip_of(fifth, "6")).ok());
  Student seventh = f.enroll(nine_year, "鲁七年级", 117, 7);
  CHECK(f.run(nine_year, skip_of(seventh, "8")).ok());  // junior 7 → 8 is the same stage
}

TEST_CASE("R12 第十五条: proofs, forward only, own school only, only a student in school") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "韦跳级", 119);
  auto refused =
      refusal_of(f, f.school_a,
                 start_of("grade_skip", pupil, {{"target_grade", "4"}}, {"guardian_application"}));
  CHECK(refused.code == ErrorCode::ProofRequired);
  CHECK(refused.field == "stamped_application_image");
  refused = refusal_of(
      f, f.school_a,
      start_of("grade_skip", pupil, {{"target_grade", "4"}}, {"stamped_application_image"}));
  CHECK(refused.code == ErrorCode::ProofRequired);
  CHECK(refused.field == "guardian_application");

  // 不得责令学生留级: a "skip" never goes down or stays.
  CHECK(refusal(f, f.school_a, skip_of(pupil, "3")) == ErrorCode::GradeSkipNotForward);
  CHECK(refusal(f, f.school_a, skip_of(pupil, "2")) == ErrorCode::GradeSkipNotForward);
  CHECK(refusal(f, f.school_a, skip_of(pupil, "10")) == ErrorCode::GradeInvalid);
  CHECK(refusal(f, f.school_a,
                start_of("grade_skip", pupil, {},
                         {"stamped_application_image", "guardian_application"})) ==
        ErrorCode::DetailRequired);

  // 限于本校范围内.
  StartWorkflow elsewhere = skip_of(pupil, "4");
  elsewhere.details["target_school_code"] = "4116230002";
  refused = refusal_of(f, f.school_a, elsewhere);
  CHECK(refused.code == ErrorCode::GradeSkipCrossStage);
  CHECK(refused.field == "target_school_code");
  CHECK(refusal(f, f.school_b, skip_of(pupil, "4")) == ErrorCode::OutOfScope);

  Student suspended = f.enroll(f.school_a, "昌休学", 121);
  suspended.status = "suspended";
  REQUIRE(update_student(f.db, suspended).ok());
  CHECK(refusal(f, f.school_a, skip_of(suspended, "4")) == ErrorCode::StudentNotInSchool);

  StartWorkflow own = skip_of(pupil, "4");
  own.details["target_school_code"] = "4116230001";
  CHECK(f.run(f.school_a, own).ok());
}
