// 第十九条: 学校合并的，其学籍档案移交并入的学校管理；学校撤销的，其学籍档案移交县级教育行政部门
// 指定的单位管理. The county decides; every record the old school keeps — students in school and
// the archives of those who graduated or left there (the last school keeps them for good) — moves
// to the successor, each with a history row. No backup is left behind: the old school ceases.
#include "policy_support.hpp"
#include "xueji/archive.hpp"
#include "xueji/command_handlers.hpp"
#include "xueji/school_closure.hpp"

namespace xueji {
namespace {

constexpr int kMaxDecision = 200;

// Students still attached to a grade of the school (graduated, deceased, deleted or transferred
// students keep only their archive there).
bool holds_a_place(const Student& student) {
  return student.status != "graduated" && student.status != "deceased" &&
         student.status != "deleted" && student.status != "transferred_out";
}

Result<School> known_school(Database& db, const std::string& code, const char* field) {
  auto found = find_school(db, code);
  if (!found) return found.error();
  if (!*found) return make_error(ErrorCode::NotFound, field);
  return **found;
}

Result<bool> has_open_business(Database& db, const std::string& school_code) {
  // An open workflow the school started or still has to decide would be left without a party.
  auto stmt = db.prepare(
      "SELECT 1 FROM workflows w WHERE w.state = 'open' AND (w.started_unit = ?1 OR EXISTS ("
      "SELECT 1 FROM workflow_steps s WHERE s.workflow_id = w.workflow_id AND s.unit_code = ?1 "
      "AND s.state IN ('waiting', 'open'))) LIMIT 1");
  if (!stmt) return stmt.error();
  stmt->bind(1, school_code);
  return stmt->step();
}

Result<CommandOutcome> hand_over(Database& db, const CommandContext& context,
                                 const std::string& from_code, const char* from_field,
                                 const std::string& to_code, const char* to_field,
                                 const std::string& decision, std::string_view reason) {
  // 第十九条 names the county (县级教育行政部门) as the one who decides.
  if (context.actor.role != Role::County) return make_error(ErrorCode::OutOfScope, from_field);
  if (!is_plain_text(decision, kMaxDecision))
    return make_error(ErrorCode::ArchiveTextInvalid, "decision");
  auto from = known_school(db, from_code, from_field);
  if (!from) return from.error();
  auto to = known_school(db, to_code, to_field);
  if (!to) return to.error();
  if (!in_scope(context.actor, from->code, from->division_code))
    return make_error(ErrorCode::OutOfScope, from_field);
  if (!in_scope(context.actor, to->code, to->division_code))
    return make_error(ErrorCode::OutOfScope, to_field);
  if (from->code == to->code) return make_error(ErrorCode::SchoolSuccessorInvalid, to_field);
  for (const auto& [code, field] : {std::pair{from->code, from_field}, {to->code, to_field}}) {
    auto closed = school_closure(db, code);
    if (!closed) return closed.error();
    if (*closed) return make_error(ErrorCode::SchoolClosed, field);
  }
  auto busy = has_open_business(db, from->code);
  if (!busy) return busy.error();
  if (*busy) return make_error(ErrorCode::UnfinishedBusiness, from_field);

  auto students = students_of_school(db, from->code);
  if (!students) return students.error();
  // Students in school continue in their grade at the successor, so it must teach it.
  for (const auto& student : *students)
    if (holds_a_place(student) && !school_offers_grade(to->kind, student.grade))
      return make_error(ErrorCode::SchoolGradeNotOffered, to_field);
  const std::string today = format_date(context.today);
  for (Student moved : *students) {
    moved.school_code = to->code;  // update_student rewrites the row; guardians stay as they are
    if (auto saved = update_student(db, moved); !saved) return saved.error();
    // 第二十条: the change is kept in the student's history like any other.
    if (auto noted = append_history(
            db, moved.student_id,
            HistoryEntry{"school_code", from->code, to->code, today, context.actor.account, ""});
        !noted)
      return noted.error();
  }
  // Backups the old school kept of students who left it earlier go to the successor as well; a
  // successor never keeps a backup of an archive it holds itself.
  for (std::string_view sql :
       {"UPDATE OR REPLACE archive_backups SET school_code = ?2 WHERE school_code = ?1",
        "DELETE FROM archive_backups WHERE school_code = ?2 AND student_id IN ("
        "SELECT student_id FROM students WHERE school_code = ?2)"}) {
    auto stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, from->code).bind(2, to->code);
    if (auto ran = stmt->run(); !ran) return ran.error();
  }
  auto close = db.prepare(
      "UPDATE schools SET closed_on = ?2, closed_reason = ?3, archives_to = ?4 WHERE code = ?1");
  if (!close) return close.error();
  close->bind(1, from->code).bind(2, today).bind(3, reason).bind(4, to->code);
  if (auto closed = close->run(); !closed) return closed.error();
  if (auto audited = append_audit(
          db, context.actor.account, context.actor.device_id,
          std::string(reason == "merger" ? "merge_schools" : "close_school"), from->code,
          to->code + " students=" + std::to_string(students->size()) +
              (decision.empty() ? "" : " decision=" + decision));
      !audited)
    return audited.error();
  return CommandOutcome{};
}

}  // namespace

Result<std::optional<SchoolClosure>> school_closure(Database& db, const std::string& school_code) {
  auto stmt = db.prepare(
      "SELECT closed_on, closed_reason, archives_to FROM schools WHERE code = ?1 AND "
      "closed_on <> ''");
  if (!stmt) return stmt.error();
  stmt->bind(1, school_code);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<SchoolClosure>();
  return std::optional<SchoolClosure>(SchoolClosure{stmt->text(0), stmt->text(1), stmt->text(2)});
}

Result<CommandOutcome> execute_merge_schools(Database& db, const CommandContext& context,
                                             const MergeSchools& command) {
  return hand_over(db, context, command.merged_school, "merged_school", command.surviving_school,
                   "surviving_school", command.decision, "merger");
}

// The custodian is a school the county names (由县级教育行政部门指定的单位): students still in
// school continue there, so it must be a school; other units are not modelled.
Result<CommandOutcome> execute_close_school(Database& db, const CommandContext& context,
                                            const CloseSchool& command) {
  return hand_over(db, context, command.school_code, "school_code", command.custodian_code,
                   "custodian_code", command.decision, "closure");
}

}  // namespace xueji
