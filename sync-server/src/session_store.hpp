// Bearer sessions: a random 256-bit token handed to the device once, kept on the server only
// as its SHA-256, bound to one account and one device.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "xueji/database.hpp"

namespace xueji::server {

struct SessionRecord {
  std::string account;
  std::string device_id;
  std::int64_t created_at = 0;
  std::int64_t last_used_at = 0;
  std::int64_t expires_at = 0;
  bool revoked = false;
};

std::string new_bearer_token();                    // 32 random bytes, base64url, no padding
std::string token_digest(std::string_view token);  // lower-case hex SHA-256

Result<void> insert_session(Database& db, const std::string& digest, const SessionRecord& record);
Result<std::optional<SessionRecord>> find_session(Database& db, const std::string& digest);
Result<void> touch_session(Database& db, const std::string& digest, std::int64_t now);
// Ends sessions: one (logout), every session of an account (disabled, password reset), every
// session of a device (revoked). Ended sessions stay in the table as a record.
Result<void> revoke_session(Database& db, const std::string& digest, std::int64_t now);
Result<void> revoke_sessions_of_account(Database& db, const std::string& account, std::int64_t now);
Result<void> revoke_sessions_of_device(Database& db, const std::string& device_id,
                                       std::int64_t now);

}  // namespace xueji::server
