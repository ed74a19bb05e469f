// The handles the core talks to storage through: `Database` (a connection) and `Statement`.
// Both forward to the storage seam of sql_connection.hpp, so no rule depends on SQLite;
// `Database::open` opens the SQLite backend (database.cpp), the only place the core touches
// the SQLite C API.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xueji/result.hpp"
#include "xueji/sql_connection.hpp"

struct sqlite3;

namespace xueji {

class Statement {
 public:
  explicit Statement(std::unique_ptr<SqlStatement> impl) : impl_(std::move(impl)) {}
  Statement(Statement&& other) noexcept = default;
  Statement& operator=(Statement&&) = delete;
  ~Statement() = default;

  Statement& bind(int index, std::string_view text) {
    impl_->bind_text(index, text);
    return *this;
  }
  Statement& bind(int index, std::int64_t value) {
    impl_->bind_integer(index, value);
    return *this;
  }
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind_null(int index) {
    impl_->bind_null(index);
    return *this;
  }
  // Binary content (attachment bytes): stored as a BLOB, read back with blob().
  Statement& bind_blob(int index, std::string_view bytes) {
    impl_->bind_blob(index, bytes);
    return *this;
  }
  // Steps once: true when a row is available, false when done. Errors become StorageError.
  Result<bool> step() { return impl_->step(); }
  Result<void> run();  // steps to completion, rewinds (bindings kept)
  // Steps to completion, collecting one text column of every row (e.g. a list of ids).
  Result<std::vector<std::string>> texts(int column);
  void reset() { impl_->reset(); }

  std::string text(int column) const { return impl_->text(column); }
  std::int64_t integer(int column) const { return impl_->integer(column); }
  std::string blob(int column) const { return impl_->blob(column); }
  bool is_null(int column) const { return impl_->is_null(column); }
  int column_count() const { return impl_->column_count(); }
  std::string column_name(int column) const { return impl_->column_name(column); }

 private:
  std::unique_ptr<SqlStatement> impl_;
};

// Statistics of the SQLite backend's prepared-statement cache, for tests and the benchmark.
struct StatementCacheStats {
  std::uint64_t compiled = 0;  // sqlite3_prepare_v2 calls made by prepare()
  std::uint64_t reused = 0;    // prepare() answered from the cache
  std::size_t cached_sql = 0;  // distinct SQL texts currently held
};

// Options of the SQLite backend. The server's file runs in WAL mode: readers never wait for
// the writer and a crash mid-write cannot corrupt the file.
struct SqliteOptions {
  bool wal = false;
};

class SqliteConnection;

// The SQLite backend on a file (created if absent), foreign keys on.
Result<std::unique_ptr<SqlConnection>> open_sqlite(const std::string& path,
                                                   SqliteOptions options = {});

class Database {
 public:
  // open_sqlite() in a Database.
  static Result<Database> open(const std::string& path, SqliteOptions options = {});
  // Any backend behind the seam (docs/STORAGE.md).
  explicit Database(std::unique_ptr<SqlConnection> connection);
  Database(Database&& other) noexcept = default;
  Database& operator=(Database&& other) noexcept = default;
  ~Database() = default;

  Result<void> exec(std::string_view sql) { return impl_->exec(sql); }
  // SQLite: compiled once per connection and SQL text, then reused (a statement still in use
  // when the same text is prepared again gets a fresh one, so nested queries are safe).
  Result<Statement> prepare(std::string_view sql);
  std::int64_t last_insert_rowid() const { return impl_->last_insert_id(); }
  int changes() const { return impl_->changes(); }
  const SqlDialect& dialect() const { return impl_->dialect(); }
  SqlConnection& connection() { return *impl_; }

  // SQLite backend only (tests, the benchmark's profiler, online backup): null / empty on
  // another backend.
  sqlite3* handle();
  // Drops every cached statement (statements still in use are finalized when they finish).
  // exec() of DDL does this by itself; SQLite also recompiles a stale statement on its own.
  void clear_statement_cache();
  StatementCacheStats statement_cache_stats() const;

 private:
  std::unique_ptr<SqlConnection> impl_;
};

// One transaction per command: begun now (SQLite: BEGIN IMMEDIATE), rolled back unless
// commit() succeeded.
class Transaction {
 public:
  static Result<Transaction> begin(Database& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  ~Transaction();
  Result<void> commit();

 private:
  explicit Transaction(Database& db) : db_(&db) {}
  Database* db_;
};

}  // namespace xueji
