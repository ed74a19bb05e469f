// Account administration (issue 5, 等级保护 level 3): accounts are created, listed, disabled,
// enabled and reset by the level directly above (xueji::may_manage_account); everyone changes
// their own password under the password rules and enrols a second factor. Every action and
// every refusal is audited. No HTTP here: the endpoints only decode and encode.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "account_store.hpp"
#include "authenticator.hpp"
#include "server_database.hpp"

namespace xueji::server {

struct NewAccount {
  std::string username;
  Role role = Role::SchoolRegistrar;
  std::string unit_code;
  std::string display_name;
};

// An account as the level above sees it (never its hashes or secrets).
struct AccountView {
  std::string username;
  Role role = Role::SchoolRegistrar;
  std::string unit_code;
  std::string unit_name;
  std::string display_name;
  bool disabled = false;
  bool locked = false;
  bool password_change_required = false;
  bool totp_enrolled = false;
  std::string created_by;
  std::int64_t created_at = 0;
};

// A new or reset account with its one-time password, shown once and never stored in clear.
struct IssuedPassword {
  AccountView account;
  std::string initial_password;
};

struct TotpEnrolment {
  std::string secret;  // base32
  std::string otpauth_uri;
};

class AccountService {
 public:
  explicit AccountService(ServerDatabase& db) : db_(db) {}

  Result<IssuedPassword> create(const Actor& actor, const NewAccount& request, std::int64_t now);
  // The accounts `actor` manages (the level directly below, inside its scope).
  Result<std::vector<AccountView>> list(const Actor& actor, std::int64_t now);
  // Disabling also ends every session of the account.
  Result<AccountView> set_enabled(const Actor& actor, const std::string& username, bool enabled,
                                  std::int64_t now);
  // A new one-time password; ends the account's sessions and lifts a lock.
  Result<IssuedPassword> reset_password(const Actor& actor, const std::string& username,
                                        std::int64_t now);
  // Removes the second factor (a lost phone); the owner enrols again at the next login.
  Result<AccountView> reset_totp(const Actor& actor, const std::string& username, std::int64_t now);

  // The actor's own password: the current one, then the rules and the history.
  Result<void> change_password(const Actor& self, const std::string& current,
                               const std::string& replacement, std::int64_t now,
                               const SessionPolicy& policy);
  // A new pending secret (the current password is asked again: a stolen session must not be
  // able to move the second factor to another phone); confirmed with a code from the app.
  Result<TotpEnrolment> totp_setup(const Actor& self, const std::string& password, std::int64_t now,
                                   const SessionPolicy& policy);
  Result<void> totp_confirm(const Actor& self, const std::string& code, std::int64_t now);

 private:
  // The account `username` if `actor` manages it; NOT_FOUND or OUT_OF_SCOPE (audited) if not.
  Result<Account> managed_account(Database& db, const Actor& actor, const std::string& username,
                                  std::string_view action);
  Result<bool> verify_own_password(const Actor& self, const std::string& password, std::int64_t now,
                                   const SessionPolicy& policy);
  ServerDatabase& db_;
};

// Usernames: 3–64 of a–z 0–9 . _ - starting with a letter or digit (they appear in logs,
// audit entries and otpauth URIs, so plain ASCII only).
bool valid_username(std::string_view username);

}  // namespace xueji::server
