// R20 统一招生: quotas set by the county, every row of a result file validated by the core's
// rules, nothing admitted until the county confirms (then all rows in one transaction), the
// school's bulk admission through the registration rules, admissions in the pull feed.
#include <catch2/catch.hpp>

#include <map>

#include "registry_fixture.hpp"
#include "xueji/enrollment.hpp"
#include "xueji/server_registry.hpp"

using namespace xueji;

namespace {

constexpr int kYear = 2026;  // the fixture's today is 2026-09-15

// A child who is 6 by 31 August 2026.
std::string six_year_old(int sequence) {
  return make_id_number("411623", Date{2020, 3, 1 + sequence % 28}, sequence);
}

struct EnrollmentFixture : RegistryFixture {
  EnrollmentFixture() {
    REQUIRE(upsert_school(db, School{"4116230003", "商水县第一初级中学", "411623", "junior"}).ok());
    REQUIRE(set_enrollment_quotas(db, shangshui, today,
                                  {{kYear, "4116230001", "primary", 3, 0},
                                   {kYear, "4116230002", "小学", 5, 0},
                                   {kYear, "4116230003", "初中", 5, 0}})
                .ok());
  }

  EnrollmentReport check(const std::vector<EnrollmentRow>& rows) {
    auto report = check_enrollment_rows(db, shangshui, kYear, rows, today);
    REQUIRE(report.ok());
    REQUIRE(report->rows.size() == rows.size());
    return *report;
  }

  int admissions() {
    auto stmt = db.prepare("SELECT count(*) FROM enrollment_admissions");
    REQUIRE(stmt->step().value());
    return static_cast<int>(stmt->integer(0));
  }
};

std::vector<ErrorCode> codes(const RowReport& row) {
  std::vector<ErrorCode> found;
  for (const auto& issue : row.issues) found.push_back(issue.code);
  return found;
}

}  // namespace

TEST_CASE("R20: quotas are set by the county for its own schools and stages the school offers") {
  EnrollmentFixture f;
  auto quotas = enrollment_quotas(f.db, f.shangshui, kYear);
  REQUIRE(quotas.ok());
  CHECK(quotas->size() == 3);
  CHECK(set_enrollment_quotas(f.db, f.school_a, f.today, {{kYear, "4116230001", "primary", 9, 0}})
            .error()
            .code == ErrorCode::OutOfScope);
  CHECK(set_enrollment_quotas(f.db, f.zhoukou, f.today, {{kYear, "4116230001", "primary", 9, 0}})
            .error()
            .code == ErrorCode::OutOfScope);
  CHECK(set_enrollment_quotas(f.db, f.chuanhui, f.today, {{kYear, "4116230001", "primary", 9, 0}})
            .error()
            .code == ErrorCode::OutOfScope);
  CHECK(set_enrollment_quotas(f.db, f.shangshui, f.today, {{kYear, "4116230001", "junior", 9, 0}})
            .error()
            .code == ErrorCode::StageInvalid);
  CHECK(set_enrollment_quotas(f.db, f.shangshui, f.today, {{kYear, "4116230001", "高中", 9, 0}})
            .error()
            .code == ErrorCode::StageInvalid);
  CHECK(enrollment_quotas(f.db, f.chuanhui, kYear)->empty());  // another county sees none
}

TEST_CASE("R20: every row is validated and sorted into matched, to confirm, not found or error") {
  EnrollmentFixture f;
  // Existing records: a primary graduate, a sixth-grader still in school, a third-grader, and
  // a child without the same number but with the same name, birth date and sex.
  Student graduate = f.enroll(f.school_a, "孙毕业", 31, 6);
  graduate.status = "graduated";
  REQUIRE(update_student(f.db, graduate).ok());
  Student sixth = f.enroll(f.school_b, "钱六年", 33, 6);
  Student third = f.enroll(f.school_a, "吴三年", 35, 3);

  const std::string fresh = six_year_old(41);
  std::string bad_check = six_year_old(42);
  bad_check.back() = bad_check.back() == '1' ? '2' : '1';
  const std::string too_young = make_id_number("411623", Date{2020, 10, 1}, 43);
  const std::string twice = six_year_old(44);
  const std::string two_schools = six_year_old(45);
  auto report = f.check({
      {2, "周新生", fresh, "4116230001", "小学"},
      {3, "郑校验", bad_check, "4116230001", "小学"},
      {4, "冯太小", too_young, "4116230001", "小学"},
      {5, "陈重复", twice, "4116230002", "小学"},
      {6, "陈重复", twice, "4116230002", "小学"},
      {7, "褚两校", two_schools, "4116230001", "小学"},
      {8, "褚两校", two_schools, "4116230002", "小学"},
      {9, "孙毕业", graduate.id_number, "4116230003", "初中"},
      {10, "钱六年", sixth.id_number, "4116230003", "初中"},
      {11, "吴三年", third.id_number, "4116230002", "小学"},
      {12, "", six_year_old(46), "4116230002", "高中"},
      {13, "卫外县", six_year_old(47), "4116020001", "小学"},
      {14, "蒋未知", six_year_old(48), "9999999999", "小学"},
      {15, "孙改名", graduate.id_number, "4116230003", "初中"},
  });
  auto row = [&](int n) -> const RowReport& {
    for (const auto& r : report.rows)
      if (r.row == n) return r;
    FAIL("no row " << n);
    throw;
  };
  CHECK(row(2).category == "not_found");
  CHECK(row(2).issues.empty());
  CHECK(row(3).category == "error");
  CHECK(codes(row(3)) == std::vector{ErrorCode::IdChecksum});
  CHECK(row(3).issues[0].column == kColumnIdNumber);
  CHECK(codes(row(4)) == std::vector{ErrorCode::AgeUnder6});  // 第四条
  CHECK(row(5).category == "not_found");
  CHECK(codes(row(6)) == std::vector{ErrorCode::DuplicateInFile});
  CHECK(row(7).category == "not_found");
  CHECK(codes(row(8)) == std::vector{ErrorCode::DoubleAdmission});
  CHECK(row(9).category == "matched");  // the graduate's record continues
  CHECK(row(9).existing_student_id == graduate.student_id);
  CHECK(row(10).category == "to_confirm");
  CHECK(codes(row(10)) == std::vector{ErrorCode::RegisteredElsewhere});
  CHECK(row(11).category == "error");
  // 第八条 一人一籍 (and, being 8, no first-grader without a 第四条 approval).
  CHECK(codes(row(11)) == std::vector{ErrorCode::AgeDelayUnapproved, ErrorCode::DuplicateRegistry});
  CHECK(codes(row(12)) == std::vector{ErrorCode::NameRequired, ErrorCode::StageInvalid});
  CHECK(codes(row(13)) == std::vector{ErrorCode::OutOfScope});  // another county's school
  CHECK(codes(row(14)) == std::vector{ErrorCode::NotFound});
  CHECK(row(15).category == "error");  // in the file twice (rows 9 and 15) …
  CHECK(codes(row(15)) == std::vector{ErrorCode::DuplicateInFile, ErrorCode::NameMismatch});
  CHECK(row(15).issues[1].warning);  // … and named differently from the record: a warning
  CHECK(report.matched == 1);
  CHECK(report.to_confirm == 1);
  CHECK(report.not_found == 3);
  CHECK(report.errors == 9);
  CHECK(f.admissions() == 0);  // checking writes nothing
}

TEST_CASE(
    "R20: a child with the same name, birth date and sex but no matching number is to confirm") {
  EnrollmentFixture f;
  StudentRegistration r = registration_of("何相同", "", 1, "2026-09-01");
  r.student_id = new_uuid();
  r.document_type = "none";
  r.gender = 1;
  r.birth_date = "2020-03-05";
  r.hukou_division = "411623";
  REQUIRE(f.run(f.school_b, RegisterStudent{r}).ok());
  const std::string id = make_id_number("411623", Date{2020, 3, 5}, 51);  // odd: male
  auto report = f.check({{2, "何相同", id, "4116230001", "小学"}});
  CHECK(report.rows[0].category == "to_confirm");
  CHECK(codes(report.rows[0]) == std::vector{ErrorCode::LikelyDuplicate});
}

TEST_CASE("R20: the quota caps a school's admissions, counting earlier confirmed imports") {
  EnrollmentFixture f;
  std::vector<EnrollmentRow> rows;
  for (int i = 0; i < 4; ++i)
    rows.push_back({i + 2, "学生" + std::to_string(i), six_year_old(60 + i), "4116230001", "小学"});
  auto report = f.check(rows);
  CHECK(report.rows[2].category == "not_found");
  CHECK(codes(report.rows[3]) == std::vector{ErrorCode::QuotaExceeded});
  auto none = f.check({{2, "无计划", six_year_old(70), "4116230001", "初中"}});
  CHECK(codes(none.rows[0]) == std::vector{ErrorCode::StageInvalid});  // a primary school
  REQUIRE(
      set_enrollment_quotas(f.db, f.shangshui, f.today, {{kYear, "4116230001", "primary", 2, 0}})
          .ok());
  auto staged = stage_enrollment_import(f.db, f.shangshui, "imp-1", kYear, "a.xlsx", "xlsx",
                                        {rows[0], rows[1]}, f.today);
  REQUIRE(staged.ok());
  REQUIRE(confirm_enrollment_import(f.db, f.shangshui, "imp-1", f.today).ok());
  auto full = f.check({{2, "再一个", six_year_old(71), "4116230001", "小学"}});
  CHECK(codes(full.rows[0]) == std::vector{ErrorCode::QuotaExceeded});
  auto quotas = enrollment_quotas(f.db, f.shangshui, kYear);
  for (const auto& q : *quotas)
    if (q.school_code == "4116230001") CHECK(q.admitted == 2);
  // A school without a quota for the year.
  auto other_year = check_enrollment_rows(
      f.db, f.shangshui, kYear + 1,
      {{2, "明年", make_id_number("411623", Date{2021, 3, 1}, 72), "4116230001", "小学"}}, f.today);
  REQUIRE(other_year.ok());
  CHECK(codes(other_year->rows[0]) == std::vector{ErrorCode::QuotaNotSet});
}

TEST_CASE("R20: nothing is admitted until the county confirms — then every row, once") {
  EnrollmentFixture f;
  std::vector<EnrollmentRow> rows{{2, "甲", six_year_old(80), "4116230001", "小学"},
                                  {3, "乙", six_year_old(81), "4116230002", "小学"},
                                  {4, "丙", six_year_old(82), "4116230002", "小学"}};
  auto staged =
      stage_enrollment_import(f.db, f.shangshui, "imp-a", kYear, "r.csv", "csv-gbk", rows, f.today);
  REQUIRE(staged.ok());
  CHECK(staged->state == "pending");
  CHECK(f.admissions() == 0);
  // Only the county that uploaded it sees or confirms it.
  CHECK(enrollment_import_report(f.db, f.chuanhui, "imp-a", f.today).error().code ==
        ErrorCode::OutOfScope);
  CHECK(confirm_enrollment_import(f.db, f.school_a, "imp-a", f.today).error().code ==
        ErrorCode::OutOfScope);
  CHECK(f.admissions() == 0);

  auto confirmed = confirm_enrollment_import(f.db, f.shangshui, "imp-a", f.today);
  REQUIRE(confirmed.ok());
  CHECK(confirmed->state == "confirmed");
  CHECK(f.admissions() == 3);
  CHECK(confirm_enrollment_import(f.db, f.shangshui, "imp-a", f.today).error().code ==
        ErrorCode::ImportNotPending);
  // Its report, asked again, does not count the import against itself.
  auto again = enrollment_import_report(f.db, f.shangshui, "imp-a", f.today);
  REQUIRE(again.ok());
  CHECK(again->errors == 0);
}

TEST_CASE(
    "R20: a confirm that fails writes nothing — a rule refusing one row, or storage failing") {
  EnrollmentFixture f;
  const std::string child = six_year_old(90);
  REQUIRE(stage_enrollment_import(f.db, f.shangshui, "imp-1", kYear, "", "xlsx",
                                  {{2, "甲", six_year_old(91), "4116230001", "小学"},
                                   {3, "乙", child, "4116230001", "小学"}},
                                  f.today)
              .ok());
  // A second file admits the same child to another school and is confirmed first.
  REQUIRE(stage_enrollment_import(f.db, f.shangshui, "imp-2", kYear, "", "xlsx",
                                  {{2, "乙", child, "4116230002", "小学"}}, f.today)
              .ok());
  REQUIRE(confirm_enrollment_import(f.db, f.shangshui, "imp-2", f.today).ok());
  REQUIRE(f.admissions() == 1);
  {
    auto tx = Transaction::begin(f.db);
    auto refused = confirm_enrollment_import(f.db, f.shangshui, "imp-1", f.today);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::ImportHasErrors);
    CHECK(refused.error().detail == "row 3: DOUBLE_ADMISSION");
  }  // rolled back
  CHECK(f.admissions() == 1);

  // Storage failing on the last row: the transaction leaves no row of the import behind.
  REQUIRE(stage_enrollment_import(f.db, f.shangshui, "imp-3", kYear, "", "xlsx",
                                  {{2, "丁", six_year_old(92), "4116230002", "小学"},
                                   {3, "戊", six_year_old(93), "4116230002", "小学"}},
                                  f.today)
              .ok());
  REQUIRE(f.db.exec("CREATE TEMP TRIGGER fail_last BEFORE INSERT ON enrollment_admissions "
                    "WHEN NEW.admission_id = 'imp-3-3' BEGIN SELECT RAISE(ABORT, 'disk'); END;")
              .ok());
  {
    auto tx = Transaction::begin(f.db);
    CHECK(confirm_enrollment_import(f.db, f.shangshui, "imp-3", f.today).error().code ==
          ErrorCode::StorageError);
  }
  CHECK(f.admissions() == 1);
  auto state = f.db.prepare("SELECT state FROM enrollment_imports WHERE import_id = 'imp-3'");
  REQUIRE(state->step().value());
  CHECK(state->text(0) == "pending");
}

TEST_CASE(
    "R20 统一招生录取: the school registers its admissions in bulk through the registration "
    "rules") {
  EnrollmentFixture f;
  Student graduate = f.enroll(f.school_a, "孙毕业", 31, 6);
  graduate.status = "graduated";
  REQUIRE(update_student(f.db, graduate).ok());
  REQUIRE(stage_enrollment_import(f.db, f.shangshui, "imp", kYear, "", "xlsx",
                                  {{2, "甲", six_year_old(100), "4116230001", "小学"},
                                   {3, "乙", six_year_old(101), "4116230001", "小学"},
                                   {4, "丙", six_year_old(102), "4116230002", "小学"},
                                   {5, "孙毕业", graduate.id_number, "4116230003", "初中"}},
                                  f.today)
              .ok());
  REQUIRE(confirm_enrollment_import(f.db, f.shangshui, "imp", f.today).ok());
  auto listed = admissions_in_scope(f.db, f.school_a, kYear);
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 2);  // its own only
  CHECK(admissions_in_scope(f.db, f.shangshui, kYear)->size() == 4);

  // Another school's admission, or one listed twice: refused, nothing registered.
  CHECK(f.run(f.school_a,
              AdmitEnrolledStudents{{{"imp-2", new_uuid(), ""}, {"imp-4", new_uuid(), ""}}})
            .error()
            .code == ErrorCode::OutOfScope);
  CHECK(f.run(f.school_a,
              AdmitEnrolledStudents{{{"imp-2", new_uuid(), ""}, {"imp-2", new_uuid(), ""}}})
            .error()
            .code == ErrorCode::MalformedRequest);
  CHECK(f.run(f.shangshui, AdmitEnrolledStudents{{{"imp-2", new_uuid(), ""}}}).error().code ==
        ErrorCode::OutOfScope);
  CHECK(students_of_school(f.db, "4116230001")->size() == 1);  // the graduate's old record only

  auto admitted = f.run(f.school_a, AdmitEnrolledStudents{{{"imp-2", new_uuid(), "一(1)班"},
                                                           {"imp-3", new_uuid(), "一(2)班"}}});
  REQUIRE(admitted.ok());
  auto students = students_of_school(f.db, "4116230001");
  REQUIRE(students->size() == 3);
  listed = admissions_in_scope(f.db, f.school_a, kYear);
  for (const auto& a : *listed) {
    CHECK(a.state == "registered");
    auto student = find_student(f.db, a.student_id);
    REQUIRE(student->has_value());
    CHECK((*student)->grade == 1);
    CHECK((*student)->enrollment_date == Date{2026, 9, 1});
    CHECK((*student)->registry_number == "G" + a.id_number);
  }
  CHECK(f.run(f.school_a, AdmitEnrolledStudents{{{"imp-2", new_uuid(), ""}}}).error().code ==
        ErrorCode::AdmissionNotOpen);

  // Junior-middle intake continues the graduate's record and 学籍号.
  Actor junior{"reg-j", Role::SchoolRegistrar, "4116230003", "dev-j"};
  REQUIRE(f.run(junior, AdmitEnrolledStudents{{{"imp-5", new_uuid(), "七(1)班"}}}).ok());
  Student continued = f.student(graduate.student_id);
  CHECK(continued.school_code == "4116230003");
  CHECK(continued.grade == 7);
  CHECK(continued.registry_number == graduate.registry_number);
}

TEST_CASE("R20: an admission refused by the registration rules leaves the whole batch unwritten") {
  EnrollmentFixture f;
  const std::string taken = six_year_old(110);
  REQUIRE(stage_enrollment_import(f.db, f.shangshui, "imp", kYear, "", "xlsx",
                                  {{2, "甲", six_year_old(111), "4116230002", "小学"},
                                   {3, "乙", taken, "4116230002", "小学"}},
                                  f.today)
              .ok());
  REQUIRE(confirm_enrollment_import(f.db, f.shangshui, "imp", f.today).ok());
  // Meanwhile another school registered the second child (第八条: one registry).
  StudentRegistration r = registration_of("乙", taken);
  r.student_id = new_uuid();
  REQUIRE(f.run(f.school_a, RegisterStudent{r}).ok());
  {
    auto tx = Transaction::begin(f.db);
    auto refused = f.run(
        f.school_b, AdmitEnrolledStudents{{{"imp-2", new_uuid(), ""}, {"imp-3", new_uuid(), ""}}});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::DuplicateRegistry);
    CHECK(refused.error().detail.rfind("imp-3", 0) == 0);
  }
  CHECK(students_of_school(f.db, "4116230002")->empty());
  CHECK(admissions_in_scope(f.db, f.school_b, kYear)->front().state == "admitted");
}

TEST_CASE(
    "R20: a school's admissions reach it by pull, with its school entity, and no one else's") {
  EnrollmentFixture f;
  REQUIRE(stage_enrollment_import(f.db, f.shangshui, "imp", kYear, "", "xlsx",
                                  {{2, "甲", six_year_old(120), "4116230001", "小学"},
                                   {3, "乙", six_year_old(121), "4116230002", "小学"}},
                                  f.today)
              .ok());
  auto before = ServerRegistry(f.db).pull(f.school_a, 0, kDefaultPullBytes);
  REQUIRE(before.ok());
  REQUIRE(confirm_enrollment_import(f.db, f.shangshui, "imp", f.today).ok());
  auto page = ServerRegistry(f.db).pull(f.school_a, before->next_cursor, kDefaultPullBytes);
  REQUIRE(page.ok());
  REQUIRE(page->changes.size() == 1);
  CHECK(page->changes[0].entity == "school");
  CHECK(page->changes[0].entity_id == "4116230001");
  std::vector<std::string> admitted;
  for (const auto& row : page->changes[0].rows)
    if (row.table == "enrollment_admissions") admitted.push_back(row.values.at("name"));
  CHECK(admitted == std::vector<std::string>{"甲"});
}
