// Server-only tables (accounts, devices, sessions), versioned separately from the core's
// schema: the core owns PRAGMA user_version, so these keep their own version row.
#pragma once
#include "xueji/database.hpp"

namespace xueji::server {

int latest_server_schema_version();
Result<void> migrate_server_tables(Database& db);

}  // namespace xueji::server
