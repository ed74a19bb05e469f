// 第四条 enrollment age: 凡当年8月31日之前(含)年满六周岁的儿童…应当送其入学; 经县级以上教育行政部门
// 批准, 可以推迟到七周岁; 未经主管教育行政部门批准, 小学不得招收不足6周岁的儿童入学. Approvals are
// recorded by an authority and looked up when a first-grader is registered, on the device (once
// the approval has reached it by sync) and on the server alike.
#include "school_year_support.hpp"
#include "xueji/command_handlers.hpp"
#include "xueji/identity_document.hpp"
#include "xueji/registry_store.hpp"

namespace xueji {
namespace {

bool is_authority(Role role) {
  return role == Role::County || role == Role::City || role == Role::Province;
}

Date cutoff(int year) {
  return Date{year, 8, 31};
}

Result<std::string> normalized_number(const std::string& document_type, const std::string& raw,
                                      const Date& today) {
  auto type = document_type_from_name(document_type);
  if (!type) return make_error(ErrorCode::DocumentTypeUnknown, "document_type");
  // A child without any document has no number to attach an approval to.
  if (*type == DocumentType::None)
    return make_error(ErrorCode::DocumentTypeUnknown, "document_type");
  return normalize_document_number(*type, raw, today);
}

}  // namespace

int intake_year(const Date& enrollment_date) {
  return enrollment_date.month >= 7 ? enrollment_date.year : enrollment_date.year - 1;
}

Result<std::optional<AgeApproval>> find_age_approval(Database& db, const School& school,
                                                     const std::string& document_type,
                                                     const std::string& document_number,
                                                     const std::string& kind, int intake_year) {
  if (document_number.empty()) return std::optional<AgeApproval>();
  auto stmt = db.prepare(
      "SELECT approval_id, approver_role, approver_unit FROM age_approvals WHERE "
      "document_type = ?1 AND id_number = ?2 AND kind = ?3 AND intake_year = ?4 "
      "ORDER BY approved_on, approval_id");
  if (!stmt) return stmt.error();
  stmt->bind(1, document_type).bind(2, document_number).bind(3, kind).bind(4, intake_year);
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<AgeApproval>();
    auto role = role_from_name(stmt->text(1));
    if (!role) continue;
    // 主管教育行政部门: the approving authority's scope must hold the school.
    Actor approver{"", *role, stmt->text(2), ""};
    if (!school.division_code.empty() && !in_scope(approver, school.code, school.division_code))
      continue;
    return std::optional<AgeApproval>(AgeApproval{stmt->text(0), kind, intake_year, stmt->text(2)});
  }
}

Result<CommandOutcome> execute_approve_age_exception(Database& db, const CommandContext& context,
                                                     const ApproveAgeException& command) {
  // 县级以上教育行政部门: a county, or a city or province for the schools in its scope. The
  // approval is the approving authority's; registrations in its scope honour it.
  if (!is_authority(context.actor.role)) return make_error(ErrorCode::OutOfScope, "approval_id");
  if (command.approval_id.empty()) return make_error(ErrorCode::MalformedRequest, "approval_id");
  if (command.kind != "early" && command.kind != "delayed")
    return make_error(ErrorCode::InvalidInput, "kind");
  if (command.intake_year < 2000 || command.intake_year > context.today.year + 1)
    return make_error(ErrorCode::InvalidInput, "intake_year");
  if (command.reason.empty()) return make_error(ErrorCode::DetailRequired, "reason");
  auto number = normalized_number(command.document_type, command.id_number, context.today);
  if (!number) return number.error();
  // With a resident ID the birth date is known: the approval must be for the case it names.
  if (command.document_type == "resident_id") {
    auto id = parse_id_number(*number, context.today);
    if (!id) return id.error();
    const int age = age_on(id->birth_date, cutoff(command.intake_year));
    if (command.kind == "early" ? age >= 6 : age < 7)
      return make_error(ErrorCode::InvalidInput, "kind");
  }
  auto stmt = db.prepare(
      "INSERT INTO age_approvals(approval_id, document_type, id_number, kind, intake_year, "
      "reason, approver_role, approver_unit, approved_by, approved_on) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT(approval_id) DO NOTHING");
  if (!stmt) return stmt.error();
  stmt->bind(1, command.approval_id)
      .bind(2, command.document_type)
      .bind(3, *number)
      .bind(4, command.kind)
      .bind(5, command.intake_year)
      .bind(6, command.reason)
      .bind(7, role_name(context.actor.role))
      .bind(8, context.actor.unit_code)
      .bind(9, context.actor.account)
      .bind(10, format_date(context.today));
  if (auto ran = stmt->run(); !ran) return ran.error();
  if (db.changes() != 1) return make_error(ErrorCode::MalformedRequest, "approval_id");
  if (auto audited = append_audit(db, context.actor.account, context.actor.device_id,
                                  "approve_age_exception", command.approval_id,
                                  command.kind + " " + std::to_string(command.intake_year));
      !audited)
    return audited.error();
  return CommandOutcome{};
}

Result<Student> validate_with_age_exceptions(Database& db, const School& school,
                                             const StudentRegistration& input, const Date& today,
                                             std::optional<AgeApproval>& applied) {
  applied.reset();
  auto student = validate_registration(input, school.code, today);
  if (!student && student.error().code == ErrorCode::AgeUnder6) {
    // Under 6 on 31 August: only with a recorded early-entry approval.
    auto number = normalized_number(input.document_type, input.id_number, today);
    if (!number) return student.error();
    auto enrollment = parse_date(input.enrollment_date);
    if (!enrollment) return student.error();
    auto approval = find_age_approval(db, school, input.document_type, *number, "early",
                                      intake_year(*enrollment));
    if (!approval) return approval.error();
    if (!*approval) return student.error();
    applied = **approval;
    return validate_registration(input, school.code, today, /*early_entry_approved=*/true);
  }
  if (!student || student->grade != 1) return student;
  // Already 7 (or older) on 31 August: the entry was delayed, which needs an approval too.
  const int year = intake_year(student->enrollment_date);
  if (age_on(student->birth_date, cutoff(year)) < 7) return student;
  auto approval =
      find_age_approval(db, school, student->document_type, student->id_number, "delayed", year);
  if (!approval) return approval.error();
  if (!*approval) return make_error(ErrorCode::AgeDelayUnapproved, "id_number");
  applied = **approval;
  return student;
}

Result<void> record_age_exception(Database& db, const CommandContext& context,
                                  const Student& student, const AgeApproval& approval) {
  // The record shows which approval admitted the child (第二十条: changes carry their proof).
  return append_history(
      db, student.student_id,
      HistoryEntry{"age_exception", "", approval.kind + ":" + approval.approval_id,
                   format_date(context.today), context.actor.account, approval.approval_id});
}

}  // namespace xueji
