#include "server_database.hpp"

#include "server_schema.hpp"
#include "xueji/schema.hpp"

namespace xueji::server {

std::filesystem::path ServerDatabase::file_in(const std::filesystem::path& data_dir) {
  return data_dir / "xueji.db";
}

Result<std::unique_ptr<ServerDatabase>> ServerDatabase::open(
    const std::filesystem::path& data_dir) {
  auto db = Database::open(file_in(data_dir).string());
  if (!db) return db.error();
  // WAL: readers never wait for the writer and a crash mid-write cannot corrupt the file;
  // synchronous=NORMAL is durable across process crashes (a power cut may lose the last commit).
  // temp_store=MEMORY keeps the savepoint journal of a push (one SAVEPOINT per operation) in
  // memory: on disk it was a temp-file write per page touched, ~15% of a merge's CPU
  // (docs/PERFORMANCE.md). It holds only pages changed within one push.
  if (auto wal = db->exec(
          "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;");
      !wal)
    return wal.error();
  if (auto core = migrate(*db, DatabaseRole::Server); !core) return core.error();
  if (auto own = migrate_server_tables(*db); !own) return own.error();
  return std::make_unique<ServerDatabase>(std::move(*db));
}

}  // namespace xueji::server
