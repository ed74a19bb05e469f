#include "xueji/unit_scope.hpp"

#include "xueji/registry_store.hpp"

namespace xueji {
namespace {

Result<std::optional<std::string>> division_name(Database& db, const std::string& code) {
  auto stmt = db.prepare("SELECT name FROM divisions WHERE code = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, code);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(stmt->text(0));
}

}  // namespace

Result<ScopedUnit> unit_in_scope(Database& db, const Actor& actor, const std::string& unit_code,
                                 const std::string& field) {
  if (unit_code.empty() || unit_code.size() > 32) return make_error(ErrorCode::InvalidInput, field);
  auto school = find_school(db, unit_code);
  if (!school) return school.error();
  if (*school) {
    if (!in_scope(actor, (*school)->code, (*school)->division_code))
      return make_error(ErrorCode::OutOfScope, field);
    return ScopedUnit{(*school)->code, (*school)->name, true, (*school)->division_code};
  }
  auto name = division_name(db, unit_code);
  if (!name) return name.error();
  if (!*name) return make_error(ErrorCode::NotFound, field);
  // A division is a unit of authorities: in_scope with no school code, so a registrar never
  // holds one and an authority only those inside its own (county 6, city 4, province 2 digits).
  if (!in_scope(actor, "", unit_code)) return make_error(ErrorCode::OutOfScope, field);
  return ScopedUnit{unit_code, **name, false, unit_code};
}

Result<ScopedUnit> own_unit(Database& db, const Actor& actor) {
  return unit_in_scope(db, actor, actor.unit_code);
}

Result<std::vector<School>> schools_of_unit(Database& db, const Actor& actor,
                                            const ScopedUnit& unit) {
  std::vector<School> visible;
  if (unit.is_school) {
    auto school = find_school(db, unit.code);
    if (!school) return school.error();
    if (*school && in_scope(actor, (*school)->code, (*school)->division_code))
      visible.push_back(**school);
    return visible;
  }
  auto schools = schools_in_division(db, unit.code);
  if (!schools) return schools.error();
  for (auto& school : *schools)
    if (in_scope(actor, school.code, school.division_code)) visible.push_back(std::move(school));
  return visible;
}

Role role_above(Role role) {
  switch (role) {
    case Role::SchoolRegistrar:
      return Role::County;
    case Role::County:
      return Role::City;
    case Role::City:
      return Role::Province;
    case Role::Province:
    case Role::Admin:
      return Role::Admin;
  }
  return Role::Admin;
}

}  // namespace xueji
