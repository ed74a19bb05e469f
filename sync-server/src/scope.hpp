// Reads scoped to the caller (R1, 第三条): every list the API returns is filtered through the
// core's in_scope(), so nothing outside the caller's unit can be returned by construction.
#pragma once
#include <vector>

#include "xueji/actor.hpp"
#include "xueji/database.hpp"
#include "xueji/server_registry.hpp"

namespace xueji::server {

Result<std::vector<School>> schools_in_scope(Database& db, const Actor& actor);

}  // namespace xueji::server
