#include "backup_command.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "server_database.hpp"
#include "xueji/audit_log.hpp"

namespace xueji::server {
namespace {

int fail(const std::string& what) {
  std::fprintf(stderr, "xueji-server backup: %s\n", what.c_str());
  return 1;
}

// Copies `source` into `target` a few hundred pages at a time, pausing between steps so the
// running server's writers are never held up for long; a write during the copy makes SQLite
// restart it, which the loop absorbs.
bool copy_database(sqlite3* source, sqlite3* target, std::string& error) {
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", source, "main");
  if (backup == nullptr) {
    error = sqlite3_errmsg(target);
    return false;
  }
  int rc = SQLITE_OK;
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    rc = sqlite3_backup_step(backup, 256);
    if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    error = sqlite3_errstr(rc);
    return false;
  }
  return true;
}

}  // namespace

int run_backup(const BackupOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const auto file = ServerDatabase::file_in(options.data_dir);
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return fail("no database at " + file.string());
  if (std::filesystem::exists(options.out_file, ec))
    return fail(options.out_file.string() + " exists; a backup never overwrites a file");
  const std::string temp = options.out_file.string() + ".partial";
  std::filesystem::remove(temp, ec);

  // Read-only on the live database: a backup never migrates or changes it.
  sqlite3* source = nullptr;
  if (sqlite3_open_v2(file.c_str(), &source, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(source);
    return fail("cannot open " + file.string());
  }
  sqlite3_busy_timeout(source, 5000);
  sqlite3* target = nullptr;
  if (sqlite3_open_v2(temp.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(source);
    sqlite3_close(target);
    return fail("cannot create " + temp);
  }
  std::string error;
  bool copied = copy_database(source, target, error);
  // The copy is a single self-contained file: no -wal beside it.
  if (copied)
    copied = sqlite3_exec(target, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr) ==
             SQLITE_OK;
  sqlite3_close(source);
  sqlite3_close(target);
  if (!copied) {
    std::filesystem::remove(temp, ec);
    return fail("copy failed: " + error);
  }

  // Verified before it gets its name: the file opens, is intact, and its audit chain holds.
  std::string problem;
  std::int64_t audit_entries = 0;
  {
    auto db = Database::open(temp);
    if (!db) {
      problem = "the copy does not open";
    } else {
      auto integrity = db->prepare("PRAGMA integrity_check");
      std::string integrity_result;
      if (integrity) {
        auto row = integrity->step();
        if (row && *row) integrity_result = integrity->text(0);
      }
      auto chain = verify_audit_chain(*db);
      if (integrity_result != "ok")
        problem = "integrity check: " + integrity_result;
      else if (!chain || chain->first_broken_id)
        problem = "the audit chain does not verify";
      else
        audit_entries = chain->entries;
    }
  }
  if (!problem.empty()) {
    std::filesystem::remove(temp, ec);
    return fail(problem);
  }
  std::filesystem::rename(temp, options.out_file, ec);
  if (ec) return fail("cannot rename " + temp + ": " + ec.message());
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  std::printf("OK backup %s: %lld bytes, %lld audit entries verified, %lld ms\n",
              options.out_file.string().c_str(),
              static_cast<long long>(std::filesystem::file_size(options.out_file, ec)),
              static_cast<long long>(audit_entries), static_cast<long long>(ms));
  return 0;
}

}  // namespace xueji::server
