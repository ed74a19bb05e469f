#include "xueji/actor.hpp"

namespace xueji {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::SchoolRegistrar:
      return "school_registrar";
    case Role::County:
      return "county";
    case Role::City:
      return "city";
    case Role::Province:
      return "province";
    case Role::Admin:
      return "admin";
  }
  return "school_registrar";
}

Result<Role> role_from_name(std::string_view name) {
  for (Role role : {Role::SchoolRegistrar, Role::County, Role::City, Role::Province, Role::Admin})
    if (role_name(role) == name) return role;
  return make_error(ErrorCode::InvalidInput, "role");
}

// 第三条: schools collect and report, authorities act within their own division.
bool in_scope(const Actor& actor, std::string_view school_code, std::string_view school_division) {
  switch (actor.role) {
    case Role::SchoolRegistrar:
      return !actor.unit_code.empty() && actor.unit_code == school_code;
    case Role::County:
    case Role::City:
    case Role::Province: {
      // Division codes are hierarchical prefixes: 41 ⊃ 4116 ⊃ 411623.
      size_t length = actor.role == Role::County ? 6 : actor.role == Role::City ? 4 : 2;
      return actor.unit_code.size() >= length && school_division.size() >= length &&
             school_division.substr(0, length) ==
                 std::string_view(actor.unit_code).substr(0, length);
    }
    case Role::Admin:
      return false;  // administrators manage accounts, not student records
  }
  return false;
}

}  // namespace xueji
