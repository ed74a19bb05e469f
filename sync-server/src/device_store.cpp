#include "device_store.hpp"

namespace xueji::server {

Result<void> record_device(Database& db, const std::string& device_id, const std::string& account,
                           std::int64_t now) {
  auto stmt = db.prepare(
      "INSERT INTO devices(device_id, account, first_seen, last_seen) VALUES(?1, ?2, ?3, ?3) "
      "ON CONFLICT(device_id) DO UPDATE SET account = ?2, last_seen = ?3");
  if (!stmt) return stmt.error();
  stmt->bind(1, device_id).bind(2, account).bind(3, now);
  return stmt->run();
}

Result<bool> device_revoked(Database& db, const std::string& device_id) {
  auto stmt = db.prepare("SELECT revoked_at IS NOT NULL FROM devices WHERE device_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, device_id);
  auto row = stmt->step();
  if (!row) return row.error();
  return *row && stmt->integer(0) != 0;
}

}  // namespace xueji::server
