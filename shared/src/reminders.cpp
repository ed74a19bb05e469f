#include "xueji/reminders.hpp"

#include "policy_support.hpp"
#include "xueji/registry_store.hpp"

namespace xueji {

Result<std::vector<LapsedSuspension>> lapsed_suspensions(Database& db,
                                                         const std::string& school_code,
                                                         const Date& today) {
  auto students = students_of_school(db, school_code);
  if (!students) return students.error();
  std::vector<LapsedSuspension> lapsed;
  const std::string today_text = format_date(today);
  for (const Student& student : *students) {
    if (student.status != "suspended") continue;
    auto in_force = suspension_in_force(db, student.student_id);
    if (!in_force) return in_force.error();
    const std::string until = *in_force ? (*in_force)->until : std::string();
    // YYYY-MM-DD compares as text; the last day of the period is still within it.
    if (until.empty() || until < today_text) lapsed.push_back(LapsedSuspension{student, until});
  }
  return lapsed;
}

}  // namespace xueji
