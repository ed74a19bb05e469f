// What the workflow screens offer for each kind: the detail fields and the proofs to attach.
// Only a description of the form: whether the input is acceptable is the core's policy's call
// (its error code and field are shown as they come). County-side screens (approvals, review
// cases) will add their own forms here.
#pragma once
#include <string>
#include <vector>

#include "strings.hpp"
#include "xueji/workflow.hpp"

namespace xueji::client {

struct Choice {
  const char* value;
  const char* zh;
  const char* en;
};

struct DetailField {
  const char* key;
  const char* zh;
  const char* en;
  const char* hint;             // placeholder, e.g. YYYY-MM-DD
  std::vector<Choice> choices;  // a combo instead of free text when not empty
};

struct ProofSlot {
  const char* kind;  // Proof::kind
  const char* zh;
  const char* en;
};

struct WorkflowForm {
  WorkflowKind kind;
  const char* zh;  // 休学 …
  const char* en;
  std::vector<DetailField> fields;
  std::vector<ProofSlot> proofs;
};

// Kinds the student's own school starts from the student detail screen (R7, R9, R10-R13).
const std::vector<WorkflowForm>& school_workflow_forms();
// 转学 is applied for at the receiving school (第十一条(二)): its own screen.
const WorkflowForm& transfer_form();
const WorkflowForm* form_for(WorkflowKind kind);
// A localized label of a kind, a party or a step state.
const char* kind_label(WorkflowKind kind, Lang lang);
const char* party_label(Party party, Lang lang);
const char* step_state_label(StepState state, Lang lang);
const char* workflow_state_label(WorkflowState state, Lang lang);

}  // namespace xueji::client
