// The one schema migration runner. Each list of migrations (the core's, the server's accounts
// tables) is named and versioned on its own row of `schema_version`; each step runs in one
// transaction together with its version bump, so a crash leaves the database at the previous
// version, never half-migrated. A database from a newer program is refused (SCHEMA_TOO_NEW),
// never "migrated" down or run with a schema this program does not know.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "xueji/database.hpp"

namespace xueji {

struct MigrationStep {
  int version = 0;
  std::string sql;                              // run first (may be empty)
  std::function<Result<void>(Database&)> code;  // then this, same transaction (may be empty)
};

struct MigrationList {
  std::string name;  // the schema_version row: "core", "server"
  // Ascending versions; append only (a shipped step is never edited, so a database left
  // offline for months upgrades step by step). Gaps are allowed.
  std::vector<MigrationStep> steps;
  // Where a SQLite database migrated before this runner existed records its version (0 when
  // there is none); read once, when the list has no schema_version row yet.
  std::function<Result<int>(Database&)> legacy_version;
};

// The list's version in this database (0: never migrated, or only by the legacy bookkeeping).
Result<int> schema_version(Database& db, const std::string& list);
// Applies the steps above the database's version, in order. SCHEMA_TOO_NEW when the database
// is at a version above the list's last step; STORAGE_ERROR when a step fails (rolled back).
Result<void> run_migrations(Database& db, const MigrationList& list);

}  // namespace xueji
