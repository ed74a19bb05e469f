#include "xueji/registry_store.hpp"

#include "xueji/audit_log.hpp"

namespace xueji {
namespace {

constexpr std::string_view kStudentColumns =
    "student_id, registry_number, name, id_number, gender, birth_date, enrollment_date, grade, "
    "class_name, school_code, status, version, document_type, ethnicity, nationality, "
    "hukou_division, hukou_address, migrant_child, left_behind, inclusive_class, home_delivery, "
    "disability, under_discipline";

Student read_student(const Statement& row) {
  Student student;
  student.student_id = row.text(0);
  student.registry_number = row.text(1);
  student.name = row.text(2);
  student.id_number = row.text(3);
  student.gender = row.integer(4) == 2 ? Gender::Female : Gender::Male;
  student.birth_date = parse_date(row.text(5)).value_or(Date{});
  student.enrollment_date = parse_date(row.text(6)).value_or(Date{});
  student.grade = static_cast<int>(row.integer(7));
  student.class_name = row.text(8);
  student.school_code = row.text(9);
  student.status = row.text(10);
  student.version = row.integer(11);
  student.document_type = row.text(12);
  student.ethnicity = row.text(13);
  student.nationality = row.text(14);
  student.hukou_division = row.text(15);
  student.hukou_address = row.text(16);
  student.flags.migrant_child = row.integer(17) != 0;
  student.flags.left_behind = row.integer(18) != 0;
  student.flags.inclusive_class = row.integer(19) != 0;
  student.flags.home_delivery = row.integer(20) != 0;
  student.flags.disability = row.text(21);
  student.flags.under_discipline = row.integer(22) != 0;
  return student;
}

Result<void> load_guardians(Database& db, Student& student) {
  auto stmt = db.prepare(
      "SELECT name, relation, phone FROM guardians WHERE student_id = ?1 ORDER BY position");
  if (!stmt) return stmt.error();
  stmt->bind(1, student.student_id);
  student.guardians.clear();
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return {};
    student.guardians.push_back(Guardian{stmt->text(0), stmt->text(1), stmt->text(2)});
  }
}

School read_school(const Statement& row) {
  School school{row.text(0), row.text(1), row.text(2), row.text(3)};
  school.primary_years = static_cast<int>(row.integer(4));
  school.junior_years = static_cast<int>(row.integer(5));
  return school;
}

Result<std::vector<Student>> query_students(Database& db, const std::string& where,
                                            const std::string& argument) {
  auto stmt =
      db.prepare("SELECT " + std::string(kStudentColumns) + " FROM students WHERE " + where);
  if (!stmt) return stmt.error();
  stmt->bind(1, argument);
  std::vector<Student> students;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    students.push_back(read_student(*stmt));
  }
  return students;
}

// One full record, guardians included.
Result<std::optional<Student>> query_one(Database& db, const std::string& where,
                                         const std::string& argument) {
  auto found = query_students(db, where, argument);
  if (!found) return found.error();
  if (found->empty()) return std::optional<Student>();
  if (auto loaded = load_guardians(db, found->front()); !loaded) return loaded.error();
  return std::optional<Student>(std::move(found->front()));
}

}  // namespace

Result<void> upsert_division(Database& db, const Division& division) {
  auto stmt = db.prepare(
      "INSERT INTO divisions(code, name, parent_code, level) VALUES(?1, ?2, ?3, ?4) "
      "ON CONFLICT(code) DO UPDATE SET name = ?2, parent_code = ?3, level = ?4");
  if (!stmt) return stmt.error();
  stmt->bind(1, division.code).bind(2, division.name).bind(4, division.level);
  if (division.parent_code.empty())
    stmt->bind_null(3);
  else
    stmt->bind(3, division.parent_code);
  return stmt->run();
}

Result<void> upsert_school(Database& db, const School& school) {
  auto stmt = db.prepare(
      "INSERT INTO schools(code, name, division_code, kind, primary_years, junior_years) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(code) DO UPDATE SET name = ?2, "
      "division_code = ?3, kind = ?4, primary_years = ?5, junior_years = ?6");
  if (!stmt) return stmt.error();
  stmt->bind(1, school.code)
      .bind(2, school.name)
      .bind(3, school.division_code)
      .bind(4, school.kind)
      .bind(5, school.primary_years)
      .bind(6, school.junior_years);
  return stmt->run();
}

Result<std::optional<School>> find_school(Database& db, const std::string& code) {
  auto stmt = db.prepare(
      "SELECT code, name, division_code, kind, primary_years, junior_years FROM schools "
      "WHERE code = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, code);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<School>();
  return std::optional<School>(read_school(*stmt));
}

Result<std::vector<School>> schools_in_division(Database& db, const std::string& division_prefix) {
  auto stmt = db.prepare(
      "SELECT code, name, division_code, kind, primary_years, junior_years FROM schools "
      "WHERE substr(division_code, 1, length(?1)) = ?1 ORDER BY code");
  if (!stmt) return stmt.error();
  stmt->bind(1, division_prefix);
  std::vector<School> schools;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    schools.push_back(read_school(*stmt));
  }
  return schools;
}

namespace {

// Parameter `index` of insert_student's statement: ?1 student_id … ?23 under_discipline, in
// the order of kStudentColumns.
void bind_student_param(Statement& stmt, int index, const Student& s) {
  switch (index) {
    case 1:
      stmt.bind(1, s.student_id);
      break;
    case 2:
      stmt.bind(2, s.registry_number);
      break;
    case 3:
      stmt.bind(3, s.name);
      break;
    case 4:
      // No document yet (temporary L number): NULL keeps the uniqueness of real numbers intact.
      if (s.id_number.empty())
        stmt.bind_null(4);
      else
        stmt.bind(4, s.id_number);
      break;
    case 5:
      stmt.bind(5, static_cast<int>(s.gender));
      break;
    case 6:
      stmt.bind(6, format_date(s.birth_date));
      break;
    case 7:
      stmt.bind(7, format_date(s.enrollment_date));
      break;
    case 8:
      stmt.bind(8, s.grade);
      break;
    case 9:
      stmt.bind(9, s.class_name);
      break;
    case 10:
      stmt.bind(10, s.school_code);
      break;
    case 11:
      stmt.bind(11, s.status);
      break;
    case 12:
      stmt.bind(12, s.version);
      break;
    case 13:
      stmt.bind(13, s.document_type);
      break;
    case 14:
      stmt.bind(14, s.ethnicity);
      break;
    case 15:
      stmt.bind(15, s.nationality);
      break;
    case 16:
      stmt.bind(16, s.hukou_division);
      break;
    case 17:
      stmt.bind(17, s.hukou_address);
      break;
    case 18:
      stmt.bind(18, s.flags.migrant_child ? 1 : 0);
      break;
    case 19:
      stmt.bind(19, s.flags.left_behind ? 1 : 0);
      break;
    case 20:
      stmt.bind(20, s.flags.inclusive_class ? 1 : 0);
      break;
    case 21:
      stmt.bind(21, s.flags.home_delivery ? 1 : 0);
      break;
    case 22:
      stmt.bind(22, s.flags.disability);
      break;
    case 23:
      stmt.bind(23, s.flags.under_discipline ? 1 : 0);
      break;
    default:
      break;
  }
}

constexpr int kStudentParams = 23;
constexpr int kVersionParam = 12;  // bumped by the UPDATE, never taken from the caller

// Binds every column of kStudentColumns, in that order, as ?1…?23.
void bind_student(Statement& stmt, const Student& s) {
  for (int i = 1; i <= kStudentParams; ++i) bind_student_param(stmt, i, s);
}

// kStudentColumns as a list: parameter ?(i + 1) binds column i.
std::vector<std::string> student_column_names() {
  std::vector<std::string> names;
  std::string_view rest = kStudentColumns;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    names.emplace_back(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 2);
  }
  return names;
}

}  // namespace

Result<void> insert_student(Database& db, const Student& s) {
  auto stmt = db.prepare("INSERT INTO students(" + std::string(kStudentColumns) +
                         ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                         "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)");
  if (!stmt) return stmt.error();
  bind_student(*stmt, s);
  if (auto inserted = stmt->run(); !inserted) return inserted;
  auto guardian = db.prepare(
      "INSERT INTO guardians(student_id, position, name, relation, phone) VALUES(?1, ?2, ?3, ?4, "
      "?5)");
  if (!guardian) return guardian.error();
  for (size_t i = 0; i < s.guardians.size(); ++i) {
    guardian->bind(1, s.student_id)
        .bind(2, static_cast<int>(i))
        .bind(3, s.guardians[i].name)
        .bind(4, s.guardians[i].relation)
        .bind(5, s.guardians[i].phone);
    if (auto added = guardian->run(); !added) return added;
  }
  return {};
}

Result<std::optional<Student>> find_student_by_document(Database& db, const std::string& type,
                                                        const std::string& number) {
  if (number.empty()) return std::optional<Student>();
  auto found = query_students(db, "id_number = ?1", number);
  if (!found) return found.error();
  for (auto& student : *found) {
    if (student.document_type != type) continue;
    if (auto loaded = load_guardians(db, student); !loaded) return loaded.error();
    return std::optional<Student>(std::move(student));
  }
  return std::optional<Student>();
}

Result<std::optional<Student>> find_student_by_registry_number(Database& db,
                                                               const std::string& number) {
  return query_one(db, "registry_number = ?1", number);
}

Result<std::optional<Student>> find_student_by_id_number(Database& db,
                                                         const std::string& id_number) {
  return query_one(db, "id_number = ?1", id_number);
}

Result<std::optional<Student>> find_student(Database& db, const std::string& student_id) {
  return query_one(db, "student_id = ?1", student_id);
}

Result<std::vector<Student>> students_of_school(Database& db, const std::string& school_code) {
  return query_students(db, "school_code = ?1 ORDER BY grade, class_name, registry_number",
                        school_code);
}

Result<void> update_student(Database& db, const Student& s) {
  // Only the columns whose value changes. A full-row UPDATE rewrote every index of students and
  // ran every per-column provenance trigger's check: a workflow's status change cost 45 µs of
  // SQL instead of 25 (docs/PERFORMANCE.md). SQLite compares (same binds, same affinity as the
  // triggers' OLD.c IS NOT NEW.c), so the row, its history and the feed end up as before; the
  // version is bumped and the feed logs the record even if nothing changed, as before.
  static const std::vector<std::string> columns = student_column_names();
  static const std::string compare = [] {
    std::string sql = "SELECT ";
    for (int i = 2; i <= kStudentParams; ++i) {
      if (i == kVersionParam) continue;
      sql += (i == 2 ? "" : ", ") + columns[static_cast<size_t>(i - 1)] + " IS NOT ?" +
             std::to_string(i);
    }
    return sql + " FROM students WHERE student_id = ?1";
  }();
  std::vector<int> changed;
  {
    auto differs = db.prepare(compare);
    if (!differs) return differs.error();
    bind_student(*differs, s);
    auto row = differs->step();
    if (!row) return row.error();
    if (!*row) return make_error(ErrorCode::NotFound, "student_id");
    for (int i = 2, result = 0; i <= kStudentParams; ++i) {
      if (i == kVersionParam) continue;
      if (differs->integer(result++) != 0) changed.push_back(i);
    }
  }  // the statement goes back to the cache (reset) before the row is written
  std::string sql = "UPDATE students SET ";
  for (int i : changed)
    sql += columns[static_cast<size_t>(i - 1)] + " = ?" + std::to_string(i) + ", ";
  sql += "version = version + 1 WHERE student_id = ?1";
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.error();
  bind_student_param(*stmt, 1, s);
  for (int i : changed) bind_student_param(*stmt, i, s);
  if (auto updated = stmt->run(); !updated) return updated;
  if (db.changes() != 1) return make_error(ErrorCode::NotFound, "student_id");
  return {};
}

Result<void> append_history(Database& db, const std::string& student_id, const HistoryEntry& e) {
  auto stmt = db.prepare(
      "INSERT INTO student_history(student_id, field, old_value, new_value, changed_on, "
      "changed_by, workflow_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!stmt) return stmt.error();
  stmt->bind(1, student_id)
      .bind(2, e.field)
      .bind(3, e.old_value)
      .bind(4, e.new_value)
      .bind(5, e.changed_on)
      .bind(6, e.changed_by)
      .bind(7, e.workflow_id);
  return stmt->run();
}

Result<std::vector<HistoryEntry>> student_history(Database& db, const std::string& student_id) {
  auto stmt = db.prepare(
      "SELECT field, old_value, new_value, changed_on, changed_by, workflow_id "
      "FROM student_history WHERE student_id = ?1 ORDER BY id");
  if (!stmt) return stmt.error();
  stmt->bind(1, student_id);
  std::vector<HistoryEntry> entries;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return entries;
    entries.push_back(HistoryEntry{stmt->text(0), stmt->text(1), stmt->text(2), stmt->text(3),
                                   stmt->text(4), stmt->text(5)});
  }
}

Result<void> append_audit(Database& db, const std::string& actor, const std::string& device_id,
                          const std::string& action, const std::string& object,
                          const std::string& result) {
  // R18: each entry chains the hash of the one before (audit_log.hpp), so an altered or removed
  // entry is detectable. Callers hold the write transaction, so "last entry" cannot move.
  auto last = db.prepare(
      "SELECT id, hash, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM audit_log "
      "ORDER BY id DESC LIMIT 1");
  if (!last) return last.error();
  auto found = last->step();
  if (!found) return found.error();
  AuditEntry entry{*found ? last->integer(0) + 1 : 1, "", actor, device_id, action, object, result};
  std::string prev_hash = *found ? last->text(1) : std::string();
  if (*found) {
    entry.at = last->text(2);
  } else {
    auto now = db.prepare("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
    if (!now) return now.error();
    if (auto stepped = now->step(); !stepped) return stepped.error();
    entry.at = now->text(0);
  }
  auto stmt = db.prepare(
      "INSERT INTO audit_log(id, at, actor, device_id, action, object, result, prev_hash, hash) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!stmt) return stmt.error();
  stmt->bind(1, entry.id)
      .bind(2, entry.at)
      .bind(3, actor)
      .bind(4, device_id)
      .bind(5, action)
      .bind(6, object)
      .bind(7, result)
      .bind(8, prev_hash)
      .bind(9, audit_entry_hash(prev_hash, entry));
  return stmt->run();
}

}  // namespace xueji
