// Accounts table: one row per person and unit (R1: every account belongs to one unit).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "xueji/actor.hpp"
#include "xueji/database.hpp"

namespace xueji::server {

struct Account {
  std::string username;
  std::string password_hash;  // Argon2id string
  Role role = Role::SchoolRegistrar;
  std::string unit_code;  // school code, or the division code of an authority
  std::string display_name;
  int failed_logins = 0;
  std::int64_t locked_until = 0;  // Unix seconds; 0 when not locked
};

Result<std::optional<Account>> find_account(Database& db, const std::string& username);
Result<void> insert_account(Database& db, const Account& account, std::int64_t now);
// Counts a failed login; at `max_failures` consecutive failures the account locks until
// now + lock_seconds. A lock that has expired starts the count again. Returns the new state.
Result<Account> record_login_failure(Database& db, const std::string& username, std::int64_t now,
                                     int max_failures, std::int64_t lock_seconds);
Result<void> clear_login_failures(Database& db, const std::string& username);

}  // namespace xueji::server
