#include "xueji/statistics.hpp"

#include "xueji/registry_store.hpp"
#include "xueji/workflow_store.hpp"

namespace xueji {
namespace {

void add(UnitStatistics& into, const UnitStatistics& school) {
  for (size_t g = 0; g < into.in_school_by_grade.size(); ++g)
    into.in_school_by_grade[g] += school.in_school_by_grade[g];
  for (const auto& [status, count] : school.status_counts) into.status_counts[status] += count;
  into.transfers_in += school.transfers_in;
  into.transfers_out += school.transfers_out;
  into.dropouts += school.dropouts;
  into.overdue_steps += school.overdue_steps;
  into.open_problem_records += school.open_problem_records;
}

// The last decision date of a completed workflow: the day it completed.
std::string completed_on(const Workflow& workflow) {
  std::string last;
  for (const auto& step : workflow.steps)
    if (step.decided_on > last) last = step.decided_on;
  return last.empty() ? workflow.started_on : last;
}

}  // namespace

Result<Statistics> unit_statistics(Database& db, const Actor& actor, const ScopedUnit& unit,
                                   const Date& today, const std::string& school_year) {
  std::string from, to;
  if (!school_year.empty()) {
    // "2025-2026": 1 September 2025 to 31 August 2026.
    if (school_year.size() != 9 || school_year[4] != '-')
      return make_error(ErrorCode::SchoolYearInvalid, "school_year");
    auto first = parse_date(school_year.substr(0, 4) + "-09-01");
    auto last = parse_date(school_year.substr(5, 4) + "-08-31");
    if (!first || !last || last->year != first->year + 1)
      return make_error(ErrorCode::SchoolYearInvalid, "school_year");
    from = format_date(*first);
    to = format_date(*last);
  }
  auto schools = schools_of_unit(db, actor, unit);
  if (!schools) return schools.error();

  Statistics stats;
  stats.total.unit_code = unit.code;
  stats.total.unit_name = unit.name;
  auto counts = db.prepare(
      "SELECT status, grade, count(*) FROM students WHERE school_code = ?1 GROUP BY status, grade");
  auto problems = db.prepare(
      "SELECT count(*) FROM problem_records p JOIN students s ON s.student_id = p.student_id "
      "WHERE s.school_code = ?1 AND p.state = 'open'");
  // Completed transfers touching the school: into it (the receiving school started it) or out of
  // it (its sending-school step).
  // Each part by an index: workflows_by_started_unit, and workflow_steps_open(state, unit_code)
  // with every state a step can have (the CHECK on workflow_steps lists them).
  auto transfers = db.prepare(
      "SELECT workflow_id FROM workflows WHERE started_unit = ?1 AND kind = 'transfer' "
      "AND state = 'completed' "
      "UNION SELECT w.workflow_id FROM workflow_steps s JOIN workflows w "
      "ON w.workflow_id = s.workflow_id WHERE s.unit_code = ?1 "
      "AND s.state IN ('waiting', 'open', 'approved', 'rejected') "
      "AND s.party = 'sending_school' AND w.kind = 'transfer' AND w.state = 'completed'");
  if (!counts) return counts.error();
  if (!problems) return problems.error();
  if (!transfers) return transfers.error();
  // Overdue open steps (第十一条(三) deadlines) with the workflow's started unit and its
  // student's school, in one query over the open steps: loading every open workflow of the
  // province (rows, steps, proofs, details JSON) took seconds at 15M students. A workflow's
  // open step is its first open one (Workflow::open_step); dates are ISO text, so the string
  // order is the date order.
  struct Overdue {
    std::string started_unit;
    std::string student_school;
  };
  std::vector<Overdue> overdue;
  {
    auto stmt = db.prepare(
        "SELECT w.started_unit, coalesce(s.school_code, '') FROM workflow_steps st "
        "JOIN workflows w ON w.workflow_id = st.workflow_id "
        "LEFT JOIN students s ON s.student_id = w.student_id "
        "WHERE st.state = 'open' AND w.state = 'open' AND length(st.deadline) = 10 "
        "AND st.deadline < ?1 AND st.position = (SELECT min(o.position) FROM workflow_steps o "
        "WHERE o.workflow_id = st.workflow_id AND o.state = 'open')");
    if (!stmt) return stmt.error();
    stmt->bind(1, format_date(today));
    while (true) {
      auto row = stmt->step();
      if (!row) return row.error();
      if (!*row) break;
      overdue.push_back({stmt->text(0), stmt->text(1)});
    }
  }

  for (const School& school : *schools) {
    UnitStatistics s;
    s.unit_code = school.code;
    s.unit_name = school.name;
    counts->bind(1, school.code);
    while (true) {
      auto row = counts->step();
      if (!row) return row.error();
      if (!*row) break;
      const std::string status = counts->text(0);
      const int grade = static_cast<int>(counts->integer(1));
      const int n = static_cast<int>(counts->integer(2));
      s.status_counts[status] += n;
      if (status == "in_school" && grade >= 1 && grade <= 9) s.in_school_by_grade[grade - 1] += n;
      if (status == "dropout") s.dropouts += n;
    }
    counts->reset();
    problems->bind(1, school.code);
    if (auto row = problems->step(); !row) return row.error();
    s.open_problem_records = static_cast<int>(problems->integer(0));
    problems->reset();

    transfers->bind(1, school.code);
    auto ids = transfers->texts(0);
    transfers->reset();  // texts() leaves the statement done; rebinding needs a reset
    if (!ids) return ids.error();
    for (const auto& id : *ids) {
      auto workflow = load_workflow(db, id);
      if (!workflow) return workflow.error();
      if (!*workflow) continue;
      const std::string done = completed_on(**workflow);
      if (!from.empty() && (done < from || done > to)) continue;
      ((*workflow)->started_unit == school.code ? s.transfers_in : s.transfers_out)++;
    }

    // Overdue steps of workflows about the school's students or started by it.
    for (const Overdue& o : overdue)
      if (o.started_unit == school.code || o.student_school == school.code) ++s.overdue_steps;
    add(stats.total, s);
    stats.schools.push_back(std::move(s));
  }
  return stats;
}

}  // namespace xueji
