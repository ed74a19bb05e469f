// Devices that have logged in (S5: several per school, each revocable).
#pragma once
#include <cstdint>
#include <string>

#include "xueji/database.hpp"

namespace xueji::server {

// Records the device on login (first or later); the last account to use it is kept.
Result<void> record_device(Database& db, const std::string& device_id, const std::string& account,
                           std::int64_t now);
Result<bool> device_revoked(Database& db, const std::string& device_id);

}  // namespace xueji::server
