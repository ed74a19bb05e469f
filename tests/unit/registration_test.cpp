// R2 (第四条) enrollment age and R4 (第七条) registry numbers at registration.
#include <catch2/catch.hpp>

#include "xueji/student.hpp"

using namespace xueji;

namespace {
const Date kToday{2026, 11, 28};

StudentRegistration first_grader(const Date& birth, int sequence = 11) {
  StudentRegistration r;
  r.student_id = "s-1";
  r.name = "张三";
  r.id_number = make_id_number("411623", birth, sequence);
  r.enrollment_date = "2026-09-01";
  r.grade = 1;
  r.class_name = "一(1)班";
  return r;
}
}  // namespace

TEST_CASE("R2 第四条: a child who is 6 on 31 August of the intake year may enroll") {
  auto student = validate_registration(first_grader(Date{2020, 8, 31}), "41162301", kToday);
  REQUIRE(student.ok());
  CHECK(student->registry_number == "G" + student->id_number);
  CHECK(student->birth_date == Date{2020, 8, 31});
  CHECK(student->gender == Gender::Male);
  CHECK(student->school_code == "41162301");
}

TEST_CASE("R2 第四条: a child born on 1 September is refused with AGE_UNDER_6") {
  auto student = validate_registration(first_grader(Date{2020, 9, 1}), "41162301", kToday);
  REQUIRE_FALSE(student.ok());
  CHECK(student.error().code == ErrorCode::AgeUnder6);
}

TEST_CASE("R4 第七条: sex and birth date come from the ID number, never typed") {
  auto student = validate_registration(first_grader(Date{2019, 3, 5}, 12), "41162301", kToday);
  REQUIRE(student.ok());
  CHECK(student->gender == Gender::Female);
  CHECK(student->birth_date == Date{2019, 3, 5});
}

TEST_CASE("Registration: names are required, trimmed and may hold rare characters") {
  auto input = first_grader(Date{2019, 3, 5});
  input.name = "   ";
  CHECK(validate_registration(input, "41162301", kToday).error().code == ErrorCode::NameRequired);
  input.name = " 王𠈌䶮 ";
  auto student = validate_registration(input, "41162301", kToday);
  REQUIRE(student.ok());
  CHECK(student->name == "王𠈌䶮");
  input.name = std::string("李\x01");
  CHECK(validate_registration(input, "41162301", kToday).error().code == ErrorCode::NameInvalid);
  input.name = std::string("\xE5\xBC");  // truncated UTF-8
  CHECK(validate_registration(input, "41162301", kToday).error().code == ErrorCode::NameInvalid);
}

TEST_CASE("Registration: an impossible enrollment date is refused with DATE_INVALID") {
  auto input = first_grader(Date{2019, 3, 5});
  input.enrollment_date = "2026-02-30";
  auto student = validate_registration(input, "41162301", kToday);
  REQUIRE_FALSE(student.ok());
  CHECK(student.error().code == ErrorCode::DateInvalid);
  CHECK(student.error().field == "enrollment_date");
}
