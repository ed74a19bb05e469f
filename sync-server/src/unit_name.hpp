// The display name of the unit an account belongs to: a school, or a division (county, city,
// province) for authorities.
#pragma once
#include <string>

#include "xueji/actor.hpp"
#include "xueji/database.hpp"

namespace xueji::server {

Result<std::string> unit_name(Database& db, Role role, const std::string& unit_code);

}  // namespace xueji::server
