// The workflow engine: start, decide, force and withdraw, the same for every kind.
#include "xueji/approvals.hpp"
#include "xueji/command_handlers.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/school_closure.hpp"
#include "xueji/workflow_policy.hpp"
#include "xueji/workflow_store.hpp"
#include "xueji/working_days.hpp"

namespace xueji {
namespace {

// 第十一条(三), 第十六条: each party has 10 working days.
constexpr int kWorkingDaysPerStep = 10;

bool valid_hash(const std::string& hash) {
  if (hash.size() != 64) return false;
  for (char c : hash)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// A deadline beyond the published holiday calendar is still needed to run the workflow: it is
// counted over weekends only and marked provisional, never silently treated as exact.
void open_step(WorkflowStep& step, const Date& today) {
  step.state = StepState::Open;
  step.opened_on = format_date(today);
  auto deadline = add_working_days(today, kWorkingDaysPerStep);
  if (deadline) {
    step.deadline = format_date(*deadline);
    step.deadline_provisional = false;
    return;
  }
  Date day = today;
  for (int counted = 0; counted < kWorkingDaysPerStep;) {
    day = civil_from_days(days_from_civil(day) + 1);
    long weekday = (days_from_civil(day) + 4) % 7;  // 1970-01-01 was a Thursday (4)
    if (weekday != 0 && weekday != 6) ++counted;
  }
  step.deadline = format_date(day);
  step.deadline_provisional = true;
}

Result<std::optional<School>> school_if_known(Database& db, const std::string& code) {
  if (code.empty()) return std::optional<School>();
  return find_school(db, code);
}

WorkflowStep step_for(Party party, const PolicyContext& context, int position) {
  WorkflowStep step;
  step.position = position;
  step.party = party;
  const bool school_party = party == Party::School || party == Party::SendingSchool;
  step.role = school_party ? Role::SchoolRegistrar : Role::County;
  if (school_party) {
    step.unit_code = context.student          ? context.student->school_code
                     : context.student_school ? context.student_school->code
                                              : "";
  } else if (party == Party::ReceivingAuthority) {
    step.unit_code = context.actor_school ? context.actor_school->division_code : "";
  } else {
    step.unit_code = context.student_school ? context.student_school->division_code : "";
  }
  return step;
}

Result<void> audit(Database& db, const CommandContext& context, std::string_view action,
                   const Workflow& workflow) {
  return append_audit(db, context.actor.account, context.actor.device_id, std::string(action),
                      workflow.workflow_id + " " + std::string(workflow_kind_name(workflow.kind)) +
                          " " + workflow.student_id,
                      std::string(workflow_state_name(workflow.state)));
}

Result<CommandOutcome> outcome_of(const Workflow& workflow, const std::optional<Student>& student) {
  CommandOutcome outcome;
  outcome.student_id = workflow.student_id;
  outcome.workflow_id = workflow.workflow_id;
  if (student) {
    outcome.registry_number = student->registry_number;
    outcome.student_name = student->name;
  }
  return outcome;
}

// Loads everything a policy hook may need about a stored workflow.
Result<PolicyContext> context_for(Database& db, const CommandContext& command, Workflow& workflow) {
  PolicyContext context{db, command, workflow, std::nullopt, std::nullopt, std::nullopt};
  auto student = find_student(db, workflow.student_id);
  if (!student) return student.error();
  context.student = *student;
  if (context.student) {
    auto school = school_if_known(db, context.student->school_code);
    if (!school) return school.error();
    context.student_school = *school;
  }
  auto actor_school = school_if_known(db, command.actor.unit_code);
  if (!actor_school) return actor_school.error();
  context.actor_school = *actor_school;
  return context;
}

// A withdrawn workflow's open step is no longer anybody's pending approval: back to waiting,
// undecided, with the reason kept in its comment.
void close_undecided(WorkflowStep& step, const std::string& comment) {
  step.state = StepState::Waiting;
  step.deadline.clear();
  step.comment = comment;
}

// Withdraws every other open workflow of the student (a death report closes them).
Result<void> withdraw_others(PolicyContext& context) {
  auto others = workflows_of_student(context.db, context.workflow.student_id);
  if (!others) return others.error();
  for (auto& other : *others) {
    if (other.state != WorkflowState::Open || other.workflow_id == context.workflow.workflow_id)
      continue;
    other.state = WorkflowState::Withdrawn;
    for (auto& step : other.steps)
      if (step.state == StepState::Open)
        close_undecided(step, "closed by " + context.workflow.workflow_id);
    if (auto saved = save_workflow_progress(context.db, other); !saved) return saved;
  }
  return {};
}

Result<void> advance(PolicyContext& context, const WorkflowPolicy& policy) {
  Workflow& workflow = context.workflow;
  for (auto& step : workflow.steps) {
    if (step.state == StepState::Waiting) {
      open_step(step, context.command.today);
      return {};
    }
  }
  workflow.state = WorkflowState::Completed;
  if (policy.overrides_open_workflows)
    if (auto closed = withdraw_others(context); !closed) return closed;
  if (policy.on_complete) return policy.on_complete(context);
  return {};
}

// May the actor decide this step? Its own role and unit; a device that does not know the unit
// yet lets its own registrar act and leaves the final word to the server.
bool may_decide(const CommandContext& context, const WorkflowStep& step) {
  if (context.actor.role != step.role) return false;
  if (step.unit_code.empty()) return context.replica == Replica::Device;
  return context.actor.unit_code == step.unit_code;
}

Result<Workflow> open_workflow(Database& db, const std::string& workflow_id) {
  auto loaded = load_workflow(db, workflow_id);
  if (!loaded) return loaded.error();
  if (!*loaded) return make_error(ErrorCode::NotFound, "workflow_id");
  if ((*loaded)->state != WorkflowState::Open)
    return make_error(ErrorCode::WorkflowNotOpen, "workflow_id");
  return std::move(**loaded);
}

}  // namespace

Result<CommandOutcome> execute_start_workflow(Database& db, const CommandContext& context,
                                              const StartWorkflow& command) {
  auto kind = workflow_kind_from_name(command.kind);
  if (!kind) return make_error(ErrorCode::WorkflowKindUnknown, "kind");
  const WorkflowPolicy* policy = policy_for(*kind);
  if (!policy) return make_error(ErrorCode::WorkflowKindUnknown, "kind");
  if (command.workflow_id.empty()) return make_error(ErrorCode::MalformedRequest, "workflow_id");
  auto existing = load_workflow(db, command.workflow_id);
  if (!existing) return existing.error();
  if (*existing) return make_error(ErrorCode::MalformedRequest, "workflow_id");
  // 第十一条(四), 第十四条(一): schools start workflows; no authority orders a transfer,
  // dropout or expulsion through this system.
  if (context.actor.role != Role::SchoolRegistrar)
    return make_error(ErrorCode::OutOfScope, "school_code");

  Workflow workflow;
  workflow.workflow_id = command.workflow_id;
  workflow.kind = *kind;
  workflow.student_id = command.student_id;
  workflow.started_by = context.actor.account;
  workflow.started_unit = context.actor.unit_code;
  workflow.started_on = format_date(context.today);
  workflow.details = command.details;
  workflow.proofs = command.proofs;
  for (const auto& proof : workflow.proofs)
    if (proof.kind.empty() || !valid_hash(proof.content_hash))
      return make_error(ErrorCode::MalformedRequest, "proofs");
  for (const auto& required : policy->required_proofs)
    if (!has_proof(workflow, required)) return make_error(ErrorCode::ProofRequired, required);

  PolicyContext policy_context{db, context, workflow, std::nullopt, std::nullopt, std::nullopt};
  auto actor_school = school_if_known(db, context.actor.unit_code);
  if (!actor_school) return actor_school.error();
  policy_context.actor_school = *actor_school;
  // 第十九条: a merged or closed school has ceased; it takes in no one (a transfer in).
  auto closed = school_closure(db, context.actor.unit_code);
  if (!closed) return closed.error();
  if (*closed) return make_error(ErrorCode::SchoolClosed, "school_code");
  if (!policy->started_by_receiving_school) {
    auto student = find_student(db, command.student_id);
    if (!student) return student.error();
    if (!*student) return make_error(ErrorCode::NotFound, "student_id");
    // 第三条: a school acts on its own students only.
    if ((*student)->school_code != context.actor.unit_code)
      return make_error(ErrorCode::OutOfScope, "student_id");
    // 第十六条: a deregistered (or deleted duplicate) record takes no further business.
    if ((*student)->status == "deceased" || (*student)->status == "deleted")
      return make_error(ErrorCode::StatusNotAllowed, "student_id");
    policy_context.student = *student;
    policy_context.student_school = policy_context.actor_school;
  }
  if (auto checked = policy->check_start(policy_context); !checked) return checked.error();
  if (policy_context.student) {
    workflow.student_id = policy_context.student->student_id;
    auto others = open_workflow_count(db, workflow.student_id, workflow.workflow_id);
    if (!others) return others.error();
    // One open workflow per student at a time: 第十一条 forbids a transfer with unfinished
    // business, and parallel changes of one record would contradict each other.
    if (*others > 0 && !policy->overrides_open_workflows)
      return make_error(ErrorCode::UnfinishedBusiness, "student_id");
  }

  auto parties = policy->parties(policy_context);
  if (!parties) return parties.error();
  for (size_t i = 0; i < parties->size(); ++i)
    workflow.steps.push_back(step_for((*parties)[i], policy_context, static_cast<int>(i)));
  // Stored first, so that history written by on_start/on_complete refers to a stored workflow.
  if (auto stored = insert_workflow(db, workflow); !stored) return stored.error();
  if (policy->on_start)
    if (auto started = policy->on_start(policy_context); !started) return started.error();
  if (auto advanced = advance(policy_context, *policy); !advanced) return advanced.error();
  if (auto saved = save_workflow_progress(db, workflow); !saved) return saved.error();
  if (auto audited = audit(db, context, "start_workflow", workflow); !audited)
    return audited.error();
  return outcome_of(workflow, policy_context.student);
}

namespace {

Result<CommandOutcome> decide(Database& db, const CommandContext& context,
                              const std::string& workflow_id, int position, bool approve,
                              const std::string& comment, bool forced) {
  auto workflow = open_workflow(db, workflow_id);
  if (!workflow) return workflow.error();
  const WorkflowPolicy* policy = policy_for(workflow->kind);
  if (!policy) return make_error(ErrorCode::WorkflowKindUnknown, "kind");
  auto context_result = context_for(db, context, *workflow);
  if (!context_result) return context_result.error();
  PolicyContext& policy_context = *context_result;

  const WorkflowStep* current = workflow->open_step();
  if (!current || current->position != position)
    return make_error(ErrorCode::NotYourStep, "position");
  WorkflowStep& step = workflow->steps[static_cast<size_t>(position)];
  if (forced) {
    auto above = is_level_above(db, context.actor, step);
    if (!above) return above.error();
    if (!*above) return make_error(ErrorCode::OutOfScope, "position");
    auto deadline = parse_date(step.deadline);
    if (!deadline || !(context.today > *deadline))
      return make_error(ErrorCode::StepNotOverdue, "position");
  } else if (!may_decide(context, step)) {
    return make_error(ErrorCode::NotYourStep, "position");
  }
  step.state = approve ? StepState::Approved : StepState::Rejected;
  step.decided_by = context.actor.account;
  step.decided_on = format_date(context.today);
  step.forced = forced;
  step.comment = comment;
  if (approve) {
    if (auto advanced = advance(policy_context, *policy); !advanced) return advanced.error();
  } else {
    workflow->state = WorkflowState::Rejected;
    if (policy->on_end_without_completion)
      if (auto undone = policy->on_end_without_completion(policy_context); !undone)
        return undone.error();
  }
  if (auto saved = save_workflow_progress(db, *workflow); !saved) return saved.error();
  if (auto audited = audit(db, context, forced ? "force_step" : "decide_step", *workflow); !audited)
    return audited.error();
  return outcome_of(*workflow, policy_context.student);
}

}  // namespace

Result<CommandOutcome> execute_decide_step(Database& db, const CommandContext& context,
                                           const DecideStep& command) {
  auto decided = decide(db, context, command.workflow_id, command.position, command.approve,
                        command.comment, false);
  if (!decided) return decided;
  if (auto added = add_proofs(db, command.workflow_id, command.proofs); !added)
    return added.error();
  return decided;
}

Result<CommandOutcome> execute_force_step(Database& db, const CommandContext& context,
                                          const ForceStep& command) {
  return decide(db, context, command.workflow_id, command.position, command.approve,
                command.comment, true);
}

Result<CommandOutcome> execute_withdraw_workflow(Database& db, const CommandContext& context,
                                                 const WithdrawWorkflow& command) {
  auto workflow = open_workflow(db, command.workflow_id);
  if (!workflow) return workflow.error();
  if (workflow->started_unit != context.actor.unit_code ||
      context.actor.role != Role::SchoolRegistrar)
    return make_error(ErrorCode::OutOfScope, "workflow_id");
  workflow->state = WorkflowState::Withdrawn;
  for (auto& step : workflow->steps)
    if (step.state == StepState::Open) close_undecided(step, command.comment);
  if (const WorkflowPolicy* policy = policy_for(workflow->kind);
      policy && policy->on_end_without_completion) {
    auto context_result = context_for(db, context, *workflow);
    if (!context_result) return context_result.error();
    if (auto undone = policy->on_end_without_completion(*context_result); !undone)
      return undone.error();
  }
  if (auto saved = save_workflow_progress(db, *workflow); !saved) return saved.error();
  if (auto audited = audit(db, context, "withdraw_workflow", *workflow); !audited)
    return audited.error();
  return outcome_of(*workflow, std::nullopt);
}

}  // namespace xueji

namespace xueji {

Result<std::vector<std::string>> withdraw_open_workflows_for_case(Database& db,
                                                                  const CommandContext& context,
                                                                  const std::string& student_id,
                                                                  const std::string& case_id) {
  std::vector<std::string> closed;
  auto workflows = workflows_of_student(db, student_id);
  if (!workflows) return workflows.error();
  for (auto& workflow : *workflows) {
    if (workflow.state != WorkflowState::Open) continue;
    workflow.state = WorkflowState::Withdrawn;
    for (auto& step : workflow.steps)
      if (step.state == StepState::Open) close_undecided(step, "复核案例 " + case_id);
    if (const WorkflowPolicy* policy = policy_for(workflow.kind);
        policy && policy->on_end_without_completion) {
      auto policy_context = context_for(db, context, workflow);
      if (!policy_context) return policy_context.error();
      if (auto undone = policy->on_end_without_completion(*policy_context); !undone)
        return undone.error();
    }
    if (auto saved = save_workflow_progress(db, workflow); !saved) return saved.error();
    if (auto audited = audit(db, context, "withdraw_workflow", workflow); !audited)
      return audited.error();
    closed.push_back(workflow.workflow_id);
  }
  return closed;
}

}  // namespace xueji
