// Graduation and promotion (PRODUCT.md): bulk promotion each summer by the school's registrar,
// graduation at the end of the stage as the school's 学制 decides, once all unfinished business
// is cleared; and junior-middle intake continuing a primary graduate's record (第七条: one 学籍号
// for life, 第八条: one registry per person).
#include <string>

#include "school_year_support.hpp"
#include "xueji/command_handlers.hpp"
#include "xueji/promotion.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/school_closure.hpp"
#include "xueji/workflow_policy.hpp"

namespace xueji {
namespace {

// Records that left the school's books: nothing about them can block or be promoted.
bool off_the_books(const std::string& status) {
  return status == "graduated" || status == "deceased" || status == "transferred_out" ||
         status == "deleted";
}

Result<bool> already_promoted(Database& db, const std::string& school_code,
                              const std::string& school_year) {
  auto stmt = db.prepare(
      "SELECT count(*) FROM school_promotions WHERE school_code = ?1 AND school_year = ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, school_code).bind(2, school_year);
  auto row = stmt->step();
  if (!row) return row.error();
  return stmt->integer(0) > 0;
}

// A grade set on or after the day the school year ended (a promotion at another school before a
// transfer, a placement on resumption, a grade skip for the next year, a junior intake) already
// belongs to the next school year.
Result<bool> grade_set_since(Database& db, const std::string& student_id, const Date& since) {
  auto stmt = db.prepare(
      "SELECT count(*) FROM student_history WHERE student_id = ?1 AND field = 'grade' AND "
      "changed_on >= ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, student_id).bind(2, format_date(since));
  auto row = stmt->step();
  if (!row) return row.error();
  return stmt->integer(0) > 0;
}

// The first student of the school with an open workflow or an open problem record, and how many.
struct Unfinished {
  int count = 0;
  std::string first_student_id;
};
Result<Unfinished> unfinished_business(Database& db, const std::vector<Student>& students) {
  Unfinished unfinished;
  for (const auto& student : students) {
    if (off_the_books(student.status)) continue;
    auto open = open_workflow_count(db, student.student_id, "");
    if (!open) return open.error();
    auto problem = has_open_problem_record(db, student.student_id);
    if (!problem) return problem.error();
    if (*open == 0 && !*problem) continue;
    if (unfinished.count++ == 0) unfinished.first_student_id = student.student_id;
  }
  return unfinished;
}

Result<void> change(Database& db, const CommandContext& context, const std::string& student_id,
                    const std::string& field, const std::string& old_value,
                    const std::string& new_value, const std::string& tag) {
  if (old_value == new_value) return {};
  return append_history(db, student_id,
                        HistoryEntry{field, old_value, new_value, format_date(context.today),
                                     context.actor.account, tag});
}

}  // namespace

std::optional<int> school_year_end(std::string_view school_year) {
  if (school_year.size() != 9 || school_year[4] != '-') return std::nullopt;
  int years[2] = {0, 0};
  for (int part = 0; part < 2; ++part) {
    for (size_t i = 0; i < 4; ++i) {
      char c = school_year[part * 5 + i];
      if (c < '0' || c > '9') return std::nullopt;
      years[part] = years[part] * 10 + (c - '0');
    }
  }
  if (years[0] < 2000 || years[1] != years[0] + 1) return std::nullopt;
  return years[1];
}

GradeSpan grade_span(const School& school) {
  if (school.kind == "primary") return GradeSpan{1, school.primary_years};
  if (school.kind == "junior")
    return GradeSpan{school.primary_years + 1, school.primary_years + school.junior_years};
  // 九年一贯制 (no graduation half-way), special and 工读 schools span the compulsory years.
  return GradeSpan{1, school.primary_years + school.junior_years};
}

Result<CommandOutcome> execute_promote_school(Database& db, const CommandContext& context,
                                              const PromoteSchool& command) {
  // The school promotes its own students; an authority approves nothing here.
  if (context.actor.role != Role::SchoolRegistrar || context.actor.unit_code != command.school_code)
    return make_error(ErrorCode::OutOfScope, "school_code");
  auto found = find_school(db, command.school_code);
  if (!found) return found.error();
  // Who graduates depends on the school's kind and 学制: without its reference data (a device
  // that has not pulled it yet) nobody can tell, so nothing is guessed.
  if (!*found) return make_error(ErrorCode::NotFound, "school_code");
  const School school = **found;
  if (!in_scope(context.actor, school.code, school.division_code))
    return make_error(ErrorCode::OutOfScope, "school_code");
  // 第十九条: a merged or closed school has ceased; its students are the successor's.
  auto closed = school_closure(db, school.code);
  if (!closed) return closed.error();
  if (*closed) return make_error(ErrorCode::SchoolClosed, "school_code");

  // Promotion follows the end of the school year (summer), and a year can be promoted only until
  // the next one ends: so a school never promotes a year in advance or twice in one year.
  auto end = school_year_end(command.school_year);
  if (!end) return make_error(ErrorCode::SchoolYearInvalid, "school_year");
  const Date year_over{*end, 7, 1};
  if (context.today < year_over || context.today >= Date{*end + 1, 7, 1})
    return make_error(ErrorCode::SchoolYearInvalid, "school_year");

  CommandOutcome outcome;
  // Idempotent per (school, school year): a second promotion (another device of the school, a
  // registrar pressing twice) changes nothing and says so, rather than promoting twice.
  auto done = already_promoted(db, school.code, command.school_year);
  if (!done) return done.error();
  if (*done) {
    outcome.warnings.push_back(std::string(code_name(ErrorCode::SchoolYearAlreadyPromoted)));
    return outcome;
  }

  auto students = students_of_school(db, school.code);
  if (!students) return students.error();
  // All unfinished business must be cleared first (open workflows, open problem records — 第八条
  // problem records block graduation): the field names the first such student.
  auto unfinished = unfinished_business(db, *students);
  if (!unfinished) return unfinished.error();
  if (unfinished->count > 0)
    return make_error(ErrorCode::UnfinishedBusiness, unfinished->first_student_id,
                      std::to_string(unfinished->count) + " student(s) with unfinished business");

  const std::string tag = "promotion:" + command.school_year;
  const GradeSpan span = grade_span(school);
  int promoted = 0;
  int graduated = 0;
  for (Student student : *students) {
    // Suspended, abroad, dropped-out, missing students are not promoted: their grade is placed
    // when they come back (第十三条(三) 接续学业).
    if (student.status != "in_school") continue;
    // Enrolled for the next school year (autumn first-graders registered in summer).
    if (student.enrollment_date >= year_over) continue;
    auto set_since = grade_set_since(db, student.student_id, year_over);
    if (!set_since) return set_since.error();
    if (*set_since) continue;
    if (student.grade >= span.last) {
      // The end of the school's stage: a primary school's graduates leave it (the record stays
      // with the last school until a junior school continues it); a 九年一贯制 school's grade 6
      // goes on to grade 7 in the same school.
      student.status = "graduated";
      if (auto saved = update_student(db, student); !saved) return saved.error();
      if (auto noted =
              change(db, context, student.student_id, "status", "in_school", "graduated", tag);
          !noted)
        return noted.error();
      ++graduated;
    } else {
      const int old_grade = student.grade++;
      if (auto saved = update_student(db, student); !saved) return saved.error();
      if (auto noted = change(db, context, student.student_id, "grade", std::to_string(old_grade),
                              std::to_string(student.grade), tag);
          !noted)
        return noted.error();
      ++promoted;
    }
  }

  auto stmt = db.prepare(
      "INSERT INTO school_promotions(school_code, school_year, promoted_on, promoted_by, "
      "promoted_count, graduated_count) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt) return stmt.error();
  stmt->bind(1, school.code)
      .bind(2, command.school_year)
      .bind(3, format_date(context.today))
      .bind(4, context.actor.account)
      .bind(5, promoted)
      .bind(6, graduated);
  if (auto ran = stmt->run(); !ran) return ran.error();
  if (auto audited = append_audit(
          db, context.actor.account, context.actor.device_id, "promote_school",
          school.code + " " + command.school_year,
          "promoted " + std::to_string(promoted) + ", graduated " + std::to_string(graduated));
      !audited)
    return audited.error();
  return outcome;
}

bool continues_graduate_record(const School& school, const Student& existing,
                               const Student& registered) {
  if (existing.status != "graduated" || existing.grade >= 9) return false;  // junior graduates end
  if (registered.grade != existing.grade + 1) return false;  // the next stage's start
  const GradeSpan span = grade_span(school);
  return registered.grade >= span.first && registered.grade <= span.last;
}

Result<CommandOutcome> continue_graduate_record(Database& db, const CommandContext& context,
                                                const School& school, const Student& existing,
                                                const Student& registered) {
  // 第十八条: the school the archive leaves keeps a read-only backup of it.
  auto backup = db.prepare(
      "INSERT OR REPLACE INTO archive_backups(student_id, school_code, created_on, reason) "
      "VALUES(?1, ?2, ?3, 'promotion')");
  if (!backup) return backup.error();
  backup->bind(1, existing.student_id)
      .bind(2, existing.school_code)
      .bind(3, format_date(context.today));
  if (auto kept = backup->run(); !kept) return kept.error();

  // Identity, documents and guardians stay as recorded (changes go through 第十条's correction);
  // the record moves to the new school and stage.
  Student moved = existing;
  moved.school_code = school.code;
  moved.grade = registered.grade;
  moved.class_name = registered.class_name;
  moved.enrollment_date = registered.enrollment_date;
  moved.status = "in_school";
  if (auto saved = update_student(db, moved); !saved) return saved.error();
  const std::string tag = "junior_intake";
  const std::string id = existing.student_id;
  struct Changed {
    const char* field;
    std::string before;
    std::string after;
  };
  const Changed changes[] = {{"school_code", existing.school_code, moved.school_code},
                             {"grade", std::to_string(existing.grade), std::to_string(moved.grade)},
                             {"class_name", existing.class_name, moved.class_name},
                             {"enrollment_date", format_date(existing.enrollment_date),
                              format_date(moved.enrollment_date)},
                             {"status", existing.status, moved.status}};
  for (const auto& c : changes)
    if (auto noted = change(db, context, id, c.field, c.before, c.after, tag); !noted)
      return noted.error();
  if (auto audited = append_audit(db, context.actor.account, context.actor.device_id,
                                  "register_student", moved.registry_number,
                                  context.replica == Replica::Server ? "continued" : "pending");
      !audited)
    return audited.error();
  CommandOutcome outcome;
  outcome.student_id = moved.student_id;
  outcome.registry_number = moved.registry_number;
  outcome.student_name = moved.name;
  return outcome;
}

}  // namespace xueji
