// R2 第四条: 当年8月31日之前(含)年满六周岁; younger only with a recorded approval of the competent
// authority; a delay to 7 with the approval of the county (县级以上). Looked up by the registration
// on the device and on the server alike.
#include <catch2/catch.hpp>

#include "policy_helpers.hpp"
#include "xueji/age_exception.hpp"

using namespace xueji;

namespace {

// Born on `birth`, entering grade 1 in the 2026 intake at 商水县第一小学.
RegisterStudent first_grader(const std::string& name, const Date& birth, int sequence,
                             const std::string& enrollment = "2026-09-01") {
  auto r = registration_of(name, make_id_number("411623", birth, sequence), 1, enrollment);
  r.student_id = new_uuid();
  return RegisterStudent{r};
}

ApproveAgeException approval(const RegisterStudent& r, const std::string& kind, int year = 2026) {
  return ApproveAgeException{new_uuid(), r.registration.id_number, kind,
                             year,       "经县教育局研究同意",     "resident_id"};
}

}  // namespace

TEST_CASE("R2 第四条: the cut-off is 31 August of the intake year, the day itself included") {
  RegistryFixture f;
  CHECK(f.run(f.school_a, first_grader("刘八月", Date{2020, 8, 31}, 301)).ok());
  CHECK(refusal(f, f.school_a, first_grader("刘九月", Date{2020, 9, 1}, 303)) ==
        ErrorCode::AgeUnder6);
  // Autumn intake: a first-grader joining in spring belongs to the previous autumn's intake.
  CHECK(intake_year(Date{2026, 9, 1}) == 2026);
  CHECK(intake_year(Date{2026, 7, 20}) == 2026);  // summer registration
  CHECK(intake_year(Date{2027, 3, 1}) == 2026);
  CHECK(refusal(f, f.school_a, first_grader("刘春季", Date{2020, 10, 1}, 305, "2027-03-01")) ==
        ErrorCode::AgeUnder6);
}

TEST_CASE("R2 第四条: under 6 only with a recorded early-entry approval, which the record shows") {
  RegistryFixture f;
  RegisterStudent young = first_grader("赵提前", Date{2020, 12, 1}, 311);
  CHECK(refusal(f, f.school_a, young) == ErrorCode::AgeUnder6);

  // Another county's approval is not the competent authority's; nor is one for another year.
  REQUIRE(f.run(f.jinshui, approval(young, "early")).ok());
  REQUIRE(f.run(f.shangshui, approval(young, "early", 2025)).ok());
  CHECK(refusal(f, f.school_a, young) == ErrorCode::AgeUnder6);

  ApproveAgeException granted = approval(young, "early");
  REQUIRE(f.run(f.shangshui, granted).ok());
  auto outcome = f.run(f.school_a, young);
  REQUIRE(outcome.ok());
  CHECK(std::find(outcome->warnings.begin(), outcome->warnings.end(), "AGE_EXCEPTION_APPLIED") !=
        outcome->warnings.end());
  auto rows = history_of(f, outcome->student_id, "age_exception");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].new_value == "early:" + granted.approval_id);
  CHECK(rows[0].workflow_id == granted.approval_id);
}

TEST_CASE("R2 第四条: 县级以上 — the city's approval counts for the schools of its counties") {
  RegistryFixture f;
  RegisterStudent young = first_grader("钱市批", Date{2020, 10, 10}, 321);
  REQUIRE(f.run(f.zhoukou, approval(young, "early")).ok());
  CHECK(f.run(f.school_a, young).ok());
  RegisterStudent other = first_grader("孙郑州", Date{2020, 10, 10}, 323);
  REQUIRE(f.run(f.zhoukou, approval(other, "early")).ok());
  CHECK(refusal(f, f.school_d, other) == ErrorCode::AgeUnder6);  // 郑州 is not 周口's
}

TEST_CASE("R2 第四条: a first-grader already 7 on 31 August needs a delay approval") {
  RegistryFixture f;
  RegisterStudent seven = first_grader("李推迟", Date{2019, 8, 31}, 331);
  auto refused = refusal_of(f, f.school_a, seven);
  CHECK(refused.code == ErrorCode::AgeDelayUnapproved);
  CHECK(refused.field == "id_number");
  RegisterStudent eight = first_grader("周八岁", Date{2018, 5, 1}, 333);
  CHECK(refusal(f, f.school_a, eight) == ErrorCode::AgeDelayUnapproved);
  // Six on the cut-off day is the normal case; no approval needed.
  CHECK(f.run(f.school_a, first_grader("吴正常", Date{2019, 9, 1}, 335)).ok());
  // A later grade is no intake: no age rule.
  auto transfer_like =
      registration_of("郑三年级", make_id_number("411623", Date{2017, 5, 1}, 337), 3, "2024-09-01");
  transfer_like.student_id = new_uuid();
  CHECK(f.run(f.school_a, RegisterStudent{transfer_like}).ok());

  REQUIRE(f.run(f.shangshui, approval(seven, "delayed")).ok());
  auto outcome = f.run(f.school_a, seven);
  REQUIRE(outcome.ok());
  CHECK(history_of(f, outcome->student_id, "age_exception").size() == 1);
  REQUIRE(f.run(f.shangshui, approval(eight, "delayed")).ok());
  CHECK(f.run(f.school_a, eight).ok());
}

TEST_CASE("R2 第四条: approvals are the authorities', and must fit the child's age") {
  RegistryFixture f;
  RegisterStudent young = first_grader("王批准", Date{2020, 11, 1}, 341);
  CHECK(refusal(f, f.school_a, approval(young, "early")) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.shangshui, approval(young, "delayed")) == ErrorCode::InvalidInput);
  RegisterStudent normal = first_grader("冯六岁", Date{2020, 1, 1}, 343);
  CHECK(refusal(f, f.shangshui, approval(normal, "early")) == ErrorCode::InvalidInput);
  CHECK(refusal(f, f.shangshui, approval(normal, "delayed")) == ErrorCode::InvalidInput);

  ApproveAgeException bad = approval(young, "soon");
  CHECK(refusal(f, f.shangshui, bad) == ErrorCode::InvalidInput);
  bad = approval(young, "early");
  bad.reason.clear();
  CHECK(refusal(f, f.shangshui, bad) == ErrorCode::DetailRequired);
  bad = approval(young, "early");
  bad.id_number.back() = bad.id_number.back() == '0' ? '1' : '0';
  CHECK(refusal(f, f.shangshui, bad) == ErrorCode::IdChecksum);
  bad = approval(young, "early");
  bad.intake_year = 2035;
  CHECK(refusal(f, f.shangshui, bad) == ErrorCode::InvalidInput);
  bad = approval(young, "early");
  bad.document_type = "none";
  CHECK(refusal(f, f.shangshui, bad) == ErrorCode::DocumentTypeUnknown);

  ApproveAgeException once = approval(young, "early");
  REQUIRE(f.run(f.shangshui, once).ok());
  CHECK(refusal(f, f.shangshui, once) == ErrorCode::MalformedRequest);  // same approval_id
}

TEST_CASE("R2 第四条: the device refuses like the server until the approval reaches it") {
  RegistryFixture f;
  TempDir device_dir;
  Database device = std::move(Database::open(device_dir.file("device.db")).value());
  REQUIRE(migrate(device, DatabaseRole::Device).ok());
  REQUIRE(upsert_school(device, School{"4116230001", "商水县第一小学", "411623", "primary"}).ok());
  auto on_device = [&](const Actor& actor, const Command& command) {
    return execute(device, CommandContext{actor, f.today, Replica::Device}, command);
  };

  RegisterStudent young = first_grader("陈设备", Date{2021, 2, 1}, 351);
  auto local = on_device(f.school_a, young);
  REQUIRE_FALSE(local.ok());
  CHECK(local.error().code == ErrorCode::AgeUnder6);
  CHECK(refusal(f, f.school_a, young) == ErrorCode::AgeUnder6);

  // The approval arrives (by sync: the same command's effect on the device's tables).
  ApproveAgeException granted = approval(young, "early");
  REQUIRE(f.run(f.shangshui, granted).ok());
  REQUIRE(on_device(f.shangshui, granted).ok());
  auto applied = on_device(f.school_a, young);
  REQUIRE(applied.ok());
  auto server = f.run(f.school_a, young);
  REQUIRE(server.ok());
  CHECK(applied->warnings == server->warnings);
  CHECK(applied->registry_number == server->registry_number);
}
