#include "scope.hpp"

#include "xueji/registry_store.hpp"

namespace xueji::server {

Result<std::vector<School>> schools_in_scope(Database& db, const Actor& actor) {
  // The query only narrows the candidates; in_scope() decides.
  Result<std::vector<School>> candidates = std::vector<School>{};
  if (actor.role == Role::SchoolRegistrar) {
    auto own = find_school(db, actor.unit_code);
    if (!own) return own.error();
    if (*own) candidates->push_back(**own);
  } else if (actor.role != Role::Admin) {
    candidates = schools_in_division(db, actor.unit_code);
    if (!candidates) return candidates.error();
  }
  std::vector<School> visible;
  for (auto& school : *candidates)
    if (in_scope(actor, school.code, school.division_code)) visible.push_back(std::move(school));
  return visible;
}

}  // namespace xueji::server
