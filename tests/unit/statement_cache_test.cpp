// Database::prepare caches compiled statements per SQL text (issue 7: compiling SQL was most of
// the server's merge time). Reuse must be invisible: fresh bindings, nested use of the same
// text, and correct answers after the schema changes.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "temp_dir.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/schema.hpp"

using namespace xueji;

namespace {

struct CacheFixture {
  TempDir dir;
  Database db = std::move(Database::open(dir.file("cache.db")).value());
  CacheFixture() {
    REQUIRE(db.exec("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES(1), (2), (3);").ok());
  }
  std::int64_t count(const char* sql) {
    auto stmt = db.prepare(sql);
    REQUIRE(stmt.ok());
    REQUIRE(stmt->step().value());
    return stmt->integer(0);
  }
};

// Statements of the connection that are mid-step (holding a read or write open).
int busy_statements(Database& db) {
  int busy = 0;
  for (sqlite3_stmt* s = sqlite3_next_stmt(db.handle(), nullptr); s;
       s = sqlite3_next_stmt(db.handle(), s))
    busy += sqlite3_stmt_busy(s) ? 1 : 0;
  return busy;
}

}  // namespace

TEST_CASE("statement cache: the same SQL is compiled once and reused") {
  CacheFixture f;
  const auto before = f.db.statement_cache_stats();
  for (int i = 0; i < 5; ++i) CHECK(f.count("SELECT count(*) FROM t") == 3);
  const auto after = f.db.statement_cache_stats();
  CHECK(after.compiled - before.compiled == 1);
  CHECK(after.reused - before.reused == 4);
}

TEST_CASE("statement cache: a reused statement starts with no bindings and from the top") {
  CacheFixture f;
  {
    auto stmt = f.db.prepare("SELECT ?1, x FROM t ORDER BY x");
    REQUIRE(stmt.ok());
    stmt->bind(1, "left over");
    REQUIRE(stmt->step().value());  // abandoned after the first row
    CHECK(busy_statements(f.db) == 1);
  }
  CHECK(busy_statements(f.db) == 0);  // reset when given back: no read left open
  auto stmt = f.db.prepare("SELECT ?1, x FROM t ORDER BY x");
  REQUIRE(stmt.ok());
  REQUIRE(stmt->step().value());
  CHECK(stmt->is_null(0));
  CHECK(stmt->integer(1) == 1);
  CHECK(f.db.statement_cache_stats().reused >= 1);
}

TEST_CASE("statement cache: nested use of the same SQL gets an independent statement") {
  CacheFixture f;
  const char* sql = "SELECT x FROM t WHERE x >= ?1 ORDER BY x";
  std::vector<std::int64_t> pairs;
  {
    auto outer = f.db.prepare(sql);
    REQUIRE(outer.ok());
    outer->bind(1, 1);
    while (outer->step().value()) {
      const std::int64_t x = outer->integer(0);
      auto inner = f.db.prepare(sql);  // same text while the outer one is mid-iteration
      REQUIRE(inner.ok());
      inner->bind(1, x);
      auto rest = inner->texts(0);
      REQUIRE(rest.ok());
      pairs.push_back(x * 10 + static_cast<std::int64_t>(rest->size()));
    }
  }
  CHECK(pairs == std::vector<std::int64_t>{13, 22, 31});
  // Both statements go back to the cache: the next two nested uses compile nothing.
  const auto compiled = f.db.statement_cache_stats().compiled;
  {
    auto a = f.db.prepare(sql);
    auto b = f.db.prepare(sql);
    REQUIRE((a.ok() && b.ok()));
  }
  CHECK(f.db.statement_cache_stats().compiled == compiled);
}

TEST_CASE("statement cache: a failed step leaves the cached statement usable") {
  CacheFixture f;
  REQUIRE(f.db.exec("CREATE UNIQUE INDEX t_x ON t(x);").ok());
  const char* sql = "INSERT INTO t(x) VALUES(?1)";
  {
    auto stmt = f.db.prepare(sql);
    REQUIRE(stmt.ok());
    stmt->bind(1, 1);
    auto run = stmt->run();
    REQUIRE_FALSE(run.ok());
    CHECK(run.error().code == ErrorCode::StorageError);
  }
  auto stmt = f.db.prepare(sql);
  REQUIRE(stmt.ok());
  stmt->bind(1, 4);
  REQUIRE(stmt->run().ok());
  CHECK(f.count("SELECT count(*) FROM t") == 4);
}

TEST_CASE("statement cache: answers follow a schema change (ALTER, temp trigger)") {
  CacheFixture f;
  {
    auto stmt = f.db.prepare("SELECT * FROM t ORDER BY x");
    REQUIRE(stmt.ok());
    CHECK(stmt->column_count() == 1);
  }
  REQUIRE(f.db.exec("ALTER TABLE t ADD COLUMN y TEXT NOT NULL DEFAULT 'y';").ok());
  {
    auto stmt = f.db.prepare("SELECT * FROM t ORDER BY x");
    REQUIRE(stmt.ok());
    REQUIRE(stmt->step().value());
    CHECK(stmt->column_count() == 2);
    CHECK(stmt->text(1) == "y");
  }
  // A trigger created after an INSERT was cached still fires on that INSERT.
  auto insert = [&](int x) {
    auto stmt = f.db.prepare("INSERT INTO t(x) VALUES(?1)");
    REQUIRE(stmt.ok());
    stmt->bind(1, x);
    REQUIRE(stmt->run().ok());
  };
  insert(10);
  REQUIRE(f.db.exec("CREATE TEMP TABLE seen(x INTEGER);"
                    "CREATE TEMP TRIGGER t_seen AFTER INSERT ON main.t "
                    "BEGIN INSERT INTO seen VALUES(NEW.x); END;")
              .ok());
  insert(11);
  CHECK(f.count("SELECT count(*) FROM seen") == 1);
  REQUIRE(f.db.exec("DROP TRIGGER t_seen;").ok());
  insert(12);
  CHECK(f.count("SELECT count(*) FROM seen") == 1);
}

TEST_CASE("statement cache: statements cached before migrate() see the migrated schema") {
  TempDir dir;
  auto db = std::move(Database::open(dir.file("migrate.db")).value());
  const char* tables = "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
  auto count = [&] {
    auto stmt = db.prepare(tables);
    REQUIRE(stmt.ok());
    REQUIRE(stmt->step().value());
    return stmt->integer(0);
  };
  CHECK(count() == 0);
  REQUIRE(migrate(db, DatabaseRole::Server).ok());
  CHECK(count() > 10);
  // The core's own cached queries work on the migrated database, and again from the cache.
  REQUIRE(upsert_school(db, School{"4116230001", "郸城县第一小学", "411625", "primary"}).ok());
  for (int i = 0; i < 2; ++i) {
    auto school = find_school(db, "4116230001");
    REQUIRE(school.ok());
    REQUIRE(school->has_value());
    CHECK((*school)->name == "郸城县第一小学");
  }
  // A second migrate() is a no-op on the cached statements.
  REQUIRE(migrate(db, DatabaseRole::Server).ok());
  CHECK(count() > 10);
}

TEST_CASE("statement cache: scripts and transaction control run through exec") {
  CacheFixture f;
  for (int i = 0; i < 3; ++i) {
    REQUIRE(f.db.exec("SAVEPOINT op;").ok());
    REQUIRE(f.db.exec("INSERT INTO t VALUES(100); INSERT INTO t VALUES(101);").ok());
    REQUIRE(f.db.exec(i == 1 ? "ROLLBACK TO op; RELEASE op;" : "RELEASE op;").ok());
  }
  CHECK(f.count("SELECT count(*) FROM t") == 3 + 2 * 2);
  auto bad = f.db.exec("INSERT INTO missing VALUES(1);");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::StorageError);
}

TEST_CASE("statement cache: a statement may outlive a moved or closed Database") {
  TempDir dir;
  auto opened = Database::open(dir.file("moved.db"));
  REQUIRE(opened.ok());
  std::optional<Statement> kept;
  {
    Database db = std::move(*opened);
    REQUIRE(db.exec("CREATE TABLE t(x); INSERT INTO t VALUES(7);").ok());
    auto stmt = db.prepare("SELECT x FROM t");
    REQUIRE(stmt.ok());
    kept.emplace(std::move(*stmt));
    Database moved = std::move(db);  // the statement stays valid across the move
    REQUIRE(kept->step().value());
    CHECK(kept->integer(0) == 7);
  }
  kept.reset();  // after the Database closed: finalized, no crash (ASan build checks)
  SUCCEED();
}
