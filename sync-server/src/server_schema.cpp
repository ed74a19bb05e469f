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
      {2, R"sql(
-- Accounts created by the level above (issue 5): who created it, whether it is disabled, and
-- whether its password is a one-time one that must be changed at the next login.
ALTER TABLE accounts ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN disabled_at INTEGER;
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN password_changed_at INTEGER NOT NULL DEFAULT 0;
-- Second factor (TOTP, RFC 6238): the confirmed secret, one being enrolled, and the last
-- 30-second step accepted, so the same code cannot be used twice.
ALTER TABLE accounts ADD COLUMN totp_secret TEXT;
ALTER TABLE accounts ADD COLUMN totp_pending_secret TEXT;
ALTER TABLE accounts ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
-- Earlier password hashes (Argon2id), so a password change cannot go back to a recent one.
CREATE TABLE password_history (
  id INTEGER PRIMARY KEY,
  account TEXT NOT NULL REFERENCES accounts(username),
  password_hash TEXT NOT NULL,
  replaced_at INTEGER NOT NULL
);
CREATE INDEX password_history_by_account ON password_history(account, id);
-- Who revoked a device (S5): the registrar of its school or an authority above it.
ALTER TABLE devices ADD COLUMN revoked_by TEXT;
CREATE INDEX sessions_by_device ON sessions(device_id);
-- Break the glass: a stated reason grants one account read access to one student outside its
-- scope for a limited time; every grant is also in the audit log.
CREATE TABLE lookup_grants (
  id INTEGER PRIMARY KEY,
  account TEXT NOT NULL REFERENCES accounts(username),
  student_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  granted_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX lookup_grants_by_account ON lookup_grants(account, student_id);
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
