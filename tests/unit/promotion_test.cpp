// Graduation and promotion (PRODUCT.md; 学制 of the school decides): bulk promotion each summer,
// graduation at the end of the stage, unfinished business cleared first; junior-middle intake
// continues the same 学籍号 (第七条 one number for life, 第八条 one registry per person).
#include <catch2/catch.hpp>

#include "policy_helpers.hpp"
#include "xueji/promotion.hpp"

using namespace xueji;

namespace {

const std::string kYear = "2025-2026";

struct PromotionFixture : RegistryFixture {
  Actor nine_year{"reg-9", Role::SchoolRegistrar, "4116230003", "dev-9"};
  Actor junior{"reg-j", Role::SchoolRegistrar, "4116230006", "dev-j"};
  PromotionFixture() {
    REQUIRE(upsert_school(db, School{"4116230003", "商水县实验学校", "411623", "nine_year"}).ok());
    REQUIRE(upsert_school(db, School{"4116230006", "商水县第一初级中学", "411623", "junior"}).ok());
    today = Date{2026, 7, 15};  // the summer after school year 2025-2026
  }

  // A test shortcut for a status the workflows would set (休学, 出国…).
  void set_status(const std::string& student_id, const std::string& status) {
    Student s = student(student_id);
    s.status = status;
    REQUIRE(update_student(db, s).ok());
  }

  Result<CommandOutcome> promote(const Actor& actor, const std::string& year = kYear) {
    return run(actor, PromoteSchool{actor.unit_code, year});
  }
};

// Registers at `school` a student who already has a record elsewhere (same ID number).
RegisterStudent again_at(const Student& s, int grade, const std::string& enrollment_date) {
  auto r = registration_of(s.name, s.id_number, grade, enrollment_date);
  r.student_id = new_uuid();
  r.class_name = "七(2)班";
  return RegisterStudent{r};
}

}  // namespace

TEST_CASE(
    "Promotion 六三制: everyone in school moves up one grade, grade 6 graduates, with history") {
  PromotionFixture f;
  Student second = f.enroll(f.school_a, "孙二年级", 201, 2);
  Student fifth = f.enroll(f.school_a, "周五年级", 203, 5);
  Student sixth = f.enroll(f.school_a, "吴六年级", 205, 6);
  Student suspended = f.enroll(f.school_a, "郑休学", 207, 4);
  f.set_status(suspended.student_id, "suspended");
  Student abroad = f.enroll(f.school_a, "王出国", 209, 3);
  f.set_status(abroad.student_id, "abroad");
  Student elsewhere = f.enroll(f.school_b, "冯别校", 211, 2);
  // Next year's first-graders, registered in the summer before they start.
  Student intake = f.enroll(f.school_a, "陈新生", 213, 1);
  REQUIRE(intake.enrollment_date == Date{2026, 9, 1});

  auto outcome = f.promote(f.school_a);
  REQUIRE(outcome.ok());
  CHECK(outcome->warnings.empty());

  CHECK(f.student(second.student_id).grade == 3);
  CHECK(f.student(fifth.student_id).grade == 6);
  Student graduate = f.student(sixth.student_id);
  CHECK(graduate.status == "graduated");  // a primary school's graduates leave it
  CHECK(graduate.grade == 6);
  CHECK(graduate.school_code == "4116230001");  // the last school keeps the archive
  // Not in school: not promoted; their grade is placed when they come back.
  CHECK(f.student(suspended.student_id).grade == 4);
  CHECK(f.student(abroad.student_id).grade == 3);
  CHECK(f.student(intake.student_id).grade == 1);
  CHECK(f.student(elsewhere.student_id).grade == 2);  // another school promotes itself

  auto grade = history_of(f, second.student_id, "grade");
  REQUIRE(grade.size() == 1);
  CHECK(grade[0].old_value == "2");
  CHECK(grade[0].new_value == "3");
  CHECK(grade[0].changed_on == "2026-07-15");
  CHECK(grade[0].changed_by == "reg-a");
  CHECK(grade[0].workflow_id == "promotion:2025-2026");
  auto status = history_of(f, sixth.student_id, "status");
  REQUIRE(status.size() == 1);
  CHECK(status[0].old_value == "in_school");
  CHECK(status[0].new_value == "graduated");
  CHECK(history_of(f, suspended.student_id, "grade").empty());
}

TEST_CASE("Promotion: a nine-year school graduates only at grade 9 — a junior school at 9") {
  PromotionFixture f;
  Student sixth = f.enroll(f.nine_year, "褚六年级", 221, 6);
  Student ninth = f.enroll(f.nine_year, "卫九年级", 223, 9);
  Student seventh = f.enroll(f.junior, "蒋七年级", 225, 7);
  Student last = f.enroll(f.junior, "沈九年级", 227, 9);
  REQUIRE(f.promote(f.nine_year).ok());
  REQUIRE(f.promote(f.junior).ok());

  Student continued = f.student(sixth.student_id);  // no graduation half-way
  CHECK(continued.grade == 7);
  CHECK(continued.status == "in_school");
  CHECK(continued.school_code == "4116230003");
  CHECK(history_of(f, sixth.student_id, "status").empty());
  CHECK(f.student(ninth.student_id).status == "graduated");
  CHECK(f.student(seventh.student_id).grade == 8);
  CHECK(f.student(last.student_id).status == "graduated");
}

TEST_CASE("Promotion 五四制: a five-year primary graduates grade 5 — its junior school spans 6-9") {
  PromotionFixture f;
  School five{"4116230007", "五四制小学", "411623", "primary"};
  five.primary_years = 5;
  five.junior_years = 4;
  REQUIRE(upsert_school(f.db, five).ok());
  School four{"4116230008", "五四制初中", "411623", "junior"};
  four.primary_years = 5;
  four.junior_years = 4;
  REQUIRE(upsert_school(f.db, four).ok());
  auto stored = find_school(f.db, "4116230008").value();
  REQUIRE(stored);
  CHECK(stored->primary_years == 5);
  CHECK(stored->junior_years == 4);

  Actor primary{"reg-5", Role::SchoolRegistrar, "4116230007", "dev-5"};
  Actor junior{"reg-4", Role::SchoolRegistrar, "4116230008", "dev-4"};
  Student fourth = f.enroll(primary, "韩四年级", 231, 4);
  Student fifth = f.enroll(primary, "杨五年级", 233, 5);
  REQUIRE(f.promote(primary).ok());
  CHECK(f.student(fourth.student_id).grade == 5);
  CHECK(f.student(fifth.student_id).status == "graduated");

  // The graduate of grade 5 enters the junior school's first grade, 6, with the same record.
  f.today = Date{2026, 9, 2};
  auto entered = f.run(junior, again_at(fifth, 6, "2026-09-01"));
  REQUIRE(entered.ok());
  CHECK(entered->student_id == fifth.student_id);
  Student junior_student = f.student(fifth.student_id);
  CHECK(junior_student.grade == 6);
  CHECK(junior_student.school_code == "4116230008");
  CHECK(junior_student.status == "in_school");
}

TEST_CASE(
    "Promotion: refused with UNFINISHED_BUSINESS while a workflow or problem record is open") {
  PromotionFixture f;
  Student pupil = f.enroll(f.school_a, "秦未办结", 241, 3);
  Student other = f.enroll(f.school_a, "尤其他", 243, 4);
  StartWorkflow skip = start_of("grade_skip", pupil, {{"target_grade", "5"}},
                                {"stamped_application_image", "guardian_application"});
  REQUIRE(f.run(f.school_a, skip).ok());

  auto refused = refusal_of(f, f.school_a, PromoteSchool{"4116230001", kYear});
  CHECK(refused.code == ErrorCode::UnfinishedBusiness);
  CHECK(refused.field == pupil.student_id);  // the first student with unfinished business
  CHECK(refused.detail == "1 student(s) with unfinished business");
  CHECK(f.student(other.student_id).grade == 4);  // nothing moved

  REQUIRE(f.run(f.school_a, WithdrawWorkflow{skip.workflow_id, "撤回"}).ok());
  REQUIRE(f.run(f.school_a, ReportProblemRecord{"p-1", other.student_id, "id_name_mismatch",
                                                "姓名与身份证不符", ""})
              .ok());
  refused = refusal_of(f, f.school_a, PromoteSchool{"4116230001", kYear});
  CHECK(refused.code == ErrorCode::UnfinishedBusiness);
  CHECK(refused.field == other.student_id);

  // Once the county has resolved it (第八条 佐证), the school promotes.
  REQUIRE(f.run(f.shangshui,
                ResolveProblemRecord{"p-1", "evidence", {Proof{"id_copy", sample_hash('a')}}, ""})
              .ok());
  REQUIRE(f.promote(f.school_a).ok());
  CHECK(f.student(pupil.student_id).grade == 4);
  CHECK(f.student(other.student_id).grade == 5);
}

TEST_CASE("Promotion: once per school and school year — a second one changes nothing") {
  PromotionFixture f;
  Student pupil = f.enroll(f.school_a, "许一次", 251, 3);
  auto first = f.promote(f.school_a);
  REQUIRE(first.ok());
  CHECK(first->warnings.empty());
  auto second = f.promote(f.school_a);
  REQUIRE(second.ok());
  REQUIRE(second->warnings.size() == 1);
  CHECK(second->warnings[0] == "SCHOOL_YEAR_ALREADY_PROMOTED");
  CHECK(f.student(pupil.student_id).grade == 4);
  CHECK(history_of(f, pupil.student_id, "grade").size() == 1);
}

TEST_CASE("Promotion: a grade already set for the next year is not moved again") {
  PromotionFixture f;
  Student pupil = f.enroll(f.school_a, "何跳级", 261, 3);
  // A grade skip approved in the summer places the pupil for the coming year.
  f.today = Date{2026, 7, 6};
  StartWorkflow skip = start_of("grade_skip", pupil, {{"target_grade", "5"}},
                                {"stamped_application_image", "guardian_application"});
  REQUIRE(f.run(f.school_a, skip).ok());
  REQUIRE(f.run(f.shangshui, DecideStep{skip.workflow_id, 0, true, "核准", {}}).ok());
  REQUIRE(f.student(pupil.student_id).grade == 5);
  f.today = Date{2026, 7, 15};
  REQUIRE(f.promote(f.school_a).ok());
  CHECK(f.student(pupil.student_id).grade == 5);
}

TEST_CASE("Promotion: the school's own registrar, after the school year, in its format") {
  PromotionFixture f;
  Student pupil = f.enroll(f.school_a, "吕时间", 271, 3);
  CHECK(refusal(f, f.school_b, PromoteSchool{"4116230001", kYear}) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.shangshui, PromoteSchool{"4116230001", kYear}) == ErrorCode::OutOfScope);
  for (const char* bad : {"2025/2026", "2025-2027", "2026", "", "1999-2000", "２０２５-2026"})
    CHECK(refusal(f, f.school_a, PromoteSchool{"4116230001", bad}) == ErrorCode::SchoolYearInvalid);
  f.today = Date{2026, 6, 30};  // the school year has not ended
  CHECK(refusal(f, f.school_a, PromoteSchool{"4116230001", kYear}) == ErrorCode::SchoolYearInvalid);
  f.today = Date{2027, 7, 1};  // the next one has ended too
  CHECK(refusal(f, f.school_a, PromoteSchool{"4116230001", kYear}) == ErrorCode::SchoolYearInvalid);
  CHECK(f.student(pupil.student_id).grade == 3);
  f.today = Date{2026, 7, 1};
  REQUIRE(f.promote(f.school_a).ok());
  CHECK(f.student(pupil.student_id).grade == 4);
  CHECK(school_year_end("2025-2026") == 2026);
  CHECK_FALSE(school_year_end("2025-2025"));
}

TEST_CASE(
    "Junior intake 第七条: a primary graduate's record continues, same 学籍号 and student_id") {
  PromotionFixture f;
  Student sixth = f.enroll(f.school_a, "施毕业", 281, 6);
  REQUIRE(f.promote(f.school_a).ok());
  REQUIRE(f.student(sixth.student_id).status == "graduated");

  f.today = Date{2026, 9, 2};
  RegisterStudent intake = again_at(sixth, 7, "2026-09-01");
  auto outcome = f.run(f.junior, intake);
  REQUIRE(outcome.ok());
  CHECK(outcome->student_id == sixth.student_id);  // the command's own id gives way
  CHECK(outcome->registry_number == sixth.registry_number);
  CHECK_FALSE(find_student(f.db, intake.registration.student_id).value());

  Student junior = f.student(sixth.student_id);
  CHECK(junior.registry_number == sixth.registry_number);
  CHECK(junior.school_code == "4116230006");
  CHECK(junior.grade == 7);
  CHECK(junior.status == "in_school");
  CHECK(junior.class_name == "七(2)班");
  CHECK(junior.enrollment_date == Date{2026, 9, 1});
  CHECK(junior.name == sixth.name);
  for (const char* field : {"school_code", "grade", "status", "enrollment_date"}) {
    auto rows = history_of(f, sixth.student_id, field);
    REQUIRE_FALSE(rows.empty());
    CHECK(rows.back().workflow_id == "junior_intake");
  }
  CHECK(history_of(f, sixth.student_id, "school_code").back().old_value == "4116230001");
  // 第十八条: the primary school keeps a read-only backup.
  auto backup = f.db.prepare(
      "SELECT reason FROM archive_backups WHERE student_id = ?1 AND school_code = '4116230001'");
  REQUIRE(backup.ok());
  backup->bind(1, sixth.student_id);
  REQUIRE(backup->step().value());
  CHECK(backup->text(0) == "promotion");

  // Now in school at the junior school: a second registration is a duplicate again.
  CHECK(refusal(f, f.nine_year, again_at(sixth, 7, "2026-09-01")) == ErrorCode::DuplicateRegistry);
}

TEST_CASE("Junior intake: only the next grade, at a school teaching it — never after grade 9") {
  PromotionFixture f;
  Student sixth = f.enroll(f.school_a, "孔毕业", 291, 6);
  Student ninth = f.enroll(f.junior, "曹初中毕业", 293, 9);
  REQUIRE(f.promote(f.school_a).ok());
  REQUIRE(f.promote(f.junior).ok());
  f.today = Date{2026, 9, 2};
  CHECK(refusal(f, f.junior, again_at(sixth, 8, "2026-09-01")) == ErrorCode::DuplicateRegistry);
  CHECK(refusal(f, f.school_b, again_at(sixth, 7, "2026-09-01")) == ErrorCode::DuplicateRegistry);
  CHECK(refusal(f, f.nine_year, again_at(ninth, 9, "2026-09-01")) == ErrorCode::DuplicateRegistry);
  CHECK(f.student(sixth.student_id).status == "graduated");
  // A nine-year school may take a primary graduate into its grade 7.
  CHECK(f.run(f.nine_year, again_at(sixth, 7, "2026-09-01")).ok());
}

TEST_CASE("Junior intake: a device without the graduate's record registers the same G number") {
  PromotionFixture f;
  Student sixth = f.enroll(f.school_a, "严设备", 295, 6);
  REQUIRE(f.promote(f.school_a).ok());
  f.today = Date{2026, 9, 2};

  TempDir device_dir;
  Database device = std::move(Database::open(device_dir.file("device.db")).value());
  REQUIRE(migrate(device, DatabaseRole::Device).ok());
  RegisterStudent intake = again_at(sixth, 7, "2026-09-01");
  auto local = execute(device, CommandContext{f.junior, f.today, Replica::Device}, intake);
  REQUIRE(local.ok());
  CHECK(local->registry_number == sixth.registry_number);
  auto server = f.run(f.junior, intake);
  REQUIRE(server.ok());
  CHECK(server->registry_number == local->registry_number);
  CHECK(server->student_id == sixth.student_id);
}
