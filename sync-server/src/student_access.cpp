#include "student_access.hpp"

#include "xueji/date.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/text.hpp"

namespace xueji::server {
namespace {

// Blank: nothing but spaces, tabs, line breaks and ideographic spaces (U+3000, what a Chinese
// input method types).
bool blank(std::string text) {
  for (size_t at; (at = text.find("\xE3\x80\x80")) != std::string::npos;) text.erase(at, 3);
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

Result<std::pair<bool, std::string>> student_scope(Database& db, const Actor& actor,
                                                   const Student& student) {
  auto school = find_school(db, student.school_code);
  if (!school) return school.error();
  if (!*school) return std::pair<bool, std::string>{false, std::string()};
  return std::pair<bool, std::string>{in_scope(actor, (*school)->code, (*school)->division_code),
                                      (*school)->name};
}

Result<std::int64_t> live_grant(Database& db, const std::string& account,
                                const std::string& student_id, std::int64_t now) {
  auto stmt = db.prepare(
      "SELECT coalesce(max(expires_at), 0) FROM lookup_grants "
      "WHERE account = ?1 AND student_id = ?2 AND expires_at > ?3");
  if (!stmt) return stmt.error();
  stmt->bind(1, account).bind(2, student_id).bind(3, now);
  auto row = stmt->step();
  if (!row) return row.error();
  return *row ? stmt->integer(0) : 0;
}

}  // namespace

Result<std::pair<StudentRead, LookupGrant>> break_the_glass(Database& db, const Actor& actor,
                                                            const std::string& id_number,
                                                            const std::string& reason,
                                                            std::int64_t now) {
  auto refuse = [&](const Error& error, const std::string& object, const std::string& result) {
    (void)append_audit(db, actor.account, actor.device_id, "break_glass", object, result);
    return error;
  };
  if (actor.role == Role::Admin)
    return refuse(make_error(ErrorCode::OutOfScope, "role"), id_number, "out_of_scope");
  if (blank(reason))
    return refuse(make_error(ErrorCode::ReasonRequired, "reason"), id_number, "reason_required");
  if (!is_plain_text(reason, kMaxReasonLength))
    return refuse(make_error(ErrorCode::InvalidInput, "reason"), id_number, "invalid_reason");
  if (id_number.empty() || id_number.size() > 64)
    return refuse(make_error(ErrorCode::InvalidInput, "id_number"), "", "invalid_id_number");

  auto found = find_student_by_id_number(db, id_number);
  if (!found) return found.error();
  if (!*found)
    return refuse(make_error(ErrorCode::NotFound, "id_number"), id_number,
                  "not_found; reason: " + reason);
  const Student& student = **found;
  auto scope = student_scope(db, actor, student);
  if (!scope) return scope.error();

  auto tx = Transaction::begin(db);
  if (!tx) return tx.error();
  LookupGrant grant{student.student_id, reason, now, now + kLookupGrantSeconds};
  auto stmt = db.prepare(
      "INSERT INTO lookup_grants(account, student_id, reason, granted_at, expires_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5)");
  if (!stmt) return stmt.error();
  stmt->bind(1, actor.account)
      .bind(2, student.student_id)
      .bind(3, reason)
      .bind(4, grant.granted_at)
      .bind(5, grant.expires_at);
  if (auto stored = stmt->run(); !stored) return stored.error();
  // The reason goes into the tamper-evident log itself, not only into lookup_grants.
  if (auto audited = append_audit(db, actor.account, actor.device_id, "break_glass",
                                  student.student_id, "granted; reason: " + reason);
      !audited)
    return audited.error();
  if (auto committed = tx->commit(); !committed) return committed.error();
  StudentRead read{student, scope->second, !scope->first, scope->first ? 0 : grant.expires_at};
  return std::pair<StudentRead, LookupGrant>{std::move(read), std::move(grant)};
}

Result<StudentRead> read_student(Database& db, const Actor& actor, const std::string& student_id,
                                 std::int64_t now) {
  auto found = find_student(db, student_id);
  if (!found) return found.error();
  if (!*found) return make_error(ErrorCode::NotFound, "student_id");
  auto scope = student_scope(db, actor, **found);
  if (!scope) return scope.error();
  StudentRead read{std::move(**found), scope->second, false, 0};
  if (!scope->first) {
    auto grant = live_grant(db, actor.account, student_id, now);
    if (!grant) return grant.error();
    if (*grant == 0) {
      (void)append_audit(db, actor.account, actor.device_id, "read_student", student_id,
                         "out_of_scope");
      return make_error(ErrorCode::OutOfScope, "student_id");
    }
    read.via_grant = true;
    read.grant_expires_at = *grant;
  }
  // R18 (第二十四条): every read of personal data is attributed and audited.
  if (auto audited = append_audit(db, actor.account, actor.device_id, "read_student", student_id,
                                  read.via_grant ? "ok; via break-the-glass grant" : "ok");
      !audited)
    return audited.error();
  return read;
}

std::optional<std::string> normalize_as_of(const std::string& text) {
  auto digits = [&](size_t from, size_t count) {
    for (size_t i = from; i < from + count; ++i)
      if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;
    return true;
  };
  if (!digits(0, 4) || text.size() < 10 || text[4] != '-' || !digits(5, 2) || text[7] != '-' ||
      !digits(8, 2) || !parse_date(text.substr(0, 10)))
    return std::nullopt;
  if (text.size() == 10) return text + "T23:59:59.999Z";
  if (text[10] != 'T' || !digits(11, 2) || text[13] != ':' || !digits(14, 2) || text[16] != ':' ||
      !digits(17, 2) || text.substr(11, 2) > "23" || text.substr(14, 2) > "59" ||
      text.substr(17, 2) > "59")
    return std::nullopt;
  if (text.size() == 20 && text[19] == 'Z') return text.substr(0, 19) + ".999Z";
  if (text.size() == 24 && text[19] == '.' && digits(20, 3) && text[23] == 'Z') return text;
  return std::nullopt;
}

Result<StudentHistory> read_student_history(Database& db, const Actor& actor,
                                            const std::string& student_id,
                                            const std::optional<std::string>& as_of) {
  auto found = find_student(db, student_id);
  if (!found) return found.error();
  if (!*found) return make_error(ErrorCode::NotFound, "student_id");
  auto scope = student_scope(db, actor, **found);
  if (!scope) return scope.error();
  if (!scope->first) {
    (void)append_audit(db, actor.account, actor.device_id, "read_student_history", student_id,
                       "out_of_scope");
    return make_error(ErrorCode::OutOfScope, "student_id");
  }
  StudentHistory result;
  result.read = StudentRead{std::move(**found), scope->second, false, 0};
  auto current = student_provenance(db, student_id);
  if (!current) return current.error();
  result.current = std::move(*current);
  auto history = student_field_history(db, student_id);
  if (!history) return history.error();
  result.history = std::move(*history);
  if (as_of) {
    auto rebuilt = rebuild_student_as_of(db, student_id, *as_of);
    if (!rebuilt) return rebuilt.error();
    result.as_of = *as_of;
    result.record_as_of = std::move(*rebuilt);
  }
  // R18 (第二十四条): every read of personal data is attributed and audited.
  if (auto audited = append_audit(db, actor.account, actor.device_id, "read_student_history",
                                  student_id, as_of ? "ok; as_of " + *as_of : "ok");
      !audited)
    return audited.error();
  return result;
}

}  // namespace xueji::server
