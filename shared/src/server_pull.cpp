// ServerRegistry::pull: the feed read for one device (docs/SYNC.md). Candidates come from
// change_log rows logged for the device's units; each entity's current state is then checked
// with in_scope (第三条) before a single row leaves: out of scope now means "removed".
#include <map>

#include "row_images.hpp"
#include "sync_entities.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/server_registry.hpp"

namespace xueji {
namespace {

struct Candidate {
  std::string entity;
  std::string entity_id;
  std::int64_t seq = 0;
};

// A read snapshot: every page is built from one consistent state of the database.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Database& db) : db_(db) { ok_ = db_.exec("BEGIN DEFERRED;").ok(); }
  ~ReadSnapshot() {
    if (ok_) (void)db_.exec("ROLLBACK;");  // nothing was written
  }
  bool ok() const { return ok_; }

 private:
  Database& db_;
  bool ok_ = false;
};

size_t scope_length(Role role) {
  return role == Role::County ? 6 : role == Role::City ? 4 : role == Role::Province ? 2 : 0;
}

Result<std::vector<Candidate>> candidates(Database& db, const Actor& actor, std::int64_t cursor) {
  // The last change of each entity logged for one of the actor's units, oldest first.
  const bool registrar = actor.role == Role::SchoolRegistrar;
  const std::string units =
      registrar
          ? "unit_code = ?2"
          : "(unit_code IN (SELECT code FROM schools WHERE substr(division_code, 1, ?3) = ?2) "
            "OR (length(unit_code) = 6 AND substr(unit_code, 1, ?3) = ?2))";
  // A student's workflows and problem records come along with every change of the student,
  // at the student's seq: when a student moves school they enter the new school's scope (and
  // the problem records leave the old one's) without a change of their own, so nothing else
  // would ever log them for that school. Ties in seq keep one order (entity, id).
  auto stmt = db.prepare(
      "WITH logged AS (SELECT entity, entity_id, max(seq) AS last FROM change_log "
      "WHERE seq > ?1 AND " +
      units +
      " GROUP BY entity, entity_id), "
      "carried AS (SELECT 'workflow' AS entity, w.workflow_id AS entity_id, l.last FROM logged l "
      "JOIN workflows w ON w.student_id = l.entity_id WHERE l.entity = 'student' "
      "UNION ALL SELECT 'problem', p.problem_id, l.last FROM logged l "
      "JOIN problem_records p ON p.student_id = l.entity_id WHERE l.entity = 'student') "
      "SELECT entity, entity_id, max(last) AS last FROM "
      "(SELECT * FROM logged UNION ALL SELECT * FROM carried) "
      "GROUP BY entity, entity_id ORDER BY last, entity, entity_id");
  if (!stmt) return stmt.error();
  const size_t length = scope_length(actor.role);
  stmt->bind(1, cursor).bind(2, registrar ? actor.unit_code : actor.unit_code.substr(0, length));
  if (!registrar) stmt->bind(3, static_cast<int>(length));
  std::vector<Candidate> found;
  if (!registrar && (length == 0 || actor.unit_code.size() < length)) return found;  // admin
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    found.push_back({stmt->text(0), stmt->text(1), stmt->integer(2)});
  }
  return found;
}

// Is a unit (school code, or division code of an authority step) in the actor's scope?
class ScopeCheck {
 public:
  ScopeCheck(Database& db, const Actor& actor) : db_(db), actor_(actor) {}

  Result<bool> unit(const std::string& code) {
    if (auto known = cache_.find(code); known != cache_.end()) return known->second;
    auto school = find_school(db_, code);
    if (!school) return school.error();
    bool visible = *school ? in_scope(actor_, (*school)->code, (*school)->division_code)
                           : in_scope(actor_, "", code);  // a division: authorities only
    cache_.emplace(code, visible);
    return visible;
  }

  Result<bool> student(const std::string& student_id) {
    auto stmt = db_.prepare("SELECT school_code FROM students WHERE student_id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, student_id);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return false;
    return unit(stmt->text(0));
  }

  Result<bool> entity(const Candidate& c) {
    if (c.entity == "school") {
      auto school = find_school(db_, c.entity_id);
      if (!school) return school.error();
      return *school && in_scope(actor_, (*school)->code, (*school)->division_code);
    }
    if (c.entity == "student") return student(c.entity_id);
    if (c.entity == "problem") return owner_visible("problem_records", "problem_id", c.entity_id);
    if (c.entity == "review_case")
      return any_unit_visible("SELECT unit_code FROM review_case_units WHERE case_id = ?1",
                              c.entity_id);
    // The rows of the view workflow_units for one workflow, looked up part by part: SQLite
    // does not push the filter into the view's UNION (a full scan per workflow).
    if (c.entity == "workflow")
      return any_unit_visible(
          "SELECT started_unit FROM workflows WHERE workflow_id = ?1 "
          "UNION SELECT s.school_code FROM workflows w JOIN students s "
          "ON s.student_id = w.student_id WHERE w.workflow_id = ?1 "
          "UNION SELECT unit_code FROM workflow_steps WHERE workflow_id = ?1",
          c.entity_id);
    return false;
  }

 private:
  // Visible when one of the units the query lists is.
  Result<bool> any_unit_visible(const char* sql, const std::string& id) {
    auto stmt = db_.prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, id);
    auto units = stmt->texts(0);
    if (!units) return units.error();
    for (const auto& u : *units) {
      auto visible = unit(u);
      if (!visible) return visible.error();
      if (*visible) return true;
    }
    return false;
  }

  Result<bool> owner_visible(const char* table, const char* key, const std::string& id) {
    auto stmt =
        db_.prepare(std::string("SELECT student_id FROM ") + table + " WHERE " + key + " = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return false;
    return student(stmt->text(0));
  }

  Database& db_;
  const Actor& actor_;
  std::map<std::string, bool> cache_;
};

Result<PulledChange> change_for(Database& db, ScopeCheck& scope, const Candidate& c) {
  PulledChange change{c.seq, c.entity, c.entity_id, false, {}};
  auto visible = scope.entity(c);
  if (!visible) return visible.error();
  if (!*visible) {
    change.removed = true;  // moved to another school, or gone: the device drops its copy
    return change;
  }
  for (const auto& t : entity_tables(c.entity)) {
    auto rows = read_rows(db, t.table, t.key_column, c.entity_id);
    if (!rows) return rows.error();
    change.rows.insert(change.rows.end(), rows->begin(), rows->end());
  }
  return change;
}

}  // namespace

Result<PullPage> ServerRegistry::pull(const Actor& actor, std::int64_t cursor,
                                      std::size_t max_bytes) {
  if (cursor < 0) return make_error(ErrorCode::MalformedRequest, "cursor");
  max_bytes = std::max(max_bytes, kMinPullBytes);
  ReadSnapshot snapshot(db_);
  if (!snapshot.ok()) return make_error(ErrorCode::StorageError);
  auto found = candidates(db_, actor, cursor);
  if (!found) return found.error();

  PullPage page;
  page.cursor = cursor;
  page.next_cursor = cursor;
  ScopeCheck scope(db_, actor);
  size_t bytes = to_json(page).size();
  size_t used = 0;
  for (; used < found->size(); ++used) {
    auto change = change_for(db_, scope, (*found)[used]);
    if (!change) return change.error();
    size_t size = to_json(*change).size();
    // Always at least one entity, so a page can never be stuck behind one large record; and
    // never a cut between entities of the same seq (a student and what it carries), since the
    // next page starts after next_cursor.
    if (!page.changes.empty() && bytes + size > max_bytes && change->seq != page.next_cursor) break;
    bytes += size;
    page.next_cursor = change->seq;
    page.changes.push_back(std::move(*change));
  }
  page.remaining = static_cast<std::int64_t>(found->size() - used);
  // The server's clock, for the device's HLC (hlc.hpp); read-only, like the whole page.
  if (auto clock = db_.prepare("SELECT hlc FROM server_clock WHERE id = 1"); clock)
    if (auto row = clock->step(); row && *row) page.server_hlc = clock->text(0);
  page.has_more = page.remaining > 0;
  return page;
}

}  // namespace xueji
