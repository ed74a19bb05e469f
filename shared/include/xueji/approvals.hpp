// Pending approvals (S4): the open workflow steps a unit must decide (R7, R8, R10–R13), with
// their deadlines in working days, and — escalation upward — the overdue steps of the level
// below, which the level above may force (第十一条(三): 上级主管部门…强制干预).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "xueji/actor.hpp"
#include "xueji/database.hpp"
#include "xueji/date.hpp"
#include "xueji/workflow.hpp"

namespace xueji {

struct PendingApproval {
  std::string workflow_id;
  WorkflowKind kind = WorkflowKind::InfoCorrection;
  std::string student_id;
  std::string student_name;
  std::string registry_number;
  std::string school_code;  // the student's school
  std::string started_unit;
  std::string started_on;
  WorkflowStep step;  // the open step
  // Working days from today to the deadline: 0 on the last day, negative when overdue;
  // absent when the deadline lies outside the published holiday calendar.
  std::optional<int> working_days_left;
  bool overdue = false;    // today is after the deadline
  bool escalated = false;  // listed for the level above the step's party, who may force it
};

// What `actor` must decide (its role and unit are the step's) and, escalated, the overdue steps
// of the level directly below inside its scope (a county sees its schools' overdue steps, a city
// its counties'). `overdue_only` keeps the overdue ones. Ordered by deadline.
Result<std::vector<PendingApproval>> pending_approvals(Database& db, const Actor& actor,
                                                       const Date& today, bool overdue_only);

// The level above a step's party (第十一条(三)): for a school's step an authority whose scope
// holds the school; for a county's step its city or the province. The engine's ForceStep asks
// the same question.
Result<bool> is_level_above(Database& db, const Actor& actor, const WorkflowStep& step);

}  // namespace xueji
