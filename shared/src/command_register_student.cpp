// 学生注册: 第四条 (age), 第七条 (registry number), 第八条 (one person, one registry).
#include "school_year_support.hpp"
#include "xueji/archive.hpp"
#include "xueji/command_handlers.hpp"
#include "xueji/problem_record.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/review_case.hpp"
#include "xueji/school_closure.hpp"

namespace xueji {

bool is_active_registry(const Student& student) {
  // 第八条 一人一籍: a registry stays active unless graduated, deregistered or transferred out.
  return student.status != "graduated" && student.status != "deceased" &&
         student.status != "transferred_out";
}

namespace {

// The acting registrar's school. A device knows only its own school's code until reference data
// arrives by pull; a registrar's scope needs nothing more (第三条: the school collects).
Result<School> acting_school(Database& db, const CommandContext& context) {
  auto found = find_school(db, context.actor.unit_code);
  if (!found) return found.error();
  if (*found) return **found;
  if (context.replica == Replica::Device) return School{context.actor.unit_code, "", "", ""};
  return make_error(ErrorCode::NotFound, "school_code");
}

}  // namespace

Result<CommandOutcome> execute_register_student(Database& db, const CommandContext& context,
                                                const RegisterStudent& command) {
  if (context.actor.role != Role::SchoolRegistrar)
    return make_error(ErrorCode::OutOfScope, "school_code");
  auto school = acting_school(db, context);
  if (!school) return school.error();
  if (!in_scope(context.actor, school->code, school->division_code))
    return make_error(ErrorCode::OutOfScope, "school_code");
  // 第十九条: a merged or closed school has ceased; its registrar registers no one.
  auto closed = school_closure(db, school->code);
  if (!closed) return closed.error();
  if (*closed) return make_error(ErrorCode::SchoolClosed, "school_code");

  // 第四条: an under-6 or delayed first-grader needs a recorded approval (age_exception.hpp).
  std::optional<AgeApproval> age_exception;
  auto student =
      validate_with_age_exceptions(db, *school, command.registration, context.today, age_exception);
  if (!student) return student.error();
  if (student->student_id.empty()) return make_error(ErrorCode::MalformedRequest, "student_id");

  // 第八条: exact duplicate check on the document number. A device sees its own school; the
  // server sees the whole province.
  auto existing = find_student_by_document(db, student->document_type, student->id_number);
  if (!existing) return existing.error();
  if (*existing && is_active_registry(**existing))
    return make_error(ErrorCode::DuplicateRegistry, "id_number");
  // Junior-middle intake continues a primary graduate's record and 学籍号 (promotion.hpp); the
  // command's student_id gives way to the record's own. A device that does not hold the
  // graduate's record registers it afresh with the same G number; the server continues it.
  if (*existing && continues_graduate_record(*school, **existing, *student))
    return continue_graduate_record(db, context, *school, **existing, *student);
  // An L or J number carries device-drawn digits; a clash is refused, never silently renumbered.
  auto taken = find_student_by_registry_number(db, student->registry_number);
  if (!taken) return taken.error();
  if (*taken)
    return make_error(*existing ? ErrorCode::DuplicateRegistry : ErrorCode::RegistryNumberTaken,
                      "registry_number");
  auto same_id = find_student(db, student->student_id);
  if (!same_id) return same_id.error();
  if (*same_id) return make_error(ErrorCode::MalformedRequest, "student_id");

  if (auto inserted = insert_student(db, *student); !inserted) return inserted.error();
  if (auto audited = append_audit(db, context.actor.account, context.actor.device_id,
                                  "register_student", student->registry_number,
                                  context.replica == Replica::Server ? "applied" : "pending");
      !audited)
    return audited.error();
  CommandOutcome outcome;
  // 第八条 查重 for records without a document number: a likely duplicate is registered but
  // becomes a problem record, which blocks transfer and graduation until resolved.
  auto suspects = likely_duplicates(db, *student);
  if (!suspects) return suspects.error();
  for (const auto& other : *suspects) {
    ProblemRecord record;
    record.problem_id = "dup-" + student->student_id + "-" + other.student_id;
    record.student_id = student->student_id;
    record.kind = std::string(problem_kind_name(ProblemKind::DuplicateWithoutId));
    record.opened_on = format_date(context.today);
    record.other_student_id = other.student_id;
    if (auto opened = open_problem_record(db, record); !opened) return opened.error();
  }
  if (!suspects->empty())
    outcome.warnings.push_back(std::string(code_name(ErrorCode::LikelyDuplicate)));
  // 第六条: the archive is due within one month of enrollment. A late one is still registered
  // (refusing it would leave the child without a registry) but recorded for the county's list.
  // The server's date decides: a registry exists once it reaches the electronic system.
  if (registration_is_late(student->enrollment_date, context.today)) {
    if (auto flagged = record_late_registration(db, *student, context.today); !flagged)
      return flagged.error();
    outcome.warnings.push_back(std::string(code_name(ErrorCode::RegistrationLate)));
  }
  if (age_exception) {
    if (auto kept = record_age_exception(db, context, *student, *age_exception); !kept)
      return kept.error();
    outcome.warnings.push_back(std::string(code_name(ErrorCode::AgeExceptionApplied)));
  }
  outcome.student_id = student->student_id;
  outcome.registry_number = student->registry_number;
  outcome.student_name = student->name;
  return outcome;
}

}  // namespace xueji
