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

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind_null(int index);
  // Steps once: true when a row is available, false when done. Errors become StorageError.
  Result<bool> step();
  Result<void> run();  // steps to completion, resets
  // Steps to completion, collecting one text column of every row (e.g. a list of ids).
  Result<std::vector<std::string>> texts(int column);
  void reset();

  std::string text(int column) const;
  std::int64_t integer(int column) const;
  bool is_null(int column) const;
  int column_count() const;
  std::string column_name(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  static Result<Database> open(const std::string& path);
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  ~Database();

  Result<void> exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() { return db_; }

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
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
