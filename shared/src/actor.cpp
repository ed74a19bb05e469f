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

std::optional<Role> account_creator_role(Role role) {
  switch (role) {
    case Role::SchoolRegistrar:
      return Role::County;
    case Role::County:
      return Role::City;
    case Role::City:
      return Role::Province;
    case Role::Province:
      return Role::Admin;
    case Role::Admin:
      return std::nullopt;
  }
  return std::nullopt;
}

bool may_manage_account(const Actor& actor, Role role, std::string_view unit_division) {
  if (account_creator_role(role) != actor.role) return false;
  // The administrator stands above every province; nobody else stands outside its division.
  if (actor.role == Role::Admin) return unit_division.size() == 2;
  return in_scope(actor, {}, unit_division);
}

bool may_manage_devices_of(const Actor& actor, Role role, std::string_view unit_code,
                           std::string_view unit_division) {
  switch (actor.role) {
    case Role::SchoolRegistrar:
      return role == Role::SchoolRegistrar && !actor.unit_code.empty() &&
             actor.unit_code == unit_code;
    case Role::County:
    case Role::City:
    case Role::Province:
      return role != Role::Admin && in_scope(actor, unit_code, unit_division);
    case Role::Admin:
      return true;
  }
  return false;
}

}  // namespace xueji
