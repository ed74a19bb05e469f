// The one migration runner (migrations.hpp): each step in one transaction with its version,
// lists versioned apart, databases of the earlier runners adopted as they are, and a database
// of a newer program refused.
#include <catch2/catch.hpp>

#include "registry_fixture.hpp"
#include "xueji/migrations.hpp"

using namespace xueji;

namespace {

int user_version(Database& db) {
  auto stmt = db.prepare("PRAGMA user_version");
  REQUIRE(stmt.ok());
  REQUIRE(stmt->step().value());
  return static_cast<int>(stmt->integer(0));
}

bool has_table(Database& db, const std::string& name) {
  auto stmt = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = ?1");
  REQUIRE(stmt.ok());
  stmt->bind(1, name);
  REQUIRE(stmt->step().value());
  return stmt->integer(0) > 0;
}

// The core's first `upto` steps applied the way the earlier runner did: the same SQL in one
// transaction per step, the version in PRAGMA user_version, no schema_version table.
void migrate_like_the_earlier_runner(Database& db, DatabaseRole role, int upto) {
  for (const auto& step : core_migrations(role).steps) {
    if (step.version > upto) break;
    auto tx = Transaction::begin(db);
    REQUIRE(tx.ok());
    REQUIRE(db.exec(step.sql + "PRAGMA user_version = " + std::to_string(step.version) + ";").ok());
    REQUIRE(tx->commit().ok());
  }
}

}  // namespace

TEST_CASE("Migrations: a database of the earlier runner (user_version) is adopted and upgraded") {
  for (DatabaseRole role : {DatabaseRole::Server, DatabaseRole::Device}) {
    TempDir dir;
    auto db = std::move(Database::open(dir.file("old.db")).value());
    migrate_like_the_earlier_runner(db, role, 2);
    REQUIRE(upsert_school(db, {"4116230001", "商水县第一小学", "411623", "primary"}).ok());
    CHECK_FALSE(has_table(db, "schema_version"));
    CHECK_FALSE(has_table(db, "field_versions"));  // migration 3

    REQUIRE(migrate(db, role).ok());
    CHECK(schema_version(db, "core").value() == latest_schema_version());
    CHECK(has_table(db, "field_versions"));
    CHECK(find_school(db, "4116230001").value().has_value());  // data kept
    CHECK(user_version(db) == 2);     // left as it was: only schema_version counts now
    REQUIRE(migrate(db, role).ok());  // and again: nothing to do
  }
}

TEST_CASE("Migrations: a database at the earlier runner's last version needs no step") {
  TempDir dir;
  auto db = std::move(Database::open(dir.file("old.db")).value());
  migrate_like_the_earlier_runner(db, DatabaseRole::Server, latest_schema_version());
  REQUIRE(migrate(db, DatabaseRole::Server).ok());
  CHECK(schema_version(db, "core").value() == latest_schema_version());
}

TEST_CASE("Migrations: a database of a newer program is refused with SCHEMA_TOO_NEW") {
  TempDir dir;
  auto db = std::move(Database::open(dir.file("new.db")).value());
  REQUIRE(migrate(db, DatabaseRole::Server).ok());
  REQUIRE(db.exec("UPDATE schema_version SET version = version + 1 WHERE list = 'core'").ok());
  auto refused = migrate(db, DatabaseRole::Server);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::SchemaTooNew);
  CHECK(refused.error().detail.find("newer") != std::string::npos);

  SECTION("also when only the earlier bookkeeping says so") {
    TempDir other;
    auto legacy = std::move(Database::open(other.file("legacy.db")).value());
    REQUIRE(legacy.exec("PRAGMA user_version = 999").ok());
    auto too_new = migrate(legacy, DatabaseRole::Device);
    REQUIRE_FALSE(too_new.ok());
    CHECK(too_new.error().code == ErrorCode::SchemaTooNew);
    CHECK_FALSE(has_table(legacy, "students"));  // nothing was run
  }
}

TEST_CASE("Migrations: a failing step leaves the database at the previous version, unchanged") {
  TempDir dir;
  auto db = std::move(Database::open(dir.file("fail.db")).value());
  MigrationList list{"test", {{1, "CREATE TABLE a(x INTEGER);", {}}}, {}};
  REQUIRE(run_migrations(db, list).ok());
  list.steps.push_back({2, "CREATE TABLE b(x INTEGER); INSERT INTO a VALUES(1);", {}});
  list.steps.push_back({3, "", [](Database& d) -> Result<void> {
                          if (auto made = d.exec("CREATE TABLE c(x INTEGER);"); !made) return made;
                          return make_error(ErrorCode::StorageError, {}, "step 3 fails");
                        }});
  auto failed = run_migrations(db, list);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().detail.find("test migration 3") != std::string::npos);
  CHECK(schema_version(db, "test").value() == 2);  // step 2 committed on its own
  CHECK(has_table(db, "b"));
  CHECK_FALSE(has_table(db, "c"));  // step 3 rolled back whole, code and all
}

TEST_CASE("Migrations: each list keeps its own version in one database") {
  TempDir dir;
  auto db = std::move(Database::open(dir.file("lists.db")).value());
  REQUIRE(migrate(db, DatabaseRole::Server).ok());
  MigrationList other{"other", {{4, "CREATE TABLE o(x INTEGER);", {}}}, {}};
  REQUIRE(run_migrations(db, other).ok());
  CHECK(schema_version(db, "other").value() == 4);
  CHECK(schema_version(db, "core").value() == latest_schema_version());
  CHECK(schema_version(db, "absent").value() == 0);
  MigrationList unordered{"bad", {{2, "", {}}, {1, "", {}}}, {}};
  CHECK_FALSE(run_migrations(db, unordered).ok());
}

// Migration 9 rewrote two CHECK (x IN (...)) constraints as OR chains in sqlite_schema (a
// temporary b-tree per row written otherwise, docs/PERFORMANCE.md): the constraints still
// refuse what they refused, and the database is intact.
TEST_CASE("Migrations: 9 keeps the feed's and the history's CHECKs, without IN lists") {
  TempDir dir;
  auto db = std::move(Database::open(dir.file("server.db")).value());
  REQUIRE(migrate(db, DatabaseRole::Server).ok());
  auto text = [&](const std::string& sql) {
    auto stmt = db.prepare(sql);
    REQUIRE(stmt.ok());
    REQUIRE(stmt->step().value());
    return stmt->text(0);
  };
  CHECK(text("PRAGMA integrity_check") == "ok");
  for (const char* table : {"change_log", "field_history"}) {
    const std::string sql = text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '" +
                                 std::string(table) + "'");
    CHECK(sql.find(" IN (") == std::string::npos);
    CHECK(sql.find(" OR ") != std::string::npos);
  }
  CHECK(db.exec("INSERT INTO change_log(entity, entity_id, unit_code) "
                "VALUES('review_case', 'c1', '411623')")
            .ok());
  CHECK_FALSE(db.exec("INSERT INTO change_log(entity, entity_id, unit_code) "
                      "VALUES('students', 'c1', '411623')")
                  .ok());
  CHECK(db.exec("INSERT INTO field_history(entity, entity_id, field, status, server_time) "
                "VALUES('student', 's1', 'name', 'auto_lost', 'now')")
            .ok());
  CHECK_FALSE(db.exec("INSERT INTO field_history(entity, entity_id, field, status, server_time) "
                      "VALUES('student', 's1', 'name', 'lost', 'now')")
                  .ok());
}
