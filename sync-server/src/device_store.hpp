// Devices that have logged in (S5: several per school, each revocable).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "xueji/actor.hpp"
#include "xueji/database.hpp"

namespace xueji::server {

// Records the device on login (first or later); the last account to use it is kept.
Result<void> record_device(Database& db, const std::string& device_id, const std::string& account,
                           std::int64_t now);
Result<bool> device_revoked(Database& db, const std::string& device_id);

struct Device {
  std::string device_id;
  std::string account;  // the last account that logged in on it
  Role role = Role::SchoolRegistrar;
  std::string unit_code;      // that account's unit
  std::string unit_division;  // the school's division, or the authority's own code
  std::int64_t first_seen = 0;
  std::int64_t last_seen = 0;
  std::int64_t revoked_at = 0;  // 0 while in use
  std::string revoked_by;
};

Result<std::vector<Device>> all_devices(Database& db);
Result<std::optional<Device>> find_device(Database& db, const std::string& device_id);
// Marks the device revoked and ends every session opened on it.
Result<void> revoke_device(Database& db, const std::string& device_id, const std::string& by,
                           std::int64_t now);

}  // namespace xueji::server
