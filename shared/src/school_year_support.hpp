// What registration (command_register_student.cpp) borrows from the school-year rules: the
// enrollment-age exceptions of 第四条 and the junior-middle intake that continues a graduate's
// record. Internal to the core (src/).
#pragma once
#include <optional>

#include "xueji/age_exception.hpp"
#include "xueji/commands.hpp"
#include "xueji/server_registry.hpp"
#include "xueji/student.hpp"

namespace xueji {

// The grades a school teaches, from its kind and 学制: a primary school 1..primary_years, a junior
// school primary_years+1..9, every other kind (九年一贯制, special, 工读) 1..9.
struct GradeSpan {
  int first = 1;
  int last = 9;
};
GradeSpan grade_span(const School& school);

// An approval of `kind` for this document and intake year by an authority whose scope holds the
// school. When the school's division is unknown (a device without reference data) any approval
// for the document counts; the server, which knows the division, decides.
Result<std::optional<AgeApproval>> find_age_approval(Database& db, const School& school,
                                                     const std::string& document_type,
                                                     const std::string& document_number,
                                                     const std::string& kind, int intake_year);

// validate_registration() plus 第四条's recorded exceptions: an under-6 first-grader passes only
// with an `early` approval, one already 7 (or older) on 31 August only with a `delayed` one.
// `applied` names the approval used, if any.
Result<Student> validate_with_age_exceptions(Database& db, const School& school,
                                             const StudentRegistration& input, const Date& today,
                                             std::optional<AgeApproval>& applied);
// Keeps the approval on the record (history) once the student is stored.
Result<void> record_age_exception(Database& db, const CommandContext& context,
                                  const Student& student, const AgeApproval& approval);

// Junior-middle intake of a primary graduate: `existing` (same document) graduated from primary,
// and `registered` enters the next grade at a school teaching it.
bool continues_graduate_record(const School& school, const Student& existing,
                               const Student& registered);
// The graduate's record moves to the school in the next grade: same student_id, same 学籍号,
// history for every field, the primary school keeping a read-only backup.
Result<CommandOutcome> continue_graduate_record(Database& db, const CommandContext& context,
                                                const School& school, const Student& existing,
                                                const Student& registered);

}  // namespace xueji
