// Login and bearer-token authentication (等级保护 level 3: unique accounts, Argon2id,
// lock-out after repeated failures, idle timeout and expiry, sessions bound to a device).
#pragma once
#include <cstdint>
#include <string_view>

#include "server_database.hpp"
#include "xueji/actor.hpp"
#include "xueji/session.hpp"

namespace xueji::server {

struct SessionPolicy {
  std::int64_t idle_seconds = 2 * 3600;  // a session unused this long is dead
  std::int64_t max_seconds = 12 * 3600;  // and none outlives a working day
  int max_failures = 5;                  // consecutive wrong passwords before the lock
  std::int64_t lock_seconds = 15 * 60;
};

class Authenticator {
 public:
  Authenticator(ServerDatabase& db, SessionPolicy policy) : db_(db), policy_(policy) {}

  // BAD_CREDENTIALS for a wrong password or an unknown user alike (no enumeration);
  // ACCOUNT_LOCKED while locked, whatever the password; DEVICE_REVOKED for a revoked device.
  Result<Session> login(const LoginRequest& request, std::int64_t now);
  // The actor behind a bearer token, or UNAUTHENTICATED (unknown, expired, idle, revoked).
  Result<Actor> authenticate(std::string_view token, std::int64_t now);

 private:
  Result<Session> open_session(Database& db, const Actor& actor, const std::string& display_name,
                               std::int64_t now);
  ServerDatabase& db_;
  SessionPolicy policy_;
};

}  // namespace xueji::server
