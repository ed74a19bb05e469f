#include "session_store.hpp"

#include <sodium.h>

namespace xueji::server {

std::string new_bearer_token() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

std::string token_digest(std::string_view token) {
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

Result<void> insert_session(Database& db, const std::string& digest, const SessionRecord& r) {
  auto stmt = db.prepare(
      "INSERT INTO sessions(token_hash, account, device_id, created_at, last_used_at, expires_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt) return stmt.error();
  stmt->bind(1, digest)
      .bind(2, r.account)
      .bind(3, r.device_id)
      .bind(4, r.created_at)
      .bind(5, r.last_used_at)
      .bind(6, r.expires_at);
  return stmt->run();
}

Result<std::optional<SessionRecord>> find_session(Database& db, const std::string& digest) {
  auto stmt = db.prepare(
      "SELECT account, device_id, created_at, last_used_at, expires_at, revoked_at IS NOT NULL "
      "FROM sessions WHERE token_hash = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, digest);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<SessionRecord>();
  return std::optional<SessionRecord>(SessionRecord{stmt->text(0), stmt->text(1), stmt->integer(2),
                                                    stmt->integer(3), stmt->integer(4),
                                                    stmt->integer(5) != 0});
}

Result<void> touch_session(Database& db, const std::string& digest, std::int64_t now) {
  auto stmt = db.prepare("UPDATE sessions SET last_used_at = ?2 WHERE token_hash = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, digest).bind(2, now);
  return stmt->run();
}

namespace {

Result<void> revoke_where(Database& db, const char* column, const std::string& value,
                          std::int64_t now) {
  auto stmt = db.prepare(std::string("UPDATE sessions SET revoked_at = ?2 WHERE ") + column +
                         " = ?1 AND revoked_at IS NULL");
  if (!stmt) return stmt.error();
  stmt->bind(1, value).bind(2, now);
  return stmt->run();
}

}  // namespace

Result<void> revoke_session(Database& db, const std::string& digest, std::int64_t now) {
  return revoke_where(db, "token_hash", digest, now);
}

Result<void> revoke_sessions_of_account(Database& db, const std::string& account,
                                        std::int64_t now) {
  return revoke_where(db, "account", account, now);
}

Result<void> revoke_sessions_of_device(Database& db, const std::string& device_id,
                                       std::int64_t now) {
  return revoke_where(db, "device_id", device_id, now);
}

}  // namespace xueji::server
