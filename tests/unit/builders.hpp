// Test data builders: valid by default, tests change the one field they are about.
#pragma once
#include <string>

#include "xueji/student.hpp"

inline xueji::StudentRegistration registration_of(std::string name, std::string id_number,
                                                  int grade = 1,
                                                  std::string enrollment_date = "2026-09-01") {
  xueji::StudentRegistration r;
  r.name = std::move(name);
  r.id_number = std::move(id_number);
  r.grade = grade;
  r.enrollment_date = std::move(enrollment_date);
  r.class_name = "一(1)班";
  return r;
}
