#include "xueji/local_registry.hpp"

#include "xueji/registry_store.hpp"
#include "xueji/schema.hpp"
#include "xueji/uuid.hpp"

namespace xueji {
namespace {

// Verdicts that say "not now" rather than "no": the operation stays in the outbox and is sent
// again (a server storage hiccup, or a client that must update first; 第八条's records are
// never dropped because of either).
bool is_retryable(const OpVerdict& v) {
  return v.outcome == Outcome::Rejected && (v.code == code_name(ErrorCode::StorageError) ||
                                            v.code == code_name(ErrorCode::UnsupportedVersion));
}

}  // namespace

Result<LocalRegistry> LocalRegistry::open(const std::string& path) {
  auto db = Database::open(path);
  if (!db) return db.error();
  if (auto migrated = migrate(*db, DatabaseRole::Device); !migrated) return migrated.error();
  auto stmt = db->prepare("INSERT OR IGNORE INTO device_info(id, device_id) VALUES(1, ?1)");
  if (!stmt) return stmt.error();
  stmt->bind(1, new_uuid());
  if (auto ran = stmt->run(); !ran) return ran.error();
  // The mirror: same schema, its own file (rebase attaches it to the working connection).
  auto mirror = Database::open(path + "-mirror");
  if (!mirror) return mirror.error();
  if (auto migrated = migrate(*mirror, DatabaseRole::Device); !migrated) return migrated.error();
  return LocalRegistry(std::move(*db), std::move(*mirror), path + "-mirror");
}

std::optional<Actor> LocalRegistry::session_actor() {
  auto current = session();
  if (!current) return std::nullopt;
  auto role = role_from_name(current->role);
  if (!role) return std::nullopt;
  return Actor{current->account, *role, current->unit_code, device_id()};
}

std::string LocalRegistry::device_id() {
  auto stmt = db_.prepare("SELECT device_id FROM device_info WHERE id = 1");
  if (!stmt) return {};
  auto row = stmt->step();
  return row && *row ? stmt->text(0) : std::string();
}

Result<void> LocalRegistry::save_session(const Session& s) {
  auto stmt = db_.prepare(
      "INSERT OR REPLACE INTO device_session(id, token, account, display_name, role, unit_code, "
      "unit_name, device_id) VALUES(1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!stmt) return stmt.error();
  stmt->bind(1, s.token)
      .bind(2, s.account)
      .bind(3, s.display_name)
      .bind(4, s.role)
      .bind(5, s.unit_code)
      .bind(6, s.unit_name)
      .bind(7, s.device_id);
  return stmt->run();
}

std::optional<Session> LocalRegistry::session() {
  auto stmt = db_.prepare(
      "SELECT token, account, display_name, role, unit_code, unit_name, device_id "
      "FROM device_session WHERE id = 1");
  if (!stmt) return std::nullopt;
  auto row = stmt->step();
  if (!row || !*row) return std::nullopt;
  return Session{stmt->text(0), stmt->text(1), stmt->text(2), stmt->text(3),
                 stmt->text(4), stmt->text(5), stmt->text(6)};
}

Result<void> LocalRegistry::clear_session() {
  return db_.exec("DELETE FROM device_session;");
}

Result<CommandOutcome> LocalRegistry::submit(const Command& command, const Date& today,
                                             const std::string& device_time) {
  auto current = session_actor();
  if (!current) return make_error(ErrorCode::Unauthenticated);
  const Actor& actor = *current;

  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  // The device runs the same rules the server will, so the registrar hears at once what the
  // rules already know; the optimistic effect and its operation commit together.
  auto outcome = execute(db_, CommandContext{actor, today, Replica::Device}, command);
  if (!outcome) return outcome.error();

  auto seq_stmt = db_.prepare("SELECT next_seq FROM device_info WHERE id = 1");
  if (!seq_stmt) return seq_stmt.error();
  auto seq_row = seq_stmt->step();
  if (!seq_row) return seq_row.error();
  Operation op;
  op.op_id = new_uuid();
  op.device_id = actor.device_id;
  op.seq = *seq_row ? seq_stmt->integer(0) : 1;
  op.actor = actor.account;
  op.device_time = device_time;
  op.command = command;

  auto outbox = db_.prepare(
      "INSERT INTO outbox(seq, op_id, student_id, body, state) VALUES(?1, ?2, ?3, ?4, 'pending')");
  if (!outbox) return outbox.error();
  outbox->bind(1, op.seq).bind(2, op.op_id).bind(3, outcome->student_id).bind(4, to_json(op));
  if (auto queued = outbox->run(); !queued) return queued.error();
  if (auto bumped = db_.exec("UPDATE device_info SET next_seq = next_seq + 1 WHERE id = 1;");
      !bumped)
    return bumped.error();
  if (auto committed = tx->commit(); !committed) return committed.error();
  return outcome;
}

Result<Student> LocalRegistry::register_student(const StudentRegistration& input, const Date& today,
                                                const std::string& device_time) {
  RegisterStudent command{input};
  if (command.registration.student_id.empty()) command.registration.student_id = new_uuid();
  auto outcome = submit(command, today, device_time);
  if (!outcome) return outcome.error();
  auto stored = find_student(db_, outcome->student_id);
  if (!stored) return stored.error();
  if (!*stored) return make_error(ErrorCode::StorageError, "student_id");
  return **stored;
}

std::vector<LocalStudent> LocalRegistry::list_students(const std::string& query) {
  std::vector<LocalStudent> result;
  auto stmt = db_.prepare(
      "SELECT s.student_id, s.registry_number, s.name, s.id_number, s.gender, s.birth_date, "
      "s.enrollment_date, s.grade, s.class_name, s.school_code, s.status, s.version, "
      "CASE WHEN o.seq IS NULL THEN 'synced' ELSE o.state END "
      "FROM students s LEFT JOIN outbox o ON o.student_id = s.student_id "
      "WHERE ?1 = '' OR instr(s.name, ?1) > 0 OR s.registry_number LIKE ?1 || '%' "
      "OR s.id_number LIKE ?1 || '%' OR s.class_name = ?1 "
      "ORDER BY s.grade, s.class_name, s.name");
  if (!stmt) return result;
  stmt->bind(1, query);
  while (true) {
    auto row = stmt->step();
    if (!row || !*row) break;
    LocalStudent entry;
    Student& s = entry.student;
    s.student_id = stmt->text(0);
    s.registry_number = stmt->text(1);
    s.name = stmt->text(2);
    s.id_number = stmt->text(3);
    s.gender = stmt->integer(4) == 2 ? Gender::Female : Gender::Male;
    s.birth_date = parse_date(stmt->text(5)).value_or(Date{});
    s.enrollment_date = parse_date(stmt->text(6)).value_or(Date{});
    s.grade = static_cast<int>(stmt->integer(7));
    s.class_name = stmt->text(8);
    s.school_code = stmt->text(9);
    s.status = stmt->text(10);
    s.version = stmt->integer(11);
    entry.sync_state = stmt->text(12);
    result.push_back(std::move(entry));
  }
  return result;
}

int LocalRegistry::pending_count() {
  auto stmt = db_.prepare("SELECT count(*) FROM outbox WHERE state = 'pending'");
  if (!stmt) return 0;
  auto row = stmt->step();
  return row && *row ? static_cast<int>(stmt->integer(0)) : 0;
}

std::vector<Rejection> LocalRegistry::rejections() {
  std::vector<Rejection> result;
  auto stmt = db_.prepare(
      "SELECT op_id, student_name, code, message_zh, message_en, outcome, case_id, held_by, body "
      "FROM rejections ORDER BY rowid");
  if (!stmt) return result;
  while (true) {
    auto row = stmt->step();
    if (!row || !*row) break;
    result.push_back(Rejection{stmt->text(0), stmt->text(1), stmt->text(2), stmt->text(3),
                               stmt->text(4), stmt->text(5), stmt->text(6), stmt->text(7),
                               stmt->text(8)});
  }
  return result;
}

std::optional<std::string> LocalRegistry::build_push_body(int max_ops) {
  auto stmt = db_.prepare("SELECT body FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?1");
  if (!stmt) return std::nullopt;
  stmt->bind(1, max_ops);
  PushRequest request;
  request.device_id = device_id();
  while (true) {
    auto row = stmt->step();
    if (!row || !*row) break;
    auto op = parse_operation(stmt->text(0));
    if (op) request.ops.push_back(std::move(*op));
  }
  if (request.ops.empty()) return std::nullopt;
  return to_json(request);
}

Result<SyncSummary> LocalRegistry::apply_push_response(std::string_view body,
                                                       const std::string& device_time) {
  (void)device_time;
  auto response = parse_push_response(body);
  if (!response) return response.error();
  // The mirror learns the acknowledged operations first: if the device stops in between, the
  // operation is still pending and its replay on top of the mirror is refused as a duplicate
  // until the server's recorded verdict (S2) clears it.
  auto mirror_tx = Transaction::begin(mirror_);
  if (!mirror_tx) return mirror_tx.error();
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  SyncSummary summary;
  for (const auto& v : response->verdicts) {
    auto find =
        db_.prepare("SELECT student_id, body FROM outbox WHERE op_id = ?1 AND state = 'pending'");
    if (!find) return find.error();
    find->bind(1, v.op_id);
    auto row = find->step();
    if (!row) return row.error();
    if (!*row || is_retryable(v)) continue;  // unknown or already settled; or send again later
    std::string student_id = find->text(0);

    if (v.outcome == Outcome::Applied) {
      apply_acknowledged(find->text(1));
      ++summary.applied;
    } else {
      // Listed under 需处理; the optimistic effect goes with the rebase below.
      auto student = find_student(db_, student_id);
      if (!student) return student.error();
      auto note = db_.prepare(
          "INSERT OR REPLACE INTO rejections(op_id, student_name, code, message_zh, message_en) "
          "VALUES(?1, ?2, ?3, ?4, ?5)");
      if (!note) return note.error();
      note->bind(1, v.op_id)
          .bind(2, *student ? (*student)->name : std::string())
          .bind(3, v.code)
          .bind(4, v.message_zh)
          .bind(5, v.message_en);
      if (auto noted = note->run(); !noted) return noted.error();
      v.outcome == Outcome::Conflict ? ++summary.conflicts : ++summary.rejected;
    }
    auto done = db_.prepare("DELETE FROM outbox WHERE op_id = ?1");
    if (!done) return done.error();
    done->bind(1, v.op_id);
    if (auto removed = done->run(); !removed) return removed.error();
  }
  if (auto committed = mirror_tx->commit(); !committed) return committed.error();
  if (auto committed = tx->commit(); !committed) return committed.error();
  // A refused operation's effect (whatever tables it touched) disappears: the working state is
  // rebuilt from the mirror and the operations still pending.
  if (summary.rejected + summary.conflicts > 0) {
    if (auto rebased = rebase(); !rebased) return rebased.error();
  }
  return summary;
}

}  // namespace xueji

namespace xueji {

Result<CommandOutcome> LocalRegistry::edit_student(const std::string& student_id,
                                                   const std::vector<FieldChange>& changes,
                                                   const Date& today,
                                                   const std::string& device_time) {
  EditStudent command{student_id, changes};
  for (auto& change : command.changes)
    if (change.base_version == 0) change.base_version = field_version(student_id, change.field);
  return submit(command, today, device_time);
}

std::int64_t LocalRegistry::field_version(const std::string& student_id, const std::string& field) {
  auto stmt = db_.prepare(
      "SELECT version FROM field_versions WHERE entity = 'student' AND entity_id = ?1 AND "
      "field = ?2");
  if (!stmt) return 1;
  stmt->bind(1, student_id).bind(2, field);
  auto row = stmt->step();
  return row && *row ? stmt->integer(0) : 1;  // never changed since registration: version 1
}

std::vector<ReviewCase> LocalRegistry::review_cases() {
  return {};
}

std::string LocalRegistry::hlc() {
  auto stmt = db_.prepare("SELECT hlc FROM device_info WHERE id = 1");
  if (!stmt) return {};
  auto row = stmt->step();
  return row && *row ? stmt->text(0) : std::string();
}

}  // namespace xueji
