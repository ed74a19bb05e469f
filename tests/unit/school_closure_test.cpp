// R14 第十九条: 学校合并的，其学籍档案移交并入的学校管理；学校撤销的，其学籍档案移交县级教育行政
// 部门指定的单位管理. The county moves every record of the old school, which then registers no one.
#include <catch2/catch.hpp>

#include "registry_fixture.hpp"
#include "xueji/archive.hpp"
#include "xueji/school_closure.hpp"

using namespace xueji;

namespace {

ErrorCode refusal(RegistryFixture& f, const Actor& actor, const Command& command) {
  auto outcome = f.run(actor, command);
  REQUIRE_FALSE(outcome.ok());
  return outcome.error().code;
}

int count(RegistryFixture& f, const std::string& sql) {
  auto stmt = f.db.prepare(sql);
  REQUIRE(stmt.ok());
  REQUIRE(stmt->step().value());
  return static_cast<int>(stmt->integer(0));
}

AddArchiveEntry award(const Student& student, const std::string& title) {
  AddArchiveEntry add;
  add.entry_id = new_uuid();
  add.student_id = student.student_id;
  add.kind = "awards";
  add.title = title;
  return add;
}

}  // namespace

TEST_CASE("R14 第十九条: on a merger every record moves to the surviving school") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_b, "张一", 41);
  Student graduate = f.enroll(f.school_b, "张二", 42, 6);
  Student done = f.student(graduate.student_id);
  done.status = "graduated";  // the last school keeps its archive (第十九条)…
  REQUIRE(update_student(f.db, done).ok());
  REQUIRE(f.run(f.school_b, award(pupil, "校运动会第一名")).ok());
  Student other = f.enroll(f.school_a, "李三", 43);

  REQUIRE(f.run(f.shangshui, MergeSchools{"4116230002", "4116230001", "商教〔2026〕12号"}).ok());

  // … and on a merger that archive goes to the surviving school as well.
  for (const Student& s : {pupil, graduate}) {
    Student moved = f.student(s.student_id);
    CHECK(moved.school_code == "4116230001");
    CHECK(moved.registry_number == s.registry_number);
    auto history = student_history(f.db, s.student_id).value();
    REQUIRE_FALSE(history.empty());
    CHECK(history.back().field == "school_code");
    CHECK(history.back().old_value == "4116230002");
    CHECK(history.back().new_value == "4116230001");
    CHECK(history.back().changed_by == "county-ss");
  }
  CHECK(f.student(graduate.student_id).status == "graduated");
  CHECK(f.student(other.student_id).school_code == "4116230001");
  // The archive went with its content; the old school keeps no backup, it has ceased.
  auto archive = archive_of(f.db, pupil.student_id).value();
  CHECK(archive->sections[static_cast<size_t>(ArchiveKind::Awards)].entries.size() == 1);
  CHECK(archive->backups.empty());
  CHECK(count(f, "SELECT count(*) FROM archive_backups") == 0);
  auto closure = school_closure(f.db, "4116230002").value();
  REQUIRE(closure.has_value());
  CHECK(closure->reason == "merger");
  CHECK(closure->closed_on == "2026-09-15");
  CHECK(closure->archives_to == "4116230001");
  CHECK_FALSE(school_closure(f.db, "4116230001").value().has_value());

  // The surviving school works on the records; the merged school's registrar no longer can.
  CHECK(f.run(f.school_a, award(pupil, "并校后获奖")).ok());
  CHECK(refusal(f, f.school_b, award(pupil, "并校后获奖")) == ErrorCode::OutOfScope);
  CHECK_FALSE(may_read_archive(f.db, f.school_b, f.student(pupil.student_id)).value());
  CHECK(count(f, "SELECT count(*) FROM audit_log WHERE action = 'merge_schools'") == 1);
}

TEST_CASE("R14 第十九条: a closed school accepts no registration and no transfer in") {
  RegistryFixture f;
  REQUIRE(f.run(f.shangshui, MergeSchools{"4116230002", "4116230001", ""}).ok());
  auto r = registration_of("王五", make_id_number("411623", Date{2020, 4, 1}, 44), 1, "2026-09-01");
  r.student_id = new_uuid();
  auto refused = f.run(f.school_b, RegisterStudent{r});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::SchoolClosed);
  CHECK(f.run(f.school_a, RegisterStudent{r}).ok());  // the surviving school registers

  Student elsewhere = f.enroll(f.school_c, "赵六", 45);
  CHECK(refusal(f, f.school_b, transfer_of(elsewhere)) == ErrorCode::SchoolClosed);
}

TEST_CASE("R14 第十九条: backups the merged school kept move to the surviving school") {
  RegistryFixture f;
  Student left = f.enroll(f.school_b, "钱七", 46);
  // The student left B for 川汇区 earlier: B keeps a read-only backup (第十八条).
  StartWorkflow start = transfer_of(left);
  REQUIRE(f.run(f.school_c, start).ok());
  REQUIRE(f.run(f.chuanhui, DecideStep{start.workflow_id, 0, true, "", {}}).ok());
  REQUIRE(f.run(f.school_b, DecideStep{start.workflow_id, 1, true, "", {}}).ok());
  REQUIRE(f.run(f.shangshui, DecideStep{start.workflow_id, 2, true, "", {}}).ok());
  Student moved = f.student(left.student_id);
  REQUIRE(archive_access(f.db, f.school_b, moved).value() == ArchiveAccess::ReadOnlyBackup);

  REQUIRE(f.run(f.shangshui, MergeSchools{"4116230002", "4116230001", ""}).ok());
  CHECK(archive_access(f.db, f.school_a, moved).value() == ArchiveAccess::ReadOnlyBackup);
  CHECK(archive_access(f.db, f.school_b, moved).value() == ArchiveAccess::None);
  CHECK(f.student(left.student_id).school_code == "4116020001");  // the student is not touched
}

TEST_CASE(
    "R14 第十九条: a merger is the county's decision, within its scope, once business is done") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_b, "孙八", 47);
  MergeSchools merge{"4116230002", "4116230001", ""};
  CHECK(refusal(f, f.school_a, merge) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.school_b, merge) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.chuanhui, merge) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.zhoukou, merge) == ErrorCode::OutOfScope);  // the county decides
  CHECK(refusal(f, f.shangshui, MergeSchools{"4116230002", "4116020001", ""}) ==
        ErrorCode::OutOfScope);  // 川汇区's school is not 商水县's to merge into
  CHECK(refusal(f, f.shangshui, MergeSchools{"4116230002", "4116230002", ""}) ==
        ErrorCode::SchoolSuccessorInvalid);
  CHECK(refusal(f, f.shangshui, MergeSchools{"4116230002", "4116239999", ""}) ==
        ErrorCode::NotFound);
  CHECK(refusal(f, f.shangshui, MergeSchools{"4116230002", "4116230001", "\x01"}) ==
        ErrorCode::ArchiveTextInvalid);

  // A junior middle school does not teach a third-grader.
  REQUIRE(upsert_school(f.db, School{"4116230003", "商水县第一初级中学", "411623", "junior"}).ok());
  auto refused = f.run(f.shangshui, MergeSchools{"4116230002", "4116230003", ""});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::SchoolGradeNotOffered);
  CHECK(refused.error().field == "surviving_school");

  // An open transfer out of the school must be finished first.
  StartWorkflow start = transfer_of(pupil);
  REQUIRE(f.run(f.school_c, start).ok());
  CHECK(refusal(f, f.shangshui, merge) == ErrorCode::UnfinishedBusiness);
  REQUIRE(f.run(f.school_c, WithdrawWorkflow{start.workflow_id, "家长撤回"}).ok());
  REQUIRE(f.run(f.shangshui, merge).ok());

  // Nothing merges twice, and nothing merges into a school that has ceased.
  CHECK(refusal(f, f.shangshui, merge) == ErrorCode::SchoolClosed);
  CHECK(refusal(f, f.shangshui, MergeSchools{"4116230001", "4116230002", ""}) ==
        ErrorCode::SchoolClosed);
  CHECK(f.student(pupil.student_id).school_code == "4116230001");
}

TEST_CASE("R14 第十九条: on closure the archives go to the school the county names") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_b, "周九", 48);
  REQUIRE(f.run(f.school_b, award(pupil, "书法比赛二等奖")).ok());
  CHECK(refusal(f, f.school_b, CloseSchool{"4116230002", "4116230001", ""}) ==
        ErrorCode::OutOfScope);
  CHECK(refusal(f, f.shangshui, CloseSchool{"4116230002", "", ""}) == ErrorCode::NotFound);
  CHECK(refusal(f, f.shangshui, CloseSchool{"4116230002", "4116230002", ""}) ==
        ErrorCode::SchoolSuccessorInvalid);
  REQUIRE(f.run(f.shangshui, CloseSchool{"4116230002", "4116230001", "商教〔2026〕20号"}).ok());

  Student kept = f.student(pupil.student_id);
  CHECK(kept.school_code == "4116230001");
  CHECK(kept.status == "in_school");
  auto closure = school_closure(f.db, "4116230002").value();
  REQUIRE(closure.has_value());
  CHECK(closure->reason == "closure");
  CHECK(closure->archives_to == "4116230001");
  auto archive = read_archive(f.db, f.school_a, pupil.student_id);
  REQUIRE(archive.ok());
  CHECK(archive->sections[static_cast<size_t>(ArchiveKind::Awards)].entries.size() == 1);
  CHECK(refusal(f, f.shangshui, CloseSchool{"4116230002", "4116230001", ""}) ==
        ErrorCode::SchoolClosed);
}
