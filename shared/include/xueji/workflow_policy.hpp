// What each kind of workflow requires and does: one policy per kind, in its own file
// (policy_*.cpp), registered in workflow_policies.cpp. The engine calls these hooks.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "xueji/commands.hpp"
#include "xueji/server_registry.hpp"
#include "xueji/workflow.hpp"

namespace xueji {

struct PolicyContext {
  Database& db;
  const CommandContext& command;  // actor, today, replica
  Workflow& workflow;
  // The student. Absent only on a device that cannot see the record (a receiving school's
  // transfer application): the server, which always sees it, decides then.
  std::optional<Student> student;
  std::optional<School> student_school;  // when known (always on the server)
  std::optional<School> actor_school;    // the acting registrar's school, when known
};

struct WorkflowPolicy {
  WorkflowKind kind;
  // Transfers are applied for at the receiving school (第十一条(二)); everything else is
  // started by the student's own school.
  bool started_by_receiving_school = false;
  // Proof kinds that must be attached at start (第十条 户口簿, 第十三条 诊断证明…).
  std::vector<std::string> required_proofs;
  // Conditions of the rule; may normalise details. Required.
  Result<void> (*check_start)(PolicyContext&) = nullptr;
  // The parties that must approve, in order; empty for a report that needs no approval.
  Result<std::vector<Party>> (*parties)(PolicyContext&) = nullptr;
  // Effects at start (e.g. a dropout's status) and once every step approved. Details changed
  // by any hook are stored.
  Result<void> (*on_start)(PolicyContext&) = nullptr;
  Result<void> (*on_complete)(PolicyContext&) = nullptr;
  // Undoes on_start's effects when the workflow is rejected or withdrawn (a dropout report the
  // county rejects leaves the student in school again).
  Result<void> (*on_end_without_completion)(PolicyContext&) = nullptr;
  // 第十六条: a death report is never blocked by other open workflows (10 working days), and
  // on completion it withdraws them.
  bool overrides_open_workflows = false;
};

const WorkflowPolicy* policy_for(WorkflowKind kind);

// Helpers policies share.
std::string detail(const Workflow& workflow, const std::string& key);
bool has_proof(const Workflow& workflow, const std::string& kind);
// Changes one field of the student with history (第十条, 第二十条) and saves the record.
Result<void> change_student(PolicyContext& context, Student& student, const std::string& field,
                            const std::string& old_value, const std::string& new_value);
// Open workflows of a student other than `except_workflow_id`.
Result<int> open_workflow_count(Database& db, const std::string& student_id,
                                const std::string& except_workflow_id);
Result<bool> has_open_problem_record(Database& db, const std::string& student_id);

}  // namespace xueji
