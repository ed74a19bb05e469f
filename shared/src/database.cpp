#include "xueji/database.hpp"

#include <sqlite3.h>

namespace xueji {
namespace {

Error storage_error(sqlite3* db) {
  return make_error(ErrorCode::StorageError, {}, db ? sqlite3_errmsg(db) : "sqlite");
}

}  // namespace

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error error = storage_error(db_);
  sqlite3_reset(stmt_);
  return error;
}

Result<void> Statement::run() {
  auto stepped = step();
  sqlite3_reset(stmt_);
  if (!stepped) return stepped.error();
  return {};
}

Result<std::vector<std::string>> Statement::texts(int column) {
  std::vector<std::string> values;
  while (true) {
    auto row = step();
    if (!row) return row.error();
    if (!*row) return values;
    values.push_back(text(column));
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int column) const {
  const unsigned char* value = sqlite3_column_text(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);
  return value ? std::string(reinterpret_cast<const char*>(value), static_cast<size_t>(size))
               : std::string();
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int Statement::column_count() const {
  return sqlite3_column_count(stmt_);
}

std::string Statement::column_name(int column) const {
  const char* name = sqlite3_column_name(stmt_, column);
  return name ? name : "";
}

Result<Database> Database::open(const std::string& path) {
  sqlite3* handle = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &handle,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error error = storage_error(handle);
    sqlite3_close(handle);
    return error;
  }
  sqlite3_busy_timeout(handle, 5000);
  Database db(handle);
  if (auto pragmas = db.exec("PRAGMA foreign_keys = ON;"); !pragmas) return pragmas.error();
  return db;
}

Database::Database(Database&& other) noexcept : db_(other.db_) {
  other.db_ = nullptr;
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (db_) sqlite3_close(db_);
    db_ = other.db_;
    other.db_ = nullptr;
  }
  return *this;
}

Database::~Database() {
  if (db_) sqlite3_close(db_);
}

Result<void> Database::exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    Error error = make_error(ErrorCode::StorageError, {}, message ? message : "exec");
    sqlite3_free(message);
    return error;
  }
  return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK)
    return storage_error(db_);
  return Statement(db_, stmt);
}

std::int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

int Database::changes() const {
  return sqlite3_changes(db_);
}

Result<Transaction> Transaction::begin(Database& db) {
  if (auto begun = db.exec("BEGIN IMMEDIATE;"); !begun) return begun.error();
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_) (void)db_->exec("ROLLBACK;");
}

Result<void> Transaction::commit() {
  if (!db_) return make_error(ErrorCode::StorageError, {}, "transaction already finished");
  auto committed = db_->exec("COMMIT;");
  if (committed) db_ = nullptr;
  return committed;
}

}  // namespace xueji
