// A small RAII layer over SQLite: the only place the core touches the C API.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xueji/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace xueji {

class StatementCache;
struct CachedSql;

class Statement {
 public:
  // An uncached statement: finalized when the Statement goes.
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  // A statement from Database::prepare goes back to the connection's cache (reset, bindings
  // cleared) instead of being finalized.
  ~Statement();

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind_null(int index);
  // Binary content (attachment bytes): stored as a BLOB, read back with blob().
  Statement& bind_blob(int index, std::string_view bytes);
  // Steps once: true when a row is available, false when done. Errors become StorageError.
  Result<bool> step();
  Result<void> run();  // steps to completion, resets
  // Steps to completion, collecting one text column of every row (e.g. a list of ids).
  Result<std::vector<std::string>> texts(int column);
  void reset();

  std::string text(int column) const;
  std::int64_t integer(int column) const;
  std::string blob(int column) const;
  bool is_null(int column) const;
  int column_count() const;
  std::string column_name(int column) const;

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* stmt, std::shared_ptr<StatementCache> cache, CachedSql* slot,
            std::uint64_t generation)
      : db_(db), stmt_(stmt), cache_(std::move(cache)), slot_(slot), generation_(generation) {}

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  std::shared_ptr<StatementCache> cache_;  // null: not cached
  CachedSql* slot_ = nullptr;
  std::uint64_t generation_ = 0;
};

// Statistics of the prepared-statement cache, for tests and the benchmark.
struct StatementCacheStats {
  std::uint64_t compiled = 0;  // sqlite3_prepare_v2 calls made by prepare()
  std::uint64_t reused = 0;    // prepare() answered from the cache
  std::size_t cached_sql = 0;  // distinct SQL texts currently held
};

class Database {
 public:
  static Result<Database> open(const std::string& path);
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  ~Database();

  Result<void> exec(std::string_view sql);
  // Compiled once per connection and SQL text, then reused (a statement still in use when the
  // same text is prepared again gets a fresh one, so nested queries are safe).
  Result<Statement> prepare(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() { return db_; }

  // Drops every cached statement (statements still in use are finalized when they finish).
  // exec() of DDL does this by itself; SQLite also recompiles a stale statement on its own.
  void clear_statement_cache();
  StatementCacheStats statement_cache_stats() const;

 private:
  explicit Database(sqlite3* db);
  void close();
  sqlite3* db_ = nullptr;
  std::shared_ptr<StatementCache> cache_;
};

// One transaction per command: BEGIN IMMEDIATE now, ROLLBACK unless commit() succeeded.
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
