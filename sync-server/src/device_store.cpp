#include "device_store.hpp"

#include "session_store.hpp"

namespace xueji::server {
namespace {

constexpr const char* kDeviceQuery =
    "SELECT d.device_id, d.account, a.role, a.unit_code, coalesce(s.division_code, a.unit_code), "
    "d.first_seen, d.last_seen, coalesce(d.revoked_at, 0), coalesce(d.revoked_by, '') "
    "FROM devices d JOIN accounts a ON a.username = d.account "
    "LEFT JOIN schools s ON s.code = a.unit_code AND a.role = 'school_registrar' ";

Result<Device> read_device(Statement& stmt) {
  auto role = role_from_name(stmt.text(2));
  if (!role) return make_error(ErrorCode::StorageError, "role", "unknown role in accounts table");
  return Device{stmt.text(0),    stmt.text(1),    *role,           stmt.text(3), stmt.text(4),
                stmt.integer(5), stmt.integer(6), stmt.integer(7), stmt.text(8)};
}

}  // namespace

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

Result<std::vector<Device>> all_devices(Database& db) {
  auto stmt = db.prepare(std::string(kDeviceQuery) + "ORDER BY d.device_id");
  if (!stmt) return stmt.error();
  std::vector<Device> devices;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return devices;
    auto device = read_device(*stmt);
    if (!device) return device.error();
    devices.push_back(std::move(*device));
  }
}

Result<std::optional<Device>> find_device(Database& db, const std::string& device_id) {
  auto stmt = db.prepare(std::string(kDeviceQuery) + "WHERE d.device_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, device_id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<Device>();
  auto device = read_device(*stmt);
  if (!device) return device.error();
  return std::optional<Device>(std::move(*device));
}

Result<void> revoke_device(Database& db, const std::string& device_id, const std::string& by,
                           std::int64_t now) {
  auto stmt = db.prepare(
      "UPDATE devices SET revoked_at = coalesce(revoked_at, ?2), revoked_by = coalesce(revoked_by, "
      "?3) WHERE device_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, device_id).bind(2, now).bind(3, by);
  if (auto updated = stmt->run(); !updated) return updated.error();
  return revoke_sessions_of_device(db, device_id, now);
}

}  // namespace xueji::server
