// Field-level bookkeeping of the merge (field_edit.hpp). The server's triggers (schema.cpp,
// migration 3) write field_versions and field_history; this reads them back.
#include "xueji/field_edit.hpp"

#include <array>
#include <tuple>

namespace xueji {
namespace {

constexpr std::array<std::string_view, 11> kOrdinaryFields{
    "class_name",    "ethnicity",     "nationality",     "hukou_division",
    "hukou_address", "migrant_child", "left_behind",     "inclusive_class",
    "home_delivery", "disability",    "under_discipline"};
constexpr std::array<std::string_view, 11> kProtectedFields{
    "name",   "document_type", "id_number", "gender",          "birth_date", "registry_number",
    "status", "school_code",   "grade",     "enrollment_date", "student_id"};
constexpr std::array<std::string_view, 21> kTrackedColumns{
    "registry_number", "name",           "document_type",
    "id_number",       "gender",         "birth_date",
    "enrollment_date", "grade",          "class_name",
    "school_code",     "status",         "ethnicity",
    "nationality",     "hukou_division", "hukou_address",
    "migrant_child",   "left_behind",    "inclusive_class",
    "home_delivery",   "disability",     "under_discipline"};

constexpr std::string_view kHistoryColumns =
    "id, entity_id, field, value, status, version, op_id, actor, device_id, school_code, "
    "device_time, server_time, hlc";

std::optional<std::string> nullable_text(const Statement& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return row.text(column);
}

FieldHistoryEntry read_history(const Statement& row) {
  FieldHistoryEntry e;
  e.id = row.integer(0);
  e.student_id = row.text(1);
  e.field = row.text(2);
  e.value = nullable_text(row, 3);
  e.status = row.text(4);
  FieldProvenance& p = e.provenance;
  p.field = e.field;
  p.value = e.value;
  p.version = row.integer(5);
  p.op_id = row.text(6);
  p.actor = row.text(7);
  p.device_id = row.text(8);
  p.school_code = row.text(9);
  p.device_time = row.text(10);
  p.server_time = row.text(11);
  p.hlc = row.text(12);
  return e;
}

Result<std::vector<FieldHistoryEntry>> history_rows(Statement& stmt) {
  std::vector<FieldHistoryEntry> rows;
  while (true) {
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) return rows;
    rows.push_back(read_history(stmt));
  }
}

// A "created" row's value is a JSON object of the columns it was created with.
Result<void> spread_json(Database& db, const std::string& json, const std::string& prefix,
                         RecordImage& image) {
  auto stmt = db.prepare("SELECT key, value, type FROM json_each(?1)");
  if (!stmt) return stmt.error();
  stmt->bind(1, json);
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return {};
    image[prefix + stmt->text(0)] = nullable_text(*stmt, 1);
  }
}

}  // namespace

std::span<const std::string_view> ordinary_student_fields() {
  return kOrdinaryFields;
}

std::span<const std::string_view> tracked_student_columns() {
  return kTrackedColumns;
}

bool is_ordinary_field(std::string_view field) {
  for (auto f : kOrdinaryFields)
    if (f == field) return true;
  // guardian.N.name / relation / phone
  if (field.rfind("guardian.", 0) != 0) return false;
  auto rest = field.substr(9);
  auto dot = rest.find('.');
  if (dot == 0 || dot == std::string_view::npos || dot > 2) return false;
  for (char c : rest.substr(0, dot))
    if (c < '0' || c > '9') return false;
  auto column = rest.substr(dot + 1);
  return column == "name" || column == "relation" || column == "phone";
}

bool is_protected_field(std::string_view field) {
  for (auto f : kProtectedFields)
    if (f == field) return true;
  return false;
}

MergeAction merge_field(const FieldProvenance& current, std::int64_t base_version,
                        const std::string& device_id, const std::string& hlc) {
  if (base_version == current.version) return MergeAction::Apply;
  // This device's own earlier edits since its base: its edits are ordered among themselves.
  if (!device_id.empty() && current.device_id == device_id && base_version >= current.chain_base &&
      base_version < current.version)
    return MergeAction::Apply;
  // Concurrent: the later stamp wins, ties by device id — the same answer whatever order the
  // two edits reach the server in.
  if (std::tie(hlc, device_id) > std::tie(current.hlc, current.device_id))
    return MergeAction::ApplyOverConcurrent;
  return MergeAction::Lose;
}

Result<FieldProvenance> field_provenance(Database& db, const std::string& student_id,
                                         const std::string& field) {
  auto stmt = db.prepare(
      "SELECT value, version, chain_base, op_id, actor, device_id, school_code, device_time, "
      "server_time, hlc FROM field_versions WHERE entity = 'student' AND entity_id = ?1 AND "
      "field = ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, student_id).bind(2, field);
  auto row = stmt->step();
  if (!row) return row.error();
  FieldProvenance p;
  p.field = field;
  if (!*row) return p;  // as created: version 1
  p.value = nullable_text(*stmt, 0);
  p.version = stmt->integer(1);
  p.chain_base = stmt->integer(2);
  p.op_id = stmt->text(3);
  p.actor = stmt->text(4);
  p.device_id = stmt->text(5);
  p.school_code = stmt->text(6);
  p.device_time = stmt->text(7);
  p.server_time = stmt->text(8);
  p.hlc = stmt->text(9);
  return p;
}

Result<RecordImage> live_student_image(Database& db, const std::string& student_id) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < kTrackedColumns.size(); ++i)
    sql += (i ? ", " : "") + std::string(kTrackedColumns[i]);
  sql += " FROM students WHERE student_id = ?1";
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.error();
  stmt->bind(1, student_id);
  auto row = stmt->step();
  if (!row) return row.error();
  RecordImage image;
  if (!*row) return image;
  for (size_t i = 0; i < kTrackedColumns.size(); ++i)
    image[std::string(kTrackedColumns[i])] = nullable_text(*stmt, static_cast<int>(i));
  auto guardians =
      db.prepare("SELECT position, name, relation, phone FROM guardians WHERE student_id = ?1");
  if (!guardians) return guardians.error();
  guardians->bind(1, student_id);
  while (true) {
    auto g = guardians->step();
    if (!g) return g.error();
    if (!*g) break;
    const std::string prefix = "guardian." + guardians->text(0) + ".";
    image[prefix + "name"] = guardians->text(1);
    image[prefix + "relation"] = guardians->text(2);
    image[prefix + "phone"] = guardians->text(3);
  }
  return image;
}

Result<RecordImage> rebuild_student_as_of(Database& db, const std::string& student_id,
                                          const std::string& server_time) {
  // Replays, in the order the server recorded them, every value that became current up to
  // `server_time`; the losing sides of automatic resolutions never were.
  auto stmt = db.prepare(
      "SELECT field, value, status FROM field_history WHERE entity = 'student' AND "
      "entity_id = ?1 AND server_time <= ?2 AND status <> 'auto_lost' ORDER BY id");
  if (!stmt) return stmt.error();
  stmt->bind(1, student_id).bind(2, server_time);
  struct Step {
    std::string field;
    std::optional<std::string> value;
    std::string status;
  };
  std::vector<Step> steps;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    steps.push_back(Step{stmt->text(0), nullable_text(*stmt, 1), stmt->text(2)});
  }
  RecordImage image;
  for (const auto& step : steps) {
    if (step.status == "created") {
      if (step.field == "*") image.clear();
      const std::string prefix = step.field == "*" ? "" : step.field + ".";
      if (auto spread = spread_json(db, step.value.value_or("{}"), prefix, image); !spread)
        return spread.error();
    } else if (step.status == "removed") {
      const std::string prefix = step.field + ".";
      std::erase_if(image, [&](const auto& entry) { return entry.first.rfind(prefix, 0) == 0; });
    } else {
      image[step.field] = step.value;
    }
  }
  return image;
}

Result<std::vector<FieldProvenance>> student_provenance(Database& db,
                                                        const std::string& student_id) {
  auto live = live_student_image(db, student_id);
  if (!live) return live.error();
  // Fields never changed since creation: the provenance of the creating row.
  auto created = db.prepare("SELECT " + std::string(kHistoryColumns) +
                            " FROM field_history WHERE entity = 'student' AND entity_id = ?1 "
                            "AND status = 'created' ORDER BY id");
  if (!created) return created.error();
  created->bind(1, student_id);
  auto creations = history_rows(*created);
  if (!creations) return creations.error();
  std::vector<FieldProvenance> result;
  for (const auto& [field, value] : *live) {
    auto p = field_provenance(db, student_id, field);
    if (!p) return p.error();
    if (p->op_id.empty() && p->server_time.empty()) {
      const std::string owner =
          field.rfind("guardian.", 0) == 0 ? field.substr(0, field.rfind('.')) : "*";
      for (const auto& c : *creations)
        if (c.field == owner) *p = c.provenance;
      p->field = field;
      p->version = 1;
    }
    p->value = value;
    result.push_back(std::move(*p));
  }
  return result;
}

Result<std::vector<FieldHistoryEntry>> student_field_history(Database& db,
                                                             const std::string& student_id) {
  auto stmt = db.prepare("SELECT " + std::string(kHistoryColumns) +
                         " FROM field_history WHERE entity = 'student' AND entity_id = ?1 "
                         "ORDER BY id");
  if (!stmt) return stmt.error();
  stmt->bind(1, student_id);
  return history_rows(*stmt);
}

Result<std::vector<FieldHistoryEntry>> auto_resolutions(Database& db,
                                                        const std::string& division_prefix,
                                                        int limit) {
  auto stmt = db.prepare(
      "SELECT h.id, h.entity_id, h.field, h.value, h.status, h.version, h.op_id, h.actor, "
      "h.device_id, h.school_code, h.device_time, h.server_time, h.hlc FROM field_history h "
      "JOIN students s ON s.student_id = h.entity_id JOIN schools c ON c.code = s.school_code "
      "WHERE h.status = 'auto_lost' AND substr(c.division_code, 1, length(?1)) = ?1 "
      "ORDER BY h.id DESC LIMIT ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, division_prefix).bind(2, limit);
  return history_rows(*stmt);
}

}  // namespace xueji
