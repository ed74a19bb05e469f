// The student record and the rules for registering one (第四条, 第七条, 第八条, 第二十八条).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "xueji/date.hpp"
#include "xueji/id_number.hpp"
#include "xueji/reference_codes.hpp"
#include "xueji/registry_number.hpp"
#include "xueji/result.hpp"

namespace xueji {

struct Guardian {
  std::string name;
  std::string relation;  // 父亲, 母亲, 祖父母…, free text
  std::string phone;
  bool operator==(const Guardian&) const = default;
};

// Flags the registry keeps about a student's situation.
struct StudentFlags {
  bool migrant_child = false;     // 随迁子女
  bool left_behind = false;       // 留守儿童
  bool inclusive_class = false;   // 随班就读 (special-education student in a mainstream class)
  bool home_delivery = false;     // 送教上门 (registered at the delivering school, 第八条)
  std::string disability;         // 残疾类别, empty when none
  bool under_discipline = false;  // 受处分期间: no transfer (第十一条(四))
  bool operator==(const StudentFlags&) const = default;
};

// What a registrar enters when registering a student. Fields added later go at the end.
struct StudentRegistration {
  std::string student_id;  // client-generated UUID, stable across devices and retries
  std::string name;
  std::string id_number;        // the document number (the resident ID number for most)
  std::string enrollment_date;  // YYYY-MM-DD
  int grade = 1;
  std::string class_name;
  std::string document_type = "resident_id";  // document_type_name()
  // Only without a resident ID (otherwise derived from it and locked, 第七条):
  int gender = 0;                   // 1 male, 2 female
  std::string birth_date;           // YYYY-MM-DD
  int serial = 0;                   // device-drawn random digits of an L or J registry number
  std::string ethnicity;            // GB/T 3304 code; empty until recorded
  std::string nationality = "CHN";  // ISO 3166-1 alpha-3
  std::string hukou_division;       // 户籍所在地 division code (6 digits)
  std::string hukou_address;
  std::vector<Guardian> guardians;
  StudentFlags flags;
};

struct Student {
  std::string student_id;
  std::string registry_number;  // 学籍号
  std::string name;
  std::string id_number;  // document number; empty for DocumentType::None
  Gender gender = Gender::Male;
  Date birth_date;
  Date enrollment_date;
  int grade = 1;
  std::string class_name;
  std::string school_code;
  std::string status = "in_school";  // 在读
  std::int64_t version = 1;
  std::string document_type = "resident_id";
  std::string ethnicity;
  std::string nationality = "CHN";
  std::string hukou_division;
  std::string hukou_address;
  std::vector<Guardian> guardians;
  StudentFlags flags;
};

// Pure rule check (no storage): name, document (sex and birth date derived from a resident ID
// and locked), 学籍号 G/L/J (第七条), enrollment age (第四条), codes. `today` bounds dates.
// `early_entry_approved`: the registration found a recorded 第四条 approval for an under-6 child.
Result<Student> validate_registration(const StudentRegistration& input,
                                      const std::string& school_code, const Date& today,
                                      bool early_entry_approved = false);

const char* gender_label_zh(Gender gender);

}  // namespace xueji
