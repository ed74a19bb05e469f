#include "xueji/schema.hpp"

#include "xueji/field_edit.hpp"
#include "xueji/migrations.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace xueji {
namespace {

constexpr std::string_view kTrackedGuardianColumns[] = {"name", "relation", "phone"};

// One trigger per tracked column: when it changed, the field's version goes up by one and its
// provenance becomes the running operation's (op_context); field_versions' own triggers append
// the value to field_history. chain_base keeps the version from which one device has set the
// field without interruption, so a device's own consecutive edits on one base are not taken
// for concurrent ones (docs/SYNC.md). One trigger per column with WHEN, not one trigger with a
// statement per column: SQLite then runs only the changed columns' inserts (about 10x faster
// on a one-field edit, bench/xueji_bench.cpp).
std::string track_field(std::string_view table, std::string_view column,
                        std::string_view field_sql) {
  const std::string c(column);
  return "CREATE TRIGGER provenance_" + std::string(table) + "_" + c + " AFTER UPDATE OF " + c +
         " ON " + std::string(table) + " WHEN OLD." + c + " IS NOT NEW." + c +
         " BEGIN\n"
         "  INSERT INTO field_versions(entity, entity_id, field, value, version, chain_base, "
         "op_id, actor, device_id, school_code, device_time, server_time, hlc)\n"
         "    SELECT 'student', NEW.student_id, " +
         std::string(field_sql) + ", NEW." + c +
         ", 2, 1, op_id, actor, device_id, school_code, device_time, "
         "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), hlc FROM op_context WHERE id = 1\n"
         "  ON CONFLICT(entity_id, entity, field) DO UPDATE SET value = excluded.value, "
         "version = version + 1, chain_base = CASE WHEN excluded.device_id <> '' AND "
         "device_id = excluded.device_id THEN chain_base ELSE version END, "
         "op_id = excluded.op_id, actor = excluded.actor, device_id = excluded.device_id, "
         "school_code = excluded.school_code, device_time = excluded.device_time, "
         "server_time = excluded.server_time, hlc = excluded.hlc;\n"
         "END;\n";
}

// Server part of migration 3: provenance and history triggers, the server's HLC, review cases
// in the change feed.
const std::string& merge_server_sql() {
  static const std::string sql = [] {
    std::string s = R"sql(
ALTER TABLE op_log ADD COLUMN case_id TEXT NOT NULL DEFAULT '';
ALTER TABLE op_log ADD COLUMN held_by TEXT NOT NULL DEFAULT '';
ALTER TABLE op_log ADD COLUMN hlc TEXT NOT NULL DEFAULT '';
-- The server's hybrid logical clock (hlc.hpp), advanced by every push it receives.
CREATE TABLE server_clock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  hlc TEXT NOT NULL DEFAULT ''
);
INSERT INTO server_clock(id) VALUES(1);
-- The operation being applied: the provenance triggers read it. Set per operation by
-- apply_push and emptied after the batch, so changes outside a push carry no op.
CREATE TABLE op_context (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  op_id TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL DEFAULT '',
  device_id TEXT NOT NULL DEFAULT '',
  school_code TEXT NOT NULL DEFAULT '',
  device_time TEXT NOT NULL DEFAULT '',
  hlc TEXT NOT NULL DEFAULT ''
);
INSERT INTO op_context(id) VALUES(1);
-- Every value every field ever had (append-only): the record "as of" any past server time is
-- rebuilt from it (field_edit.hpp), and automatic resolutions stay visible to the county.
CREATE TABLE field_history (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT,
  status TEXT NOT NULL CHECK (status IN ('created', 'applied', 'auto_lost', 'removed')),
  version INTEGER NOT NULL DEFAULT 1,
  op_id TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL DEFAULT '',
  device_id TEXT NOT NULL DEFAULT '',
  school_code TEXT NOT NULL DEFAULT '',
  device_time TEXT NOT NULL DEFAULT '',
  server_time TEXT NOT NULL,
  hlc TEXT NOT NULL DEFAULT ''
);
CREATE INDEX field_history_by_entity ON field_history(entity_id, id);
CREATE INDEX field_history_auto_lost ON field_history(status, id) WHERE status = 'auto_lost';
CREATE TRIGGER field_history_append_only_update BEFORE UPDATE ON field_history
  BEGIN SELECT RAISE(ABORT, 'field history is append-only'); END;
CREATE TRIGGER field_history_append_only_delete BEFORE DELETE ON field_history
  BEGIN SELECT RAISE(ABORT, 'field history is append-only'); END;
CREATE TRIGGER field_versions_history AFTER INSERT ON field_versions
  BEGIN INSERT INTO field_history(entity, entity_id, field, value, status, version, op_id, actor,
      device_id, school_code, device_time, server_time, hlc)
    VALUES(NEW.entity, NEW.entity_id, NEW.field, NEW.value, 'applied', NEW.version, NEW.op_id,
      NEW.actor, NEW.device_id, NEW.school_code, NEW.device_time, NEW.server_time, NEW.hlc); END;
CREATE TRIGGER provenance_student_insert AFTER INSERT ON students
  BEGIN INSERT INTO field_history(entity, entity_id, field, value, status, op_id, actor, device_id,
      school_code, device_time, server_time, hlc)
    SELECT 'student', NEW.student_id, '*', json_object()sql";
    bool first = true;
    for (auto c : tracked_student_columns()) {
      s += std::string(first ? "" : ", ") + "'" + std::string(c) + "', NEW." + std::string(c);
      first = false;
    }
    s += R"sql(), 'created', op_id, actor,
      device_id, school_code, device_time, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), hlc
    FROM op_context WHERE id = 1; END;
CREATE TRIGGER provenance_guardian_insert AFTER INSERT ON guardians
  BEGIN INSERT INTO field_history(entity, entity_id, field, value, status, op_id, actor, device_id,
      school_code, device_time, server_time, hlc)
    SELECT 'student', NEW.student_id, 'guardian.' || NEW.position, json_object('name', NEW.name,
      'relation', NEW.relation, 'phone', NEW.phone), 'created', op_id, actor, device_id,
      school_code, device_time, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), hlc
    FROM op_context WHERE id = 1; END;
CREATE TRIGGER provenance_guardian_delete AFTER DELETE ON guardians
  BEGIN INSERT INTO field_history(entity, entity_id, field, value, status, op_id, actor, device_id,
      school_code, device_time, server_time, hlc)
    SELECT 'student', OLD.student_id, 'guardian.' || OLD.position, NULL, 'removed', op_id, actor,
      device_id, school_code, device_time, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), hlc
    FROM op_context WHERE id = 1;
    DELETE FROM field_versions WHERE entity = 'student' AND entity_id = OLD.student_id
      AND field LIKE 'guardian.' || OLD.position || '.%'; END;
CREATE TRIGGER field_versions_history_update AFTER UPDATE ON field_versions
  BEGIN INSERT INTO field_history(entity, entity_id, field, value, status, version, op_id, actor,
      device_id, school_code, device_time, server_time, hlc)
    VALUES(NEW.entity, NEW.entity_id, NEW.field, NEW.value, 'applied', NEW.version, NEW.op_id,
      NEW.actor, NEW.device_id, NEW.school_code, NEW.device_time, NEW.server_time, NEW.hlc); END;
)sql";
    for (auto c : tracked_student_columns())
      s += track_field("students", c, "'" + std::string(c) + "'");
    for (auto c : kTrackedGuardianColumns)
      s += track_field("guardians", c, "'guardian.' || NEW.position || '." + std::string(c) + "'");
    s += R"sql(
-- Review cases join the change feed (docs/SYNC.md): the schools of both sides and the county
-- hear of a case when it opens and when it is decided. change_log is rebuilt for the wider
-- CHECK (SQLite cannot alter one); legacy_alter_table keeps the triggers that write it intact.
PRAGMA legacy_alter_table = ON;
CREATE TABLE change_log_v3 (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entity TEXT NOT NULL
    CHECK (entity IN ('school', 'student', 'workflow', 'problem', 'review_case')),
  entity_id TEXT NOT NULL,
  unit_code TEXT NOT NULL
);
INSERT INTO change_log_v3(seq, entity, entity_id, unit_code)
  SELECT seq, entity, entity_id, unit_code FROM change_log;
DROP TABLE change_log;
ALTER TABLE change_log_v3 RENAME TO change_log;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX change_log_by_unit ON change_log(unit_code, seq);
CREATE VIEW review_case_units(case_id, unit_code) AS
  SELECT case_id, school_code FROM review_cases WHERE school_code <> ''
  UNION SELECT case_id, other_school_code FROM review_cases WHERE other_school_code <> ''
  UNION SELECT case_id, division_code FROM review_cases WHERE division_code <> '';
CREATE TRIGGER change_review_case_insert AFTER INSERT ON review_cases
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    SELECT 'review_case', case_id, unit_code FROM review_case_units
    WHERE case_id = NEW.case_id; END;
CREATE TRIGGER change_review_case_update AFTER UPDATE ON review_cases
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    SELECT 'review_case', case_id, unit_code FROM review_case_units
    WHERE case_id = NEW.case_id; END;
)sql";
    return s;
  }();
  return sql;
}

// The workflow change-feed trigger body: each unit of the workflow logged once (its starting
// unit, its student's school, each step's unit). Migration 5 installed it on every workflow,
// step and proof write; migration 9 puts the same body behind a WHEN.
constexpr std::string_view kWorkflowFeedBody = R"sql(  BEGIN
    INSERT INTO change_log(entity, entity_id, unit_code)
      SELECT 'workflow', NEW.workflow_id, started_unit FROM workflows
      WHERE workflow_id = NEW.workflow_id;
    INSERT INTO change_log(entity, entity_id, unit_code)
      SELECT 'workflow', NEW.workflow_id, s.school_code FROM workflows w
      JOIN students s ON s.student_id = w.student_id
      WHERE w.workflow_id = NEW.workflow_id AND s.school_code <> w.started_unit;
    INSERT INTO change_log(entity, entity_id, unit_code)
      SELECT 'workflow', NEW.workflow_id, p.unit_code FROM workflow_steps p
      WHERE p.workflow_id = NEW.workflow_id
        AND p.unit_code IS NOT (SELECT started_unit FROM workflows WHERE workflow_id = NEW.workflow_id)
        AND p.unit_code IS NOT (SELECT s.school_code FROM workflows w
          JOIN students s ON s.student_id = w.student_id WHERE w.workflow_id = NEW.workflow_id)
        AND NOT EXISTS (SELECT 1 FROM workflow_steps q WHERE q.workflow_id = NEW.workflow_id
          AND q.unit_code = p.unit_code AND q.position < p.position);
  END;
)sql";

// Server part of migration 5: an index for the statistics page, and the workflow change-feed
// triggers rewritten by workflow_id. The five triggers (a workflow, a step or a proof written)
// share one body: the feed rows of every unit of the workflow, each once.
const std::string& workflow_feed_sql() {
  static const std::string sql = [] {
    std::string s = R"sql(
-- The workflow change-feed triggers read the view workflow_units filtered by workflow_id,
-- but SQLite does not push that filter into the view's UNION: every workflow, step or proof
-- written scanned all workflows and steps (quadratic; the server's merge of workflow steps
-- and xueji-gen stalled past a few thousand workflows, docs/PERFORMANCE.md). Same rows (each
-- unit of the workflow once), now by index lookups on workflow_id and without the UNION's
-- temporary tables. The view stays for readers.
-- A county's statistics page counts students by school, status and grade: with this index
-- in place of students_by_school (its prefix, so lookups by school keep their index) the
-- counts come from the index alone, not from a random read of every student row (2x CPU at
-- 100,000 students, and no table I/O at province scale, docs/PERFORMANCE.md).
DROP INDEX students_by_school;
CREATE INDEX students_by_school_status_grade ON students(school_code, status, grade);
)sql";
    constexpr std::string_view kTriggers[] = {
        "change_workflow_insert AFTER INSERT ON workflows",
        "change_workflow_update AFTER UPDATE ON workflows",
        "change_step_insert AFTER INSERT ON workflow_steps",
        "change_step_update AFTER UPDATE ON workflow_steps",
        "change_proof_insert AFTER INSERT ON workflow_proofs",
    };
    for (auto t : kTriggers) s += "DROP TRIGGER " + std::string(t.substr(0, t.find(' '))) + ";\n";
    for (auto t : kTriggers)
      s += "CREATE TRIGGER " + std::string(t) + "\n" + std::string(kWorkflowFeedBody);
    return s;
  }();
  return sql;
}

// Server part of migration 9: the merge's trigger costs (docs/PERFORMANCE.md, "Before and after").
// 1. Provenance per column: `INSERT INTO field_versions … SELECT … FROM op_context` made SQLite
//    copy the row through a temporary table first (it does so for INSERT … SELECT into a table
//    that has INSERT triggers, and field_versions has one), on every changed field. The same row
//    from VALUES with the provenance read by scalar subqueries: no temporary table.
// 2. Workflow change feed: every workflow, step or proof written logged every unit of the
//    workflow again, so one decision (the workflow row and two steps) wrote each feed row three
//    times and a start five times. Now a step or proof write logs only if its workflow is not yet
//    logged for that unit by the running operation (op_context.feed_seq: the feed's last
//    sequence number when the operation began), and the workflow row's update only if not yet
//    for its starting unit and its student's school. Every unit still gets a row per operation
//    that changed the workflow; the pull sends each entity's latest state under its latest row,
//    and the whole push commits at once, so a reader sees the same entities. Outside a push
//    feed_seq is NULL and every write logs, as before.
std::string track_field_v9(std::string_view table, std::string_view column,
                           std::string_view field_sql) {
  const std::string c(column);
  auto context = [](const char* name) {
    return "(SELECT " + std::string(name) + " FROM op_context WHERE id = 1)";
  };
  const std::string name = "provenance_" + std::string(table) + "_" + c;
  return "DROP TRIGGER " + name + ";\nCREATE TRIGGER " + name + " AFTER UPDATE OF " + c + " ON " +
         std::string(table) + " WHEN OLD." + c + " IS NOT NEW." + c +
         " BEGIN\n"
         "  INSERT INTO field_versions(entity, entity_id, field, value, version, chain_base, "
         "op_id, actor, device_id, school_code, device_time, server_time, hlc)\n"
         "    VALUES('student', NEW.student_id, " +
         std::string(field_sql) + ", NEW." + c + ", 2, 1, " + context("op_id") + ", " +
         context("actor") + ", " + context("device_id") + ", " + context("school_code") + ", " +
         context("device_time") + ", strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), " + context("hlc") +
         ")\n"
         "  ON CONFLICT(entity_id, entity, field) DO UPDATE SET value = excluded.value, "
         "version = version + 1, chain_base = CASE WHEN excluded.device_id <> '' AND "
         "device_id = excluded.device_id THEN chain_base ELSE version END, "
         "op_id = excluded.op_id, actor = excluded.actor, device_id = excluded.device_id, "
         "school_code = excluded.school_code, device_time = excluded.device_time, "
         "server_time = excluded.server_time, hlc = excluded.hlc;\n"
         "END;\n";
}

// Has the running operation already logged workflow NEW.workflow_id for `unit`? An index range
// of change_log_by_unit over this operation's rows only.
std::string workflow_logged_for(std::string_view unit) {
  return "EXISTS (SELECT 1 FROM change_log WHERE unit_code = " + std::string(unit) +
         " AND seq > (SELECT feed_seq FROM op_context WHERE id = 1) AND entity = 'workflow' "
         "AND entity_id = NEW.workflow_id)";
}

const std::string& merge_cost_sql() {
  static const std::string sql = [] {
    std::string s = "ALTER TABLE op_context ADD COLUMN feed_seq INTEGER;\n";
    for (auto c : tracked_student_columns())
      s += track_field_v9("students", c, "'" + std::string(c) + "'");
    for (auto c : kTrackedGuardianColumns)
      s += track_field_v9("guardians", c,
                          "'guardian.' || NEW.position || '." + std::string(c) + "'");
    // kWorkflowFeedBody (each unit of the workflow once), now behind a WHEN.
    const std::string kTriggers[][2] = {
        {"change_workflow_update AFTER UPDATE ON workflows",
         "NOT (" + workflow_logged_for("NEW.started_unit") + " AND " +
             workflow_logged_for("(SELECT school_code FROM students WHERE student_id = "
                                 "NEW.student_id)") +
             ")"},
        {"change_step_insert AFTER INSERT ON workflow_steps",
         "NOT " + workflow_logged_for("NEW.unit_code")},
        {"change_step_update AFTER UPDATE ON workflow_steps",
         "NOT " + workflow_logged_for("NEW.unit_code")},
        {"change_proof_insert AFTER INSERT ON workflow_proofs",
         "NOT " + workflow_logged_for("(SELECT started_unit FROM workflows WHERE workflow_id = "
                                      "NEW.workflow_id)")},
    };
    for (const auto& t : kTriggers) s += "DROP TRIGGER " + t[0].substr(0, t[0].find(' ')) + ";\n";
    for (const auto& t : kTriggers)
      s += "CREATE TRIGGER " + t[0] + "\n  WHEN " + t[1] + "\n" + std::string(kWorkflowFeedBody);
    return s;
  }();
  return sql;
}

// Server part of migration 9, after its SQL: a CHECK (column IN (...)) made SQLite 3.40 build
// a temporary b-tree of the list for every row written (about 2 us each); field_history and
// change_log take several rows per operation (10 of a field edit's ~45 us of SQL). The same
// constraints as OR chains, by SQLite's documented procedure for changing a CHECK constraint
// without rewriting the table (lang_altertable.html, "other kinds of table schema changes"):
// the constraint text in sqlite_schema under writable_schema, the schema version bumped, in the
// migration's transaction. Existing rows satisfy the new text, which accepts the same values.
// Server-only tables: the device's schema stays as it was.
Result<void> checks_without_in_lists(Database& db) {
  int version = 0;
  {
    auto stmt = db.prepare("PRAGMA schema_version");
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    version = static_cast<int>(stmt->integer(0));
  }
  if (auto on = db.exec("PRAGMA writable_schema = ON;"); !on) return on;
  auto changed = db.exec(
      "UPDATE sqlite_master SET sql = replace(replace(sql, "
      "'CHECK (status IN (''created'', ''applied'', ''auto_lost'', ''removed''))', "
      "'CHECK (status = ''created'' OR status = ''applied'' OR status = ''auto_lost'' OR "
      "status = ''removed'')'), "
      "'CHECK (entity IN (''school'', ''student'', ''workflow'', ''problem'', ''review_case''))', "
      "'CHECK (entity = ''school'' OR entity = ''student'' OR entity = ''workflow'' OR "
      "entity = ''problem'' OR entity = ''review_case'')') "
      "WHERE type = 'table' AND name IN ('field_history', 'change_log');");
  if (changed) changed = db.exec("PRAGMA schema_version = " + std::to_string(version + 1) + ";");
  auto off = db.exec("PRAGMA writable_schema = OFF;");
  if (!changed) return changed;
  return off;
}

struct Migration {
  int version;
  std::string_view shared_sql;  // tables both device and server hold
  std::string_view device_sql;  // outbox and session: device only
  std::string_view server_sql;  // operation log: server only
  std::function<Result<void>(Database&)> server_code = nullptr;  // after server_sql
};

// Append only: a migration that shipped is never edited, so databases of schools that were
// offline for months upgrade step by step.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kMigrations{
      {1,
       R"sql(
CREATE TABLE divisions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  parent_code TEXT,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3)
);
CREATE TABLE schools (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  division_code TEXT NOT NULL,
  kind TEXT NOT NULL,
  -- 第十九条: a merged or closed school ceases; its archives went to `archives_to`.
  closed_on TEXT NOT NULL DEFAULT '',
  closed_reason TEXT NOT NULL DEFAULT '' CHECK (closed_reason IN ('', 'merger', 'closure')),
  archives_to TEXT NOT NULL DEFAULT '',
  -- 学制: 六三制 (6 + 3) by default, 五四制 (5 + 4) where the area uses it; nine years in all.
  primary_years INTEGER NOT NULL DEFAULT 6 CHECK (primary_years IN (5, 6)),
  junior_years INTEGER NOT NULL DEFAULT 3 CHECK (junior_years IN (3, 4)),
  CHECK (primary_years + junior_years = 9)
);
CREATE TABLE students (
  student_id TEXT PRIMARY KEY,
  registry_number TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  document_type TEXT NOT NULL DEFAULT 'resident_id',
  id_number TEXT,
  gender INTEGER NOT NULL CHECK (gender IN (1, 2)),
  birth_date TEXT NOT NULL,
  enrollment_date TEXT NOT NULL,
  grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 9),
  class_name TEXT NOT NULL DEFAULT '',
  school_code TEXT NOT NULL,
  status TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  ethnicity TEXT NOT NULL DEFAULT '',
  nationality TEXT NOT NULL DEFAULT 'CHN',
  hukou_division TEXT NOT NULL DEFAULT '',
  hukou_address TEXT NOT NULL DEFAULT '',
  migrant_child INTEGER NOT NULL DEFAULT 0,
  left_behind INTEGER NOT NULL DEFAULT 0,
  inclusive_class INTEGER NOT NULL DEFAULT 0,
  home_delivery INTEGER NOT NULL DEFAULT 0,
  disability TEXT NOT NULL DEFAULT '',
  under_discipline INTEGER NOT NULL DEFAULT 0,
  UNIQUE (document_type, id_number)
);
CREATE INDEX students_by_id_number ON students(id_number);
CREATE TABLE guardians (
  student_id TEXT NOT NULL REFERENCES students(student_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  relation TEXT NOT NULL,
  phone TEXT NOT NULL,
  PRIMARY KEY (student_id, position)
);
CREATE INDEX students_by_school ON students(school_code);
-- 第十条/第二十条: every change of a record keeps its history.
CREATE TABLE student_history (
  id INTEGER PRIMARY KEY,
  student_id TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  changed_on TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  workflow_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX student_history_by_student ON student_history(student_id);
CREATE TABLE workflows (
  workflow_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  student_id TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'completed', 'rejected', 'withdrawn')),
  started_by TEXT NOT NULL,
  started_unit TEXT NOT NULL,
  started_on TEXT NOT NULL,
  details TEXT NOT NULL
);
CREATE INDEX workflows_by_student ON workflows(student_id, state);
CREATE TABLE workflow_steps (
  workflow_id TEXT NOT NULL REFERENCES workflows(workflow_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  party TEXT NOT NULL,
  role TEXT NOT NULL,
  unit_code TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('waiting', 'open', 'approved', 'rejected')),
  opened_on TEXT NOT NULL DEFAULT '',
  deadline TEXT NOT NULL DEFAULT '',
  deadline_provisional INTEGER NOT NULL DEFAULT 0,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_on TEXT NOT NULL DEFAULT '',
  forced INTEGER NOT NULL DEFAULT 0,
  comment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (workflow_id, position)
);
CREATE INDEX workflow_steps_open ON workflow_steps(state, unit_code);
CREATE TABLE workflow_proofs (
  workflow_id TEXT NOT NULL REFERENCES workflows(workflow_id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  PRIMARY KEY (workflow_id, kind, content_hash)
);
-- 第八条: suspect records (问题学籍) block transfer and graduation until resolved.
CREATE TABLE problem_records (
  problem_id TEXT PRIMARY KEY,
  student_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'resolved')),
  opened_on TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  other_student_id TEXT NOT NULL DEFAULT '',
  resolution TEXT NOT NULL DEFAULT '',
  resolved_on TEXT NOT NULL DEFAULT '',
  resolved_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE problem_evidence (
  problem_id TEXT NOT NULL REFERENCES problem_records(problem_id),
  division_code TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  given_by TEXT NOT NULL,
  given_on TEXT NOT NULL,
  PRIMARY KEY (problem_id, division_code, content_hash)
);
CREATE INDEX problem_records_by_student ON problem_records(student_id, state);
-- 第十七条/第十八条: a school an archive left keeps a read-only backup of it.
CREATE TABLE archive_backups (
  student_id TEXT NOT NULL,
  school_code TEXT NOT NULL,
  created_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (student_id, school_code)
);
-- 第六条: archive content of kinds (二)–(六); (一) is the students row and its history.
-- Attachments are content-addressed: one row per distinct file, whatever refers to it.
CREATE TABLE attachments (
  content_hash TEXT PRIMARY KEY CHECK (length(content_hash) = 64),
  byte_size INTEGER NOT NULL CHECK (byte_size > 0),
  media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
  original_name TEXT NOT NULL DEFAULT ''
);
CREATE TABLE archive_entries (
  entry_id TEXT PRIMARY KEY,
  student_id TEXT NOT NULL REFERENCES students(student_id) ON DELETE CASCADE,
  kind TEXT NOT NULL
    CHECK (kind IN ('proofs', 'quality_reports', 'health', 'awards', 'financial_aid')),
  title TEXT NOT NULL,
  occurred_on TEXT NOT NULL DEFAULT '',
  recorded_on TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  school_code TEXT NOT NULL,
  attachment_hash TEXT REFERENCES attachments(content_hash),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX archive_entries_by_student ON archive_entries(student_id, kind);
-- 第九条: the school keeps paper archives of items (一)(二)(三)(五); a missing row = not checked.
CREATE TABLE paper_archive_items (
  student_id TEXT NOT NULL REFERENCES students(student_id) ON DELETE CASCADE,
  item TEXT NOT NULL CHECK (item IN ('basic_info', 'proofs', 'quality_reports', 'awards')),
  present INTEGER NOT NULL CHECK (present IN (0, 1)),
  checked_on TEXT NOT NULL,
  checked_by TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (student_id, item)
);
-- 第六条: registries created more than one month after enrollment, for the county's list.
CREATE TABLE late_registrations (
  student_id TEXT PRIMARY KEY REFERENCES students(student_id) ON DELETE CASCADE,
  school_code TEXT NOT NULL,
  enrollment_date TEXT NOT NULL,
  deadline TEXT NOT NULL,
  registered_on TEXT NOT NULL
);
CREATE INDEX late_registrations_by_school ON late_registrations(school_code);
-- Graduation and promotion: one bulk promotion per school and school year ("2025-2026").
CREATE TABLE school_promotions (
  school_code TEXT NOT NULL,
  school_year TEXT NOT NULL,
  promoted_on TEXT NOT NULL,
  promoted_by TEXT NOT NULL,
  promoted_count INTEGER NOT NULL,
  graduated_count INTEGER NOT NULL,
  PRIMARY KEY (school_code, school_year)
);
-- 第二十三条: each term every school confirms its roster, then each authority signs off.
CREATE TABLE term_roster_confirmations (
  school_code TEXT NOT NULL,
  term TEXT NOT NULL,
  confirmed_on TEXT NOT NULL,
  confirmed_by TEXT NOT NULL,
  in_school_count INTEGER NOT NULL,
  roster_count INTEGER NOT NULL,
  roster_digest TEXT NOT NULL,
  PRIMARY KEY (school_code, term)
);
CREATE TABLE term_signoffs (
  prefix TEXT NOT NULL,
  term TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  signed_off_on TEXT NOT NULL,
  signed_off_by TEXT NOT NULL,
  PRIMARY KEY (prefix, term)
);
-- 第二十一条/第二十二条: registrars per unit, trained before duty, filed with the level above.
CREATE TABLE registrars (
  registrar_id TEXT PRIMARY KEY,
  unit_code TEXT NOT NULL,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  added_on TEXT NOT NULL,
  added_by TEXT NOT NULL,
  trained_on TEXT NOT NULL DEFAULT '',
  training TEXT NOT NULL DEFAULT '',
  filed_with TEXT NOT NULL DEFAULT '',
  filed_on TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX registrars_by_unit ON registrars(unit_code);
CREATE INDEX registrars_by_filer ON registrars(filed_with);
-- 第四条: recorded approvals for early entry (under 6) or delayed entry (7 or older).
CREATE TABLE age_approvals (
  approval_id TEXT PRIMARY KEY,
  document_type TEXT NOT NULL,
  id_number TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('early', 'delayed')),
  intake_year INTEGER NOT NULL,
  reason TEXT NOT NULL,
  approver_role TEXT NOT NULL,
  approver_unit TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  approved_on TEXT NOT NULL
);
CREATE INDEX age_approvals_by_document ON age_approvals(document_type, id_number, intake_year);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  actor TEXT NOT NULL,
  device_id TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  result TEXT NOT NULL,
  prev_hash TEXT NOT NULL DEFAULT '',
  hash TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
)sql",
       R"sql(
CREATE TABLE device_session (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  token TEXT NOT NULL, account TEXT NOT NULL, display_name TEXT NOT NULL, role TEXT NOT NULL,
  unit_code TEXT NOT NULL, unit_name TEXT NOT NULL, device_id TEXT NOT NULL
);
CREATE TABLE device_info (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  device_id TEXT NOT NULL,
  next_seq INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY,
  op_id TEXT NOT NULL UNIQUE,
  student_id TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'rejected'))
);
CREATE TABLE rejections (
  op_id TEXT PRIMARY KEY,
  student_name TEXT NOT NULL,
  code TEXT NOT NULL,
  message_zh TEXT NOT NULL,
  message_en TEXT NOT NULL
);
-- Pull (docs/SYNC.md): kept in the mirror database, committed with each applied page, so a
-- dropped connection resumes at the last committed page.
CREATE TABLE pull_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  cursor INTEGER NOT NULL DEFAULT 0,
  remaining INTEGER NOT NULL DEFAULT 0
);
INSERT INTO pull_state(id) VALUES(1);
)sql",
       R"sql(
CREATE TABLE op_log (
  op_id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  outcome TEXT NOT NULL,
  code TEXT NOT NULL DEFAULT '',
  field TEXT NOT NULL DEFAULT '',
  registry_number TEXT NOT NULL DEFAULT '',
  received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  warnings TEXT NOT NULL DEFAULT ''  -- code names, comma-separated: a replay gets them too
);
-- The change feed of the pull (docs/SYNC.md): every change to a synced entity gets the next
-- sequence number, once per unit (school or division code) whose devices must hear of it.
-- Written by triggers, so no rule needs to remember it. A student moving school is logged for
-- both schools: the old one learns it moved away (第十八条), the new one gets the record.
CREATE TABLE change_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entity TEXT NOT NULL CHECK (entity IN ('school', 'student', 'workflow', 'problem')),
  entity_id TEXT NOT NULL,
  unit_code TEXT NOT NULL
);
CREATE INDEX change_log_by_unit ON change_log(unit_code, seq);
CREATE TRIGGER change_school_insert AFTER INSERT ON schools
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code) VALUES('school', NEW.code, NEW.code); END;
CREATE TRIGGER change_school_update AFTER UPDATE ON schools
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code) VALUES('school', NEW.code, NEW.code); END;
CREATE TRIGGER change_student_insert AFTER INSERT ON students
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    VALUES('student', NEW.student_id, NEW.school_code); END;
CREATE TRIGGER change_student_update AFTER UPDATE ON students
  BEGIN
    INSERT INTO change_log(entity, entity_id, unit_code)
      SELECT 'student', NEW.student_id, OLD.school_code WHERE OLD.school_code <> NEW.school_code;
    INSERT INTO change_log(entity, entity_id, unit_code)
      VALUES('student', NEW.student_id, NEW.school_code);
  END;
CREATE TRIGGER change_student_delete AFTER DELETE ON students
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    VALUES('student', OLD.student_id, OLD.school_code); END;
CREATE TRIGGER change_guardian_insert AFTER INSERT ON guardians
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    SELECT 'student', student_id, school_code FROM students WHERE student_id = NEW.student_id; END;
CREATE TRIGGER change_guardian_update AFTER UPDATE ON guardians
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    SELECT 'student', student_id, school_code FROM students WHERE student_id = NEW.student_id; END;
CREATE TRIGGER change_guardian_delete AFTER DELETE ON guardians
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    SELECT 'student', student_id, school_code FROM students WHERE student_id = OLD.student_id; END;
-- A workflow concerns the student's school, the unit that started it (a transfer's receiving
-- school) and every unit that decides a step.
CREATE VIEW workflow_units(workflow_id, unit_code) AS
  SELECT workflow_id, started_unit FROM workflows
  UNION SELECT w.workflow_id, s.school_code FROM workflows w
    JOIN students s ON s.student_id = w.student_id
  UNION SELECT workflow_id, unit_code FROM workflow_steps;
CREATE TRIGGER change_workflow_insert AFTER INSERT ON workflows
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    SELECT 'workflow', workflow_id, unit_code FROM workflow_units
    WHERE workflow_id = NEW.workflow_id; END;
CREATE TRIGGER change_workflow_update AFTER UPDATE ON workflows
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    SELECT 'workflow', workflow_id, unit_code FROM workflow_units
    WHERE workflow_id = NEW.workflow_id; END;
CREATE TRIGGER change_step_insert AFTER INSERT ON workflow_steps
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    SELECT 'workflow', workflow_id, unit_code FROM workflow_units
    WHERE workflow_id = NEW.workflow_id; END;
CREATE TRIGGER change_step_update AFTER UPDATE ON workflow_steps
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    SELECT 'workflow', workflow_id, unit_code FROM workflow_units
    WHERE workflow_id = NEW.workflow_id; END;
CREATE TRIGGER change_proof_insert AFTER INSERT ON workflow_proofs
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    SELECT 'workflow', workflow_id, unit_code FROM workflow_units
    WHERE workflow_id = NEW.workflow_id; END;
CREATE TRIGGER change_problem_insert AFTER INSERT ON problem_records
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    SELECT 'problem', NEW.problem_id, school_code FROM students
    WHERE student_id = NEW.student_id; END;
CREATE TRIGGER change_problem_update AFTER UPDATE ON problem_records
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    SELECT 'problem', NEW.problem_id, school_code FROM students
    WHERE student_id = NEW.student_id; END;
CREATE TRIGGER change_evidence_insert AFTER INSERT ON problem_evidence
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    SELECT 'problem', p.problem_id, s.school_code FROM problem_records p
    JOIN students s ON s.student_id = p.student_id WHERE p.problem_id = NEW.problem_id; END;
)sql"},
      {2,
       R"sql(
-- 第八条 查重 (likely_duplicates) looks students up by name, birth date and gender on every
-- registration; without an index that is a full scan, which made the server's merge fall to a
-- few hundred registrations/s at 5,000 students (docs/PERFORMANCE.md).
CREATE INDEX students_by_name_birth ON students(name, birth_date, gender);
)sql",
       "", ""},
      {3,
       R"sql(
-- Issue 4 merge: the version and provenance of each field's current value (field_edit.hpp).
-- Written by server triggers; pulled with the student, so a device knows the base version
-- of every field it edits.
CREATE TABLE field_versions (
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT,
  version INTEGER NOT NULL,
  chain_base INTEGER NOT NULL DEFAULT 0,
  op_id TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL DEFAULT '',
  device_id TEXT NOT NULL DEFAULT '',
  school_code TEXT NOT NULL DEFAULT '',
  device_time TEXT NOT NULL DEFAULT '',
  server_time TEXT NOT NULL DEFAULT '',
  hlc TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (entity_id, entity, field)  -- entity_id first: the pull reads a student's rows
);
-- Review cases (复核案例, review_case.hpp): what the merge leaves to a county officer.
CREATE TABLE review_cases (
  case_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL
    CHECK (kind IN ('protected_field', 'duplicate_registration', 'moved_away')),
  code TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'escalated', 'decided')),
  student_id TEXT NOT NULL,
  school_code TEXT NOT NULL,
  other_school_code TEXT NOT NULL DEFAULT '',
  division_code TEXT NOT NULL,
  base TEXT NOT NULL DEFAULT '{}',
  side_a TEXT NOT NULL DEFAULT '{}',
  side_b TEXT NOT NULL DEFAULT '{}',
  op_id TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  decision TEXT NOT NULL DEFAULT '',
  choices TEXT NOT NULL DEFAULT '[]',
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX review_cases_by_division ON review_cases(division_code, status);
CREATE INDEX review_cases_by_student ON review_cases(student_id);
)sql",
       R"sql(
-- The device's hybrid logical clock and its estimate of (server clock - device clock).
ALTER TABLE device_info ADD COLUMN hlc TEXT NOT NULL DEFAULT '';
ALTER TABLE device_info ADD COLUMN clock_offset_ms INTEGER NOT NULL DEFAULT 0;
-- The records each pending operation targets (operation_targets), for dependencies.
ALTER TABLE outbox ADD COLUMN targets TEXT NOT NULL DEFAULT '';
ALTER TABLE rejections ADD COLUMN outcome TEXT NOT NULL DEFAULT 'rejected';
ALTER TABLE rejections ADD COLUMN case_id TEXT NOT NULL DEFAULT '';
ALTER TABLE rejections ADD COLUMN held_by TEXT NOT NULL DEFAULT '';
ALTER TABLE rejections ADD COLUMN body TEXT NOT NULL DEFAULT '';
)sql",
       merge_server_sql()},
      {5, "", "", workflow_feed_sql()},
      {6,
       R"sql(
-- 统一招生 (R20): the county's confirmed admissions per school, stage and intake year. The school
-- sees its list after sync (pulled with its school entity) and registers them in bulk
-- (AdmitEnrolledStudents), which sets state, student_id and who/when.
CREATE TABLE enrollment_admissions (
  admission_id TEXT PRIMARY KEY,
  school_year INTEGER NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('primary', 'junior')),
  school_code TEXT NOT NULL,
  name TEXT NOT NULL,
  document_type TEXT NOT NULL DEFAULT 'resident_id',
  id_number TEXT NOT NULL,
  match TEXT NOT NULL CHECK (match IN ('matched', 'to_confirm', 'not_found')),
  existing_student_id TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('admitted', 'registered')),
  student_id TEXT NOT NULL DEFAULT '',
  import_id TEXT NOT NULL,
  admitted_on TEXT NOT NULL,
  admitted_by TEXT NOT NULL,
  registered_on TEXT NOT NULL DEFAULT '',
  registered_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX enrollment_admissions_by_school ON enrollment_admissions(school_code, school_year);
CREATE INDEX enrollment_admissions_by_document
  ON enrollment_admissions(document_type, id_number, school_year);
)sql",
       "",
       R"sql(
-- Admissions travel with their school entity (sync_entities.cpp), so the feed's entity list and
-- its CHECK stay as shipped.
CREATE TRIGGER change_admission_insert AFTER INSERT ON enrollment_admissions
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    VALUES('school', NEW.school_code, NEW.school_code); END;
CREATE TRIGGER change_admission_update AFTER UPDATE ON enrollment_admissions
  BEGIN
    INSERT INTO change_log(entity, entity_id, unit_code)
      SELECT 'school', OLD.school_code, OLD.school_code WHERE OLD.school_code <> NEW.school_code;
    INSERT INTO change_log(entity, entity_id, unit_code)
      VALUES('school', NEW.school_code, NEW.school_code);
  END;
CREATE TRIGGER change_admission_delete AFTER DELETE ON enrollment_admissions
  BEGIN INSERT INTO change_log(entity, entity_id, unit_code)
    VALUES('school', OLD.school_code, OLD.school_code); END;
-- R20: quotas per school, stage and intake year, set by the county.
CREATE TABLE enrollment_quotas (
  school_year INTEGER NOT NULL,
  school_code TEXT NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('primary', 'junior')),
  quota INTEGER NOT NULL CHECK (quota >= 0),
  set_by TEXT NOT NULL,
  set_on TEXT NOT NULL,
  PRIMARY KEY (school_year, school_code, stage)
);
-- An uploaded result file, kept as rows until the county confirms it (nothing is admitted
-- before): confirmed imports are history.
CREATE TABLE enrollment_imports (
  import_id TEXT PRIMARY KEY,
  division_code TEXT NOT NULL,
  school_year INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  file_format TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'confirmed')),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  confirmed_by TEXT NOT NULL DEFAULT '',
  confirmed_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE enrollment_import_rows (
  import_id TEXT NOT NULL REFERENCES enrollment_imports(import_id),
  row_number INTEGER NOT NULL,
  name TEXT NOT NULL,
  id_number TEXT NOT NULL,
  school_code TEXT NOT NULL,
  stage TEXT NOT NULL,
  PRIMARY KEY (import_id, row_number)
);
-- 第二十四条 (R18): personal data leaves only after the level above approved the request.
CREATE TABLE export_requests (
  export_id TEXT PRIMARY KEY,
  requested_by TEXT NOT NULL,
  requester_role TEXT NOT NULL,
  requester_unit TEXT NOT NULL,
  unit_code TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('xlsx', 'csv')),
  reason TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
  requested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '',
  downloads INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX export_requests_by_requester ON export_requests(requester_unit, state);
)sql"},
      {7, "",
       R"sql(
-- Attachment bytes on the device (docs/SYNC.md, "Attachments"): one row per distinct content,
-- whatever refers to it; operations carry only the hash. Device-only: a rebase keeps them.
CREATE TABLE device_blobs (
  content_hash TEXT PRIMARY KEY CHECK (length(content_hash) = 64),
  byte_size INTEGER NOT NULL CHECK (byte_size > 0),
  media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
  original_name TEXT NOT NULL DEFAULT '',
  content BLOB NOT NULL,
  stored_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
-- The upload queue, apart from the operation outbox: record sync never waits for it.
-- confirmed_bytes is the server's received count as last heard (the resume point).
CREATE TABLE upload_queue (
  content_hash TEXT PRIMARY KEY REFERENCES device_blobs(content_hash) ON DELETE CASCADE,
  confirmed_bytes INTEGER NOT NULL DEFAULT 0 CHECK (confirmed_bytes >= 0),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'uploaded')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
)sql",
       R"sql(
-- Attachment bytes on the server: chunks in the database itself, so a chunk and the received
-- count commit together (a cut connection never leaves a half-counted chunk) and the online
-- backup (xueji-server backup) holds the attachments with the records that refer to them.
CREATE TABLE server_blobs (
  content_hash TEXT PRIMARY KEY CHECK (length(content_hash) = 64),
  byte_size INTEGER NOT NULL CHECK (byte_size > 0),
  media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
  received_bytes INTEGER NOT NULL DEFAULT 0 CHECK (received_bytes >= 0),
  complete INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
  started_by TEXT NOT NULL,
  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  completed_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE server_blob_chunks (
  content_hash TEXT NOT NULL REFERENCES server_blobs(content_hash) ON DELETE CASCADE,
  offset INTEGER NOT NULL CHECK (offset >= 0),
  content BLOB NOT NULL,
  PRIMARY KEY (content_hash, offset)
);
)sql"},
      {8,
       R"sql(
-- Issue 4, the review cases still missing: transfer races and rule violations that appear only
-- after the merge (review_case.hpp), and cases that close by themselves once stale (status
-- 'closed' with close_reason). SQLite cannot alter a CHECK: the table is rebuilt, same rows;
-- legacy_alter_table keeps the server's view of it valid across the rename.
PRAGMA legacy_alter_table = ON;
CREATE TABLE review_cases_v8 (
  case_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL
    CHECK (kind IN ('protected_field', 'duplicate_registration', 'moved_away', 'transfer_race',
                    'rule_violation')),
  code TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'escalated', 'decided', 'closed')),
  student_id TEXT NOT NULL,
  school_code TEXT NOT NULL,
  other_school_code TEXT NOT NULL DEFAULT '',
  division_code TEXT NOT NULL,
  base TEXT NOT NULL DEFAULT '{}',
  side_a TEXT NOT NULL DEFAULT '{}',
  side_b TEXT NOT NULL DEFAULT '{}',
  op_id TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  decision TEXT NOT NULL DEFAULT '',
  choices TEXT NOT NULL DEFAULT '[]',
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '',
  close_reason TEXT NOT NULL DEFAULT '',
  other_student_id TEXT NOT NULL DEFAULT ''  -- side B's record id (a registration's), if any
);
INSERT INTO review_cases_v8(case_id, kind, code, status, student_id, school_code,
    other_school_code, division_code, base, side_a, side_b, op_id, opened_at, decision, choices,
    decided_by, decided_at, comment)
  SELECT case_id, kind, code, status, student_id, school_code, other_school_code, division_code,
    base, side_a, side_b, op_id, opened_at, decision, choices, decided_by, decided_at, comment
  FROM review_cases;
DROP TABLE review_cases;
ALTER TABLE review_cases_v8 RENAME TO review_cases;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX review_cases_by_division ON review_cases(division_code, status);
CREATE INDEX review_cases_by_student ON review_cases(student_id);
-- Stale-case closing looks cases up by side B's record (a registration made again).
CREATE INDEX review_cases_by_other_student ON review_cases(other_student_id);
)sql",
       R"sql(
-- Device: held operations released once by a county decision (local_pull.cpp); a line the server
-- holds again stays under 需处理 rather than going round for ever.
CREATE TABLE released_ops (op_id TEXT PRIMARY KEY);
)sql",
       R"sql(
-- The review-case feed triggers (dropped with the old table) read the view review_case_units
-- filtered by case_id, which SQLite does not push into the view's UNION: every case opened or
-- decided scanned all cases three times (the pattern migration 5 replaced for workflows). Same
-- rows — each distinct unit of the case once — straight from NEW, no table read. The view
-- stays for readers.
CREATE TRIGGER change_review_case_insert AFTER INSERT ON review_cases
  BEGIN
    INSERT INTO change_log(entity, entity_id, unit_code)
      SELECT 'review_case', NEW.case_id, NEW.school_code WHERE NEW.school_code <> '';
    INSERT INTO change_log(entity, entity_id, unit_code)
      SELECT 'review_case', NEW.case_id, NEW.other_school_code
      WHERE NEW.other_school_code <> '' AND NEW.other_school_code <> NEW.school_code;
    INSERT INTO change_log(entity, entity_id, unit_code)
      SELECT 'review_case', NEW.case_id, NEW.division_code
      WHERE NEW.division_code <> '' AND NEW.division_code <> NEW.school_code
        AND NEW.division_code <> NEW.other_school_code;
  END;
CREATE TRIGGER change_review_case_update AFTER UPDATE ON review_cases
  BEGIN
    INSERT INTO change_log(entity, entity_id, unit_code)
      SELECT 'review_case', NEW.case_id, NEW.school_code WHERE NEW.school_code <> '';
    INSERT INTO change_log(entity, entity_id, unit_code)
      SELECT 'review_case', NEW.case_id, NEW.other_school_code
      WHERE NEW.other_school_code <> '' AND NEW.other_school_code <> NEW.school_code;
    INSERT INTO change_log(entity, entity_id, unit_code)
      SELECT 'review_case', NEW.case_id, NEW.division_code
      WHERE NEW.division_code <> '' AND NEW.division_code <> NEW.school_code
        AND NEW.division_code <> NEW.other_school_code;
  END;
)sql"},
      {9, "", "", merge_cost_sql(), checks_without_in_lists},
      // Server: the statistics page's completed transfers into a school (the receiving school
      // starts a transfer, 第十一条) by index, not a scan of the province's workflows per
      // school (docs/PERFORMANCE.md, section 3).
      {10, "", "", R"sql(
CREATE INDEX workflows_by_started_unit ON workflows(started_unit, kind, state);
)sql"},
  };
  return kMigrations;
}

// Before the shared runner (migrations.hpp) the core's version was SQLite's user_version.
Result<int> legacy_user_version(Database& db) {
  auto stmt = db.prepare("PRAGMA user_version;");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  return static_cast<int>(stmt->integer(0));
}

MigrationList build_core_migrations(DatabaseRole role) {
  MigrationList list{"core", {}, legacy_user_version};
  for (const auto& migration : migrations()) {
    std::string sql(migration.shared_sql);
    sql += role == DatabaseRole::Device ? migration.device_sql : migration.server_sql;
    list.steps.push_back({migration.version, std::move(sql),
                          role == DatabaseRole::Server ? migration.server_code : nullptr});
  }
  return list;
}

}  // namespace

int latest_schema_version() {
  return migrations().back().version;
}

const MigrationList& core_migrations(DatabaseRole role) {
  static const MigrationList device = build_core_migrations(DatabaseRole::Device);
  static const MigrationList server = build_core_migrations(DatabaseRole::Server);
  return role == DatabaseRole::Device ? device : server;
}

Result<void> migrate(Database& db, DatabaseRole role) {
  return run_migrations(db, core_migrations(role));
}

}  // namespace xueji
