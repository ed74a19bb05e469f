// R3 第六条 archive contents (six kinds, attachments by content hash), R6 第九条 paper-archive
// checklist, R15 第二十条 proofs filed in the archive, and R14 第十七–十九条 who reads and who
// changes an archive once it has moved on.
#include <catch2/catch.hpp>

#include "registry_fixture.hpp"
#include "xueji/archive.hpp"

using namespace xueji;

namespace {

AddArchiveEntry entry_for(const Student& student, std::string kind, std::string title,
                          AttachmentRef attachment = {}) {
  AddArchiveEntry add;
  add.entry_id = new_uuid();
  add.student_id = student.student_id;
  add.kind = std::move(kind);
  add.title = std::move(title);
  add.attachment = std::move(attachment);
  return add;
}

AttachmentRef scan(char c, std::int64_t size = 120'000, std::string type = "image/jpeg") {
  return AttachmentRef{sample_hash(c), size, std::move(type), "scan.jpg"};
}

ErrorCode refusal(RegistryFixture& f, const Actor& actor, const Command& command) {
  auto outcome = f.run(actor, command);
  REQUIRE_FALSE(outcome.ok());
  return outcome.error().code;
}

StudentArchive archive(RegistryFixture& f, const std::string& student_id) {
  auto found = archive_of(f.db, student_id);
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  return **found;
}

const ArchiveSection& section(const StudentArchive& a, ArchiveKind kind) {
  return a.sections[static_cast<size_t>(kind)];
}

// A same-county transfer A → B (one bureau review, then the sending school), completed today.
void transfer(RegistryFixture& f, const Student& pupil, const Actor& to, const Actor& from,
              const Actor& bureau) {
  StartWorkflow start = transfer_of(pupil, "hukou_move", 'e');
  REQUIRE(f.run(to, start).ok());
  REQUIRE(f.run(bureau, DecideStep{start.workflow_id, 0, true, "", {}}).ok());
  REQUIRE(f.run(from, DecideStep{start.workflow_id, 1, true, "", {}}).ok());
  REQUIRE(f.workflow(start.workflow_id).state == WorkflowState::Completed);
}

int count(RegistryFixture& f, const std::string& sql) {
  auto stmt = f.db.prepare(sql);
  REQUIRE(stmt.ok());
  REQUIRE(stmt->step().value());
  return static_cast<int>(stmt->integer(0));
}

}  // namespace

TEST_CASE("R3 第六条: the archive holds six kinds of content, grouped by kind") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "张小明", 11);
  REQUIRE(
      f.run(f.school_a, entry_for(pupil, "proofs", "户籍证明（户口簿复印件）", scan('1'))).ok());
  REQUIRE(
      f.run(f.school_a, entry_for(pupil, "quality_reports", "2025-2026学年综合素质发展报告")).ok());
  AddArchiveEntry health =
      entry_for(pupil, "health", "预防接种证查验", scan('2', 80'000, "image/png"));
  health.occurred_on = "2026-09-03";
  REQUIRE(f.run(f.school_a, health).ok());
  REQUIRE(f.run(f.school_a, entry_for(pupil, "awards", "县运动会跳绳一等奖")).ok());
  REQUIRE(f.run(f.school_a, entry_for(pupil, "financial_aid", "家庭经济困难学生生活补助")).ok());

  StudentArchive a = archive(f, pupil.student_id);
  REQUIRE(a.sections.size() == 6);
  CHECK(a.student.registry_number == pupil.registry_number);  // (一) the basic information
  CHECK(section(a, ArchiveKind::BasicInfo).entries.empty());  // … is the record itself
  for (ArchiveKind kind : {ArchiveKind::Proofs, ArchiveKind::QualityReports, ArchiveKind::Health,
                           ArchiveKind::Awards, ArchiveKind::FinancialAid}) {
    REQUIRE(section(a, kind).entries.size() == 1);
    CHECK(section(a, kind).entries[0].kind == kind);
    CHECK(section(a, kind).entries[0].recorded_by == "reg-a");
    CHECK(section(a, kind).entries[0].school_code == "4116230001");
    CHECK(section(a, kind).entries[0].recorded_on == "2026-09-15");
  }
  CHECK(section(a, ArchiveKind::Proofs).entries[0].attachment_hash == sample_hash('1'));
  CHECK(section(a, ArchiveKind::Health).entries[0].occurred_on == "2026-09-03");
  CHECK(section(a, ArchiveKind::Awards).entries[0].attachment_hash.empty());
  CHECK(count(f, "SELECT count(*) FROM attachments") == 2);
}

TEST_CASE("R3 第六条: basic information and its changes are kind (一), never a free entry") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "李华", 12);
  CHECK(refusal(f, f.school_a, entry_for(pupil, "basic_info", "姓名变更")) ==
        ErrorCode::ArchiveKindInvalid);
  CHECK(refusal(f, f.school_a, entry_for(pupil, "gossip", "传闻")) ==
        ErrorCode::ArchiveKindInvalid);
  // The change history of (一) comes from the registry's own history.
  Student changed = f.student(pupil.student_id);
  changed.class_name = "三(2)班";
  REQUIRE(update_student(f.db, changed).ok());
  REQUIRE(
      append_history(f.db, pupil.student_id,
                     HistoryEntry{"class_name", "一(1)班", "三(2)班", "2026-09-15", "reg-a", ""})
          .ok());
  StudentArchive a = archive(f, pupil.student_id);
  REQUIRE(a.history.size() == 1);
  CHECK(a.history[0].field == "class_name");
  CHECK(a.student.class_name == "三(2)班");
}

TEST_CASE("R3 第六条: titles and notes are checked UTF-8 text of bounded length") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "王芳", 13);
  CHECK(refusal(f, f.school_a, entry_for(pupil, "awards", "")) == ErrorCode::ArchiveTextInvalid);
  CHECK(refusal(f, f.school_a, entry_for(pupil, "awards", "  \xE3\x80\x80 ")) ==
        ErrorCode::ArchiveTextInvalid);  // only spaces, ideographic included
  CHECK(refusal(f, f.school_a, entry_for(pupil, "awards", "\xFF\xFE")) ==
        ErrorCode::ArchiveTextInvalid);
  CHECK(refusal(f, f.school_a, entry_for(pupil, "awards", "\xC0\xAF")) ==
        ErrorCode::ArchiveTextInvalid);  // an overlong '/'
  CHECK(refusal(f, f.school_a, entry_for(pupil, "awards", "奖\x01状")) ==
        ErrorCode::ArchiveTextInvalid);
  std::string hundred;
  for (int i = 0; i < 99; ++i) hundred += "奖";
  hundred += "𠈌";  // a rare character outside the BMP counts as one
  CHECK(f.run(f.school_a, entry_for(pupil, "awards", hundred)).ok());
  CHECK(refusal(f, f.school_a, entry_for(pupil, "awards", hundred + "奖")) ==
        ErrorCode::ArchiveTextInvalid);
  AddArchiveEntry long_note = entry_for(pupil, "awards", "三好学生");
  long_note.note = std::string(501, 'x');
  auto refused = f.run(f.school_a, long_note);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::ArchiveTextInvalid);
  CHECK(refused.error().field == "note");
  AddArchiveEntry future = entry_for(pupil, "awards", "三好学生");
  future.occurred_on = "2026-09-16";
  CHECK(refusal(f, f.school_a, future) == ErrorCode::DateInvalid);
}

TEST_CASE("R3 第六条: attachments are referenced by SHA-256, JPEG/PNG/PDF up to 10 MB") {
  CHECK(validate_attachment(scan('a')).ok());
  CHECK(validate_attachment(
            AttachmentRef{sample_hash('b'), kMaxAttachmentBytes, "application/pdf", "户口簿.pdf"})
            .ok());
  CHECK(
      validate_attachment(AttachmentRef{std::string(64, 'A'), 10, "image/png", ""}).error().code ==
      ErrorCode::AttachmentHashInvalid);  // lowercase hex only
  CHECK(
      validate_attachment(AttachmentRef{std::string(63, 'a'), 10, "image/png", ""}).error().code ==
      ErrorCode::AttachmentHashInvalid);
  CHECK(validate_attachment(AttachmentRef{std::string(63, 'a') + "g", 10, "image/png", ""})
            .error()
            .code == ErrorCode::AttachmentHashInvalid);
  CHECK(validate_attachment(scan('a', 10, "image/gif")).error().code ==
        ErrorCode::AttachmentTypeNotAllowed);
  CHECK(validate_attachment(scan('a', 10, "text/html")).error().code ==
        ErrorCode::AttachmentTypeNotAllowed);
  CHECK(validate_attachment(scan('a', kMaxAttachmentBytes + 1)).error().code ==
        ErrorCode::AttachmentTooLarge);
  CHECK(validate_attachment(scan('a', 0)).error().code == ErrorCode::InvalidInput);
  CHECK(validate_attachment(AttachmentRef{sample_hash('a'), 10, "image/png", "../../etc/x.png"})
            .error()
            .code == ErrorCode::ArchiveTextInvalid);

  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "赵强", 14);
  CHECK(
      refusal(f, f.school_a, entry_for(pupil, "proofs", "户籍证明", scan('c', 10, "image/gif"))) ==
      ErrorCode::AttachmentTypeNotAllowed);
  CHECK(refusal(f, f.school_a,
                entry_for(pupil, "proofs", "户籍证明", scan('c', kMaxAttachmentBytes + 1))) ==
        ErrorCode::AttachmentTooLarge);
  AttachmentRef no_hash = scan('c');
  no_hash.content_hash.clear();  // metadata without a hash is not "no attachment"
  CHECK(refusal(f, f.school_a, entry_for(pupil, "proofs", "户籍证明", no_hash)) ==
        ErrorCode::AttachmentHashInvalid);
  // Content-addressed: the same file twice is one attachment row; the same hash with another
  // size is not the same file.
  REQUIRE(f.run(f.school_a, entry_for(pupil, "proofs", "户籍证明", scan('c'))).ok());
  REQUIRE(f.run(f.school_a, entry_for(pupil, "awards", "同一扫描件", scan('c'))).ok());
  CHECK(count(f, "SELECT count(*) FROM attachments") == 1);
  CHECK(refusal(f, f.school_a, entry_for(pupil, "awards", "篡改", scan('c', 999))) ==
        ErrorCode::AttachmentMismatch);
  CHECK(
      refusal(f, f.school_a, entry_for(pupil, "awards", "篡改", scan('c', 120'000, "image/png"))) ==
      ErrorCode::AttachmentMismatch);
}

TEST_CASE("R3 第六条: only the registrar of the student's own school adds archive content") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "孙丽", 15);
  CHECK(refusal(f, f.school_b, entry_for(pupil, "awards", "三好学生")) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.shangshui, entry_for(pupil, "awards", "三好学生")) == ErrorCode::OutOfScope);
  AddArchiveEntry ghost = entry_for(pupil, "awards", "三好学生");
  ghost.student_id = new_uuid();
  CHECK(refusal(f, f.school_a, ghost) == ErrorCode::NotFound);
  AddArchiveEntry add = entry_for(pupil, "awards", "三好学生");
  REQUIRE(f.run(f.school_a, add).ok());
  CHECK(refusal(f, f.school_a, add) == ErrorCode::MalformedRequest);  // entry_id reused
  add.entry_id.clear();
  CHECK(refusal(f, f.school_a, add) == ErrorCode::MalformedRequest);
  CHECK(count(f, "SELECT count(*) FROM audit_log WHERE action = 'add_archive_entry'") == 1);
}

TEST_CASE("R6 第九条: the paper-archive checklist covers items (一)(二)(三)(五)") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "周杰", 16);
  auto list = paper_archive_checklist(f.db, pupil.student_id);
  REQUIRE(list.ok());
  REQUIRE(list->size() == 4);
  for (const auto& item : *list) CHECK_FALSE(item.checked);
  CHECK(paper_archive_item_name((*list)[0].item) == "basic_info");
  CHECK(paper_archive_item_name((*list)[3].item) == "awards");

  REQUIRE(
      f.run(f.school_a, RecordPaperArchiveCheck{pupil.student_id, "basic_info", true, ""}).ok());
  REQUIRE(
      f.run(f.school_a, RecordPaperArchiveCheck{pupil.student_id, "awards", false, "缺奖状复印件"})
          .ok());
  list = paper_archive_checklist(f.db, pupil.student_id);
  CHECK((*list)[0].checked);
  CHECK((*list)[0].present);
  CHECK((*list)[0].checked_by == "reg-a");
  CHECK((*list)[0].checked_on == "2026-09-15");
  CHECK_FALSE((*list)[1].checked);  // proofs: not yet checked
  CHECK_FALSE((*list)[2].checked);
  CHECK((*list)[3].checked);
  CHECK_FALSE((*list)[3].present);
  CHECK((*list)[3].note == "缺奖状复印件");
  // The latest check stands.
  REQUIRE(f.run(f.school_a, RecordPaperArchiveCheck{pupil.student_id, "awards", true, ""}).ok());
  CHECK(paper_archive_checklist(f.db, pupil.student_id)->at(3).present);

  // (四) health and (六) aid are electronic only; other schools and the county do not keep it.
  CHECK(refusal(f, f.school_a, RecordPaperArchiveCheck{pupil.student_id, "health", true, ""}) ==
        ErrorCode::PaperArchiveItemInvalid);
  CHECK(refusal(f, f.school_a,
                RecordPaperArchiveCheck{pupil.student_id, "financial_aid", true, ""}) ==
        ErrorCode::PaperArchiveItemInvalid);
  CHECK(refusal(f, f.school_b, RecordPaperArchiveCheck{pupil.student_id, "proofs", true, ""}) ==
        ErrorCode::OutOfScope);
  CHECK(refusal(f, f.shangshui, RecordPaperArchiveCheck{pupil.student_id, "proofs", true, ""}) ==
        ErrorCode::OutOfScope);
}

TEST_CASE("R15 第二十条: the proofs of a completed change are filed in the archive") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "吴敏", 17);
  transfer(f, pupil, f.school_b, f.school_a, f.shangshui);
  StudentArchive a = archive(f, pupil.student_id);
  const auto& proofs = section(a, ArchiveKind::Proofs).entries;
  REQUIRE(proofs.size() == 1);
  CHECK(proofs[0].title == "transfer/transfer_application");
  CHECK(proofs[0].attachment_hash == sample_hash('e'));
  CHECK_FALSE(proofs[0].workflow_id.empty());
  CHECK(proofs[0].recorded_on == "2026-09-15");
}

TEST_CASE("R14 第十七条: promotion keeps the one archive with the student") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "郑伟", 18);
  REQUIRE(f.run(f.school_a, entry_for(pupil, "awards", "三年级优秀少先队员")).ok());
  // What the school-year promotion does to the record: the grade goes up, with history.
  Student promoted = f.student(pupil.student_id);
  promoted.grade = 4;
  REQUIRE(update_student(f.db, promoted).ok());
  REQUIRE(append_history(f.db, pupil.student_id,
                         HistoryEntry{"grade", "3", "4", "2027-09-01", "reg-a", ""})
              .ok());
  StudentArchive a = archive(f, pupil.student_id);
  CHECK(a.student.grade == 4);
  CHECK(a.student.school_code == "4116230001");
  CHECK(section(a, ArchiveKind::Awards).entries.size() == 1);  // earlier grades' content stays
  CHECK(a.history.back().field == "grade");
  CHECK(a.backups.empty());  // nothing was copied: the archive never left
  CHECK(may_change_record(f.db, f.school_a, a.student).value());
}

TEST_CASE("R14 第十九条: the last school keeps the archive after graduation and may file in it") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "冯雪", 19);
  Student graduated = f.student(pupil.student_id);
  graduated.status = "graduated";
  REQUIRE(update_student(f.db, graduated).ok());
  REQUIRE(f.run(f.school_a, entry_for(pupil, "proofs", "毕业证书存根")).ok());
  StudentArchive a = archive(f, pupil.student_id);
  CHECK(a.student.school_code == "4116230001");
  CHECK(section(a, ArchiveKind::Proofs).entries.size() == 1);
}

TEST_CASE("R14 第十八、十九条: the sending school keeps a read-only backup as it handed it on") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "陈晨", 20);
  REQUIRE(f.run(f.school_a, entry_for(pupil, "awards", "校级三好学生")).ok());
  transfer(f, pupil, f.school_b, f.school_a, f.shangshui);
  Student moved = f.student(pupil.student_id);
  CHECK(moved.school_code == "4116230002");

  CHECK(archive_access(f.db, f.school_b, moved).value() == ArchiveAccess::Full);
  CHECK(archive_access(f.db, f.school_a, moved).value() == ArchiveAccess::ReadOnlyBackup);
  CHECK(archive_access(f.db, f.shangshui, moved).value() == ArchiveAccess::Full);
  CHECK(archive_access(f.db, f.zhoukou, moved).value() == ArchiveAccess::Full);
  CHECK(archive_access(f.db, f.school_c, moved).value() == ArchiveAccess::None);
  CHECK(archive_access(f.db, f.chuanhui, moved).value() == ArchiveAccess::None);
  CHECK(may_read_archive(f.db, f.school_a, moved).value());
  CHECK_FALSE(may_change_record(f.db, f.school_a, moved).value());
  CHECK(may_change_record(f.db, f.school_b, moved).value());
  CHECK_FALSE(may_read_archive(f.db, f.school_c, moved).value());

  // The backup is read-only: the sending school files nothing more.
  CHECK(refusal(f, f.school_a, entry_for(moved, "awards", "补录奖项")) ==
        ErrorCode::ArchiveReadOnly);
  CHECK(refusal(f, f.school_a, RecordPaperArchiveCheck{moved.student_id, "awards", true, ""}) ==
        ErrorCode::ArchiveReadOnly);

  // Later content of the receiving school is not in the sender's backup.
  f.today = Date{2026, 9, 20};
  REQUIRE(f.run(f.school_b, entry_for(moved, "awards", "转入后获奖")).ok());
  Student renamed = f.student(pupil.student_id);
  renamed.class_name = "三(5)班";
  REQUIRE(update_student(f.db, renamed).ok());
  REQUIRE(append_history(f.db, pupil.student_id,
                         HistoryEntry{"class_name", "", "三(5)班", "2026-09-20", "reg-b", ""})
              .ok());

  auto at_sender = read_archive(f.db, f.school_a, pupil.student_id);
  REQUIRE(at_sender.ok());
  CHECK(at_sender->as_of == "2026-09-15");
  CHECK(section(*at_sender, ArchiveKind::Awards).entries.size() == 1);
  CHECK(at_sender->student.class_name.empty());  // the later class change is not shown
  CHECK(at_sender->history.size() == 1);         // the transfer itself
  auto at_receiver = read_archive(f.db, f.school_b, pupil.student_id);
  REQUIRE(at_receiver.ok());
  CHECK(at_receiver->as_of.empty());
  CHECK(section(*at_receiver, ArchiveKind::Awards).entries.size() == 2);
  CHECK(at_receiver->student.class_name == "三(5)班");
  REQUIRE(at_receiver->backups.size() == 1);
  CHECK(at_receiver->backups[0].school_code == "4116230001");
  CHECK(at_receiver->backups[0].reason == "transfer");

  auto outsider = read_archive(f.db, f.school_c, pupil.student_id);
  REQUIRE_FALSE(outsider.ok());
  CHECK(outsider.error().code == ErrorCode::OutOfScope);
  // R18: every read of the full archive is attributed.
  CHECK(count(f, "SELECT count(*) FROM audit_log WHERE action = 'read_archive'") == 2);
}

TEST_CASE("R14 第十九条: a cross-county transfer leaves the sending county a read-only view") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "何静", 21);
  StartWorkflow start = transfer_of(pupil, "hukou_move", 'e');
  REQUIRE(f.run(f.school_c, start).ok());
  REQUIRE(f.run(f.chuanhui, DecideStep{start.workflow_id, 0, true, "", {}}).ok());
  REQUIRE(f.run(f.school_a, DecideStep{start.workflow_id, 1, true, "", {}}).ok());
  REQUIRE(f.run(f.shangshui, DecideStep{start.workflow_id, 2, true, "", {}}).ok());
  Student moved = f.student(pupil.student_id);
  CHECK(archive_access(f.db, f.chuanhui, moved).value() == ArchiveAccess::Full);
  CHECK(archive_access(f.db, f.shangshui, moved).value() == ArchiveAccess::ReadOnlyBackup);
  CHECK(archive_access(f.db, f.jinshui, moved).value() == ArchiveAccess::None);
}
