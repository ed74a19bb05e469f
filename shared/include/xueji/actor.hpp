// Who is acting, and the single permission check every command goes through (第三条).
#pragma once
#include <optional>
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

// Accounts are created by the level directly above (等级保护 level 3, issue 5): the system
// administrator creates province accounts, a province its cities', a city its counties', a
// county its schools' registrars. nullopt for Admin (made at installation).
std::optional<Role> account_creator_role(Role role);
// May `actor` create, list, disable, enable or reset an account of `role` at a unit lying in
// `unit_division` (a school's division code; an authority's own code)? Only the role directly
// above, and only inside its own scope (in_scope).
bool may_manage_account(const Actor& actor, Role role, std::string_view unit_division);
// May `actor` see or revoke the devices used by an account of `role` at `unit_code` in
// `unit_division` (S5)? A registrar its own school's devices; an authority those of every unit
// inside its division, its own included; the administrator all of them.
bool may_manage_devices_of(const Actor& actor, Role role, std::string_view unit_code,
                           std::string_view unit_division);

}  // namespace xueji
