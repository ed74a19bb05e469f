// R8 第十一条 转学: conditions, the four parties in order, 10 working days each, forcing by the
// level above, and the archive following the student (第十七、十八条).
#include <catch2/catch.hpp>

#include "registry_fixture.hpp"

using namespace xueji;

namespace {

ErrorCode refusal(RegistryFixture& f, const Actor& actor, const Command& command) {
  auto outcome = f.run(actor, command);
  REQUIRE_FALSE(outcome.ok());
  return outcome.error().code;
}

}  // namespace

TEST_CASE("R8 第十一条: a cross-county transfer passes four parties and moves the student") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "张小明", 11);
  StartWorkflow start = transfer_of(pupil);
  REQUIRE(f.run(f.school_c, start).ok());
  Workflow w = f.workflow(start.workflow_id);
  REQUIRE(w.steps.size() == 3);
  CHECK(w.steps[0].party == Party::ReceivingAuthority);
  CHECK(w.steps[0].unit_code == "411602");
  CHECK(w.steps[1].party == Party::SendingSchool);
  CHECK(w.steps[1].unit_code == "4116230001");
  CHECK(w.steps[2].party == Party::SendingAuthority);
  CHECK(w.steps[2].unit_code == "411623");
  CHECK(w.steps[0].state == StepState::Open);

  // Out of order or by someone else: refused.
  CHECK(refusal(f, f.school_a, DecideStep{start.workflow_id, 0, true, "", {}}) ==
        ErrorCode::NotYourStep);
  CHECK(refusal(f, f.shangshui, DecideStep{start.workflow_id, 0, true, "", {}}) ==
        ErrorCode::NotYourStep);
  CHECK(refusal(f, f.chuanhui, DecideStep{start.workflow_id, 1, true, "", {}}) ==
        ErrorCode::NotYourStep);

  REQUIRE(f.run(f.chuanhui, DecideStep{start.workflow_id, 0, true, "同意转入", {}}).ok());
  REQUIRE(f.run(f.school_a, DecideStep{start.workflow_id, 1, true, "同意转出", {}}).ok());
  CHECK(f.student(pupil.student_id).school_code == "4116230001");
  REQUIRE(f.run(f.shangshui, DecideStep{start.workflow_id, 2, true, "", {}}).ok());

  w = f.workflow(start.workflow_id);
  CHECK(w.state == WorkflowState::Completed);
  Student moved = f.student(pupil.student_id);
  CHECK(moved.school_code == "4116020001");
  CHECK(moved.registry_number == pupil.registry_number);  // 一人一籍: the number follows
  auto history = student_history(f.db, pupil.student_id);
  REQUIRE(history.ok());
  REQUIRE(history->size() == 1);
  CHECK(history->front().field == "school_code");
  CHECK(history->front().old_value == "4116230001");
  CHECK(history->front().workflow_id == start.workflow_id);
  auto backup = f.db.prepare("SELECT school_code FROM archive_backups WHERE student_id = ?1");
  backup->bind(1, pupil.student_id);
  REQUIRE(backup->step().value());
  CHECK(backup->text(0) == "4116230001");  // 第十八条: the sending school keeps a backup
}

TEST_CASE("R8 第十一条: when both schools share a bureau one bureau review suffices") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "李华", 13);
  StartWorkflow start = transfer_of(pupil, "migrant_worker_child");
  REQUIRE(f.run(f.school_b, start).ok());
  Workflow w = f.workflow(start.workflow_id);
  REQUIRE(w.steps.size() == 2);
  CHECK(w.steps[0].unit_code == "411623");
  CHECK(w.steps[1].unit_code == "4116230001");
  REQUIRE(f.run(f.shangshui, DecideStep{start.workflow_id, 0, true, "", {}}).ok());
  REQUIRE(f.run(f.school_a, DecideStep{start.workflow_id, 1, true, "", {}}).ok());
  CHECK(f.student(pupil.student_id).school_code == "4116230002");
}

TEST_CASE("R8 第十一条: each party has 10 working days, holidays and make-up days counted") {
  RegistryFixture f;
  f.today = Date{2026, 9, 22};
  Student pupil = f.enroll(f.school_a, "王芳", 15);
  StartWorkflow start = transfer_of(pupil);
  REQUIRE(f.run(f.school_c, start).ok());
  // 25 Sep 中秋 and 1–7 Oct 国庆 are off; Saturday 10 Oct is a make-up working day.
  CHECK(f.workflow(start.workflow_id).steps[0].deadline == "2026-10-13");
  CHECK_FALSE(f.workflow(start.workflow_id).steps[0].deadline_provisional);
}

TEST_CASE("R8 第十一条(三): an overdue step may be forced by the level above, not before") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "赵磊", 17);
  StartWorkflow start = transfer_of(pupil);
  REQUIRE(f.run(f.school_c, start).ok());
  CHECK(refusal(f, f.zhoukou, ForceStep{start.workflow_id, 0, true, "逾期"}) ==
        ErrorCode::StepNotOverdue);
  f.today = Date{2026, 10, 14};  // the deadline was 2026-09-29
  CHECK(refusal(f, f.school_a, ForceStep{start.workflow_id, 0, true, ""}) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.jinshui, ForceStep{start.workflow_id, 0, true, ""}) == ErrorCode::OutOfScope);
  REQUIRE(f.run(f.zhoukou, ForceStep{start.workflow_id, 0, true, "逾期强制通过"}).ok());
  Workflow w = f.workflow(start.workflow_id);
  CHECK(w.steps[0].forced);
  CHECK(w.steps[0].decided_by == "city-zk");
  CHECK(w.steps[1].state == StepState::Open);
  CHECK(w.steps[1].opened_on == "2026-10-14");
  // The sending school's overdue step is forced by its county.
  f.today = Date{2026, 11, 2};
  REQUIRE(f.run(f.shangshui, ForceStep{start.workflow_id, 1, true, ""}).ok());
}

TEST_CASE("R8 第十一条: a rejected step ends the transfer — the student stays") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "陈晨", 19);
  StartWorkflow start = transfer_of(pupil);
  REQUIRE(f.run(f.school_c, start).ok());
  REQUIRE(f.run(f.chuanhui, DecideStep{start.workflow_id, 0, false, "材料不全", {}}).ok());
  CHECK(f.workflow(start.workflow_id).state == WorkflowState::Rejected);
  CHECK(f.student(pupil.student_id).school_code == "4116230001");
  CHECK(refusal(f, f.school_a, DecideStep{start.workflow_id, 1, true, "", {}}) ==
        ErrorCode::WorkflowNotOpen);
}

TEST_CASE("R8 第十一条: conditions refuse a transfer with the exact code") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "周杰", 21);

  CHECK(refusal(f, f.school_c, transfer_of(pupil, "better_school")) ==
        ErrorCode::TransferReasonInvalid);

  StartWorkflow wrong_name = transfer_of(pupil);
  wrong_name.details["name"] = "周杰伦";
  CHECK(refusal(f, f.school_c, wrong_name) == ErrorCode::NotFound);

  StartWorkflow no_application = transfer_of(pupil);
  no_application.proofs.clear();
  CHECK(refusal(f, f.school_c, no_application) == ErrorCode::ProofRequired);

  StartWorkflow other_grade = transfer_of(pupil);
  other_grade.details["grade"] = "4";
  CHECK(refusal(f, f.school_c, other_grade) == ErrorCode::TransferGradeMismatch);

  CHECK(refusal(f, f.school_a, transfer_of(pupil)) == ErrorCode::TransferSameSchool);
  // 第十一条(四): schools may not order a transfer, and no authority starts one.
  CHECK(refusal(f, f.shangshui, transfer_of(pupil)) == ErrorCode::OutOfScope);

  // Cross-province needs the origin school's registry certificate.
  CHECK(refusal(f, f.school_hubei, transfer_of(pupil)) == ErrorCode::ProofRequired);
  StartWorkflow with_certificate = transfer_of(pupil);
  with_certificate.proofs.push_back(Proof{"registry_certificate", sample_hash('b')});
  CHECK(f.run(f.school_hubei, with_certificate).ok());
  // …and then the student has unfinished business.
  CHECK(refusal(f, f.school_c, transfer_of(pupil)) == ErrorCode::UnfinishedBusiness);
}

TEST_CASE(
    "R8 第十一条(四): no transfer while suspended, under discipline or with a problem record") {
  RegistryFixture f;
  Student suspended = f.enroll(f.school_a, "孙丽", 23);
  suspended.status = "suspended";
  REQUIRE(update_student(f.db, suspended).ok());
  CHECK(refusal(f, f.school_c, transfer_of(suspended)) == ErrorCode::TransferWhileSuspended);

  Student disciplined = f.enroll(f.school_a, "钱进", 25);
  disciplined.flags.under_discipline = true;
  REQUIRE(update_student(f.db, disciplined).ok());
  CHECK(refusal(f, f.school_c, transfer_of(disciplined)) == ErrorCode::TransferUnderDiscipline);

  Student dropped = f.enroll(f.school_a, "吴迪", 27);
  dropped.status = "dropout";
  REQUIRE(update_student(f.db, dropped).ok());
  CHECK(refusal(f, f.school_c, transfer_of(dropped)) == ErrorCode::StudentNotInSchool);

  Student problem = f.enroll(f.school_a, "郑好", 29);
  REQUIRE(f.db.exec("INSERT INTO problem_records(problem_id, student_id, kind, state, opened_on) "
                    "VALUES('p1', '" +
                    problem.student_id + "', 'duplicate_with_id', 'open', '2026-09-01')")
              .ok());
  CHECK(refusal(f, f.school_c, transfer_of(problem)) == ErrorCode::ProblemRecordOpen);
}

TEST_CASE("R8 第十一条(三): outside two months of term start a transfer needs a stated reason") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "冯雪", 31);
  f.today = Date{2026, 12, 1};
  CHECK(refusal(f, f.school_c, transfer_of(pupil)) == ErrorCode::TransferOutsideWindow);
  StartWorkflow explained = transfer_of(pupil);
  explained.details["outside_window_reason"] = "监护人12月工作调动";
  REQUIRE(f.run(f.school_c, explained).ok());
  CHECK(f.workflow(explained.workflow_id).details.at("outside_window_reason") ==
        "监护人12月工作调动");
}

TEST_CASE("R8: a deadline beyond the published calendar is computed over weekends and marked") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "韩梅", 33);
  f.today = Date{2026, 12, 24};
  StartWorkflow start = transfer_of(pupil);
  start.details["outside_window_reason"] = "随迁";
  REQUIRE(f.run(f.school_c, start).ok());
  const WorkflowStep step =
      f.workflow(start.workflow_id).steps[0];  // a copy: the workflow is a temporary
  CHECK(step.deadline_provisional);
  CHECK(step.deadline == "2027-01-07");
}

TEST_CASE("R8: the receiving school withdraws its own open application, nobody else can") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "林峰", 35);
  StartWorkflow start = transfer_of(pupil);
  REQUIRE(f.run(f.school_c, start).ok());
  CHECK(refusal(f, f.school_a, WithdrawWorkflow{start.workflow_id, ""}) == ErrorCode::OutOfScope);
  REQUIRE(f.run(f.school_c, WithdrawWorkflow{start.workflow_id, "家长撤回"}).ok());
  CHECK(f.workflow(start.workflow_id).state == WorkflowState::Withdrawn);
  CHECK(f.run(f.school_c, transfer_of(pupil)).ok());  // no unfinished business any more
}
