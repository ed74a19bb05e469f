// Login and bearer-token authentication (等级保护 level 3: unique accounts, Argon2id,
// lock-out after repeated failures, a second factor for staff, idle timeout and expiry,
// sessions bound to an account and a device, revocation).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "server_database.hpp"
#include "xueji/actor.hpp"
#include "xueji/session.hpp"

namespace xueji::server {

struct SessionPolicy {
  std::int64_t idle_seconds = 2 * 3600;  // a session unused this long is dead
  std::int64_t max_seconds = 12 * 3600;  // and none outlives a working day
  int max_failures = 5;                  // consecutive wrong passwords (or codes) before the lock
  std::int64_t lock_seconds = 15 * 60;
  // Staff (county, city, province, admin) without an enrolled second factor may only enrol one.
  // Off by default so the demo and the tests run without an authenticator app; the production
  // config (xueji.conf.example) turns it on.
  bool require_totp_for_staff = false;
};

// What a session may do. Full: everything its scope allows. AccountSelf: only what finishes
// the account itself (change the one-time password, enrol the second factor, log out), which a
// session may do before it is allowed anything else.
enum class Access { Full, AccountSelf };

// What the login answer tells the client about the account, beyond the Session.
struct AccountState {
  bool password_change_required = false;
  bool totp_enrolled = false;
  bool totp_enrollment_required = false;
};

bool is_staff(Role role);

class Authenticator {
 public:
  Authenticator(ServerDatabase& db, SessionPolicy policy) : db_(db), policy_(policy) {}

  // BAD_CREDENTIALS for a wrong password or an unknown user alike (no enumeration);
  // ACCOUNT_LOCKED while locked, whatever the password; DEVICE_REVOKED for a revoked device;
  // ACCOUNT_DISABLED (after a right password); TOTP_REQUIRED when a second factor is enrolled
  // and `totp` is empty; TOTP_INVALID for a wrong or reused code (counted like a wrong password).
  Result<Session> login(const LoginRequest& request, std::int64_t now, std::string_view totp = {});
  // The actor behind a bearer token: UNAUTHENTICATED (unknown, expired, idle, logged out),
  // DEVICE_REVOKED (its device was revoked), ACCOUNT_DISABLED; with Access::Full also
  // PASSWORD_CHANGE_REQUIRED and TOTP_ENROLLMENT_REQUIRED.
  Result<Actor> authenticate(std::string_view token, std::int64_t now,
                             Access access = Access::Full);
  // Ends the token's session (logout). UNAUTHENTICATED when it is not a live session.
  Result<void> logout(std::string_view token, std::int64_t now);
  Result<AccountState> account_state(const std::string& username);
  const SessionPolicy& policy() const { return policy_; }

 private:
  Result<Session> open_session(Database& db, const Actor& actor, const std::string& display_name,
                               std::int64_t now);
  ServerDatabase& db_;
  SessionPolicy policy_;
};

}  // namespace xueji::server
