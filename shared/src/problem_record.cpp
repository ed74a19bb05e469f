#include "xueji/problem_record.hpp"

#include <array>

#include "xueji/registry_store.hpp"

namespace xueji {
namespace {

constexpr std::array<std::pair<ProblemKind, std::string_view>, 4> kKinds{{
    {ProblemKind::BadCheckDigit, "bad_check_digit"},
    {ProblemKind::IdNameMismatch, "id_name_mismatch"},
    {ProblemKind::DuplicateWithId, "duplicate_with_id"},
    {ProblemKind::DuplicateWithoutId, "duplicate_without_id"},
}};

ProblemRecord read_record(const Statement& row) {
  ProblemRecord r;
  r.problem_id = row.text(0);
  r.student_id = row.text(1);
  r.kind = row.text(2);
  r.state = row.text(3);
  r.opened_on = row.text(4);
  r.detail = row.text(5);
  r.other_student_id = row.text(6);
  r.resolution = row.text(7);
  r.resolved_on = row.text(8);
  r.resolved_by = row.text(9);
  return r;
}

Result<void> load_evidence(Database& db, ProblemRecord& record) {
  auto stmt = db.prepare(
      "SELECT DISTINCT division_code FROM problem_evidence WHERE problem_id = ?1 ORDER BY 1");
  if (!stmt) return stmt.error();
  stmt->bind(1, record.problem_id);
  auto divisions = stmt->texts(0);
  if (!divisions) return divisions.error();
  record.evidence_divisions = std::move(*divisions);
  return {};
}

constexpr std::string_view kColumns =
    "problem_id, student_id, kind, state, opened_on, detail, other_student_id, resolution, "
    "resolved_on, resolved_by";

}  // namespace

std::string_view problem_kind_name(ProblemKind kind) {
  for (const auto& [k, name] : kKinds)
    if (k == kind) return name;
  return "";
}

std::optional<ProblemKind> problem_kind_from_name(std::string_view name) {
  for (const auto& [k, n] : kKinds)
    if (n == name) return k;
  return std::nullopt;
}

Result<void> open_problem_record(Database& db, const ProblemRecord& r) {
  auto stmt = db.prepare("INSERT INTO problem_records(" + std::string(kColumns) +
                         ") VALUES(?1, ?2, ?3, 'open', ?4, ?5, ?6, '', '', '')");
  if (!stmt) return stmt.error();
  stmt->bind(1, r.problem_id)
      .bind(2, r.student_id)
      .bind(3, r.kind)
      .bind(4, r.opened_on)
      .bind(5, r.detail)
      .bind(6, r.other_student_id);
  return stmt->run();
}

Result<std::optional<ProblemRecord>> load_problem_record(Database& db,
                                                         const std::string& problem_id) {
  auto stmt =
      db.prepare("SELECT " + std::string(kColumns) + " FROM problem_records WHERE problem_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, problem_id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<ProblemRecord>();
  ProblemRecord record = read_record(*stmt);
  if (auto loaded = load_evidence(db, record); !loaded) return loaded.error();
  return std::optional<ProblemRecord>(std::move(record));
}

Result<std::vector<ProblemRecord>> problem_records_of(Database& db, const std::string& student_id) {
  auto stmt = db.prepare("SELECT " + std::string(kColumns) +
                         " FROM problem_records WHERE student_id = ?1 OR other_student_id = ?1 "
                         "ORDER BY opened_on, problem_id");
  if (!stmt) return stmt.error();
  stmt->bind(1, student_id);
  std::vector<ProblemRecord> records;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    records.push_back(read_record(*stmt));
  }
  for (auto& record : records)
    if (auto loaded = load_evidence(db, record); !loaded) return loaded.error();
  return records;
}

Result<std::vector<Student>> likely_duplicates(Database& db, const Student& student) {
  auto stmt = db.prepare(
      "SELECT student_id FROM students WHERE name = ?1 AND birth_date = ?2 AND gender = ?3 AND "
      "student_id <> ?4 AND status NOT IN ('graduated', 'deceased', 'deleted') "
      "ORDER BY student_id");
  if (!stmt) return stmt.error();
  stmt->bind(1, student.name)
      .bind(2, format_date(student.birth_date))
      .bind(3, static_cast<int>(student.gender))
      .bind(4, student.student_id);
  auto ids = stmt->texts(0);
  if (!ids) return ids.error();
  std::vector<Student> found;
  for (const auto& id : *ids) {
    auto other = find_student(db, id);
    if (!other) return other.error();
    // Two different valid ID numbers are two people (twins share name rarely, birth often).
    if (*other && ((*other)->id_number.empty() || student.id_number.empty()))
      found.push_back(**other);
  }
  return found;
}

}  // namespace xueji
