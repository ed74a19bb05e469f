#include "xueji/local_registry.hpp"
#include "xueji/student_search.hpp"

#include <algorithm>

#include "xueji/hlc.hpp"
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
  auto stamp = next_hlc(device_time);
  if (!stamp) return stamp.error();
  op.hlc = *stamp;
  // Issue 4, item 4: the pending operations on the same records; if one of them is refused,
  // this one is held back rather than run on a state the registrar never saw.
  const auto targets = operation_targets(command);
  std::string joined;
  for (const auto& t : targets) joined += (joined.empty() ? "" : ",") + t;
  if (!targets.empty()) {
    auto earlier = db_.prepare(
        "SELECT op_id, targets FROM outbox WHERE state = 'pending' AND targets <> '' ORDER BY seq");
    if (!earlier) return earlier.error();
    while (true) {
      auto row = earlier->step();
      if (!row) return row.error();
      if (!*row) break;
      const std::string theirs = "," + earlier->text(1) + ",";
      for (const auto& t : targets)
        if (theirs.find("," + t + ",") != std::string::npos) {
          op.depends_on.push_back(earlier->text(0));
          break;
        }
    }
  }

  auto outbox = db_.prepare(
      "INSERT INTO outbox(seq, op_id, student_id, body, state, targets) "
      "VALUES(?1, ?2, ?3, ?4, 'pending', ?5)");
  if (!outbox) return outbox.error();
  outbox->bind(1, op.seq)
      .bind(2, op.op_id)
      .bind(3, outcome->student_id)
      .bind(4, to_json(op))
      .bind(5, joined);
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
      "ORDER BY s.grade, s.class_name, s.name");
  if (!stmt) return result;
  // The search is student_matches (pinyin initials cannot be SQL), applied to every row.
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
    if (student_matches(s, query)) result.push_back(std::move(entry));
  }
  return result;
}

int LocalRegistry::pending_count() {
  auto stmt = db_.prepare("SELECT count(*) FROM outbox WHERE state = 'pending'");
  if (!stmt) return 0;
  auto row = stmt->step();
  return row && *row ? static_cast<int>(stmt->integer(0)) : 0;
}

Result<void> LocalRegistry::resolve_rejection(const std::string& op_id) {
  auto stmt = db_.prepare("DELETE FROM rejections WHERE op_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, op_id);
  return stmt->run();
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
  std::vector<std::string> refused;  // op_ids not applied: what later operations may depend on
  bool late_applied = false;
  auto list = [&](const OpVerdict& v, const std::string& student_id,
                  const std::string& op_body) -> Result<void> {
    auto student = find_student(db_, student_id);
    if (!student) return student.error();
    auto note = db_.prepare(
        "INSERT OR REPLACE INTO rejections(op_id, student_name, code, message_zh, message_en, "
        "outcome, case_id, held_by, body) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!note) return note.error();
    note->bind(1, v.op_id)
        .bind(2, *student ? (*student)->name : std::string())
        .bind(3, v.code)
        .bind(4, v.message_zh)
        .bind(5, v.message_en)
        .bind(6, outcome_name(v.outcome))
        .bind(7, v.case_id)
        .bind(8, v.held_by)
        .bind(9, op_body);
    if (auto noted = note->run(); !noted) return noted;
    auto done = db_.prepare("DELETE FROM outbox WHERE op_id = ?1");
    if (!done) return done.error();
    done->bind(1, v.op_id);
    return done->run();
  };
  for (const auto& v : response->verdicts) {
    auto find =
        db_.prepare("SELECT student_id, body FROM outbox WHERE op_id = ?1 AND state = 'pending'");
    if (!find) return find.error();
    find->bind(1, v.op_id);
    auto row = find->step();
    if (!row) return row.error();
    if (is_retryable(v)) continue;  // send again later
    if (!*row) {
      // Not pending: unknown or already settled — except a line held under 需处理 that the server
      // judged again after a county decision released it (a late copy of an earlier push can
      // carry that verdict before this device released the line itself): the new verdict wins.
      if (v.outcome == Outcome::Held) continue;
      auto held = db_.prepare("SELECT body FROM rejections WHERE op_id = ?1 AND outcome = 'held'");
      if (!held) return held.error();
      held->bind(1, v.op_id);
      auto line = held->step();
      if (!line) return line.error();
      if (!*line) continue;
      const std::string held_body = held->text(0);
      if (v.outcome == Outcome::Applied) {
        apply_acknowledged(held_body);
        if (auto resolved = resolve_rejection(v.op_id); !resolved) return resolved.error();
        ++summary.applied;
        late_applied = true;  // its effect reaches the working state with a rebase
      } else {
        auto op = parse_operation(held_body);
        const auto targets = op ? operation_targets(op->command) : std::vector<std::string>{};
        if (auto listed = list(v, targets.empty() ? std::string() : targets.front(), held_body);
            !listed)
          return listed.error();
      }
      continue;
    }
    const std::string student_id = find->text(0);
    const std::string op_body = find->text(1);

    if (v.outcome == Outcome::Applied) {
      apply_acknowledged(op_body);
      ++summary.applied;
      auto done = db_.prepare("DELETE FROM outbox WHERE op_id = ?1");
      if (!done) return done.error();
      done->bind(1, v.op_id);
      if (auto removed = done->run(); !removed) return removed.error();
      continue;
    }
    // Listed under 需处理 with the operation itself; its optimistic effect goes with the rebase.
    if (auto listed = list(v, student_id, op_body); !listed) return listed.error();
    refused.push_back(v.op_id);
    v.outcome == Outcome::Conflict ? ++summary.conflicts
    : v.outcome == Outcome::Held   ? ++summary.held
                                   : ++summary.rejected;
  }
  // Pending operations that depend on a refused one are held back on the device, never sent:
  // the server would hold them too (they list it in depends_on).
  if (!refused.empty()) {
    auto pending = db_.prepare(
        "SELECT op_id, student_id, body FROM outbox WHERE state = 'pending' ORDER BY seq");
    if (!pending) return pending.error();
    struct Pending {
      std::string op_id, student_id, body;
    };
    std::vector<Pending> rows;
    while (true) {
      auto row = pending->step();
      if (!row) return row.error();
      if (!*row) break;
      rows.push_back({pending->text(0), pending->text(1), pending->text(2)});
    }
    for (const auto& p : rows) {
      auto op = parse_operation(p.body);
      if (!op) continue;
      std::string held_by;
      for (const auto& dependency : op->depends_on)
        if (std::find(refused.begin(), refused.end(), dependency) != refused.end())
          held_by = dependency;
      if (held_by.empty()) continue;
      OpVerdict held;
      held.op_id = p.op_id;
      held.outcome = Outcome::Held;
      held.code = code_name(ErrorCode::DependsOnRejected);
      held.field = "depends_on";
      held.message_zh = message(ErrorCode::DependsOnRejected, Lang::Zh);
      held.message_en = message(ErrorCode::DependsOnRejected, Lang::En);
      held.held_by = held_by;
      if (auto listed = list(held, p.student_id, p.body); !listed) return listed.error();
      refused.push_back(p.op_id);
      ++summary.held;
    }
  }
  if (!response->server_hlc.empty())
    if (auto received = receive_server_hlc(response->server_hlc, device_time); !received)
      return received.error();
  if (auto committed = mirror_tx->commit(); !committed) return committed.error();
  if (auto committed = tx->commit(); !committed) return committed.error();
  // A refused operation's effect (whatever tables it touched) disappears: the working state is
  // rebuilt from the mirror and the operations still pending.
  if (summary.rejected + summary.conflicts + summary.held > 0 || late_applied) {
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
  auto current = session_actor();
  if (!current) return {};
  auto cases = review_cases_in_scope(db_, *current);
  return cases ? *cases : std::vector<ReviewCase>{};
}

Result<std::string> LocalRegistry::next_hlc(const std::string& device_time) {
  auto stmt = db_.prepare("SELECT hlc, clock_offset_ms FROM device_info WHERE id = 1");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  const Hlc last = *row ? parse_hlc(stmt->text(0)).value_or(Hlc{}) : Hlc{};
  const std::int64_t offset = *row ? stmt->integer(1) : 0;
  // The device clock corrected by the offset learnt at the last sync (docs/SYNC.md, "Clocks"):
  // a clock set 30 days wrong still stamps true time once the device has synced.
  auto device_ms = parse_time_ms(device_time);
  const Hlc next = hlc_tick(last, device_ms ? *device_ms + offset : 0);
  auto save = db_.prepare("UPDATE device_info SET hlc = ?1 WHERE id = 1");
  if (!save) return save.error();
  save->bind(1, format_hlc(next));
  if (auto saved = save->run(); !saved) return saved.error();
  return format_hlc(next);
}

Result<void> LocalRegistry::receive_server_hlc(const std::string& server_hlc,
                                               const std::string& device_time) {
  auto server = parse_hlc(server_hlc);
  if (!server) return {};  // an older server sends none: nothing to learn
  auto stmt = db_.prepare("SELECT hlc, clock_offset_ms FROM device_info WHERE id = 1");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  Hlc last = *row ? parse_hlc(stmt->text(0)).value_or(Hlc{}) : Hlc{};
  std::int64_t offset = *row ? stmt->integer(1) : 0;
  // Stamps far ahead of the server's were made by a wrong clock (the server re-stamped them):
  // forget them, or this device's clock would stay in the future for good.
  if (last.wall_ms > server->wall_ms + kMaxClockLeadMs) last = *server;
  auto device_ms = parse_time_ms(device_time);
  // The server's clock at the response, less the device's: the offset the next stamps add.
  // (The network delay makes it a little low, never a day off.)
  if (device_ms && server->wall_ms > 0) offset = server->wall_ms - *device_ms;
  const Hlc next = hlc_receive(last, *server, device_ms ? *device_ms + offset : 0);
  auto save = db_.prepare("UPDATE device_info SET hlc = ?1, clock_offset_ms = ?2 WHERE id = 1");
  if (!save) return save.error();
  save->bind(1, format_hlc(next)).bind(2, offset);
  return save->run();
}

std::string LocalRegistry::hlc() {
  auto stmt = db_.prepare("SELECT hlc FROM device_info WHERE id = 1");
  if (!stmt) return {};
  auto row = stmt->step();
  return row && *row ? stmt->text(0) : std::string();
}

}  // namespace xueji
