// R13 第十六条 失踪或被刑事拘留: reported to the education authority, never deregistered; only a
// death report with its certificate ever cancels a registry.
#include <catch2/catch.hpp>

#include "policy_helpers.hpp"

using namespace xueji;

namespace {

StartWorkflow report_of(const Student& s, const std::string& kind) {
  return start_of("missing_or_detained", s, {{"kind", kind}});
}

}  // namespace

TEST_CASE("R13 第十六条: a missing student is reported to the authority — the registry stays") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "江失踪", 141);
  StartWorkflow start = report_of(pupil, "missing");
  REQUIRE(f.run(f.school_a, start).ok());
  CHECK(f.student(pupil.student_id).status == "missing");
  Workflow w = f.workflow(start.workflow_id);
  REQUIRE(w.steps.size() == 1);
  CHECK(w.steps[0].party == Party::Authority);
  CHECK(w.steps[0].unit_code == "411623");
  REQUIRE(f.run(f.shangshui, DecideStep{start.workflow_id, 0, true, "已知悉", {}}).ok());
  Student kept = f.student(pupil.student_id);
  CHECK(kept.status == "missing");
  CHECK(kept.registry_number == pupil.registry_number);

  Student detained = f.enroll(f.school_a, "童拘留", 143);
  REQUIRE(f.run(f.school_a, report_of(detained, "detained")).ok());
  CHECK(f.student(detained.student_id).status == "detained");
}

TEST_CASE("R13 第十六条: only missing or detained, only once, only by the school") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "颜失踪", 145);
  CHECK(refusal(f, f.school_a, report_of(pupil, "runaway")) == ErrorCode::InvalidInput);
  CHECK(refusal(f, f.school_a, report_of(pupil, "")) == ErrorCode::InvalidInput);
  CHECK(refusal(f, f.shangshui, report_of(pupil, "missing")) == ErrorCode::OutOfScope);
  StartWorkflow start = report_of(pupil, "missing");
  REQUIRE(f.run(f.school_a, start).ok());
  REQUIRE(f.run(f.shangshui, DecideStep{start.workflow_id, 0, true, "", {}}).ok());
  CHECK(refusal(f, f.school_a, report_of(pupil, "detained")) == ErrorCode::StatusNotAllowed);
}

TEST_CASE(
    "R13 第十六条 不得取消其学籍: no command but a certified death report deregisters a "
    "missing student") {
  RegistryFixture f;
  REQUIRE(
      upsert_school(f.db, School{"4116230004", "商水县特殊教育学校", "411623", "special"}).ok());
  Student pupil = f.enroll(f.school_a, "戚失踪", 147);
  pupil.flags.disability = "4";
  REQUIRE(update_student(f.db, pupil).ok());
  StartWorkflow report = report_of(pupil, "missing");
  REQUIRE(f.run(f.school_a, report).ok());
  REQUIRE(f.run(f.shangshui, DecideStep{report.workflow_id, 0, true, "", {}}).ok());

  const std::vector<std::string> all{"guardian_application",      "hospital_certificate",
                                     "supporting_document",       "travel_document",
                                     "stamped_application_image", "guardian_agreement",
                                     "household_register",        "transfer_application"};
  CHECK(refusal(f, f.school_a, start_of("dropout", pupil, {{"reported_to_township", "1"}})) ==
        ErrorCode::StatusNotAllowed);
  CHECK(refusal(f, f.school_a, start_of("suspension", pupil, {{"reason", "illness"}}, all)) ==
        ErrorCode::StudentNotInSchool);
  CHECK(refusal(f, f.school_a, start_of("study_abroad", pupil, {}, all)) ==
        ErrorCode::StudentNotInSchool);
  CHECK(refusal(f, f.school_a, start_of("grade_skip", pupil, {{"target_grade", "4"}}, all)) ==
        ErrorCode::StudentNotInSchool);
  CHECK(refusal(f, f.school_a,
                start_of("special_placement", pupil,
                         {{"move", "mainstream_to_special"},
                          {"registry_choice", "move"},
                          {"target_school_code", "4116230004"}},
                         all)) == ErrorCode::StudentNotInSchool);
  CHECK(refusal(f, f.school_a, start_of("resumption", pupil, {{"placement_grade", "3"}}, all)) ==
        ErrorCode::StudentNotSuspended);
  CHECK(refusal(f, f.school_a, start_of("return_from_abroad", pupil, {{"grade", "3"}}, all)) ==
        ErrorCode::StudentNotAbroad);
  CHECK(refusal(f, f.school_a, report_of(pupil, "detained")) == ErrorCode::StatusNotAllowed);
  StartWorkflow transfer = start_of("transfer", pupil,
                                    {{"registry_number", pupil.registry_number},
                                     {"name", pupil.name},
                                     {"reason", "hukou_move"},
                                     {"grade", "3"}},
                                    all);
  transfer.student_id.clear();
  CHECK(refusal(f, f.school_c, transfer) == ErrorCode::StudentNotInSchool);
  for (const char* kind : {"deregister", "cancel_registry", "expel_student"})
    CHECK(refusal(f, f.school_a, start_of(kind, pupil, {}, all)) == ErrorCode::WorkflowKindUnknown);
  // Authorities start nothing (第十六条: 学籍主管部门不得取消其学籍).
  CHECK(refusal(f, f.shangshui,
                start_of("death", pupil, {{"date_of_death", "2026-09-10"}},
                         {"death_certificate"})) == ErrorCode::OutOfScope);
  // A death report without its certificate is refused as well.
  auto refused =
      refusal_of(f, f.school_a, start_of("death", pupil, {{"date_of_death", "2026-09-10"}}, all));
  CHECK(refused.code == ErrorCode::ProofRequired);
  CHECK(refused.field == "death_certificate");
  Student still = f.student(pupil.student_id);
  CHECK(still.status == "missing");
  CHECK(still.school_code == "4116230001");
  CHECK(still.registry_number == pupil.registry_number);

  StartWorkflow death =
      start_of("death", pupil, {{"date_of_death", "2026-09-10"}}, {"death_certificate"});
  REQUIRE(f.run(f.school_a, death).ok());
  CHECK(f.student(pupil.student_id).status == "missing");  // until the authority approves
  REQUIRE(f.run(f.shangshui, DecideStep{death.workflow_id, 0, true, "", {}}).ok());
  CHECK(f.student(pupil.student_id).status == "deceased");
}
