// 第十条 基础信息变更: the guardian applies with the 户口簿 (or other proof) at the school; the
// school approves and reports to the registry authority, which approves. Every change keeps its
// history. A temporary L number is replaced this way once the ID number arrives (第七条).
#include <array>

#include "xueji/field_edit.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/workflow_policy.hpp"

namespace xueji {
namespace {

// Basic information a guardian may ask to correct. Sex and birth date follow the ID number
// when there is one (第七条) and are corrected through it.
constexpr std::array<std::string_view, 8> kCorrectableFields{
    "name",      "id_number",      "gender",        "birth_date",
    "ethnicity", "hukou_division", "hukou_address", "nationality"};

StudentRegistration as_registration(const Student& s) {
  StudentRegistration r;
  r.student_id = s.student_id;
  r.name = s.name;
  r.id_number = s.id_number;
  r.enrollment_date = format_date(s.enrollment_date);
  r.grade = s.grade;
  r.class_name = s.class_name;
  r.document_type = s.document_type;
  r.gender = static_cast<int>(s.gender);
  r.birth_date = format_date(s.birth_date);
  r.ethnicity = s.ethnicity;
  r.nationality = s.nationality;
  r.hukou_division = s.hukou_division;
  r.hukou_address = s.hukou_address;
  r.guardians = s.guardians;
  r.flags = s.flags;
  return r;
}

// The corrected record, checked by the same rules as a registration. The age rule (第四条)
// concerns intake and is not re-run on a record already enrolled.
Result<Student> corrected(const PolicyContext& context) {
  const Student& current = *context.student;
  const std::string field = detail(context.workflow, "field");
  const std::string value = detail(context.workflow, "new_value");
  StudentRegistration r = as_registration(current);
  if (field == "name") {
    r.name = value;
  } else if (field == "id_number") {
    // An ID number replaces a temporary L number or corrects a wrong one: a resident ID then.
    r.document_type = "resident_id";
    r.id_number = value;
  } else if (field == "gender" || field == "birth_date") {
    if (current.document_type == "resident_id")
      return make_error(ErrorCode::InvalidInput, field, "derived from the ID number");
    if (field == "gender") r.gender = std::atoi(value.c_str());
    if (field == "birth_date") r.birth_date = value;
  } else if (field == "ethnicity") {
    r.ethnicity = value;
  } else if (field == "hukou_division") {
    r.hukou_division = value;
  } else if (field == "hukou_address") {
    r.hukou_address = value;
  } else if (field == "nationality") {
    r.nationality = value;
  }
  r.grade = current.grade == 1 ? 2 : current.grade;  // skip the intake age check
  auto checked = validate_registration(r, current.school_code, context.command.today);
  if (!checked) return checked.error();
  Student result = current;
  result.name = checked->name;
  result.id_number = checked->id_number;
  result.document_type = checked->document_type;
  result.gender = checked->gender;
  result.birth_date = checked->birth_date;
  result.ethnicity = checked->ethnicity;
  result.nationality = checked->nationality;
  result.hukou_division = checked->hukou_division;
  result.hukou_address = checked->hukou_address;
  // 一人一籍: a G number stays for life unless the ID itself was wrong or was missing (L).
  if (field == "id_number") result.registry_number = checked->registry_number;
  return result;
}

Result<void> check_correction(PolicyContext& context) {
  const std::string field = detail(context.workflow, "field");
  bool known = false;
  for (auto f : kCorrectableFields) known = known || f == field;
  if (!known) return make_error(ErrorCode::InvalidInput, "field");
  if (detail(context.workflow, "new_value").empty() && field != "hukou_address")
    return make_error(ErrorCode::DetailRequired, "new_value");
  // Issue 4: a correction made offline on a version of the field that the record has since
  // left is a concurrent edit of a protected field — never last-writer-wins: the server holds
  // it in a review case for the county (base_version: field_edit.hpp, as the device had it).
  if (const std::string base = detail(context.workflow, "base_version");
      !base.empty() && context.command.replica == Replica::Server) {
    auto current = field_provenance(context.db, context.student->student_id, field);
    if (!current) return current.error();
    if (current->version > std::atoll(base.c_str()))
      return make_error(ErrorCode::ConcurrentEdit, field);
  }
  auto result = corrected(context);
  if (!result) return result.error();
  if (field == "id_number") {
    // 第八条: the corrected number must not belong to another active registry.
    auto other = find_student_by_document(context.db, "resident_id", result->id_number);
    if (!other) return other.error();
    if (*other && (*other)->student_id != context.student->student_id)
      return make_error(ErrorCode::DuplicateRegistry, "new_value");
  }
  // The old value is recorded now, so the history shows what the guardian asked to change.
  context.workflow.details["old_value"] =
      field == "name"             ? context.student->name
      : field == "id_number"      ? context.student->id_number
      : field == "ethnicity"      ? context.student->ethnicity
      : field == "hukou_division" ? context.student->hukou_division
      : field == "hukou_address"  ? context.student->hukou_address
      : field == "nationality"    ? context.student->nationality
      : field == "gender"         ? std::to_string(static_cast<int>(context.student->gender))
                                  : format_date(context.student->birth_date);
  return {};
}

Result<std::vector<Party>> correction_parties(PolicyContext&) {
  return std::vector<Party>{Party::School, Party::Authority};
}

Result<void> complete_correction(PolicyContext& context) {
  if (!context.student) return make_error(ErrorCode::NotFound, "student_id");
  auto result = corrected(context);
  if (!result) return result.error();
  const std::string field = detail(context.workflow, "field");
  const std::string old_registry_number = context.student->registry_number;
  Student updated = *result;
  if (auto changed = change_student(context, updated, field, detail(context.workflow, "old_value"),
                                    detail(context.workflow, "new_value"));
      !changed)
    return changed;
  if (updated.registry_number != old_registry_number)
    return append_history(
        context.db, updated.student_id,
        HistoryEntry{"registry_number", old_registry_number, updated.registry_number,
                     format_date(context.command.today), context.command.actor.account,
                     context.workflow.workflow_id});
  return {};
}

}  // namespace

const WorkflowPolicy& info_correction_policy() {
  static const WorkflowPolicy kPolicy{
      WorkflowKind::InfoCorrection,
      /*started_by_receiving_school=*/false,
      /*required_proofs=*/{"household_register"},
      check_correction,
      correction_parties,
      /*on_start=*/nullptr,
      complete_correction,
  };
  return kPolicy;
}

}  // namespace xueji
