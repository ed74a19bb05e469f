// R13 第十六条 学生死亡: reported with proof within 10 working days, deregistered by the registry
// authority; a late report is marked, not refused.
#include <catch2/catch.hpp>

#include "policy_helpers.hpp"

using namespace xueji;

namespace {

StartWorkflow death_of(const Student& s, const std::string& date) {
  return start_of("death", s, {{"date_of_death", date}}, {"death_certificate"});
}

}  // namespace

TEST_CASE(
    "R13 第十六条: a death report with its certificate deregisters once the authority "
    "approves") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "方注销", 131);
  StartWorkflow start = death_of(pupil, "2026-09-10");
  REQUIRE(f.run(f.school_a, start).ok());
  Workflow w = f.workflow(start.workflow_id);
  REQUIRE(w.steps.size() == 1);
  CHECK(w.steps[0].party == Party::Authority);
  CHECK(w.steps[0].unit_code == "411623");
  // Sunday 20 September 2026 is a make-up working day (调休) before 国庆.
  CHECK(w.details.at("report_deadline") == "2026-09-23");
  CHECK(w.details.count("late") == 0);
  CHECK(f.student(pupil.student_id).status == "in_school");  // until the authority deregisters
  REQUIRE(f.run(f.shangshui, DecideStep{start.workflow_id, 0, true, "注销", {}}).ok());

  Student gone = f.student(pupil.student_id);
  CHECK(gone.status == "deceased");
  CHECK(gone.registry_number == pupil.registry_number);  // the record itself is kept
  auto status = history_of(f, pupil.student_id, "status");
  REQUIRE(status.size() == 1);
  CHECK(status[0].new_value == "deceased");
  // A closed record takes no further report.
  CHECK(refusal(f, f.school_a, death_of(pupil, "2026-09-10")) == ErrorCode::StatusNotAllowed);
}

TEST_CASE("R13 第十六条: the certificate and a real date of death are required") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "任注销", 133);
  auto refused =
      refusal_of(f, f.school_a, start_of("death", pupil, {{"date_of_death", "2026-09-10"}}));
  CHECK(refused.code == ErrorCode::ProofRequired);
  CHECK(refused.field == "death_certificate");
  CHECK(refusal(f, f.school_a, start_of("death", pupil, {}, {"death_certificate"})) ==
        ErrorCode::DetailRequired);
  CHECK(refusal(f, f.school_a, death_of(pupil, "2026-09-16")) == ErrorCode::DateInvalid);
  CHECK(refusal(f, f.school_a, death_of(pupil, "2026-02-30")) == ErrorCode::DateInvalid);
  CHECK(refusal(f, f.school_a, death_of(pupil, "2010-01-01")) == ErrorCode::DateInvalid);
  CHECK(refusal(f, f.shangshui, death_of(pupil, "2026-09-10")) == ErrorCode::OutOfScope);
  CHECK(f.run(f.school_a, death_of(pupil, "2026-09-15")).ok());
}

TEST_CASE("R13 第十六条: a report after 10 working days is marked late and still accepted") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "袁注销", 135);
  // 1 September + 10 working days = 15 September: reported on the 15th it is on time.
  StartWorkflow on_time = death_of(pupil, "2026-09-01");
  REQUIRE(f.run(f.school_a, on_time).ok());
  CHECK(f.workflow(on_time.workflow_id).details.at("report_deadline") == "2026-09-15");
  CHECK(f.workflow(on_time.workflow_id).details.count("late") == 0);
  REQUIRE(f.run(f.school_a, WithdrawWorkflow{on_time.workflow_id, ""}).ok());

  StartWorkflow late = death_of(pupil, "2026-08-31");
  REQUIRE(f.run(f.school_a, late).ok());
  CHECK(f.workflow(late.workflow_id).details.at("late") == "1");
  REQUIRE(f.run(f.shangshui, DecideStep{late.workflow_id, 0, true, "", {}}).ok());
  CHECK(f.student(pupil.student_id).status == "deceased");
}

TEST_CASE("R13 第十六条: beyond the published holiday calendar nothing is marked late") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "柳注销", 137);
  f.today = Date{2027, 2, 1};
  StartWorkflow start = death_of(pupil, "2026-12-28");
  REQUIRE(f.run(f.school_a, start).ok());
  Workflow w = f.workflow(start.workflow_id);
  CHECK(w.details.count("late") == 0);
  CHECK(w.details.count("report_deadline") == 0);
}
