#include "canonical.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "xueji/sha256.hpp"

namespace xueji::sim {
namespace {

// Columns stamped from the wall clock (the hash chain of the audit log includes its times):
// left out of the native/WebAssembly hash only; convergence compares every column.
const std::map<std::string, std::set<std::string>>& volatile_columns() {
  static const std::map<std::string, std::set<std::string>> kColumns{
      {"audit_log", {"at", "prev_hash", "hash"}},    {"op_log", {"received_at"}},
      {"field_versions", {"server_time"}},           {"field_history", {"server_time"}},
      {"review_cases", {"opened_at", "decided_at"}},
  };
  return kColumns;
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A stamp SQLite wrote from the wall clock (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')):
// "2026-11-29T01:08:38.071Z". The simulator's device times carry no milliseconds.
bool is_server_time(const std::string& v, size_t i) {
  static const char* kShape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (i + 24 > v.size()) return false;
  for (size_t k = 0; k < 24; ++k)
    if (kShape[k] == 'd' ? !is_digit(v[i + k]) : v[i + k] != kShape[k]) return false;
  return true;
}

// Replaces every UUID-shaped run (8-4-4-4-12 hex) found in `names` by its name, and every
// wall-clock stamp (inside JSON texts too) by "<time>".
std::string rename_ids(const std::string& value, const IdNames* names) {
  if (!names || value.size() < 24) return value;
  std::string out;
  size_t i = 0;
  while (i < value.size()) {
    if (is_server_time(value, i)) {
      out += "<time>";
      i += 24;
      continue;
    }
    if (i + 36 <= value.size() && value[i + 8] == '-' && value[i + 13] == '-' &&
        value[i + 18] == '-' && value[i + 23] == '-') {
      bool shaped = true;
      for (size_t k = 0; k < 36 && shaped; ++k)
        if (k != 8 && k != 13 && k != 18 && k != 23) shaped = is_hex(value[i + k]);
      if (shaped) {
        auto found = names->find(value.substr(i, 36));
        if (found != names->end()) {
          out += found->second;
          i += 36;
          continue;
        }
      }
    }
    out += value[i++];
  }
  return out;
}

Result<void> dump(Database& db, const std::string& table, const std::string& where,
                  const std::string& param, std::vector<std::string>& out, bool for_hash = false,
                  const IdNames* names = nullptr) {
  auto stmt =
      db.prepare("SELECT * FROM \"" + table + "\"" + (where.empty() ? "" : " WHERE " + where));
  if (!stmt) return stmt.error();
  if (!param.empty()) stmt->bind(1, param);
  const auto& skipped = volatile_columns();
  auto skip = for_hash ? skipped.find(table) : skipped.end();
  std::vector<std::pair<std::string, int>> columns;
  for (int i = 0; i < stmt->column_count(); ++i) {
    std::string name = stmt->column_name(i);
    if (skip != skipped.end() && skip->second.count(name)) continue;
    columns.emplace_back(name, i);
  }
  std::sort(columns.begin(), columns.end());
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    std::string line = table;
    for (const auto& [name, index] : columns) {
      line += '|';
      line += name;
      line += stmt->is_null(index) ? "=\\N" : "=" + rename_ids(stmt->text(index), names);
    }
    out.push_back(std::move(line));
  }
  return {};
}

Result<std::vector<std::string>> finish(std::vector<std::string> lines) {
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace

const std::vector<std::string>& fed_tables() {
  static const std::vector<std::string> kTables{
      "schools",         "enrollment_admissions", "students",
      "guardians",       "field_versions",        "workflows",
      "workflow_steps",  "workflow_proofs",       "review_cases",
      "problem_records", "problem_evidence"};
  return kTables;
}

Result<std::vector<std::string>> device_rows(Database& device, const IdNames* names) {
  std::vector<std::string> lines;
  for (const auto& t : fed_tables())
    if (auto ok = dump(device, t, "", "", lines, names != nullptr, names); !ok) return ok.error();
  return finish(std::move(lines));
}

Result<std::vector<std::string>> server_scope_rows(Database& server, const Actor& actor) {
  // ?1 is the unit: a school code, or a county's division code.
  const bool registrar = actor.role == Role::SchoolRegistrar;
  if (!registrar && actor.role != Role::County)
    return make_error(ErrorCode::InvalidInput, "role", "the simulator checks schools and counties");
  const std::string schools =
      registrar ? "(SELECT ?1)" : "(SELECT code FROM schools WHERE division_code = ?1)";
  const std::string students =
      "(SELECT student_id FROM students WHERE school_code IN " + schools + ")";
  // A workflow concerns the units of workflow_units (its starter, the student's school, every
  // step's unit); it is in scope when one of them is.
  const std::string workflows = "(SELECT workflow_id FROM workflow_units WHERE unit_code IN " +
                                schools + (registrar ? "" : " OR unit_code = ?1") + ")";
  const std::string problems =
      "(SELECT problem_id FROM problem_records WHERE student_id IN " + students + ")";
  const std::string cases = "(SELECT case_id FROM review_case_units WHERE unit_code IN " + schools +
                            (registrar ? "" : " OR unit_code = ?1") + ")";
  const std::vector<std::pair<std::string, std::string>> parts{
      {"schools", "code IN " + schools},
      {"enrollment_admissions", "school_code IN " + schools},
      {"students", "student_id IN " + students},
      {"guardians", "student_id IN " + students},
      {"field_versions", "entity = 'student' AND entity_id IN " + students},
      {"workflows", "workflow_id IN " + workflows},
      {"workflow_steps", "workflow_id IN " + workflows},
      {"workflow_proofs", "workflow_id IN " + workflows},
      {"review_cases", "case_id IN " + cases},
      {"problem_records", "problem_id IN " + problems},
      {"problem_evidence", "problem_id IN " + problems},
  };
  std::vector<std::string> lines;
  for (const auto& [table, where] : parts)
    if (auto ok = dump(server, table, where, actor.unit_code, lines); !ok) return ok.error();
  return finish(std::move(lines));
}

Result<std::vector<std::string>> all_rows(Database& db, const IdNames* names) {
  auto stmt = db.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
      "ORDER BY name");
  if (!stmt) return stmt.error();
  auto tables = stmt->texts(0);
  if (!tables) return tables.error();
  std::vector<std::string> lines;
  for (const auto& t : *tables)
    if (auto ok = dump(db, t, "", "", lines, true, names); !ok) return ok.error();
  return finish(std::move(lines));
}

std::string hash_lines(const std::vector<std::string>& sorted_lines) {
  std::string all;
  for (const auto& line : sorted_lines) {
    all += line;
    all += '\n';
  }
  return sha256_hex(all);
}

std::vector<std::string> diff_lines(const std::vector<std::string>& expected,
                                    const std::vector<std::string>& actual, size_t limit) {
  std::vector<std::string> only_expected, only_actual, out;
  std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                      std::back_inserter(only_expected));
  std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(),
                      std::back_inserter(only_actual));
  for (const auto& l : only_expected)
    if (out.size() < limit) out.push_back("- server: " + l);
  for (const auto& l : only_actual)
    if (out.size() < limit) out.push_back("+ device: " + l);
  return out;
}

}  // namespace xueji::sim
