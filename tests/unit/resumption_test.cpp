// R10 第十三条(三) 复学: guardian application (after illness with a recovery certificate), school
// review then authority confirmation, placement grade by 接续学业原则.
#include <catch2/catch.hpp>

#include "policy_helpers.hpp"
#include "xueji/reminders.hpp"

using namespace xueji;

namespace {

void suspend(RegistryFixture& f, const Actor& school, const Student& s, const std::string& reason) {
  StartWorkflow start =
      start_of("suspension", s, {{"reason", reason}},
               {"guardian_application",
                reason == "illness" ? "hospital_certificate" : "supporting_document"});
  REQUIRE(f.run(school, start).ok());
  approve(f, start.workflow_id, {&school, &f.shangshui});
}

StartWorkflow resumption_of(const Student& s, const std::string& grade,
                            std::vector<std::string> proofs = {"guardian_application",
                                                               "recovery_certificate"}) {
  return start_of("resumption", s, {{"placement_grade", grade}}, std::move(proofs));
}

}  // namespace

TEST_CASE(
    "R10 第十三条(三): resumption after illness with a recovery certificate, placed in grade") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "冯复学", 71);
  suspend(f, f.school_a, pupil, "illness");
  f.today = Date{2027, 9, 1};

  // 因病休学的还应当提交县级以上医院认定治愈…的证明.
  auto refused = refusal_of(f, f.school_a, resumption_of(pupil, "3", {"guardian_application"}));
  CHECK(refused.code == ErrorCode::ProofRequired);
  CHECK(refused.field == "recovery_certificate");
  CHECK(refusal(f, f.school_a, resumption_of(pupil, "3", {"recovery_certificate"})) ==
        ErrorCode::ProofRequired);

  StartWorkflow start = resumption_of(pupil, "4");
  REQUIRE(f.run(f.school_a, start).ok());
  Workflow w = f.workflow(start.workflow_id);
  REQUIRE(w.steps.size() == 2);
  CHECK(w.steps[0].party == Party::School);
  CHECK(w.steps[1].party == Party::Authority);
  approve(f, start.workflow_id, {&f.school_a, &f.shangshui});

  Student back = f.student(pupil.student_id);
  CHECK(back.status == "in_school");
  CHECK(back.grade == 4);
  CHECK(back.registry_number == pupil.registry_number);
  auto grade = history_of(f, pupil.student_id, "grade");
  REQUIRE(grade.size() == 1);
  CHECK(grade[0].old_value == "3");
  CHECK(grade[0].new_value == "4");
  CHECK(history_of(f, pupil.student_id, "status").back().new_value == "in_school");
  // No longer suspended: no reminder.
  CHECK(lapsed_suspensions(f.db, "4116230001", Date{2028, 1, 1})->empty());
}

TEST_CASE("R10 第十三条(三): after leave no recovery certificate — only a suspended student") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "杨复学", 73);
  CHECK(refusal(f, f.school_a, resumption_of(pupil, "3")) == ErrorCode::StudentNotSuspended);
  suspend(f, f.school_a, pupil, "long_leave");
  StartWorkflow start = resumption_of(pupil, "3", {"guardian_application"});
  REQUIRE(f.run(f.school_a, start).ok());
  approve(f, start.workflow_id, {&f.school_a, &f.shangshui});
  Student back = f.student(pupil.student_id);
  CHECK(back.status == "in_school");
  CHECK(back.grade == 3);
  CHECK(history_of(f, pupil.student_id, "grade").empty());  // unchanged grade, no history row
}

TEST_CASE("R10 第十三条(三) 接续学业: placement in the stage, the grade left or the next one") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "何复学", 75);  // grade 3
  suspend(f, f.school_a, pupil, "other");
  const std::vector<std::string> proofs{"guardian_application"};
  CHECK(refusal(f, f.school_a, start_of("resumption", pupil, {}, proofs)) ==
        ErrorCode::DetailRequired);
  CHECK(refusal(f, f.school_a, resumption_of(pupil, "0", proofs)) == ErrorCode::GradeInvalid);
  CHECK(refusal(f, f.school_a, resumption_of(pupil, "10", proofs)) == ErrorCode::GradeInvalid);
  CHECK(refusal(f, f.school_a, resumption_of(pupil, "x", proofs)) == ErrorCode::GradeInvalid);
  // Two grades up would be a grade skip without its procedure (第十五条).
  CHECK(refusal(f, f.school_a, resumption_of(pupil, "5", proofs)) ==
        ErrorCode::PlacementGradeInvalid);
  CHECK(f.run(f.school_a, resumption_of(pupil, "3", proofs)).ok());

  // Grade 6 in a primary school: never placed into junior school grade 7.
  Student sixth = f.enroll(f.school_b, "许复学", 77, 6);
  suspend(f, f.school_b, sixth, "other");
  CHECK(refusal(f, f.school_b, resumption_of(sixth, "7", proofs)) ==
        ErrorCode::PlacementGradeInvalid);
  CHECK(f.run(f.school_b, resumption_of(sixth, "6", proofs)).ok());
}
