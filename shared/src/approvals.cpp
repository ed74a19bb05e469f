#include "xueji/approvals.hpp"

#include <algorithm>

#include "xueji/registry_store.hpp"
#include "xueji/workflow_store.hpp"
#include "xueji/working_days.hpp"

namespace xueji {

Result<bool> is_level_above(Database& db, const Actor& actor, const WorkflowStep& step) {
  if (step.role == Role::SchoolRegistrar) {
    if (step.unit_code.empty()) return false;
    auto school = find_school(db, step.unit_code);
    if (!school) return school.error();
    return *school && actor.role != Role::SchoolRegistrar &&
           in_scope(actor, (*school)->code, (*school)->division_code);
  }
  // A county's step: its city or the province.
  if (actor.role == Role::City)
    return step.unit_code.size() >= 4 && actor.unit_code.size() >= 4 &&
           step.unit_code.compare(0, 4, actor.unit_code, 0, 4) == 0;
  if (actor.role == Role::Province)
    return step.unit_code.size() >= 2 && actor.unit_code.size() >= 2 &&
           step.unit_code.compare(0, 2, actor.unit_code, 0, 2) == 0;
  return false;
}

Result<std::vector<PendingApproval>> pending_approvals(Database& db, const Actor& actor,
                                                       const Date& today, bool overdue_only) {
  std::vector<PendingApproval> pending;
  if (actor.role == Role::Admin) return pending;  // administrators decide no registry business
  // Every workflow with an open step; a county holds a few hundred at most, and the scope is
  // decided per step below, never by the query.
  auto open = workflows_with_open_step(db, "");
  if (!open) return open.error();
  // Escalation goes one level up: a school's overdue step to its county, a county's to its city.
  const Role escalates_from = actor.role == Role::County ? Role::SchoolRegistrar
                              : actor.role == Role::City ? Role::County
                                                         : Role::Admin;
  for (const Workflow& workflow : *open) {
    const WorkflowStep* step = workflow.open_step();
    if (!step) continue;
    const auto deadline = parse_date(step->deadline);
    // 第十一条(三): a step is overdue once the day after its last working day has come, the same
    // test ForceStep applies.
    const bool overdue = deadline && today > *deadline;
    const bool mine =
        step->role == actor.role && !step->unit_code.empty() && step->unit_code == actor.unit_code;
    bool escalated = false;
    if (!mine && overdue && step->role == escalates_from) {
      auto above = is_level_above(db, actor, *step);
      if (!above) return above.error();
      escalated = *above;
    }
    if (!mine && !escalated) continue;
    if (overdue_only && !overdue) continue;

    PendingApproval item;
    item.workflow_id = workflow.workflow_id;
    item.kind = workflow.kind;
    item.student_id = workflow.student_id;
    item.started_unit = workflow.started_unit;
    item.started_on = workflow.started_on;
    item.step = *step;
    item.overdue = overdue;
    item.escalated = escalated;
    if (deadline) {
      auto left = working_days_between(today, *deadline);
      if (left) item.working_days_left = *left;
    }
    auto student = find_student(db, workflow.student_id);
    if (!student) return student.error();
    if (*student) {
      item.student_name = (*student)->name;
      item.registry_number = (*student)->registry_number;
      item.school_code = (*student)->school_code;
    }
    pending.push_back(std::move(item));
  }
  std::stable_sort(pending.begin(), pending.end(),
                   [](const PendingApproval& a, const PendingApproval& b) {
                     return a.step.deadline < b.step.deadline;
                   });
  return pending;
}

}  // namespace xueji
