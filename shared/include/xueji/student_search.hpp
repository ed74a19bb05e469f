// The search of the student list (学生名单), one rule for every screen and both replicas.
#pragma once
#include <string_view>

#include "xueji/student.hpp"

namespace xueji {

// Whether `student` matches what a registrar typed (surrounding spaces ignored; empty matches
// all): a part of the name (生僻字 included: 𠈌 finds 李𠈌), the pinyin initials of a part of the
// name ("wxm", any case; xueji/pinyin.hpp), the start of the 学籍号 or of the ID number (x or X),
// or a part of the class name ("一(1)班", "(1)").
bool student_matches(const Student& student, std::string_view query);

}  // namespace xueji
