// 学籍档案 commands: content of kinds (二)–(六) (第六条) and the paper-archive check (第九条).
// Both are the school's work — 学校应为其…建立学籍档案 (第六条), 纸质档案由学校学籍管理员负责管理
// (第九条) — so only the registrar of the school holding the archive may do them.
#include "xueji/archive.hpp"
#include "xueji/command_handlers.hpp"

namespace xueji {
namespace {

constexpr int kMaxTitle = 100;  // code points
constexpr int kMaxNote = 500;

std::string_view trimmed(std::string_view text) {
  // ASCII and ideographic (U+3000, common from Chinese IMEs) spaces.
  constexpr std::string_view kIdeographic = "\xE3\x80\x80";
  while (true) {
    if (!text.empty() && text.front() == ' ')
      text.remove_prefix(1);
    else if (text.substr(0, 3) == kIdeographic)
      text.remove_prefix(3);
    else if (!text.empty() && text.back() == ' ')
      text.remove_suffix(1);
    else if (text.size() >= 3 && text.substr(text.size() - 3) == kIdeographic)
      text.remove_suffix(3);
    else
      return text;
  }
}

// The student, when the actor is the registrar of the school holding the archive.
Result<Student> keeper_student(Database& db, const CommandContext& context,
                               const std::string& student_id) {
  auto student = find_student(db, student_id);
  if (!student) return student.error();
  if (!*student) return make_error(ErrorCode::NotFound, "student_id");
  auto access = archive_access(db, context.actor, **student);
  if (!access) return access.error();
  // 第十九条: the school the student left keeps a backup to read, not to change.
  if (*access == ArchiveAccess::ReadOnlyBackup)
    return make_error(ErrorCode::ArchiveReadOnly, "student_id");
  if (*access == ArchiveAccess::None || context.actor.role != Role::SchoolRegistrar)
    return make_error(ErrorCode::OutOfScope, "student_id");
  // A record deleted as a duplicate (第八条) is no registry to file anything in.
  if ((*student)->status == "deleted") return make_error(ErrorCode::StatusNotAllowed, "student_id");
  return **student;
}

// Content-addressed: one row per hash. The same hash with another size or type is not the same
// file (a corrupt upload or a forged reference) and is refused rather than overwritten.
Result<void> register_attachment(Database& db, const AttachmentRef& a) {
  auto stmt = db.prepare("SELECT byte_size, media_type FROM attachments WHERE content_hash = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, a.content_hash);
  auto row = stmt->step();
  if (!row) return row.error();
  if (*row) {
    if (stmt->integer(0) != a.byte_size || stmt->text(1) != a.media_type)
      return make_error(ErrorCode::AttachmentMismatch, "content_hash");
    return {};
  }
  auto insert = db.prepare(
      "INSERT INTO attachments(content_hash, byte_size, media_type, original_name) "
      "VALUES(?1, ?2, ?3, ?4)");
  if (!insert) return insert.error();
  insert->bind(1, a.content_hash)
      .bind(2, a.byte_size)
      .bind(3, a.media_type)
      .bind(4, a.original_name);
  return insert->run();
}

CommandOutcome outcome_for(const Student& student) {
  CommandOutcome outcome;
  outcome.student_id = student.student_id;
  outcome.registry_number = student.registry_number;
  outcome.student_name = student.name;
  return outcome;
}

}  // namespace

Result<CommandOutcome> execute_add_archive_entry(Database& db, const CommandContext& context,
                                                 const AddArchiveEntry& command) {
  if (command.entry_id.empty()) return make_error(ErrorCode::MalformedRequest, "entry_id");
  auto kind = archive_kind_from_name(command.kind);
  // (一) basic information is the registry itself: it changes only by a correction (第十条).
  if (!kind || *kind == ArchiveKind::BasicInfo)
    return make_error(ErrorCode::ArchiveKindInvalid, "kind");
  const std::string_view title = trimmed(command.title);
  if (title.empty() || !is_plain_text(title, kMaxTitle))
    return make_error(ErrorCode::ArchiveTextInvalid, "title");
  if (!is_plain_text(command.note, kMaxNote))
    return make_error(ErrorCode::ArchiveTextInvalid, "note");
  if (!command.occurred_on.empty()) {
    auto occurred = parse_date(command.occurred_on);
    if (!occurred || *occurred > context.today)
      return make_error(ErrorCode::DateInvalid, "occurred_on");
  }
  const AttachmentRef& attachment = command.attachment;
  const bool has_attachment = !attachment.content_hash.empty() || attachment.byte_size != 0 ||
                              !attachment.media_type.empty() || !attachment.original_name.empty();
  if (has_attachment)
    if (auto valid = validate_attachment(attachment); !valid) return valid.error();

  auto student = keeper_student(db, context, command.student_id);
  if (!student) return student.error();
  auto taken = db.prepare("SELECT 1 FROM archive_entries WHERE entry_id = ?1");
  if (!taken) return taken.error();
  taken->bind(1, command.entry_id);
  auto exists = taken->step();
  if (!exists) return exists.error();
  if (*exists) return make_error(ErrorCode::MalformedRequest, "entry_id");
  if (has_attachment)
    if (auto registered = register_attachment(db, attachment); !registered)
      return registered.error();

  auto stmt = db.prepare(
      "INSERT INTO archive_entries(entry_id, student_id, kind, title, occurred_on, recorded_on, "
      "recorded_by, school_code, attachment_hash, note) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!stmt) return stmt.error();
  stmt->bind(1, command.entry_id)
      .bind(2, student->student_id)
      .bind(3, archive_kind_name(*kind))
      .bind(4, title)
      .bind(5, command.occurred_on)
      .bind(6, format_date(context.today))
      .bind(7, context.actor.account)
      .bind(8, student->school_code)
      .bind(10, command.note);
  if (has_attachment)
    stmt->bind(9, attachment.content_hash);
  else
    stmt->bind_null(9);
  if (auto inserted = stmt->run(); !inserted) return inserted.error();
  if (auto audited = append_audit(db, context.actor.account, context.actor.device_id,
                                  "add_archive_entry", student->registry_number,
                                  std::string(archive_kind_name(*kind)) + ":" + command.entry_id);
      !audited)
    return audited.error();
  return outcome_for(*student);
}

Result<CommandOutcome> execute_record_paper_archive_check(Database& db,
                                                          const CommandContext& context,
                                                          const RecordPaperArchiveCheck& command) {
  auto item = paper_archive_item_from_name(command.item);
  if (!item) return make_error(ErrorCode::PaperArchiveItemInvalid, "item");
  if (!is_plain_text(command.note, kMaxNote))
    return make_error(ErrorCode::ArchiveTextInvalid, "note");
  auto student = keeper_student(db, context, command.student_id);
  if (!student) return student.error();
  // The latest check stands; the audit log keeps every earlier one.
  auto stmt = db.prepare(
      "INSERT INTO paper_archive_items(student_id, item, present, checked_on, checked_by, note) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(student_id, item) DO UPDATE SET "
      "present = ?3, checked_on = ?4, checked_by = ?5, note = ?6");
  if (!stmt) return stmt.error();
  stmt->bind(1, student->student_id)
      .bind(2, paper_archive_item_name(*item))
      .bind(3, command.present ? 1 : 0)
      .bind(4, format_date(context.today))
      .bind(5, context.actor.account)
      .bind(6, command.note);
  if (auto saved = stmt->run(); !saved) return saved.error();
  if (auto audited = append_audit(
          db, context.actor.account, context.actor.device_id, "record_paper_archive_check",
          student->registry_number,
          std::string(paper_archive_item_name(*item)) + (command.present ? ":present" : ":absent"));
      !audited)
    return audited.error();
  return outcome_for(*student);
}

}  // namespace xueji
