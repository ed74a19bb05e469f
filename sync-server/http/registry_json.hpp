// JSON for the scoped reads: {"students":[…]} and {"schools":[…]}. Field names are API
// (docs/API.md). The core has no wire format for Student/School yet; once it has, this
// file gives way to it.
#pragma once
#include <string>
#include <vector>

#include "xueji/server_registry.hpp"
#include "xueji/student.hpp"

namespace xueji::server::http {

std::string students_json(const std::vector<Student>& students);
std::string schools_json(const std::vector<School>& schools);

}  // namespace xueji::server::http
