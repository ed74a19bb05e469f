// Who is acting, and the single permission check every command goes through (第三条).
#pragma once
#include <string>
#include <string_view>

#include "xueji/result.hpp"

namespace xueji {

enum class Role { SchoolRegistrar, County, City, Province, Admin };

struct Actor {
  std::string account;
  Role role = Role::SchoolRegistrar;
  std::string unit_code;  // school code for registrars, 6-digit division code for authorities
  std::string device_id;
};

std::string_view role_name(Role role);
Result<Role> role_from_name(std::string_view name);

// May `actor` act on records of `school_code`, which lies in division `school_division`?
// A registrar only in its own school; an authority in schools whose division lies inside
// its own (county 6 digits, city first 4, province first 2).
bool in_scope(const Actor& actor, std::string_view school_code, std::string_view school_division);

}  // namespace xueji
