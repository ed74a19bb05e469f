// The device half of the pull (docs/SYNC.md): pages into the mirror, then the rebase that
// keeps the invariant of issue 4 — working state = server state for this device's scope
// + the operations still pending, re-run through the same execute() as everywhere.
#include <algorithm>
#include <chrono>
#include <map>

#include "row_images.hpp"
#include "sync_entities.hpp"
#include "xueji/local_registry.hpp"
#include "xueji/operation.hpp"
#include "xueji/review_case.hpp"

namespace xueji {
namespace {

Date op_day(const Operation& op) {
  return parse_date(op.device_time.substr(0, 10)).value_or(Date{});
}

Result<void> drop_entity(Database& db, const PulledChange& change) {
  auto tables = entity_tables(change.entity);
  for (auto t = tables.rbegin(); t != tables.rend(); ++t) {
    // Children always; the entity's own row only when it left scope (its cascade then takes
    // the archive rows the mirror kept for it: the record moved away, 第十七条).
    if (t->parent && !change.removed) continue;
    auto stmt = db.prepare("DELETE FROM " + std::string(t->table) + " WHERE " +
                           std::string(t->key_column) + " = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, change.entity_id);
    if (auto ran = stmt->run(); !ran) return ran;
  }
  return {};
}

// A registration the device made and the server stored under another student_id (it continued
// a graduate's record) must give way to the server's row: 学籍号 and document are unique.
Result<void> clear_unique_clash(Database& db, const PulledRow& row) {
  if (row.table != "students") return {};
  auto value = [&](const char* column) {
    auto found = row.values.find(column);
    return found == row.values.end() ? std::string() : found->second;
  };
  auto stmt = db.prepare(
      "DELETE FROM students WHERE student_id <> ?1 AND (registry_number = ?2 OR "
      "(document_type = ?3 AND id_number = ?4))");
  if (!stmt) return stmt.error();
  stmt->bind(1, value("student_id"))
      .bind(2, value("registry_number"))
      .bind(3, value("document_type"))
      .bind(4, value("id_number"));
  return stmt->run();
}

Result<void> store_entity(Database& db, const PulledChange& change) {
  if (entity_tables(change.entity).empty())
    return make_error(ErrorCode::MalformedRequest, "entity");
  if (auto dropped = drop_entity(db, change); !dropped) return dropped;
  if (change.removed) return {};
  for (const auto& t : entity_tables(change.entity)) {
    for (const auto& row : change.rows) {
      if (row.table != t.table) continue;
      // Every row must belong to the entity it came with.
      auto key = row.values.find(std::string(t.key_column));
      if (key == row.values.end() || key->second != change.entity_id)
        return make_error(ErrorCode::MalformedRequest, std::string(t.key_column));
      if (auto cleared = clear_unique_clash(db, row); !cleared) return cleared;
      auto stored = t.parent ? upsert_row(db, row, t.key_column) : insert_row(db, row);
      if (!stored) return stored;
    }
  }
  return {};
}

Result<std::vector<std::string>> mirrored_tables(Database& db) {
  // Creation order: parents before children, so inserts satisfy the foreign keys.
  auto stmt =
      db.prepare("SELECT name FROM mirror.sqlite_master WHERE type = 'table' ORDER BY rowid");
  if (!stmt) return stmt.error();
  std::vector<std::string> tables;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    if (!is_device_only_table(stmt->text(0))) tables.push_back(stmt->text(0));
  }
  return tables;
}

// ATTACH/DETACH must happen outside a transaction; the mirror stays detached otherwise, so
// the mirror's own connection can write it.
class AttachedMirror {
 public:
  AttachedMirror(Database& db, const std::string& path) : db_(db) {
    auto attach = db_.prepare("ATTACH DATABASE ?1 AS mirror");
    if (!attach) {
      error_ = attach.error();
      return;
    }
    attach->bind(1, path);
    if (auto attached = attach->run(); !attached) error_ = attached.error();
  }
  ~AttachedMirror() {
    if (!error_) (void)db_.exec("DETACH DATABASE mirror;");
  }
  const std::optional<Error>& error() const { return error_; }

 private:
  Database& db_;
  std::optional<Error> error_;
};

}  // namespace

std::int64_t LocalRegistry::pull_cursor() {
  auto stmt = mirror_.prepare("SELECT cursor FROM pull_state WHERE id = 1");
  if (!stmt) return 0;
  auto row = stmt->step();
  return row && *row ? stmt->integer(0) : 0;
}

std::string LocalRegistry::pull_query(std::size_t max_bytes) {
  return "cursor=" + std::to_string(pull_cursor()) + "&max_bytes=" + std::to_string(max_bytes);
}

void LocalRegistry::apply_acknowledged(const std::string& op_body) {
  // Best effort, inside the caller's mirror transaction: the feed carries the synced tables
  // anyway; this keeps the effects on tables it does not carry yet (archive entries…).
  auto op = parse_operation(op_body);
  auto actor = session_actor();
  if (!op || !actor) return;
  if (!mirror_.exec("SAVEPOINT ack;")) return;
  auto done = execute(mirror_, CommandContext{*actor, op_day(*op), Replica::Device}, op->command);
  if (!done) (void)mirror_.exec("ROLLBACK TO ack;");
  (void)mirror_.exec("RELEASE ack;");
}

namespace {

// 需处理 lines held behind refused operations leave 需处理 and are pending again, in their original
// place in the device's sequence, when every dependency is released: a conflict whose review
// case is decided keep_b or merge (releases_held_operations), or another held line released in
// the same pass; a dependency not under 需处理 was applied (or is still pending). The server
// runs the same test (refused_dependency) and judges them afresh. Each line is released once
// (released_ops): should the server hold it again, it stays under 需处理.
Result<void> release_held_operations(Database& db) {
  struct Line {
    std::string outcome, case_id, body;
    std::vector<std::string> depends_on;
    std::int64_t seq = 0;
    std::vector<std::string> targets;
  };
  std::map<std::string, Line> lines;
  {
    auto all = db.prepare(
        "SELECT op_id, outcome, case_id, body FROM rejections WHERE op_id NOT IN (SELECT op_id "
        "FROM released_ops)");
    if (!all) return all.error();
    while (true) {
      auto row = all->step();
      if (!row) return row.error();
      if (!*row) break;
      Line line{all->text(1), all->text(2), all->text(3), {}, 0, {}};
      if (auto op = parse_operation(line.body)) {
        line.depends_on = op->depends_on;
        line.seq = op->seq;
        line.targets = operation_targets(op->command);
      }
      lines[all->text(0)] = std::move(line);
    }
  }
  std::map<std::string, bool> decided;  // conflict op_id → its case releases what it held
  for (const auto& [op_id, line] : lines) {
    if (line.outcome != "conflict") continue;
    auto found = find_review_case(db, line.case_id);
    if (!found) return found.error();
    decided[op_id] = *found && releases_held_operations(**found);
  }
  std::vector<std::string> released;
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& [op_id, line] : lines) {
      if (line.outcome != "held" || line.body.empty() ||
          std::find(released.begin(), released.end(), op_id) != released.end())
        continue;
      bool free = true, behind_decision = false;
      for (const auto& dependency : line.depends_on) {
        auto up = lines.find(dependency);
        if (up == lines.end()) continue;  // applied, or still pending
        if (up->second.outcome == "conflict" && decided[dependency]) {
          behind_decision = true;
        } else if (std::find(released.begin(), released.end(), dependency) != released.end()) {
          behind_decision = true;
        } else {
          free = false;
        }
      }
      if (free && behind_decision) {
        released.push_back(op_id);
        changed = true;
      }
    }
  }
  for (const auto& op_id : released) {
    const Line& line = lines[op_id];
    std::string joined;
    for (const auto& t : line.targets) joined += (joined.empty() ? "" : ",") + t;
    auto queue = db.prepare(
        "INSERT OR IGNORE INTO outbox(seq, op_id, student_id, body, state, targets) "
        "VALUES(?1, ?2, ?3, ?4, 'pending', ?5)");
    if (!queue) return queue.error();
    queue->bind(1, line.seq)
        .bind(2, op_id)
        .bind(3, line.targets.empty() ? std::string() : line.targets.front())
        .bind(4, line.body)
        .bind(5, joined);
    if (auto queued = queue->run(); !queued) return queued;
    auto forget = db.prepare("DELETE FROM rejections WHERE op_id = ?1");
    if (!forget) return forget.error();
    forget->bind(1, op_id);
    if (auto forgotten = forget->run(); !forgotten) return forgotten;
    auto mark = db.prepare("INSERT OR IGNORE INTO released_ops(op_id) VALUES(?1)");
    if (!mark) return mark.error();
    mark->bind(1, op_id);
    if (auto marked = mark->run(); !marked) return marked;
  }
  return {};
}

}  // namespace

Result<PullSummary> LocalRegistry::apply_pull_page(std::string_view body,
                                                   const std::string& device_time) {
  auto page = parse_pull_page(body);
  if (!page) return page.error();
  if (!page->server_hlc.empty())
    if (auto received = receive_server_hlc(page->server_hlc, device_time); !received)
      return received.error();
  PullSummary summary;
  const std::int64_t stored = pull_cursor();
  if (page->cursor > stored) return make_error(ErrorCode::MalformedRequest, "cursor");
  if (page->next_cursor > stored) {
    auto tx = Transaction::begin(mirror_);
    if (!tx) return tx.error();
    for (const auto& change : page->changes) {
      if (change.seq <= stored) continue;  // already applied with an earlier page
      if (auto stored_entity = store_entity(mirror_, change); !stored_entity)
        return stored_entity.error();
      change.removed ? ++summary.removed : ++summary.upserted;
    }
    auto cursor = mirror_.prepare("UPDATE pull_state SET cursor = ?1, remaining = ?2 WHERE id = 1");
    if (!cursor) return cursor.error();
    cursor->bind(1, page->next_cursor).bind(2, page->remaining);
    if (auto moved = cursor->run(); !moved) return moved.error();
    if (auto committed = tx->commit(); !committed) return committed.error();
  }
  summary.cursor = pull_cursor();
  summary.remaining = page->remaining;
  summary.has_more = page->has_more;
  if (summary.upserted + summary.removed == 0) return summary;  // nothing new: no rebase
  auto rebased = rebase();
  if (!rebased) return rebased.error();
  summary.pending = rebased->pending;
  summary.pending_failed = rebased->pending_failed;
  return summary;
}

Result<PullSummary> LocalRegistry::rebase() {
  auto actor = session_actor();
  if (!actor) return make_error(ErrorCode::Unauthenticated);
  AttachedMirror attached(db_, mirror_path_);
  if (attached.error()) return *attached.error();
  auto tables = mirrored_tables(db_);
  if (!tables) return tables.error();

  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  // A replayed operation is not a new act: its audit entry was written when the registrar
  // made it (R18), so the replay's entries are skipped.
  if (auto quiet =
          db_.exec("CREATE TEMP TRIGGER rebase_quiet_audit BEFORE INSERT ON main.audit_log "
                   "BEGIN SELECT RAISE(IGNORE); END;");
      !quiet)
    return quiet.error();
  for (auto t = tables->rbegin(); t != tables->rend(); ++t)
    if (auto cleared = db_.exec("DELETE FROM main.\"" + *t + "\";"); !cleared)
      return cleared.error();
  for (const auto& t : *tables)
    if (auto copied =
            db_.exec("INSERT INTO main.\"" + t + "\" SELECT * FROM mirror.\"" + t + "\";");
        !copied)
      return copied.error();

  // Operations held behind one whose case the county has now decided keep_b/merge (the case
  // just arrived with the mirror) go back into the outbox: they are replayed below and sent.
  if (auto released = release_held_operations(db_); !released) return released.error();

  PullSummary summary;
  auto pending = db_.prepare("SELECT body FROM outbox WHERE state = 'pending' ORDER BY seq");
  if (!pending) return pending.error();
  std::vector<std::string> bodies;
  while (true) {
    auto row = pending->step();
    if (!row) return row.error();
    if (!*row) break;
    bodies.push_back(pending->text(0));
  }
  for (const auto& body : bodies) {
    auto op = parse_operation(body);
    if (!op) continue;
    ++summary.pending;
    if (auto saved = db_.exec("SAVEPOINT replay;"); !saved) return saved.error();
    auto replayed = execute(db_, CommandContext{*actor, op_day(*op), Replica::Device}, op->command);
    if (!replayed) {
      // Refused on top of the new server state: it stays pending, the server judges it.
      ++summary.pending_failed;
      (void)db_.exec("ROLLBACK TO replay;");
    }
    (void)db_.exec("RELEASE replay;");
  }
  if (auto dropped = db_.exec("DROP TRIGGER temp.rebase_quiet_audit;"); !dropped)
    return dropped.error();
  if (auto committed = tx->commit(); !committed) return committed.error();
  summary.cursor = pull_cursor();
  return summary;
}

}  // namespace xueji
