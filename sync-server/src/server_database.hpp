// The server's one SQLite connection and the lock that serialises its users.
#pragma once
#include <filesystem>
#include <memory>
#include <mutex>

#include "xueji/database.hpp"

namespace xueji::server {

// One connection behind one mutex: the core's Database is a single connection opened without
// SQLite's own mutex, and SQLite serialises writers anyway. A county's load (a few hundred
// devices pushing small batches) is far below what one connection sustains (TOOLCHAIN-NOTES:
// ~130k inserts/s); slow work (Argon2id) is kept outside the lock.
class ServerDatabase {
 public:
  // Opens (creating if needed) DIR/xueji.db in WAL mode and runs every migration: the core's
  // schema first (DatabaseRole::Server), then the server-only tables.
  static Result<std::unique_ptr<ServerDatabase>> open(const std::filesystem::path& data_dir);
  static std::filesystem::path file_in(const std::filesystem::path& data_dir);

  template <class F>
  auto with(F&& f) {
    std::lock_guard lock(mutex_);
    return f(db_);
  }

  explicit ServerDatabase(Database db) : db_(std::move(db)) {}

 private:
  std::mutex mutex_;
  Database db_;
};

}  // namespace xueji::server
