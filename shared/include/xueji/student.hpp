// The student record and the rules for registering one (第四条, 第七条, 第八条).
#pragma once
#include <cstdint>
#include <string>

#include "xueji/date.hpp"
#include "xueji/id_number.hpp"
#include "xueji/result.hpp"

namespace xueji {

// What a registrar types when registering a student.
struct StudentRegistration {
  std::string student_id;  // client-generated UUID, stable across devices and retries
  std::string name;
  std::string id_number;
  std::string enrollment_date;  // YYYY-MM-DD
  int grade = 1;
  std::string class_name;
};

struct Student {
  std::string student_id;
  std::string registry_number;  // 学籍号
  std::string name;
  std::string id_number;
  Gender gender = Gender::Male;
  Date birth_date;
  Date enrollment_date;
  int grade = 1;
  std::string class_name;
  std::string school_code;
  std::string status = "in_school";  // 在读
  std::int64_t version = 1;
};

// Pure rule check (no storage): name, ID number (sex and birth date derived and locked),
// 学籍号 from the ID (第七条), enrollment age (第四条). `today` bounds birth dates.
Result<Student> validate_registration(const StudentRegistration& input,
                                      const std::string& school_code, const Date& today);

// 学籍号 for a checked ID number: "G" + the 18 characters (national practice).
std::string registry_number_for_id(std::string_view normalized_id);

const char* gender_label_zh(Gender gender);

}  // namespace xueji
