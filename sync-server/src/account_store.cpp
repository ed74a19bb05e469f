#include "account_store.hpp"

namespace xueji::server {
namespace {

constexpr const char* kAccountColumns =
    "username, password_hash, role, unit_code, display_name, failed_logins, locked_until, "
    "created_by, disabled_at IS NOT NULL, must_change_password, coalesce(totp_secret, ''), "
    "coalesce(totp_pending_secret, ''), totp_last_step, created_at";

Result<Account> read_account(Statement& stmt) {
  auto role = role_from_name(stmt.text(2));
  if (!role) return make_error(ErrorCode::StorageError, "role", "unknown role in accounts table");
  Account account;
  account.username = stmt.text(0);
  account.password_hash = stmt.text(1);
  account.role = *role;
  account.unit_code = stmt.text(3);
  account.display_name = stmt.text(4);
  account.failed_logins = static_cast<int>(stmt.integer(5));
  account.locked_until = stmt.integer(6);
  account.created_by = stmt.text(7);
  account.disabled = stmt.integer(8) != 0;
  account.must_change_password = stmt.integer(9) != 0;
  account.totp_secret = stmt.text(10);
  account.totp_pending_secret = stmt.text(11);
  account.totp_last_step = stmt.integer(12);
  account.created_at = stmt.integer(13);
  return account;
}

Result<void> run(Database& db, const char* sql, const std::string& username) {
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.error();
  stmt->bind(1, username);
  return stmt->run();
}

}  // namespace

Result<std::optional<Account>> find_account(Database& db, const std::string& username) {
  auto stmt =
      db.prepare(std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE username = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, username);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<Account>();
  auto account = read_account(*stmt);
  if (!account) return account.error();
  return std::optional<Account>(std::move(*account));
}

Result<std::vector<Account>> all_accounts(Database& db) {
  auto stmt =
      db.prepare(std::string("SELECT ") + kAccountColumns + " FROM accounts ORDER BY username");
  if (!stmt) return stmt.error();
  std::vector<Account> accounts;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return accounts;
    auto account = read_account(*stmt);
    if (!account) return account.error();
    accounts.push_back(std::move(*account));
  }
}

Result<void> insert_account(Database& db, const Account& account, std::int64_t now) {
  auto stmt = db.prepare(
      "INSERT INTO accounts(username, password_hash, role, unit_code, display_name, created_at, "
      "created_by, must_change_password, password_changed_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?6)");
  if (!stmt) return stmt.error();
  stmt->bind(1, account.username)
      .bind(2, account.password_hash)
      .bind(3, role_name(account.role))
      .bind(4, account.unit_code)
      .bind(5, account.display_name)
      .bind(6, now)
      .bind(7, account.created_by)
      .bind(8, account.must_change_password ? 1 : 0);
  return stmt->run();
}

Result<Account> record_login_failure(Database& db, const std::string& username, std::int64_t now,
                                     int max_failures, std::int64_t lock_seconds) {
  auto found = find_account(db, username);
  if (!found) return found.error();
  if (!*found) return make_error(ErrorCode::NotFound, "username");
  Account account = std::move(**found);
  if (account.locked_until != 0 && account.locked_until <= now) {
    account.failed_logins = 0;
    account.locked_until = 0;
  }
  account.failed_logins += 1;
  if (account.failed_logins >= max_failures) account.locked_until = now + lock_seconds;
  auto stmt =
      db.prepare("UPDATE accounts SET failed_logins = ?2, locked_until = ?3 WHERE username = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, username).bind(2, account.failed_logins).bind(3, account.locked_until);
  if (auto updated = stmt->run(); !updated) return updated.error();
  return account;
}

Result<void> clear_login_failures(Database& db, const std::string& username) {
  return run(db, "UPDATE accounts SET failed_logins = 0, locked_until = 0 WHERE username = ?1",
             username);
}

Result<void> replace_password(Database& db, const std::string& username,
                              const std::string& new_hash, bool must_change, std::int64_t now) {
  auto keep = db.prepare(
      "INSERT INTO password_history(account, password_hash, replaced_at) "
      "SELECT username, password_hash, ?2 FROM accounts WHERE username = ?1");
  if (!keep) return keep.error();
  keep->bind(1, username).bind(2, now);
  if (auto kept = keep->run(); !kept) return kept.error();
  auto stmt = db.prepare(
      "UPDATE accounts SET password_hash = ?2, must_change_password = ?3, "
      "password_changed_at = ?4, failed_logins = 0, locked_until = 0 WHERE username = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, username).bind(2, new_hash).bind(3, must_change ? 1 : 0).bind(4, now);
  return stmt->run();
}

Result<std::vector<std::string>> recent_password_hashes(Database& db, const std::string& username,
                                                        int count) {
  auto stmt = db.prepare(
      "SELECT password_hash FROM (SELECT password_hash, 1 AS newest, 0 AS id FROM accounts "
      "WHERE username = ?1 UNION ALL SELECT password_hash, 0, id FROM password_history "
      "WHERE account = ?1) ORDER BY newest DESC, id DESC LIMIT ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, username).bind(2, static_cast<std::int64_t>(count));
  return stmt->texts(0);
}

Result<void> set_account_disabled(Database& db, const std::string& username, bool disabled,
                                  std::int64_t now) {
  auto stmt = db.prepare(
      "UPDATE accounts SET disabled_at = CASE WHEN ?2 THEN ?3 ELSE NULL END WHERE username = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, username).bind(2, disabled ? 1 : 0).bind(3, now);
  return stmt->run();
}

Result<void> set_totp_pending(Database& db, const std::string& username,
                              const std::string& secret) {
  auto stmt = db.prepare("UPDATE accounts SET totp_pending_secret = ?2 WHERE username = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, username).bind(2, secret);
  return stmt->run();
}

Result<void> confirm_totp(Database& db, const std::string& username, std::int64_t step) {
  auto stmt = db.prepare(
      "UPDATE accounts SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, "
      "totp_last_step = ?2 WHERE username = ?1 AND totp_pending_secret IS NOT NULL");
  if (!stmt) return stmt.error();
  stmt->bind(1, username).bind(2, step);
  return stmt->run();
}

Result<void> record_totp_step(Database& db, const std::string& username, std::int64_t step) {
  auto stmt = db.prepare("UPDATE accounts SET totp_last_step = ?2 WHERE username = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, username).bind(2, step);
  return stmt->run();
}

Result<void> clear_totp(Database& db, const std::string& username) {
  return run(db,
             "UPDATE accounts SET totp_secret = NULL, totp_pending_secret = NULL, "
             "totp_last_step = 0 WHERE username = ?1",
             username);
}

}  // namespace xueji::server
