// The server's one SQLite connection and the lock that serialises its users.
#pragma once
#include <filesystem>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "secret_box.hpp"
#include "xueji/database.hpp"

namespace xueji::server {

// One writing connection behind one mutex: the core's Database is a single connection opened
// without SQLite's own mutex, and SQLite serialises writers anyway. A county's load (a few
// hundred devices pushing small batches) is far below what one connection sustains
// (TOOLCHAIN-NOTES: ~130k inserts/s); slow work (Argon2id) is kept outside the lock.
// Read-only work (a pull page, a session lookup) runs on read connections instead, one per
// thread that needs one at the same time: in WAL mode a reader sees the last commit and
// neither waits for the writer nor makes it wait, so a bootstrap pull of a whole school does
// not hold every push behind it (docs/PERFORMANCE.md, section 4).
class ServerDatabase {
 public:
  // Opens (creating if needed) DIR/xueji.db in WAL mode and runs every migration: the core's
  // schema first (DatabaseRole::Server), then the server-only tables. The TOTP key comes from
  // `totp_key_file` (default DIR/totp.key, created on first start); TOTP_KEY_MISMATCH when it
  // is not the key this database's secrets were sealed with.
  static Result<std::unique_ptr<ServerDatabase>> open(
      const std::filesystem::path& data_dir, const std::filesystem::path& totp_key_file = {});
  static std::filesystem::path file_in(const std::filesystem::path& data_dir);
  static std::filesystem::path default_totp_key_file(const std::filesystem::path& data_dir);

  template <class F>
  auto with(F&& f) {
    std::lock_guard lock(mutex_);
    return f(db_);
  }
  // f(db) on a read connection (PRAGMA query_only: a write through it fails), taken from the
  // idle ones or opened for the calling thread and kept for the next caller. Falls back to
  // the writing connection under the lock if no read connection can be opened.
  template <class F>
  auto read(F&& f) {
    std::unique_ptr<Database> reader = take_reader();
    if (!reader) return with(std::forward<F>(f));
    struct Return {  // back to the idle ones however f ends
      ServerDatabase& owner;
      std::unique_ptr<Database>& reader;
      ~Return() { owner.give_back(std::move(reader)); }
    } back{*this, reader};
    return f(*reader);
  }

  // Seals and opens TOTP secrets (account_store keeps them sealed).
  const SecretBox& totp_box() const { return totp_box_; }

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

  ServerDatabase(Database db, SecretBox totp_box, std::filesystem::path file = {})
      : db_(std::move(db)), totp_box_(std::move(totp_box)), file_(std::move(file)) {}

 private:
  std::unique_ptr<Database> take_reader();
  void give_back(std::unique_ptr<Database> reader);
  std::mutex mutex_;
  Database db_;
  SecretBox totp_box_;
  std::filesystem::path file_;  // empty: no read connections (everything on db_)
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Database>> idle_readers_;
};

}  // namespace xueji::server
