#include "server_schema.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "xueji/migrations.hpp"

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

// Before the shared runner (migrations.hpp) this list kept its version in server_schema.
Result<int> legacy_server_version(Database& db) {
  auto table = db.prepare(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'server_schema'");
  if (!table) return table.error();
  if (auto row = table->step(); !row) return row.error();
  if (table->integer(0) == 0) return 0;
  auto stmt = db.prepare("SELECT version FROM server_schema WHERE id = 1");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  return *row ? static_cast<int>(stmt->integer(0)) : 0;
}

constexpr std::string_view kKeyCheck = "xueji totp key check";

// Migration 3 (等级保护 level 3: authentication data encrypted at rest): the key's check value,
// then every TOTP secret stored in plain text so far, sealed under the key.
Result<void> seal_totp_secrets(Database& db, const SecretBox& box) {
  auto check = db.prepare("INSERT INTO secret_keys(name, check_value) VALUES('totp', ?1)");
  if (!check) return check.error();
  check->bind(1, box.seal(kKeyCheck));
  if (auto stored = check->run(); !stored) return stored.error();
  for (const char* column : {"totp_secret", "totp_pending_secret"}) {
    const std::string col(column);
    auto select = db.prepare("SELECT username, " + col + " FROM accounts WHERE " + col +
                             " IS NOT NULL AND " + col + " <> ''");
    if (!select) return select.error();
    std::vector<std::pair<std::string, std::string>> plain;
    while (true) {
      auto row = select->step();
      if (!row) return row.error();
      if (!*row) break;
      if (!SecretBox::is_sealed(select->text(1)))
        plain.emplace_back(select->text(0), select->text(1));
    }
    auto update = db.prepare("UPDATE accounts SET " + col + " = ?2 WHERE username = ?1");
    if (!update) return update.error();
    for (const auto& [username, secret] : plain) {
      update->bind(1, username).bind(2, box.seal(secret));
      if (auto sealed = update->run(); !sealed) return sealed.error();
    }
  }
  return {};
}

MigrationList server_migrations(const SecretBox& box) {
  MigrationList list{"server", {}, legacy_server_version};
  for (const auto& migration : migrations())
    list.steps.push_back({migration.version, std::string(migration.sql), {}});
  list.steps.push_back({kSealTotpVersion,
                        "CREATE TABLE secret_keys (\n"
                        "  name TEXT PRIMARY KEY,\n"
                        "  check_value TEXT NOT NULL\n"
                        ");\n",
                        [&box](Database& db) { return seal_totp_secrets(db, box); }});
  return list;
}

}  // namespace

int latest_server_schema_version() {
  return std::max(migrations().back().version, kSealTotpVersion);
}

Result<void> migrate_server_tables(Database& db, const SecretBox& totp_box) {
  if (auto migrated = run_migrations(db, server_migrations(totp_box)); !migrated)
    return migrated.error();
  return check_totp_key(db, totp_box);
}

Result<void> check_totp_key(Database& db, const SecretBox& totp_box) {
  auto stmt = db.prepare("SELECT check_value FROM secret_keys WHERE name = 'totp'");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return make_error(ErrorCode::StorageError, "secret_keys", "no totp key check");
  auto opened = totp_box.open(stmt->text(0));
  if (!opened || *opened != kKeyCheck)
    return make_error(ErrorCode::TotpKeyMismatch, "totp_key_file",
                      "the key cannot open this database's TOTP secrets");
  return {};
}

}  // namespace xueji::server
