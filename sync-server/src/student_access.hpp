// Reading one student (第三条 scope) and "break the glass": a lookup outside one's scope by ID
// number, with a stated reason, that grants read access to that one student for a limited time
// (e.g. a receiving school checking a transfer applicant). Every read, grant and refusal is
// written to the audit log (R18).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "xueji/actor.hpp"
#include "xueji/database.hpp"
#include "xueji/field_edit.hpp"
#include "xueji/student.hpp"

namespace xueji::server {

inline constexpr std::int64_t kLookupGrantSeconds = 24 * 3600;
inline constexpr int kMaxReasonLength = 500;  // code points

struct LookupGrant {
  std::string student_id;
  std::string reason;
  std::int64_t granted_at = 0;
  std::int64_t expires_at = 0;
};

struct StudentRead {
  Student student;
  std::string school_name;
  bool via_grant = false;  // readable only through a break-the-glass grant
  std::int64_t grant_expires_at = 0;
};

// REASON_REQUIRED for an empty (or blank) reason; INVALID_INPUT for an over-long one or a
// missing ID number; NOT_FOUND when no student has that ID number; OUT_OF_SCOPE for the
// administrator (accounts, not student records). Audited in every case.
Result<std::pair<StudentRead, LookupGrant>> break_the_glass(Database& db, const Actor& actor,
                                                            const std::string& id_number,
                                                            const std::string& reason,
                                                            std::int64_t now);
// The student if it lies in the actor's scope or the actor holds a live grant for it;
// OUT_OF_SCOPE (audited) otherwise; NOT_FOUND for an unknown id. Successful reads are audited.
Result<StudentRead> read_student(Database& db, const Actor& actor, const std::string& student_id,
                                 std::int64_t now);

// A student's merged record for county review (S4): the current value and provenance of every
// field, every value each field ever had (including the losing sides of automatic
// resolutions, status auto_lost), and, with `as_of`, the record rebuilt as it was then.
struct StudentHistory {
  StudentRead read;
  std::vector<FieldProvenance> current;
  std::vector<FieldHistoryEntry> history;
  std::optional<std::string> as_of;  // normalised, as stored in field_history
  RecordImage record_as_of;
};

// "2026-09-15" (the end of that day, UTC), "2026-09-15T08:30:00Z" (the end of that second) or
// "2026-09-15T08:30:00.250Z" → the stored form "2026-09-15T08:30:00.250Z"; nullopt otherwise.
std::optional<std::string> normalize_as_of(const std::string& text);

// Within the actor's scope only (第三条, in_scope: a break-the-glass grant opens the current
// record, not its history): OUT_OF_SCOPE (audited) otherwise; NOT_FOUND for an unknown id.
// Successful reads are audited (R18).
Result<StudentHistory> read_student_history(Database& db, const Actor& actor,
                                            const std::string& student_id,
                                            const std::optional<std::string>& as_of);

}  // namespace xueji::server
