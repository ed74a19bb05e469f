#include "row_images.hpp"

#include <cstdlib>
#include <map>

namespace xueji {
namespace {

std::string quoted(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Column name → declared type of a table of this database.
Result<std::map<std::string, std::string>> columns_of(Database& db, std::string_view table) {
  auto stmt = db.prepare("SELECT name, upper(type) FROM pragma_table_info(?1)");
  if (!stmt) return stmt.error();
  stmt->bind(1, table);
  std::map<std::string, std::string> names;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    names.emplace(stmt->text(0), stmt->text(1));
  }
  return names;
}

}  // namespace

Result<std::vector<PulledRow>> read_rows(Database& db, std::string_view table,
                                         std::string_view key_column, const std::string& id) {
  // Table and key names come from the core's own list (sync_entities), never from a request.
  auto stmt = db.prepare("SELECT * FROM " + quoted(table) + " WHERE " + quoted(key_column) +
                         " = ?1 ORDER BY rowid");
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  std::vector<PulledRow> rows;
  while (true) {
    auto step = stmt->step();
    if (!step) return step.error();
    if (!*step) break;
    PulledRow row;
    row.table = std::string(table);
    for (int c = 0; c < stmt->column_count(); ++c) {
      if (stmt->is_null(c))
        row.nulls.push_back(stmt->column_name(c));
      else
        row.values.emplace(stmt->column_name(c), stmt->text(c));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// Binds a row image's values from `first` on: integers as integers, since CHECK constraints
// (gender IN (1, 2)) compare typed values; then the NULL columns.
int bind_row(Statement& stmt, const PulledRow& row, const std::map<std::string, std::string>& known,
             int first) {
  int index = first - 1;
  for (const auto& [column, value] : row.values) {
    char* end = nullptr;
    long long number = std::strtoll(value.c_str(), &end, 10);
    bool integral = !value.empty() && end && *end == '\0';
    if (known.at(column) == "INTEGER" && integral)
      stmt.bind(++index, static_cast<std::int64_t>(number));
    else
      stmt.bind(++index, value);
  }
  for (size_t i = 0; i < row.nulls.size(); ++i) stmt.bind_null(++index);
  return index;
}

Result<void> insert_row(Database& db, const PulledRow& row) {
  auto known = columns_of(db, row.table);
  if (!known) return known.error();
  if (known->empty()) return make_error(ErrorCode::MalformedRequest, "table");
  std::string names, slots;
  int index = 0;
  auto add = [&](const std::string& column) -> bool {
    if (!known->count(column)) return false;
    names += (index ? ", " : "") + quoted(column);
    slots += (index ? ", ?" : "?") + std::to_string(index + 1);
    ++index;
    return true;
  };
  for (const auto& [column, value] : row.values)
    if (!add(column)) return make_error(ErrorCode::MalformedRequest, column);
  for (const auto& column : row.nulls)
    if (!add(column)) return make_error(ErrorCode::MalformedRequest, column);
  auto stmt =
      db.prepare("INSERT INTO " + quoted(row.table) + "(" + names + ") VALUES(" + slots + ")");
  if (!stmt) return stmt.error();
  bind_row(*stmt, row, *known, 1);
  return stmt->run();
}

Result<void> upsert_row(Database& db, const PulledRow& row, std::string_view key_column) {
  auto key = row.values.find(std::string(key_column));
  if (key == row.values.end())
    return make_error(ErrorCode::MalformedRequest, std::string(key_column));
  auto known = columns_of(db, row.table);
  if (!known) return known.error();
  std::string assignments;
  for (const auto& [column, value] : row.values) {
    if (!known->count(column)) return make_error(ErrorCode::MalformedRequest, column);
    assignments += (assignments.empty() ? "" : ", ") + quoted(column) + " = ?";
  }
  for (const auto& column : row.nulls) {
    if (!known->count(column)) return make_error(ErrorCode::MalformedRequest, column);
    assignments += (assignments.empty() ? "" : ", ") + quoted(column) + " = ?";
  }
  auto stmt = db.prepare("UPDATE " + quoted(row.table) + " SET " + assignments + " WHERE " +
                         quoted(key_column) + " = ?");
  if (!stmt) return stmt.error();
  int last = bind_row(*stmt, row, *known, 1);
  stmt->bind(last + 1, key->second);
  if (auto updated = stmt->run(); !updated) return updated;
  if (db.changes() > 0) return {};
  return insert_row(db, row);
}

}  // namespace xueji
