// 统一招生录取 (R20): the school registers the students the county admitted to it, in bulk,
// each through the registration's own rules (第四条 age, 第七条 学籍号, 第八条 一人一籍) — all
// of them or, when one is refused, none.
#include <set>

#include "school_year_support.hpp"
#include "xueji/command_handlers.hpp"
#include "xueji/enrollment.hpp"
#include "xueji/registry_store.hpp"

namespace xueji {
namespace {

constexpr size_t kMaxAdmittedPerCommand = 2000;

struct StoredAdmission {
  int school_year = 0;
  std::string stage;
  std::string school_code;
  std::string name;
  std::string document_type;
  std::string id_number;
  std::string state;
};

Result<std::optional<StoredAdmission>> load_admission(Database& db, const std::string& id) {
  auto stmt = db.prepare(
      "SELECT school_year, stage, school_code, name, document_type, id_number, state "
      "FROM enrollment_admissions WHERE admission_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<StoredAdmission>();
  return std::optional<StoredAdmission>(
      StoredAdmission{static_cast<int>(stmt->integer(0)), stmt->text(1), stmt->text(2),
                      stmt->text(3), stmt->text(4), stmt->text(5), stmt->text(6)});
}

}  // namespace

Result<CommandOutcome> execute_admit_enrolled_students(Database& db, const CommandContext& context,
                                                       const AdmitEnrolledStudents& command) {
  // The admitting school registers its own admissions (第三条: the school collects).
  if (context.actor.role != Role::SchoolRegistrar)
    return make_error(ErrorCode::OutOfScope, "school_code");
  if (command.students.empty() || command.students.size() > kMaxAdmittedPerCommand)
    return make_error(ErrorCode::InvalidInput, "students");
  auto school = find_school(db, context.actor.unit_code);
  if (!school) return school.error();
  // A device without its school's row yet assumes 六三制 for the junior first grade; the server,
  // which has the row, decides.
  const int primary_years = *school ? (*school)->primary_years : 6;

  // Every admission is checked before any is registered: a batch naming another school's
  // admission, or one twice, changes nothing.
  std::vector<StoredAdmission> admissions;
  std::set<std::string> seen;
  for (const auto& admitted : command.students) {
    if (!seen.insert(admitted.admission_id).second)
      return make_error(ErrorCode::MalformedRequest, "admission_id", admitted.admission_id);
    auto admission = load_admission(db, admitted.admission_id);
    if (!admission) return admission.error();
    if (!*admission) return make_error(ErrorCode::NotFound, "admission_id", admitted.admission_id);
    if ((*admission)->school_code != context.actor.unit_code)
      return make_error(ErrorCode::OutOfScope, "admission_id", admitted.admission_id);
    if ((*admission)->state != "admitted")
      return make_error(ErrorCode::AdmissionNotOpen, "admission_id", admitted.admission_id);
    admissions.push_back(**admission);
  }

  CommandOutcome outcome;
  std::set<std::string> warnings;
  auto mark = db.prepare(
      "UPDATE enrollment_admissions SET state = 'registered', student_id = ?2, "
      "registered_on = ?3, registered_by = ?4 WHERE admission_id = ?1");
  if (!mark) return mark.error();
  for (std::size_t i = 0; i < command.students.size(); ++i) {
    const AdmittedStudent& admitted = command.students[i];
    const StoredAdmission* admission = &admissions[i];
    StudentRegistration registration;
    registration.student_id = admitted.student_id;
    registration.name = admission->name;
    registration.id_number = admission->id_number;
    registration.document_type = admission->document_type;
    registration.enrollment_date = format_date(Date{admission->school_year, 9, 1});
    registration.grade = admission->stage == "junior" ? primary_years + 1 : 1;
    registration.class_name = admitted.class_name;
    auto registered = execute_register_student(db, context, RegisterStudent{registration});
    if (!registered) {
      // The rule that refused it, naming the admission, so the school sees which child.
      Error error = registered.error();
      error.detail = admitted.admission_id + (error.detail.empty() ? "" : ": " + error.detail);
      return error;
    }
    for (const auto& w : registered->warnings) warnings.insert(w);
    mark->bind(1, admitted.admission_id)
        .bind(2, registered->student_id)
        .bind(3, format_date(context.today))
        .bind(4, context.actor.account);
    if (auto ran = mark->run(); !ran) return ran.error();
    if (outcome.student_id.empty()) {
      outcome.student_id = registered->student_id;
      outcome.registry_number = registered->registry_number;
      outcome.student_name = registered->student_name;
    }
  }
  outcome.warnings.assign(warnings.begin(), warnings.end());
  if (auto audited = append_audit(db, context.actor.account, context.actor.device_id,
                                  "admit_enrolled_students", context.actor.unit_code,
                                  std::to_string(command.students.size()) + " registered");
      !audited)
    return audited.error();
  return outcome;
}

}  // namespace xueji
