// R10 第十三条(一)(二)(三) 休学: three reasons, proof by reason (county-level hospital for
// illness), school review then authority confirmation, one year by default, registry kept.
#include <catch2/catch.hpp>

#include "policy_helpers.hpp"

using namespace xueji;

namespace {

StartWorkflow suspension_of(const Student& s, const std::string& reason = "illness") {
  return start_of("suspension", s, {{"reason", reason}},
                  {"guardian_application",
                   reason == "illness" ? "hospital_certificate" : "supporting_document"});
}

}  // namespace

TEST_CASE(
    "R10 第十三条(二): school reviews, authority confirms — suspended one year, registry kept") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "张休学", 41);
  StartWorkflow start = suspension_of(pupil);
  REQUIRE(f.run(f.school_a, start).ok());
  Workflow w = f.workflow(start.workflow_id);
  REQUIRE(w.steps.size() == 2);
  CHECK(w.steps[0].party == Party::School);
  CHECK(w.steps[0].unit_code == "4116230001");
  CHECK(w.steps[1].party == Party::Authority);
  CHECK(w.steps[1].unit_code == "411623");
  CHECK(w.details.at("until") == "2027-09-15");  // 第十三条(三): 一般为1年

  // The authority confirms after the school's review, not before.
  CHECK(refusal(f, f.shangshui, DecideStep{start.workflow_id, 0, true, "", {}}) ==
        ErrorCode::NotYourStep);
  REQUIRE(f.run(f.school_a, DecideStep{start.workflow_id, 0, true, "审核通过", {}}).ok());
  CHECK(f.student(pupil.student_id).status == "in_school");
  REQUIRE(f.run(f.shangshui, DecideStep{start.workflow_id, 1, true, "确认", {}}).ok());

  Student suspended = f.student(pupil.student_id);
  CHECK(suspended.status == "suspended");
  CHECK(suspended.registry_number == pupil.registry_number);  // 休学期间保留学籍
  CHECK(suspended.school_code == pupil.school_code);
  auto status = history_of(f, pupil.student_id, "status");
  REQUIRE(status.size() == 1);
  CHECK(status[0].old_value == "in_school");
  CHECK(status[0].new_value == "suspended");
  CHECK(status[0].workflow_id == start.workflow_id);
  auto until = history_of(f, pupil.student_id, "suspended_until");
  REQUIRE(until.size() == 1);
  CHECK(until[0].new_value == "2027-09-15");
}

TEST_CASE("R10 第十三条(一): only the three reasons, and only for a student in school") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "李休学", 43);
  CHECK(refusal(f, f.school_a, suspension_of(pupil, "travel")) ==
        ErrorCode::SuspensionReasonInvalid);
  CHECK(refusal(f, f.school_a, start_of("suspension", pupil, {}, {"guardian_application"})) ==
        ErrorCode::SuspensionReasonInvalid);
  // Long leave and other reasons are suspended on other proof.
  REQUIRE(f.run(f.school_a, suspension_of(pupil, "long_leave")).ok());

  Student other = f.enroll(f.school_a, "王休学", 45);
  other.status = "dropout";
  REQUIRE(update_student(f.db, other).ok());
  CHECK(refusal(f, f.school_a, suspension_of(other, "other")) == ErrorCode::StudentNotInSchool);
  // Another school cannot suspend the student (第三条).
  Student mine = f.enroll(f.school_a, "赵休学", 47);
  CHECK(refusal(f, f.school_b, suspension_of(mine)) == ErrorCode::OutOfScope);
}

TEST_CASE(
    "R10 第十三条(二): illness needs a county-level hospital diagnosis, always a guardian "
    "application") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "陈休学", 49);
  StartWorkflow wrong_proof = start_of("suspension", pupil, {{"reason", "illness"}},
                                       {"guardian_application", "supporting_document"});
  auto refused = refusal_of(f, f.school_a, wrong_proof);
  CHECK(refused.code == ErrorCode::ProofRequired);
  CHECK(refused.field == "hospital_certificate");

  StartWorkflow no_application =
      start_of("suspension", pupil, {{"reason", "illness"}}, {"hospital_certificate"});
  refused = refusal_of(f, f.school_a, no_application);
  CHECK(refused.code == ErrorCode::ProofRequired);
  CHECK(refused.field == "guardian_application");

  StartWorkflow leave_without_proof =
      start_of("suspension", pupil, {{"reason", "long_leave"}}, {"guardian_application"});
  refused = refusal_of(f, f.school_a, leave_without_proof);
  CHECK(refused.code == ErrorCode::ProofRequired);
  CHECK(refused.field == "supporting_document");

  REQUIRE(f.run(f.school_a, suspension_of(pupil, "illness")).ok());
}

TEST_CASE("R10 第十三条(三): a shorter period may be asked for, never more than one year") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "周休学", 51);
  StartWorkflow too_long = suspension_of(pupil);
  too_long.details["until"] = "2027-09-16";
  CHECK(refusal(f, f.school_a, too_long) == ErrorCode::SuspensionPeriodInvalid);
  StartWorkflow past = suspension_of(pupil);
  past.details["until"] = "2026-09-15";
  CHECK(refusal(f, f.school_a, past) == ErrorCode::SuspensionPeriodInvalid);
  StartWorkflow garbled = suspension_of(pupil);
  garbled.details["until"] = "2027-02-30";
  CHECK(refusal(f, f.school_a, garbled) == ErrorCode::DateInvalid);

  StartWorkflow one_term = suspension_of(pupil);
  one_term.details["until"] = "2027-02-28";
  REQUIRE(f.run(f.school_a, one_term).ok());
  CHECK(f.workflow(one_term.workflow_id).details.at("until") == "2027-02-28");
}

TEST_CASE("R10 第十三条: a rejected suspension leaves the student in school") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "吴休学", 53);
  StartWorkflow start = suspension_of(pupil);
  REQUIRE(f.run(f.school_a, start).ok());
  REQUIRE(f.run(f.school_a, DecideStep{start.workflow_id, 0, true, "", {}}).ok());
  REQUIRE(f.run(f.shangshui, DecideStep{start.workflow_id, 1, false, "证明不符", {}}).ok());
  CHECK(f.workflow(start.workflow_id).state == WorkflowState::Rejected);
  CHECK(f.student(pupil.student_id).status == "in_school");
}

TEST_CASE("R8/R10 第十一条(四): a suspended student cannot transfer") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "郑休学", 55);
  StartWorkflow start = suspension_of(pupil);
  REQUIRE(f.run(f.school_a, start).ok());
  approve(f, start.workflow_id, {&f.school_a, &f.shangshui});
  StartWorkflow transfer = start_of("transfer", pupil,
                                    {{"registry_number", pupil.registry_number},
                                     {"name", pupil.name},
                                     {"reason", "hukou_move"},
                                     {"grade", "3"}},
                                    {"transfer_application"});
  transfer.student_id.clear();
  CHECK(refusal(f, f.school_c, transfer) == ErrorCode::TransferWhileSuspended);
}
