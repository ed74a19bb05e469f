#include "xueji/student.hpp"

namespace xueji {
namespace {

// Counts UTF-8 code points; rejects malformed sequences and control characters.
bool valid_utf8_name(std::string_view text, int& code_points) {
  code_points = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    int length = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (int k = 1; k < length; ++k)
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    if (length == 1 && (c < 0x20 || c == 0x7F)) return false;
    i += length;
    ++code_points;
  }
  return true;
}

std::string trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

std::string registry_number_for_id(std::string_view normalized_id) {
  // 第七条: the registry number derives from the resident ID; "G" marks a checked ID.
  return "G" + std::string(normalized_id);
}

const char* gender_label_zh(Gender gender) {
  return gender == Gender::Male ? "男" : "女";
}

Result<Student> validate_registration(const StudentRegistration& input,
                                      const std::string& school_code, const Date& today) {
  std::string name = trim(input.name);
  if (name.empty()) return make_error(ErrorCode::NameRequired, "name");
  int code_points = 0;
  // Names of minorities and foreigners run long (·-joined); 50 code points is generous.
  if (!valid_utf8_name(name, code_points) || code_points > 50)
    return make_error(ErrorCode::NameInvalid, "name");

  auto id = parse_id_number(input.id_number, today);
  if (!id) return id.error();

  auto enrollment = parse_date(input.enrollment_date);
  if (!enrollment) return make_error(ErrorCode::DateInvalid, "enrollment_date");
  if (input.grade < 1 || input.grade > 9) return make_error(ErrorCode::InvalidInput, "grade");

  // 第四条: autumn intake; a first-grader must be 6 on or before 31 August of the intake year.
  // (Recorded early-entry approvals come with the workflow engine; until then it is refused.)
  if (input.grade == 1 && age_on(id->birth_date, Date{enrollment->year, 8, 31}) < 6)
    return make_error(ErrorCode::AgeUnder6, "id_number");

  Student student;
  student.student_id = input.student_id;
  student.registry_number = registry_number_for_id(id->normalized);
  student.name = std::move(name);
  student.id_number = id->normalized;
  student.gender = id->gender;
  student.birth_date = id->birth_date;
  student.enrollment_date = *enrollment;
  student.grade = input.grade;
  student.class_name = trim(input.class_name);
  student.school_code = school_code;
  return student;
}

}  // namespace xueji
