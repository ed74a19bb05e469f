// The storage seam (docs/STORAGE.md): what the core needs from a SQL database, and nothing
// more. The rules (commands, policies, merge, queries) talk to `Database`/`Statement`
// (database.hpp), thin handles over these two interfaces; SQLite implements them in
// database.cpp. A PostgreSQL backend for a province-wide deployment implements the same two
// classes and the SQL constructs listed in docs/STORAGE.md, without touching the rules.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "xueji/result.hpp"

namespace xueji {

// What differs between backends beyond the interface below, in one place. The core's SQL is
// written in the SQLite dialect; docs/STORAGE.md lists every construct it uses.
struct SqlDialect {
  std::string_view name;  // "sqlite"
  // Schema versions written before the shared migration runner (PRAGMA user_version and the
  // server_schema table) exist only in SQLite files; another backend starts from the
  // schema_version table (migrations.hpp).
  bool has_legacy_versions = false;
  // sqlite3_backup: a consistent copy of a live database (`xueji-server backup`).
  bool online_backup = false;
};

// One compiled statement. Parameters are numbered from 1 (`?1`), columns from 0.
class SqlStatement {
 public:
  virtual ~SqlStatement() = default;
  virtual void bind_text(int index, std::string_view text) = 0;
  virtual void bind_integer(int index, std::int64_t value) = 0;
  virtual void bind_null(int index) = 0;
  // Binary content (attachment bytes): a BLOB, never NULL even when empty.
  virtual void bind_blob(int index, std::string_view bytes) = 0;
  // true: a row is available; false: done. An error leaves the statement rewound.
  virtual Result<bool> step() = 0;
  virtual void rewind() = 0;  // back to the first row, bindings kept
  virtual void reset() = 0;   // back to the first row, bindings cleared
  virtual std::string text(int column) const = 0;
  virtual std::int64_t integer(int column) const = 0;
  virtual std::string blob(int column) const = 0;
  virtual bool is_null(int column) const = 0;
  virtual int column_count() const = 0;
  virtual std::string column_name(int column) const = 0;
};

// One connection, used by one thread at a time (the server serialises its users).
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  // Runs a script of one or more statements without results (DDL, migrations, PRAGMAs).
  virtual Result<void> exec(std::string_view sql) = 0;
  virtual Result<std::unique_ptr<SqlStatement>> prepare(std::string_view sql) = 0;
  // A write transaction that holds the write lock from its start (SQLite: BEGIN IMMEDIATE), so
  // a command's reads and writes see one state. Nested scopes inside use SAVEPOINT.
  virtual Result<void> begin() = 0;
  virtual Result<void> commit() = 0;
  virtual Result<void> rollback() = 0;
  // The integer key of the row the last INSERT made, and the rows the last statement changed.
  virtual std::int64_t last_insert_id() const = 0;
  virtual int changes() const = 0;
  virtual const SqlDialect& dialect() const = 0;
};

}  // namespace xueji
