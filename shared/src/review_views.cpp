#include "xueji/review_views.hpp"

#include <set>

#include "xueji/registry_store.hpp"

namespace xueji {

Result<std::vector<ProblemRecordView>> problem_records_of_unit(Database& db, const Actor& actor,
                                                               const ScopedUnit& unit,
                                                               const std::string& state) {
  auto schools = schools_of_unit(db, actor, unit);
  if (!schools) return schools.error();
  auto ids = db.prepare(
      "SELECT p.problem_id FROM problem_records p JOIN students s ON s.student_id = p.student_id "
      "WHERE s.school_code = ?1 AND (?2 = '' OR p.state = ?2) ORDER BY p.opened_on, p.problem_id");
  if (!ids) return ids.error();
  std::vector<ProblemRecordView> views;
  for (const School& school : *schools) {
    ids->bind(1, school.code).bind(2, state);
    auto found = ids->texts(0);
    ids->reset();  // texts() leaves the statement done; rebinding needs a reset
    if (!found) return found.error();
    for (const auto& id : *found) {
      auto record = load_problem_record(db, id);
      if (!record) return record.error();
      if (!*record) continue;
      ProblemRecordView view;
      view.record = std::move(**record);
      view.school_code = school.code;
      auto student = find_student(db, view.record.student_id);
      if (!student) return student.error();
      if (*student) {
        view.student_name = (*student)->name;
        view.registry_number = (*student)->registry_number;
      }
      if (!view.record.other_student_id.empty()) {
        auto other = find_student(db, view.record.other_student_id);
        if (!other) return other.error();
        // The other record of a cross-county duplicate may lie outside the scope: its name is
        // then withheld (第三条); the county resolves with the other county's evidence.
        if (*other) {
          auto other_school = find_school(db, (*other)->school_code);
          if (!other_school) return other_school.error();
          if (*other_school &&
              in_scope(actor, (*other_school)->code, (*other_school)->division_code))
            view.other_student_name = (*other)->name;
        }
      }
      views.push_back(std::move(view));
    }
  }
  return views;
}

namespace {

Result<UnitRoster> roster_of(Database& db, const std::string& code, const std::string& name,
                             bool is_school) {
  UnitRoster roster{code, name, is_school, {}, 0, 0};
  auto registrars = registrar_roster(db, code);
  if (!registrars) return registrars.error();
  roster.registrars = std::move(*registrars);
  for (const auto& r : roster.registrars) {
    if (r.on_duty()) ++roster.on_duty;
    if (!r.filed_with.empty()) ++roster.filed;
  }
  return roster;
}

}  // namespace

Result<std::vector<UnitRoster>> registrar_rosters_of_unit(Database& db, const Actor& actor,
                                                          const ScopedUnit& unit) {
  std::vector<UnitRoster> rosters;
  auto own = roster_of(db, unit.code, unit.name, unit.is_school);
  if (!own) return own.error();
  rosters.push_back(std::move(*own));
  if (unit.is_school) return rosters;
  auto schools = schools_of_unit(db, actor, unit);
  if (!schools) return schools.error();
  // Counties below a city or province: those with schools in the registry.
  std::set<std::string> counties;
  for (const auto& school : *schools)
    if (school.division_code != unit.code) counties.insert(school.division_code);
  for (const auto& county : counties) {
    auto scoped = unit_in_scope(db, actor, county);
    if (!scoped) continue;  // a division missing from the reference data
    auto roster = roster_of(db, county, scoped->name, false);
    if (!roster) return roster.error();
    rosters.push_back(std::move(*roster));
  }
  for (const auto& school : *schools) {
    auto roster = roster_of(db, school.code, school.name, true);
    if (!roster) return roster.error();
    rosters.push_back(std::move(*roster));
  }
  return rosters;
}

}  // namespace xueji
