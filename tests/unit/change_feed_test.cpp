// The pull's change feed for workflows (schema migration 5): every write of a workflow, step or
// proof logs the workflow once for each unit in workflow_units (the started unit, the
// student's school and every step's unit), so each of them hears of it (docs/SYNC.md).
#include <catch2/catch.hpp>

#include <set>

#include "registry_fixture.hpp"
#include "xueji/server_registry.hpp"
#include "xueji/workflow_store.hpp"

using namespace xueji;

namespace {

std::vector<std::string> column(Database& db, const std::string& sql, const std::string& arg) {
  auto stmt = db.prepare(sql);
  REQUIRE(stmt.ok());
  stmt->bind(1, arg);
  auto values = stmt->texts(0);
  REQUIRE(values.ok());
  return *values;
}

std::int64_t max_seq(Database& db) {
  auto stmt = db.prepare("SELECT coalesce(max(seq), 0) FROM change_log");
  REQUIRE(stmt.ok());
  REQUIRE(stmt->step().value());
  return stmt->integer(0);
}

// The units logged for workflow `id` after change_log seq `after`, each with its count.
std::map<std::string, int> logged_since(Database& db, const std::string& id, std::int64_t after) {
  std::map<std::string, int> units;
  for (const auto& unit :
       column(db,
              "SELECT unit_code FROM change_log WHERE entity = 'workflow' AND entity_id = ?1 "
              "AND seq > " +
                  std::to_string(after),
              id))
    ++units[unit];
  return units;
}

}  // namespace

TEST_CASE("change feed: a transfer's decision is logged once per unit of the workflow") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "张转学", 11);
  StartWorkflow start = transfer_of(pupil);
  REQUIRE(f.run(f.school_c, start).ok());

  // The view's units: receiving school, sending school, both counties.
  const auto view = column(f.db, "SELECT unit_code FROM workflow_units WHERE workflow_id = ?1",
                           start.workflow_id);
  const std::set<std::string> units(view.begin(), view.end());
  CHECK(units == std::set<std::string>{"4116020001", "4116230001", "411602", "411623"});
  std::set<std::string> logged;
  for (const auto& [unit, count] : logged_since(f.db, start.workflow_id, 0)) logged.insert(unit);
  CHECK(logged == units);

  // One decision: the workflow row and the two steps it changes each log every unit once.
  const std::int64_t before = max_seq(f.db);
  REQUIRE(f.run(f.chuanhui, DecideStep{start.workflow_id, 0, true, "同意", {}}).ok());
  const auto decided = logged_since(f.db, start.workflow_id, before);
  std::set<std::string> decided_units;
  for (const auto& [unit, count] : decided) {
    decided_units.insert(unit);
    CHECK(count == 3);  // workflows UPDATE + step 0 decided + step 1 opened
  }
  CHECK(decided_units == units);
}

TEST_CASE("change feed: saving an unchanged workflow rewrites no step") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "李休学", 41);
  StartWorkflow start;
  start.workflow_id = new_uuid();
  start.kind = "suspension";
  start.student_id = pupil.student_id;
  start.details = {{"reason", "illness"}};
  start.proofs = {Proof{"guardian_application", sample_hash('a')},
                  Proof{"hospital_certificate", sample_hash('b')}};
  REQUIRE(f.run(f.school_a, start).ok());
  Workflow w = f.workflow(start.workflow_id);
  const std::int64_t before = max_seq(f.db);
  REQUIRE(save_workflow_progress(f.db, w).ok());
  // Only the workflow row's own update is logged: the school and the county, once each.
  CHECK(logged_since(f.db, start.workflow_id, before) ==
        std::map<std::string, int>{{"4116230001", 1}, {"411623", 1}});
  CHECK(f.workflow(start.workflow_id).steps.size() == w.steps.size());
}

// Migration 9: within a push, the operation's first write of the workflow logs every unit and the
// step writes after it log nothing more (they re-logged every unit: 3 rows per unit per decision,
// docs/PERFORMANCE.md). Each unit still hears of the decision, once.
TEST_CASE("change feed: a decision pushed to the server is logged once per unit") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "王转学", 12);
  StartWorkflow start = transfer_of(pupil);
  REQUIRE(f.run(f.school_c, start).ok());

  ServerRegistry server(f.db);
  Operation op;
  op.op_id = new_uuid();
  op.device_id = f.chuanhui.device_id;
  op.seq = 1;
  op.actor = f.chuanhui.account;
  op.device_time = "2026-09-15T09:00:00";
  op.command = DecideStep{start.workflow_id, 0, true, "同意", {}};
  PushRequest push;
  push.device_id = f.chuanhui.device_id;
  push.ops = {op};
  const std::int64_t before = max_seq(f.db);
  const PushResponse response = server.apply_push(f.chuanhui, push, f.today);
  REQUIRE(response.verdicts.size() == 1);
  REQUIRE(response.verdicts[0].outcome == Outcome::Applied);
  CHECK(logged_since(f.db, start.workflow_id, before) ==
        std::map<std::string, int>{
            {"4116020001", 1}, {"4116230001", 1}, {"411602", 1}, {"411623", 1}});

  // Outside a push (tools, seeding) every write logs again, as before migration 9.
  CHECK(column(f.db, "SELECT coalesce(feed_seq, 'null') FROM op_context WHERE id = ?1", "1") ==
        std::vector<std::string>{"null"});
}
