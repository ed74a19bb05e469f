// A unit named in a request (a school code or a division code) resolved and checked against the
// actor's scope with the core's one permission function, in_scope (第三条). The county-review
// reads (approvals, statistics, term verification, rosters, exports) all start here.
#pragma once
#include <string>
#include <vector>

#include "xueji/actor.hpp"
#include "xueji/database.hpp"
#include "xueji/server_registry.hpp"

namespace xueji {

struct ScopedUnit {
  std::string code;
  std::string name;
  bool is_school = false;
  std::string division_code;  // a school's county; a division's own code
};

// NOT_FOUND for an unknown code, OUT_OF_SCOPE (field `field`) when in_scope refuses it.
Result<ScopedUnit> unit_in_scope(Database& db, const Actor& actor, const std::string& unit_code,
                                 const std::string& field = "unit");
// The actor's own unit: its school, or its division.
Result<ScopedUnit> own_unit(Database& db, const Actor& actor);
// The schools of a unit that the actor may see: the school itself, or every school of the
// division, each passed through in_scope.
Result<std::vector<School>> schools_of_unit(Database& db, const Actor& actor,
                                            const ScopedUnit& unit);
// The level above a role in the hierarchy (第三条: school → county → city → province).
// Admin and Province have none (returns Admin).
Role role_above(Role role);

}  // namespace xueji
