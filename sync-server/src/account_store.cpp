#include "account_store.hpp"

namespace xueji::server {

Result<std::optional<Account>> find_account(Database& db, const std::string& username) {
  auto stmt = db.prepare(
      "SELECT username, password_hash, role, unit_code, display_name, failed_logins, locked_until "
      "FROM accounts WHERE username = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, username);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<Account>();
  auto role = role_from_name(stmt->text(2));
  if (!role) return make_error(ErrorCode::StorageError, "role", "unknown role in accounts table");
  Account account;
  account.username = stmt->text(0);
  account.password_hash = stmt->text(1);
  account.role = *role;
  account.unit_code = stmt->text(3);
  account.display_name = stmt->text(4);
  account.failed_logins = static_cast<int>(stmt->integer(5));
  account.locked_until = stmt->integer(6);
  return std::optional<Account>(std::move(account));
}

Result<void> insert_account(Database& db, const Account& account, std::int64_t now) {
  auto stmt = db.prepare(
      "INSERT INTO accounts(username, password_hash, role, unit_code, display_name, created_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt) return stmt.error();
  stmt->bind(1, account.username)
      .bind(2, account.password_hash)
      .bind(3, role_name(account.role))
      .bind(4, account.unit_code)
      .bind(5, account.display_name)
      .bind(6, now);
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
  auto stmt =
      db.prepare("UPDATE accounts SET failed_logins = 0, locked_until = 0 WHERE username = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, username);
  return stmt->run();
}

}  // namespace xueji::server
