// 学籍档案 (第六条, 第九条, 第十七–二十条): storage and queries of the archive; the commands
// that change it are in command_archive.cpp.
#include "xueji/archive.hpp"
#include "xueji/text.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace xueji {
namespace {

constexpr std::array<std::string_view, 6> kArchiveKindNames{
    "basic_info", "proofs", "quality_reports", "health", "awards", "financial_aid"};
constexpr std::array<std::string_view, 4> kPaperItemNames{"basic_info", "proofs", "quality_reports",
                                                          "awards"};
// What the attachment store accepts: scans and photos of paper proofs.
constexpr std::array<std::string_view, 3> kMediaTypes{"image/jpeg", "image/png", "application/pdf"};

School school_or_code(Database& db, const std::string& code) {
  auto found = find_school(db, code);
  if (found && *found) return **found;
  return School{code, "", "", ""};
}

// Puts back the value a basic field had before a later change (for a backup's view).
void revert_field(Student& s, const std::string& field, const std::string& old_value) {
  if (field == "name") s.name = old_value;
  if (field == "registry_number") s.registry_number = old_value;
  if (field == "id_number") s.id_number = old_value;
  if (field == "document_type") s.document_type = old_value;
  if (field == "grade" && !old_value.empty()) s.grade = std::atoi(old_value.c_str());
  if (field == "class_name") s.class_name = old_value;
  if (field == "school_code") s.school_code = old_value;
  if (field == "status") s.status = old_value;
  if (field == "ethnicity") s.ethnicity = old_value;
  if (field == "nationality") s.nationality = old_value;
  if (field == "hukou_division") s.hukou_division = old_value;
  if (field == "hukou_address") s.hukou_address = old_value;
  if (field == "birth_date") s.birth_date = parse_date(old_value).value_or(s.birth_date);
  if (field == "enrollment_date")
    s.enrollment_date = parse_date(old_value).value_or(s.enrollment_date);
}

Result<void> load_entries(Database& db, const std::string& student_id, const std::string& as_of,
                          std::vector<ArchiveSection>& sections) {
  auto stmt = db.prepare(
      "SELECT entry_id, kind, title, occurred_on, recorded_on, recorded_by, school_code, "
      "coalesce(attachment_hash, ''), note FROM archive_entries WHERE student_id = ?1 "
      "AND (?2 = '' OR recorded_on <= ?2) ORDER BY recorded_on, rowid");
  if (!stmt) return stmt.error();
  stmt->bind(1, student_id).bind(2, as_of);
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    auto kind = archive_kind_from_name(stmt->text(1));
    if (!kind) continue;
    ArchiveEntry e;
    e.entry_id = stmt->text(0);
    e.student_id = student_id;
    e.kind = *kind;
    e.title = stmt->text(2);
    e.occurred_on = stmt->text(3);
    e.recorded_on = stmt->text(4);
    e.recorded_by = stmt->text(5);
    e.school_code = stmt->text(6);
    e.attachment_hash = stmt->text(7);
    e.note = stmt->text(8);
    sections[static_cast<size_t>(*kind)].entries.push_back(std::move(e));
  }
  // 第二十条: the proofs of each completed change belong to the archive, as (二) 证明材料
  // (转学申请, 休学申请…). They are filed when the workflow's last step was decided.
  auto proofs = db.prepare(
      "SELECT w.workflow_id, w.kind, p.kind, p.content_hash, w.started_by, w.started_unit, "
      "(SELECT max(decided_on) FROM workflow_steps s WHERE s.workflow_id = w.workflow_id) AS done "
      "FROM workflows w JOIN workflow_proofs p ON p.workflow_id = w.workflow_id "
      "WHERE w.student_id = ?1 AND w.state = 'completed' AND (?2 = '' OR done <= ?2) "
      "ORDER BY done, p.rowid");
  if (!proofs) return proofs.error();
  proofs->bind(1, student_id).bind(2, as_of);
  auto& filed = sections[static_cast<size_t>(ArchiveKind::Proofs)].entries;
  while (true) {
    auto row = proofs->step();
    if (!row) return row.error();
    if (!*row) break;
    ArchiveEntry e;
    e.entry_id = proofs->text(0) + ":" + proofs->text(2) + ":" + proofs->text(3);
    e.student_id = student_id;
    e.kind = ArchiveKind::Proofs;
    e.title = proofs->text(1) + "/" + proofs->text(2);
    e.attachment_hash = proofs->text(3);
    e.recorded_by = proofs->text(4);
    e.school_code = proofs->text(5);
    e.recorded_on = proofs->text(6);
    e.workflow_id = proofs->text(0);
    filed.push_back(std::move(e));
  }
  std::stable_sort(filed.begin(), filed.end(), [](const ArchiveEntry& a, const ArchiveEntry& b) {
    return a.recorded_on < b.recorded_on;
  });
  return {};
}

}  // namespace

std::string_view archive_kind_name(ArchiveKind kind) {
  return kArchiveKindNames[static_cast<size_t>(kind)];
}

std::optional<ArchiveKind> archive_kind_from_name(std::string_view name) {
  for (size_t i = 0; i < kArchiveKindNames.size(); ++i)
    if (kArchiveKindNames[i] == name) return static_cast<ArchiveKind>(i);
  return std::nullopt;
}

std::string_view paper_archive_item_name(PaperArchiveItem item) {
  return kPaperItemNames[static_cast<size_t>(item)];
}

std::optional<PaperArchiveItem> paper_archive_item_from_name(std::string_view name) {
  for (size_t i = 0; i < kPaperItemNames.size(); ++i)
    if (kPaperItemNames[i] == name) return static_cast<PaperArchiveItem>(i);
  return std::nullopt;
}

bool is_content_hash(std::string_view hash) {
  return hash.size() == 64 && std::all_of(hash.begin(), hash.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Result<void> validate_attachment(const AttachmentRef& a) {
  if (!is_content_hash(a.content_hash))
    return make_error(ErrorCode::AttachmentHashInvalid, "content_hash");
  if (std::find(kMediaTypes.begin(), kMediaTypes.end(), a.media_type) == kMediaTypes.end())
    return make_error(ErrorCode::AttachmentTypeNotAllowed, "media_type");
  if (a.byte_size <= 0) return make_error(ErrorCode::InvalidInput, "byte_size");
  if (a.byte_size > kMaxAttachmentBytes)
    return make_error(ErrorCode::AttachmentTooLarge, "byte_size");
  // A file name, not a path: it is shown to users and used when a copy is saved.
  if (!is_plain_text(a.original_name, 255) ||
      a.original_name.find_first_of("/\\") != std::string::npos)
    return make_error(ErrorCode::ArchiveTextInvalid, "original_name");
  return {};
}

Result<std::optional<StudentArchive>> archive_of(Database& db, const std::string& student_id,
                                                 const std::string& as_of) {
  auto student = find_student(db, student_id);
  if (!student) return student.error();
  if (!*student) return std::optional<StudentArchive>();
  StudentArchive archive;
  archive.student = **student;
  archive.as_of = as_of;
  auto history = student_history(db, student_id);
  if (!history) return history.error();
  if (as_of.empty()) {
    archive.history = std::move(*history);
  } else {
    for (const auto& h : *history)
      if (h.changed_on <= as_of) archive.history.push_back(h);
    for (auto it = history->rbegin(); it != history->rend(); ++it)
      if (it->changed_on > as_of) revert_field(archive.student, it->field, it->old_value);
  }
  for (ArchiveKind kind : kArchiveKinds) archive.sections.push_back(ArchiveSection{kind, {}});
  if (auto loaded = load_entries(db, student_id, as_of, archive.sections); !loaded)
    return loaded.error();
  auto backups = db.prepare(
      "SELECT school_code, created_on, reason FROM archive_backups WHERE student_id = ?1 "
      "AND (?2 = '' OR created_on <= ?2) ORDER BY created_on, school_code");
  if (!backups) return backups.error();
  backups->bind(1, student_id).bind(2, as_of);
  while (true) {
    auto row = backups->step();
    if (!row) return row.error();
    if (!*row) break;
    archive.backups.push_back(ArchiveBackup{backups->text(0), backups->text(1), backups->text(2)});
  }
  return std::optional<StudentArchive>(std::move(archive));
}

// 第十九条: the school holding the archive (and the authorities over it) work on it; a school it
// left keeps a backup to read, never to change.
Result<ArchiveAccess> archive_access(Database& db, const Actor& actor, const Student& student) {
  const School keeper = school_or_code(db, student.school_code);
  if (in_scope(actor, keeper.code, keeper.division_code)) return ArchiveAccess::Full;
  auto stmt = db.prepare("SELECT school_code FROM archive_backups WHERE student_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, student.student_id);
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return ArchiveAccess::None;
    const School holder = school_or_code(db, stmt->text(0));
    if (in_scope(actor, holder.code, holder.division_code)) return ArchiveAccess::ReadOnlyBackup;
  }
}

Result<bool> may_read_archive(Database& db, const Actor& actor, const Student& student) {
  auto access = archive_access(db, actor, student);
  if (!access) return access.error();
  return *access != ArchiveAccess::None;
}

Result<bool> may_change_record(Database& db, const Actor& actor, const Student& student) {
  auto access = archive_access(db, actor, student);
  if (!access) return access.error();
  return *access == ArchiveAccess::Full;
}

Result<StudentArchive> read_archive(Database& db, const Actor& actor,
                                    const std::string& student_id) {
  auto student = find_student(db, student_id);
  if (!student) return student.error();
  if (!*student) return make_error(ErrorCode::NotFound, "student_id");
  auto access = archive_access(db, actor, **student);
  if (!access) return access.error();
  if (*access == ArchiveAccess::None) return make_error(ErrorCode::OutOfScope, "student_id");
  std::string as_of;
  if (*access == ArchiveAccess::ReadOnlyBackup) {
    // The latest backup this actor may see: the archive as that school handed it on.
    auto stmt = db.prepare(
        "SELECT school_code, created_on FROM archive_backups WHERE student_id = ?1 "
        "ORDER BY created_on");
    if (!stmt) return stmt.error();
    stmt->bind(1, student_id);
    while (true) {
      auto row = stmt->step();
      if (!row) return row.error();
      if (!*row) break;
      const School holder = school_or_code(db, stmt->text(0));
      if (in_scope(actor, holder.code, holder.division_code)) as_of = stmt->text(1);
    }
  }
  auto archive = archive_of(db, student_id, as_of);
  if (!archive) return archive.error();
  if (!*archive) return make_error(ErrorCode::NotFound, "student_id");
  // R18 (第二十四条): every read of a full personal record is attributed.
  if (auto audited = append_audit(db, actor.account, actor.device_id, "read_archive", student_id,
                                  as_of.empty() ? "full" : "backup:" + as_of);
      !audited)
    return audited.error();
  return std::move(**archive);
}

Result<void> record_archive_backup(Database& db, const std::string& student_id,
                                   const std::string& school_code, const Date& on,
                                   const std::string& reason) {
  auto stmt = db.prepare(
      "INSERT OR REPLACE INTO archive_backups(student_id, school_code, created_on, reason) "
      "VALUES(?1, ?2, ?3, ?4)");
  if (!stmt) return stmt.error();
  stmt->bind(1, student_id).bind(2, school_code).bind(3, format_date(on)).bind(4, reason);
  return stmt->run();
}

Result<std::vector<PaperArchiveStatus>> paper_archive_checklist(Database& db,
                                                                const std::string& student_id) {
  std::vector<PaperArchiveStatus> list;
  for (PaperArchiveItem item : kPaperArchiveItems) {
    PaperArchiveStatus status;
    status.item = item;
    list.push_back(status);
  }
  auto stmt = db.prepare(
      "SELECT item, present, checked_on, checked_by, note FROM paper_archive_items "
      "WHERE student_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, student_id);
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return list;
    auto item = paper_archive_item_from_name(stmt->text(0));
    if (!item) continue;
    auto& status = list[static_cast<size_t>(*item)];
    status.checked = true;
    status.present = stmt->integer(1) != 0;
    status.checked_on = stmt->text(2);
    status.checked_by = stmt->text(3);
    status.note = stmt->text(4);
  }
}

Date registration_deadline(const Date& enrollment) {
  Date deadline{enrollment.year + (enrollment.month == 12 ? 1 : 0),
                enrollment.month == 12 ? 1 : enrollment.month + 1, enrollment.day};
  while (deadline.day > 28 && !is_valid_date(deadline.year, deadline.month, deadline.day))
    --deadline.day;  // 31 January → 28/29 February: one calendar month, not 31 days
  return deadline;
}

bool registration_is_late(const Date& enrollment, const Date& registered_on) {
  return registered_on > registration_deadline(enrollment);
}

Result<void> record_late_registration(Database& db, const Student& student,
                                      const Date& registered_on) {
  auto stmt = db.prepare(
      "INSERT OR REPLACE INTO late_registrations(student_id, school_code, enrollment_date, "
      "deadline, registered_on) VALUES(?1, ?2, ?3, ?4, ?5)");
  if (!stmt) return stmt.error();
  stmt->bind(1, student.student_id)
      .bind(2, student.school_code)
      .bind(3, format_date(student.enrollment_date))
      .bind(4, format_date(registration_deadline(student.enrollment_date)))
      .bind(5, format_date(registered_on));
  return stmt->run();
}

Result<std::vector<LateRegistration>> late_registrations(
    Database& db, const std::string& school_or_division_prefix) {
  if (school_or_division_prefix.empty()) return make_error(ErrorCode::InvalidInput, "unit_code");
  // Deleted records (a resolved duplicate, 第八条) were never a real registry.
  auto stmt = db.prepare(
      "SELECT l.student_id, s.registry_number, s.name, l.school_code, l.enrollment_date, "
      "l.deadline, l.registered_on FROM late_registrations l "
      "JOIN students s ON s.student_id = l.student_id "
      "LEFT JOIN schools c ON c.code = l.school_code "
      "WHERE s.status <> 'deleted' AND (l.school_code = ?1 OR "
      "substr(c.division_code, 1, length(?1)) = ?1) "
      "ORDER BY l.school_code, l.registered_on, s.registry_number");
  if (!stmt) return stmt.error();
  stmt->bind(1, school_or_division_prefix);
  std::vector<LateRegistration> list;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return list;
    list.push_back(LateRegistration{stmt->text(0), stmt->text(1), stmt->text(2), stmt->text(3),
                                    stmt->text(4), stmt->text(5), stmt->text(6)});
  }
}

}  // namespace xueji
