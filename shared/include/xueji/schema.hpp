// Versioned schema migrations, shared by device and server databases. A browser database
// left offline for months upgrades step by step on open.
#pragma once
#include "xueji/database.hpp"
#include "xueji/migrations.hpp"

namespace xueji {

enum class DatabaseRole { Device, Server };

int latest_schema_version();
// The core's list "core" of the shared runner (migrations.hpp); SCHEMA_TOO_NEW for a database
// of a newer program.
Result<void> migrate(Database& db, DatabaseRole role);
const MigrationList& core_migrations(DatabaseRole role);

}  // namespace xueji
