#include "xueji/student.hpp"

#include "xueji/age_exception.hpp"
#include "xueji/identity_document.hpp"
#include "xueji/text.hpp"

namespace xueji {
namespace {

std::string trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return std::string(text);
}

Result<void> check_text(std::string_view text, int max_code_points, ErrorCode code,
                        const char* field) {
  if (!is_plain_text(text, max_code_points)) return make_error(code, field);
  return {};
}

struct Identity {
  std::string document_number;
  Gender gender = Gender::Male;
  Date birth_date;
  std::string registry_number;
};

// 第七条: sex and birth date come from a resident ID and are locked; other documents (第二十八条)
// and students still waiting for an ID carry them as entered.
Result<Identity> identify(const StudentRegistration& input, DocumentType type,
                          const std::string& hukou_division, const Date& today) {
  auto number = normalize_document_number(type, input.id_number, today);
  if (!number) return number.error();
  Identity identity;
  identity.document_number = *number;
  if (type == DocumentType::ResidentId) {
    auto id = parse_id_number(*number, today);
    if (!id) return id.error();
    identity.gender = id->gender;
    identity.birth_date = id->birth_date;
    identity.registry_number = registry_number_for_id(id->normalized);
    return identity;
  }
  if (input.gender != 1 && input.gender != 2)
    return make_error(ErrorCode::GenderRequired, "gender");
  identity.gender = input.gender == 1 ? Gender::Male : Gender::Female;
  auto birth = parse_date(input.birth_date);
  if (!birth) return make_error(ErrorCode::BirthDateRequired, "birth_date");
  if (*birth > today) return make_error(ErrorCode::DateInvalid, "birth_date");
  identity.birth_date = *birth;
  if (input.serial < 0 || input.serial > 9999) return make_error(ErrorCode::InvalidInput, "serial");
  // The L number is built from the 户籍 division; a J number from the same when known.
  if (hukou_division.empty()) return make_error(ErrorCode::DivisionInvalid, "hukou_division");
  identity.registry_number =
      type == DocumentType::None
          ? temporary_registry_number(hukou_division, identity.birth_date, input.serial)
          : j_registry_number(hukou_division, identity.birth_date, input.serial % 1000);
  return identity;
}

}  // namespace

const char* gender_label_zh(Gender gender) {
  return gender == Gender::Male ? "男" : "女";
}

Result<Student> validate_registration(const StudentRegistration& input,
                                      const std::string& school_code, const Date& today,
                                      bool early_entry_approved) {
  std::string name = trim(input.name);
  if (name.empty()) return make_error(ErrorCode::NameRequired, "name");
  // Names of minorities and foreigners run long (·-joined); 50 code points is generous.
  if (auto ok = check_text(name, 50, ErrorCode::NameInvalid, "name"); !ok) return ok.error();

  auto type = document_type_from_name(input.document_type);
  if (!type) return make_error(ErrorCode::DocumentTypeUnknown, "document_type");
  std::string hukou = trim(input.hukou_division);
  if (!hukou.empty() && !plausible_division_code(hukou))
    return make_error(ErrorCode::DivisionInvalid, "hukou_division");
  auto identity = identify(input, *type, hukou, today);
  if (!identity) return identity.error();

  auto enrollment = parse_date(input.enrollment_date);
  if (!enrollment) return make_error(ErrorCode::DateInvalid, "enrollment_date");
  if (input.grade < 1 || input.grade > 9) return make_error(ErrorCode::GradeInvalid, "grade");
  // 第四条: autumn intake; a first-grader must be 6 on or before 31 August of the intake year,
  // unless the registration found a recorded approval (age_exception.hpp).
  if (input.grade == 1 && !early_entry_approved &&
      age_on(identity->birth_date, Date{intake_year(*enrollment), 8, 31}) < 6)
    return make_error(ErrorCode::AgeUnder6, "id_number");

  if (!input.ethnicity.empty() && !find_ethnic_group(input.ethnicity))
    return make_error(ErrorCode::EthnicityUnknown, "ethnicity");
  if (input.nationality.size() != 3) return make_error(ErrorCode::InvalidInput, "nationality");
  if (auto ok = check_text(input.class_name, 30, ErrorCode::InvalidInput, "class_name"); !ok)
    return ok.error();
  if (auto ok = check_text(input.hukou_address, 120, ErrorCode::InvalidInput, "hukou_address"); !ok)
    return ok.error();
  for (const auto& guardian : input.guardians) {
    if (auto ok = check_text(guardian.name, 50, ErrorCode::NameInvalid, "guardians"); !ok)
      return ok.error();
    if (auto ok = check_text(guardian.relation, 20, ErrorCode::InvalidInput, "guardians"); !ok)
      return ok.error();
    if (auto ok = check_text(guardian.phone, 20, ErrorCode::InvalidInput, "guardians"); !ok)
      return ok.error();
  }

  Student student;
  student.student_id = input.student_id;
  student.registry_number = identity->registry_number;
  student.name = std::move(name);
  student.id_number = identity->document_number;
  student.gender = identity->gender;
  student.birth_date = identity->birth_date;
  student.enrollment_date = *enrollment;
  student.grade = input.grade;
  student.class_name = trim(input.class_name);
  student.school_code = school_code;
  student.document_type = input.document_type;
  student.ethnicity = input.ethnicity;
  student.nationality = input.nationality;
  student.hukou_division = hukou;
  student.hukou_address = trim(input.hukou_address);
  student.guardians = input.guardians;
  student.flags = input.flags;
  return student;
}

}  // namespace xueji
