#include "server_database.hpp"

#include "server_schema.hpp"
#include "xueji/migrations.hpp"
#include "xueji/schema.hpp"

namespace xueji::server {

std::filesystem::path ServerDatabase::file_in(const std::filesystem::path& data_dir) {
  return data_dir / "xueji.db";
}

std::filesystem::path ServerDatabase::default_totp_key_file(const std::filesystem::path& data_dir) {
  return data_dir / "totp.key";
}

Result<std::unique_ptr<ServerDatabase>> ServerDatabase::open(
    const std::filesystem::path& data_dir, const std::filesystem::path& totp_key_file) {
  // The key first: a wrong or unreadable key stops the start before anything is written.
  auto box = load_or_create_totp_key(totp_key_file.empty() ? default_totp_key_file(data_dir)
                                                           : totp_key_file);
  if (!box) return box.error();
  // WAL, synchronous=NORMAL, temp_store=MEMORY: see SqliteOptions and Database::open.
  auto db = Database::open(file_in(data_dir).string(), SqliteOptions{true});
  if (!db) return db.error();
  if (auto core = migrate(*db, DatabaseRole::Server); !core) return core.error();
  auto before = schema_version(*db, "server");
  if (!before) return before.error();
  if (auto own = migrate_server_tables(*db, *box); !own) return own.error();
  if (*before < kSealTotpVersion) {
    // Server migration 3 has just sealed plain TOTP secrets: the old bytes may still sit in
    // freed space of their pages and in the main file behind the WAL. VACUUM rewrites the file
    // without free space and the checkpoint puts it in place, so no plain secret stays on disk.
    // Once per database (a fresh one is tiny).
    if (auto vacuumed = db->exec("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);"); !vacuumed)
      return vacuumed.error();
  }
  return std::make_unique<ServerDatabase>(std::move(*db), std::move(*box), file_in(data_dir));
}

std::unique_ptr<Database> ServerDatabase::take_reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      auto reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return reader;
    }
  }
  if (file_.empty()) return nullptr;
  // At most one per worker thread: a thread holds one only while it reads.
  auto db = Database::open(file_.string(), SqliteOptions{true});
  if (!db || !db->exec("PRAGMA query_only = ON;")) return nullptr;
  return std::make_unique<Database>(std::move(*db));
}

void ServerDatabase::give_back(std::unique_ptr<Database> reader) {
  if (!reader) return;
  std::lock_guard lock(readers_mutex_);
  idle_readers_.push_back(std::move(reader));
}

}  // namespace xueji::server
