#include "server_schema.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace xueji::server {
namespace {

struct Migration {
  int version;
  std::string_view sql;
};

// Append only: a migration that shipped is never edited; a server upgraded after months
// applies the missing steps in order on start.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kMigrations{
      {1, R"sql(
-- One account per person and unit (等级保护: unique accounts, no shared logins).
-- password_hash is libsodium's Argon2id string; a plain password is never stored.
CREATE TABLE accounts (
  username TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  unit_code TEXT NOT NULL,
  display_name TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
-- S5: several devices per school, each revocable.
CREATE TABLE devices (
  device_id TEXT PRIMARY KEY,
  account TEXT NOT NULL REFERENCES accounts(username),
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  revoked_at INTEGER
);
-- Bearer sessions: only the SHA-256 of the token is kept, so a copy of the database does not
-- hand out live sessions. Times are Unix seconds.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account TEXT NOT NULL REFERENCES accounts(username),
  device_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX sessions_by_account ON sessions(account);
)sql"},
  };
  return kMigrations;
}

Result<int> current_version(Database& db) {
  if (auto made = db.exec("CREATE TABLE IF NOT EXISTS server_schema ("
                          "id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);"
                          "INSERT OR IGNORE INTO server_schema(id, version) VALUES (1, 0);");
      !made)
    return made.error();
  auto stmt = db.prepare("SELECT version FROM server_schema WHERE id = 1");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  return static_cast<int>(stmt->integer(0));
}

}  // namespace

int latest_server_schema_version() {
  return migrations().back().version;
}

Result<void> migrate_server_tables(Database& db) {
  auto version = current_version(db);
  if (!version) return version.error();
  for (const auto& migration : migrations()) {
    if (migration.version <= *version) continue;
    auto tx = Transaction::begin(db);
    if (!tx) return tx.error();
    std::string sql(migration.sql);
    sql += "UPDATE server_schema SET version = " + std::to_string(migration.version) +
           " WHERE id = 1;";
    if (auto applied = db.exec(sql); !applied) return applied.error();
    if (auto committed = tx->commit(); !committed) return committed.error();
  }
  return {};
}

}  // namespace xueji::server
