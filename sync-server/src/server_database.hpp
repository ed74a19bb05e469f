// The server's one SQLite connection and the lock that serialises its users.
#pragma once
#include <filesystem>
#include <memory>
#include <mutex>
#include <utility>

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

  // f(db) → Result<T> inside one transaction under the lock: committed when f succeeds, rolled
  // back when it fails, so a refusal leaves nothing behind.
  template <class F>
  auto in_transaction(F&& f) -> decltype(f(std::declval<Database&>())) {
    std::lock_guard lock(mutex_);
    auto tx = Transaction::begin(db_);
    if (!tx) return tx.error();
    auto result = f(db_);
    if (!result) return result;
    if (auto committed = tx->commit(); !committed) return committed.error();
    return result;
  }

  explicit ServerDatabase(Database db) : db_(std::move(db)) {}

 private:
  std::mutex mutex_;
  Database db_;
};

}  // namespace xueji::server
