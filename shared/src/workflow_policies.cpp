// The policy of each workflow kind, and helpers the policies share.
#include "xueji/registry_store.hpp"
#include "xueji/workflow_policy.hpp"

namespace xueji {

// Each policy lives in its own policy_*.cpp and defines one of these.
const WorkflowPolicy& transfer_policy();
const WorkflowPolicy& info_correction_policy();
const WorkflowPolicy& suspension_policy();
const WorkflowPolicy& suspension_extension_policy();
const WorkflowPolicy& resumption_policy();
const WorkflowPolicy& study_abroad_policy();
const WorkflowPolicy& return_from_abroad_policy();
const WorkflowPolicy& dropout_policy();
const WorkflowPolicy& grade_skip_policy();
const WorkflowPolicy& death_policy();
const WorkflowPolicy& missing_or_detained_policy();
const WorkflowPolicy& special_placement_policy();

const WorkflowPolicy* policy_for(WorkflowKind kind) {
  static const WorkflowPolicy* const kPolicies[] = {
      &transfer_policy(),
      &info_correction_policy(),
      &suspension_policy(),
      &suspension_extension_policy(),
      &resumption_policy(),
      &study_abroad_policy(),
      &return_from_abroad_policy(),
      &dropout_policy(),
      &grade_skip_policy(),
      &death_policy(),
      &missing_or_detained_policy(),
      &special_placement_policy(),
  };
  for (const WorkflowPolicy* policy : kPolicies)
    if (policy->kind == kind) return policy;
  return nullptr;
}

std::string detail(const Workflow& workflow, const std::string& key) {
  auto found = workflow.details.find(key);
  return found == workflow.details.end() ? std::string() : found->second;
}

bool has_proof(const Workflow& workflow, const std::string& kind) {
  for (const auto& proof : workflow.proofs)
    if (proof.kind == kind) return true;
  return false;
}

Result<void> change_student(PolicyContext& context, Student& student, const std::string& field,
                            const std::string& old_value, const std::string& new_value) {
  if (auto saved = update_student(context.db, student); !saved) return saved;
  ++student.version;
  return append_history(
      context.db, student.student_id,
      HistoryEntry{field, old_value, new_value, format_date(context.command.today),
                   context.command.actor.account, context.workflow.workflow_id});
}

Result<int> open_workflow_count(Database& db, const std::string& student_id,
                                const std::string& except_workflow_id) {
  auto stmt = db.prepare(
      "SELECT count(*) FROM workflows WHERE student_id = ?1 AND state = 'open' AND "
      "workflow_id <> ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, student_id).bind(2, except_workflow_id);
  auto row = stmt->step();
  if (!row) return row.error();
  return static_cast<int>(stmt->integer(0));
}

Result<bool> has_open_problem_record(Database& db, const std::string& student_id) {
  auto stmt =
      db.prepare("SELECT count(*) FROM problem_records WHERE student_id = ?1 AND state = 'open'");
  if (!stmt) return stmt.error();
  stmt->bind(1, student_id);
  auto row = stmt->step();
  if (!row) return row.error();
  return stmt->integer(0) > 0;
}

}  // namespace xueji
