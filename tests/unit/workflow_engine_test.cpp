// The workflow engine's own guarantees: reports undone when rejected or withdrawn, a death
// report never blocked by other open workflows (第十六条), details kept from every hook.
#include <catch2/catch.hpp>

#include "policy_helpers.hpp"

using namespace xueji;

TEST_CASE("第十四条: a dropout report the county rejects puts the student back in school") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "吕强", 81);
  StartWorkflow report = start_of("dropout", pupil, {{"reported_to_township", "1"}});
  REQUIRE(f.run(f.school_a, report).ok());
  CHECK(f.student(pupil.student_id).status == "dropout");
  REQUIRE(f.run(f.shangshui, DecideStep{report.workflow_id, 0, false, "学生已返校", {}}).ok());
  CHECK(f.student(pupil.student_id).status == "in_school");
  CHECK(f.workflow(report.workflow_id).details.at("status_before") == "in_school");
}

TEST_CASE("第十六条: a withdrawn missing report restores the previous status") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "施航", 83);
  StartWorkflow report = start_of("missing_or_detained", pupil, {{"kind", "missing"}});
  REQUIRE(f.run(f.school_a, report).ok());
  CHECK(f.student(pupil.student_id).status == "missing");
  REQUIRE(f.run(f.school_a, WithdrawWorkflow{report.workflow_id, "已找到"}).ok());
  CHECK(f.student(pupil.student_id).status == "in_school");
}

TEST_CASE("第十六条: a death report is not blocked by an open report and closes it on approval") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "蒋涛", 85);
  StartWorkflow missing = start_of("missing_or_detained", pupil, {{"kind", "missing"}});
  REQUIRE(f.run(f.school_a, missing).ok());
  StartWorkflow death =
      start_of("death", pupil, {{"date_of_death", "2026-09-10"}}, {"death_certificate"});
  REQUIRE(f.run(f.school_a, death).ok());
  // Other kinds stay blocked by the open report.
  CHECK(refusal(f, f.school_a,
                start_of("info_correction", pupil, {{"field", "name"}, {"new_value", "蒋韬"}},
                         {"household_register"})) == ErrorCode::UnfinishedBusiness);
  REQUIRE(f.run(f.shangshui, DecideStep{death.workflow_id, 0, true, "", {}}).ok());
  CHECK(f.student(pupil.student_id).status == "deceased");
  CHECK(f.workflow(missing.workflow_id).state == WorkflowState::Withdrawn);
  CHECK(f.workflow(death.workflow_id).state == WorkflowState::Completed);
}
