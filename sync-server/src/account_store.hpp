// Accounts table: one row per person and unit (R1: every account belongs to one unit).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
  // Added by server migration 2 (accounts created by the level above, TOTP):
  std::string created_by;             // empty for the seed and the installation
  bool disabled = false;              // a disabled account cannot log in
  bool must_change_password = false;  // a one-time password (new account, reset)
  std::string totp_secret;            // sealed (secret_box.hpp); empty when none is enrolled
  std::string totp_pending_secret;    // sealed; set up, not yet confirmed with a code
  std::int64_t totp_last_step = 0;    // the last accepted 30-second step (no replay)
  std::int64_t created_at = 0;
};

Result<std::optional<Account>> find_account(Database& db, const std::string& username);
Result<std::vector<Account>> all_accounts(Database& db);
Result<void> insert_account(Database& db, const Account& account, std::int64_t now);
// Counts a failed login; at `max_failures` consecutive failures the account locks until
// now + lock_seconds. A lock that has expired starts the count again. Returns the new state.
Result<Account> record_login_failure(Database& db, const std::string& username, std::int64_t now,
                                     int max_failures, std::int64_t lock_seconds);
Result<void> clear_login_failures(Database& db, const std::string& username);

// Replaces the password hash, keeping the old one in password_history; clears a lock.
Result<void> replace_password(Database& db, const std::string& username,
                              const std::string& new_hash, bool must_change, std::int64_t now);
// The current hash and up to `count - 1` earlier ones, newest first.
Result<std::vector<std::string>> recent_password_hashes(Database& db, const std::string& username,
                                                        int count);
Result<void> set_account_disabled(Database& db, const std::string& username, bool disabled,
                                  std::int64_t now);
Result<void> set_totp_pending(Database& db, const std::string& username, const std::string& secret);
// Makes the pending secret the enrolled one; `step` was just used to confirm it.
Result<void> confirm_totp(Database& db, const std::string& username, std::int64_t step);
Result<void> record_totp_step(Database& db, const std::string& username, std::int64_t step);
Result<void> clear_totp(Database& db, const std::string& username);

}  // namespace xueji::server
