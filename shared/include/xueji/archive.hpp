// The student's registry archive (学籍档案): its six kinds of content (第六条), the paper-archive
// checklist (第九条), who may read or change it as it moves between schools (第十七–十九条),
// and the one-month registration deadline (第六条).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include "xueji/text.hpp"

#include "xueji/actor.hpp"
#include "xueji/archive_commands.hpp"
#include "xueji/database.hpp"
#include "xueji/date.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/student.hpp"

namespace xueji {

// 第六条 (一)–(六). (一) is the students row and its change history, never an entry of its own:
// basic information changes only through a correction (第十条).
enum class ArchiveKind {
  BasicInfo,  // (一) 学籍基础信息及信息变动情况
  Proofs,     // (二) 学籍信息证明材料 (户籍证明, 转学申请, 休学申请…)
  QualityReports,  // (三) 综合素质发展报告 (学业考试, 体育艺术, 社区服务和社会实践)
  Health,        // (四) 体质健康测试, 健康体检, 预防接种
  Awards,        // (五) 在校期间的获奖信息
  FinancialAid,  // (六) 享受资助信息
};
inline constexpr ArchiveKind kArchiveKinds[] = {
    ArchiveKind::BasicInfo, ArchiveKind::Proofs, ArchiveKind::QualityReports,
    ArchiveKind::Health,    ArchiveKind::Awards, ArchiveKind::FinancialAid};

std::string_view archive_kind_name(ArchiveKind kind);  // "basic_info", "proofs", …
std::optional<ArchiveKind> archive_kind_from_name(std::string_view name);

inline constexpr std::int64_t kMaxAttachmentBytes = 10 * 1024 * 1024;

bool is_content_hash(std::string_view hash);
// Hash shape, allowed media type, size 1 byte … 10 MB, and a sane file name.
Result<void> validate_attachment(const AttachmentRef& attachment);

struct ArchiveEntry {
  std::string entry_id;
  std::string student_id;
  ArchiveKind kind = ArchiveKind::Proofs;
  std::string title;
  std::string occurred_on;
  std::string recorded_on;
  std::string recorded_by;
  std::string school_code;  // the school that recorded it
  std::string attachment_hash;
  std::string note;
  std::string workflow_id;  // set for proofs of a completed workflow (第二十条)
};

struct ArchiveSection {
  ArchiveKind kind = ArchiveKind::Proofs;
  std::vector<ArchiveEntry> entries;
};

struct ArchiveBackup {
  std::string school_code;
  std::string created_on;
  std::string reason;  // "transfer", "promotion", …
};

struct StudentArchive {
  Student student;                       // (一) basic information
  std::vector<HistoryEntry> history;     // (一) and its changes
  std::vector<ArchiveSection> sections;  // all six kinds in order; (一) holds no entries
  std::vector<ArchiveBackup> backups;    // schools keeping a read-only copy (第十九条)
  std::string as_of;  // empty: the live archive; else a backup's state on that date
};

// The archive of a student, grouped by kind. The student's current school (students.school_code)
// is the archive's keeper, so promotion and transfer move it with the student and nothing is
// copied (第十七条). With `as_of`, only what the archive held on that day: entries recorded and
// history made later are left out, and the basic fields they changed show their old values.
Result<std::optional<StudentArchive>> archive_of(Database& db, const std::string& student_id,
                                                 const std::string& as_of = {});

// Who sees an archive (第十九条, R18). Full: the current school and the authorities over it;
// ReadOnlyBackup: a school that keeps a backup (or an authority over it), as of the backup date.
enum class ArchiveAccess { None, ReadOnlyBackup, Full };
Result<ArchiveAccess> archive_access(Database& db, const Actor& actor, const Student& student);
Result<bool> may_read_archive(Database& db, const Actor& actor, const Student& student);
// Only the keeper's side may change the record; a backup holder never may.
Result<bool> may_change_record(Database& db, const Actor& actor, const Student& student);

// A permission-checked, audited read of the full archive (R18: reads of personal records are
// recorded). Backup holders get the archive as of their backup's date.
Result<StudentArchive> read_archive(Database& db, const Actor& actor,
                                    const std::string& student_id);

// 第十九条: a school the archive leaves keeps a read-only backup. Transfer writes one; promotion
// to another school (升学) uses this too. Replaces an older backup of the same school.
Result<void> record_archive_backup(Database& db, const std::string& student_id,
                                   const std::string& school_code, const Date& on,
                                   const std::string& reason);

enum class PaperArchiveItem { BasicInfo, Proofs, QualityReports, Awards };
inline constexpr PaperArchiveItem kPaperArchiveItems[] = {
    PaperArchiveItem::BasicInfo, PaperArchiveItem::Proofs, PaperArchiveItem::QualityReports,
    PaperArchiveItem::Awards};
std::string_view paper_archive_item_name(PaperArchiveItem item);
std::optional<PaperArchiveItem> paper_archive_item_from_name(std::string_view name);

struct PaperArchiveStatus {
  PaperArchiveItem item = PaperArchiveItem::BasicInfo;
  bool checked = false;  // false: nobody has checked yet
  bool present = false;
  std::string checked_on;
  std::string checked_by;
  std::string note;
};
// Always four rows, in the order of 第九条.
Result<std::vector<PaperArchiveStatus>> paper_archive_checklist(Database& db,
                                                                const std::string& student_id);

// 第六条: the archive is created within one month of enrollment. The deadline is the same day of
// the next month (the month's last day when that day does not exist).
Date registration_deadline(const Date& enrollment);
bool registration_is_late(const Date& enrollment, const Date& registered_on);
Result<void> record_late_registration(Database& db, const Student& student,
                                      const Date& registered_on);

struct LateRegistration {
  std::string student_id;
  std::string registry_number;
  std::string name;
  std::string school_code;  // the school that registered late
  std::string enrollment_date;
  std::string deadline;
  std::string registered_on;
};
// Late registrations of one school (a 10-digit school code) or of every school whose division
// starts with `school_or_division_prefix` ("411623" a county, "4116" a city). Callers pass the
// actor's own unit, so each level sees its own overdue list.
Result<std::vector<LateRegistration>> late_registrations(
    Database& db, const std::string& school_or_division_prefix);

}  // namespace xueji
