#include "xueji/database.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace xueji {
// One SQL text's compiled statements. `in_use` counts the ones handed out; `idle` are reset,
// unbound and ready. A text that is a script (several statements) or DDL is never cached, only
// remembered as such so it is not classified again.
struct CachedSql {
  std::vector<sqlite3_stmt*> idle;
  int in_use = 0;
  std::uint64_t last_used = 0;
  bool script = false;
  bool ddl = false;
};

// The prepared-statement cache of one connection. The profile of the server's merge showed
// SQL compilation (sqlite3_prepare_v2: parser, name resolution, code generation) as most of
// the time, about 20 statements per registration, each compiled afresh (docs/PERFORMANCE.md).
// Shared with the Statements it hands out, so one that outlives the Database is still
// finalized safely (the connection is closed with sqlite3_close_v2).
class StatementCache {
 public:
  static constexpr std::size_t kMaxSql = 512;       // distinct texts kept
  static constexpr std::size_t kMaxIdlePerSql = 4;  // nesting depth worth keeping

  CachedSql& entry(std::string_view sql) {
    key_.assign(sql);
    auto found = entries_.find(key_);
    if (found == entries_.end()) {
      if (entries_.size() >= kMaxSql) evict();
      found = entries_.emplace(key_, CachedSql{}).first;
    }
    found->second.last_used = ++clock_;
    return found->second;
  }

  void give_back(sqlite3_stmt* stmt, CachedSql* slot, std::uint64_t generation) {
    --slot->in_use;
    if (closed_ || generation != generation_ || slot->idle.size() >= kMaxIdlePerSql) {
      sqlite3_finalize(stmt);
      return;
    }
    slot->idle.push_back(stmt);
  }

  // Finalizes every idle statement; statements in use are finalized when given back (their
  // generation no longer matches). Entries in use stay, since their Statements point at them.
  void clear() {
    ++generation_;
    for (auto it = entries_.begin(); it != entries_.end();) {
      for (sqlite3_stmt* stmt : it->second.idle) sqlite3_finalize(stmt);
      it->second.idle.clear();
      it = it->second.in_use == 0 ? entries_.erase(it) : std::next(it);
    }
  }

  void close() {
    clear();
    closed_ = true;
  }

  std::uint64_t generation() const { return generation_; }
  std::size_t size() const { return entries_.size(); }
  std::uint64_t compiled = 0;
  std::uint64_t reused = 0;

 private:
  // Drops the least recently used half of the texts not in use (dynamic SQL, e.g. IN lists of
  // varying length, must not grow the cache without bound).
  void evict() {
    std::vector<std::pair<std::uint64_t, std::string>> unused;
    for (const auto& [sql, cached] : entries_)
      if (cached.in_use == 0) unused.emplace_back(cached.last_used, sql);
    std::sort(unused.begin(), unused.end());
    unused.resize(std::min(unused.size(), unused.size() / 2 + 1));
    for (const auto& [used, sql] : unused) {
      auto it = entries_.find(sql);
      for (sqlite3_stmt* stmt : it->second.idle) sqlite3_finalize(stmt);
      entries_.erase(it);
    }
  }

  std::unordered_map<std::string, CachedSql> entries_;  // node-based: slots stay put
  std::string key_;
  std::uint64_t generation_ = 0;
  std::uint64_t clock_ = 0;
  bool closed_ = false;
};

namespace {

Error storage_error(sqlite3* db) {
  return make_error(ErrorCode::StorageError, {}, db ? sqlite3_errmsg(db) : "sqlite");
}

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Does the text contain a statement that changes the schema? A keyword match, so a column
// named created_on does not count; a false positive only empties the cache once more.
bool changes_schema(std::string_view sql) {
  static constexpr std::string_view kKeywords[] = {"create", "drop", "alter", "attach", "detach"};
  for (size_t i = 0; i < sql.size(); ++i) {
    if (i > 0 && is_word_char(sql[i - 1])) continue;
    for (std::string_view keyword : kKeywords) {
      if (sql.size() - i <= keyword.size()) continue;
      bool same = true;
      for (size_t k = 0; k < keyword.size() && same; ++k)
        same = std::tolower(static_cast<unsigned char>(sql[i + k])) == keyword[k];
      if (same && !is_word_char(sql[i + keyword.size()])) return true;
    }
  }
  return false;
}

bool only_separators(const char* tail, const char* end) {
  for (; tail < end; ++tail)
    if (*tail != ';' && !std::isspace(static_cast<unsigned char>(*tail))) return false;
  return true;
}

}  // namespace

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(other.stmt_),
      cache_(std::move(other.cache_)),
      slot_(other.slot_),
      generation_(other.generation_) {
  other.stmt_ = nullptr;
  other.slot_ = nullptr;
}

Statement::~Statement() {
  if (!stmt_) return;
  if (!cache_) {
    sqlite3_finalize(stmt_);
    return;
  }
  // Reset now, not on reuse: a half-read statement would otherwise keep its read open.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  cache_->give_back(stmt_, slot_, generation_);
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  // An empty view still binds a zero-length BLOB, never NULL.
  sqlite3_bind_blob(stmt_, index, bytes.empty() ? "" : bytes.data(), static_cast<int>(bytes.size()),
                    SQLITE_TRANSIENT);
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

std::string Statement::blob(int column) const {
  const void* value = sqlite3_column_blob(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);
  return value ? std::string(static_cast<const char*>(value), static_cast<size_t>(size))
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

Database::Database(sqlite3* db) : db_(db), cache_(std::make_shared<StatementCache>()) {}

Result<Database> Database::open(const std::string& path) {
  // SQLite's memory statistics take a global mutex on every malloc and free (a few % of the
  // merge in a profile); nothing reads them. Must precede the library's initialisation, so it is
  // done once before the first connection; a later call would be refused and change nothing.
  static const bool memstatus_off = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)memstatus_off;
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

Database::Database(Database&& other) noexcept : db_(other.db_), cache_(std::move(other.cache_)) {
  other.db_ = nullptr;
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    db_ = other.db_;
    cache_ = std::move(other.cache_);
    other.db_ = nullptr;
  }
  return *this;
}

Database::~Database() {
  close();
}

void Database::close() {
  if (cache_) cache_->close();
  cache_.reset();
  // _v2: a Statement still alive keeps the connection until it is finalized.
  if (db_) sqlite3_close_v2(db_);
  db_ = nullptr;
}

Result<void> Database::exec(std::string_view sql) {
  // DDL empties the cache (prepare() and below), so it never runs through a cache entry that a
  // clear could free under us (ASan: heap-use-after-free in migrate()).
  const bool ddl = changes_schema(sql);
  if (!ddl) {
    CachedSql& cached = cache_->entry(sql);
    if (!cached.script) {
      // One statement (SAVEPOINT, BEGIN, COMMIT…): run it from the cache like any other.
      auto stmt = prepare(sql);
      if (!stmt) return stmt.error();
      if (!cached.script) {
        while (true) {
          auto row = stmt->step();
          if (!row) return row.error();
          if (!*row) return {};
        }
      }
    }
  }
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (ddl) cache_->clear();
  if (rc != SQLITE_OK) {
    Error error = make_error(ErrorCode::StorageError, {}, message ? message : "exec");
    sqlite3_free(message);
    return error;
  }
  return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
  CachedSql& cached = cache_->entry(sql);
  if (!cached.idle.empty()) {
    sqlite3_stmt* stmt = cached.idle.back();
    cached.idle.pop_back();
    ++cached.in_use;
    ++cache_->reused;
    return Statement(db_, stmt, cache_, &cached, cache_->generation());
  }
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  ++cache_->compiled;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, &tail) != SQLITE_OK)
    return storage_error(db_);
  cached.script = !only_separators(tail, sql.data() + sql.size());
  cached.ddl = changes_schema(sql);
  if (cached.ddl) {
    // ATTACH, CREATE… through prepare(): not kept, and what is cached is dropped (`cached`
    // may go with it).
    cache_->clear();
    return Statement(db_, stmt);
  }
  if (cached.script) return Statement(db_, stmt);
  ++cached.in_use;
  return Statement(db_, stmt, cache_, &cached, cache_->generation());
}

void Database::clear_statement_cache() {
  if (cache_) cache_->clear();
}

StatementCacheStats Database::statement_cache_stats() const {
  if (!cache_) return {};
  return {cache_->compiled, cache_->reused, cache_->size()};
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
