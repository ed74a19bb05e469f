// Versioned schema migrations, shared by device and server databases. A browser database
// left offline for months upgrades step by step on open.
#pragma once
#include "xueji/database.hpp"

namespace xueji {

enum class DatabaseRole { Device, Server };

int latest_schema_version();
Result<void> migrate(Database& db, DatabaseRole role);

}  // namespace xueji
