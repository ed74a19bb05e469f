#include "xueji/migrations.hpp"

#include <optional>

namespace xueji {
namespace {

// Portable SQL only (SQLite ≥ 3.24 and PostgreSQL both accept it): this table is the one
// every backend starts from (docs/STORAGE.md).
constexpr std::string_view kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    "list TEXT PRIMARY KEY, version INTEGER NOT NULL);";

Result<std::optional<int>> recorded_version(Database& db, const std::string& list) {
  auto stmt = db.prepare("SELECT version FROM schema_version WHERE list = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, list);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<int>();
  return std::optional<int>(static_cast<int>(stmt->integer(0)));
}

Result<void> record_version(Database& db, const std::string& list, int version) {
  auto stmt = db.prepare(
      "INSERT INTO schema_version(list, version) VALUES(?1, ?2) "
      "ON CONFLICT(list) DO UPDATE SET version = excluded.version");
  if (!stmt) return stmt.error();
  stmt->bind(1, list).bind(2, version);
  return stmt->run();
}

}  // namespace

Result<int> schema_version(Database& db, const std::string& list) {
  if (auto made = db.exec(kCreateVersionTable); !made) return made.error();
  auto recorded = recorded_version(db, list);
  if (!recorded) return recorded.error();
  return recorded->value_or(0);
}

Result<void> run_migrations(Database& db, const MigrationList& list) {
  for (size_t i = 1; i < list.steps.size(); ++i)
    if (list.steps[i].version <= list.steps[i - 1].version)
      return make_error(ErrorCode::StorageError, "migrations",
                        list.name + ": versions must ascend");
  const int latest = list.steps.empty() ? 0 : list.steps.back().version;

  if (auto made = db.exec(kCreateVersionTable); !made) return made.error();
  auto recorded = recorded_version(db, list.name);
  if (!recorded) return recorded.error();
  int version = recorded->value_or(0);
  const bool adopt = !*recorded && list.legacy_version && db.dialect().has_legacy_versions;
  if (adopt) {
    auto legacy = list.legacy_version(db);
    if (!legacy) return legacy.error();
    version = *legacy;
  }
  if (version > latest)
    return make_error(ErrorCode::SchemaTooNew, list.name,
                      list.name + " schema version " + std::to_string(version) +
                          " is newer than this program's " + std::to_string(latest));
  if (adopt && version > 0) {
    // A file the earlier runners migrated: its version is adopted once, in its own transaction.
    auto tx = Transaction::begin(db);
    if (!tx) return tx.error();
    if (auto kept = record_version(db, list.name, version); !kept) return kept.error();
    if (auto committed = tx->commit(); !committed) return committed.error();
  }

  for (const MigrationStep& step : list.steps) {
    if (step.version <= version) continue;
    auto tx = Transaction::begin(db);
    if (!tx) return tx.error();
    auto failed = [&](const Error& error) {
      return make_error(
          error.code, error.field,
          list.name + " migration " + std::to_string(step.version) + ": " + error.detail);
    };
    if (!step.sql.empty())
      if (auto applied = db.exec(step.sql); !applied) return failed(applied.error());
    if (step.code)
      if (auto applied = step.code(db); !applied) return failed(applied.error());
    if (auto kept = record_version(db, list.name, step.version); !kept) return failed(kept.error());
    if (auto committed = tx->commit(); !committed) return failed(committed.error());
  }
  return {};
}

}  // namespace xueji
