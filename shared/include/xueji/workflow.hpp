// Registry workflows as explicit state machines (第十条–第十六条). A workflow is started by a
// school, then each party approves or rejects its step in order, within its deadline in working
// days; an overdue step may be forced by the level above. What each kind requires and does lives
// in its policy (workflow_policy.hpp); the engine here is the same for all kinds.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xueji/actor.hpp"
#include "xueji/date.hpp"
#include "xueji/result.hpp"

namespace xueji {

enum class WorkflowKind {
  InfoCorrection,       // 第十条 基础信息变更
  Transfer,             // 第十一条 转学
  SpecialPlacement,     // 第十二条 特教/随班就读/工读 registry choice
  Suspension,           // 第十三条 休学
  SuspensionExtension,  // 第十三条(三) 延长休学
  Resumption,           // 第十三条(三) 复学
  StudyAbroad,          // 第十三条(四) 出国(境)就读
  ReturnFromAbroad,     // 第十三条(四) 回国(境)接续学籍
  Dropout,              // 第十四条 辍学报告
  GradeSkip,            // 第十五条 跳级
  Death,                // 第十六条 死亡注销
  MissingOrDetained,    // 第十六条 失踪/拘留报告 (never deregistered)
};

std::string_view workflow_kind_name(WorkflowKind kind);
std::optional<WorkflowKind> workflow_kind_from_name(std::string_view name);

// Who must act on a step.
enum class Party {
  School,              // the student's (current) school
  Authority,           // the student's school's registry authority (county bureau)
  ReceivingAuthority,  // 转入学校所属教育行政部门
  SendingSchool,       // 转出学校
  SendingAuthority,    // 转出学校所属教育行政部门
};

std::string_view party_name(Party party);
std::optional<Party> party_from_name(std::string_view name);

enum class StepState { Waiting, Open, Approved, Rejected };
enum class WorkflowState { Open, Completed, Rejected, Withdrawn };

std::string_view step_state_name(StepState state);
std::string_view workflow_state_name(WorkflowState state);

struct WorkflowStep {
  int position = 0;
  Party party = Party::School;
  Role role = Role::SchoolRegistrar;
  std::string unit_code;  // school code or division code of the party
  StepState state = StepState::Waiting;
  std::string opened_on;  // YYYY-MM-DD
  std::string deadline;   // YYYY-MM-DD: 10 working days (第十一条(三), 第十六条)
  bool deadline_provisional = false;  // computed without a published holiday calendar
  std::string decided_by;
  std::string decided_on;
  bool forced = false;  // decided by the level above after the deadline passed
  std::string comment;
};

// Evidence attached to a workflow: the attachment's content hash and what it proves.
struct Proof {
  std::string kind;  // e.g. "household_register", "hospital_certificate", "registry_certificate"
  std::string content_hash;  // SHA-256 hex of the scanned file
  bool operator==(const Proof&) const = default;
};

// Kind-specific fields (reason, target school, new value…), validated by the kind's policy.
using Details = std::map<std::string, std::string>;

struct Workflow {
  std::string workflow_id;
  WorkflowKind kind = WorkflowKind::InfoCorrection;
  std::string student_id;
  WorkflowState state = WorkflowState::Open;
  std::string started_by;
  std::string started_unit;
  std::string started_on;
  Details details;
  std::vector<Proof> proofs;
  std::vector<WorkflowStep> steps;

  // The step waiting for a decision, if any.
  const WorkflowStep* open_step() const;
};

// Commands of the workflow engine (members of xueji::Command).
struct StartWorkflow {
  std::string workflow_id;  // client-generated UUID
  std::string kind;         // workflow_kind_name()
  std::string student_id;   // for a transfer: empty; the student is named in details
  Details details;
  std::vector<Proof> proofs;
};

struct DecideStep {
  std::string workflow_id;
  int position = 0;
  bool approve = true;
  std::string comment;
  std::vector<Proof> proofs;
};

// The level above a party forces an overdue step (第十一条(三): 上级主管部门…强制干预).
struct ForceStep {
  std::string workflow_id;
  int position = 0;
  bool approve = true;
  std::string comment;
};

struct WithdrawWorkflow {
  std::string workflow_id;
  std::string comment;
};

}  // namespace xueji
