// R18: the audit log is a hash chain; an altered or deleted entry is found at the right id.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"
#include "xueji/audit_log.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/schema.hpp"

using namespace xueji;

namespace {

struct AuditFixture {
  TempDir dir;
  Database db = std::move(Database::open(dir.file("audit.db")).value());
  AuditFixture() {
    REQUIRE(migrate(db, DatabaseRole::Server).ok());
    for (int i = 1; i <= 5; ++i)
      REQUIRE(
          append_audit(db, "reg-" + std::to_string(i), "dev", "read", "s" + std::to_string(i), "ok")
              .ok());
  }
  // Tampering as an attacker with file access would: around the append-only triggers.
  void tamper(const std::string& sql) {
    REQUIRE(db.exec("DROP TRIGGER audit_log_append_only_update;"
                    "DROP TRIGGER audit_log_append_only_delete;")
                .ok());
    REQUIRE(db.exec(sql).ok());
    REQUIRE(db.exec("CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log "
                    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
                    "CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log "
                    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;")
                .ok());
  }
};

}  // namespace

TEST_CASE("R18: an intact audit chain verifies") {
  AuditFixture f;
  auto check = verify_audit_chain(f.db);
  REQUIRE(check.ok());
  CHECK(check->entries == 5);
  CHECK_FALSE(check->first_broken_id.has_value());
  CHECK_FALSE(f.db.exec("UPDATE audit_log SET result = 'x' WHERE id = 1").ok());  // trigger
}

TEST_CASE("R18: a field altered directly in SQLite is found at that entry") {
  AuditFixture f;
  f.tamper("UPDATE audit_log SET actor = 'someone-else' WHERE id = 3");
  auto check = verify_audit_chain(f.db);
  REQUIRE(check.ok());
  REQUIRE(check->first_broken_id.has_value());
  CHECK(*check->first_broken_id == 3);
  CHECK(check->entries == 2);
}

TEST_CASE("R18: an altered entry with a recomputed hash breaks the next one") {
  AuditFixture f;
  auto row = f.db.prepare("SELECT at, prev_hash FROM audit_log WHERE id = 2");
  REQUIRE(row.ok());
  REQUIRE(row->step().value());
  AuditEntry forged{2, row->text(0), "reg-2", "dev", "read", "forged", "ok"};
  const std::string forged_hash = audit_entry_hash(row->text(1), forged);
  f.tamper("UPDATE audit_log SET object = 'forged', hash = '" + forged_hash + "' WHERE id = 2");
  auto check = verify_audit_chain(f.db);
  REQUIRE(check.ok());
  CHECK(check->first_broken_id == std::optional<std::int64_t>{3});
}

TEST_CASE("R18: a deleted entry is found at the entry that followed it") {
  AuditFixture f;
  f.tamper("DELETE FROM audit_log WHERE id = 2");
  auto check = verify_audit_chain(f.db);
  REQUIRE(check.ok());
  CHECK(check->first_broken_id == std::optional<std::int64_t>{3});
}
