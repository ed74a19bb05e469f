#include "xueji/workflow.hpp"

#include <array>
#include <utility>

namespace xueji {
namespace {

constexpr std::array<std::pair<WorkflowKind, std::string_view>, 12> kKinds{{
    {WorkflowKind::InfoCorrection, "info_correction"},
    {WorkflowKind::Transfer, "transfer"},
    {WorkflowKind::SpecialPlacement, "special_placement"},
    {WorkflowKind::Suspension, "suspension"},
    {WorkflowKind::SuspensionExtension, "suspension_extension"},
    {WorkflowKind::Resumption, "resumption"},
    {WorkflowKind::StudyAbroad, "study_abroad"},
    {WorkflowKind::ReturnFromAbroad, "return_from_abroad"},
    {WorkflowKind::Dropout, "dropout"},
    {WorkflowKind::GradeSkip, "grade_skip"},
    {WorkflowKind::Death, "death"},
    {WorkflowKind::MissingOrDetained, "missing_or_detained"},
}};

constexpr std::array<std::pair<Party, std::string_view>, 5> kParties{{
    {Party::School, "school"},
    {Party::Authority, "authority"},
    {Party::ReceivingAuthority, "receiving_authority"},
    {Party::SendingSchool, "sending_school"},
    {Party::SendingAuthority, "sending_authority"},
}};

template <class Table, class Key>
std::string_view name_of(const Table& table, Key key) {
  for (const auto& [k, name] : table)
    if (k == key) return name;
  return "";
}

template <class Key, class Table>
std::optional<Key> key_of(const Table& table, std::string_view name) {
  for (const auto& [k, n] : table)
    if (n == name) return k;
  return std::nullopt;
}

}  // namespace

std::string_view workflow_kind_name(WorkflowKind kind) {
  return name_of(kKinds, kind);
}
std::optional<WorkflowKind> workflow_kind_from_name(std::string_view name) {
  return key_of<WorkflowKind>(kKinds, name);
}
std::string_view party_name(Party party) {
  return name_of(kParties, party);
}
std::optional<Party> party_from_name(std::string_view name) {
  return key_of<Party>(kParties, name);
}

std::string_view step_state_name(StepState state) {
  switch (state) {
    case StepState::Waiting:
      return "waiting";
    case StepState::Open:
      return "open";
    case StepState::Approved:
      return "approved";
    case StepState::Rejected:
      return "rejected";
  }
  return "waiting";
}

std::string_view workflow_state_name(WorkflowState state) {
  switch (state) {
    case WorkflowState::Open:
      return "open";
    case WorkflowState::Completed:
      return "completed";
    case WorkflowState::Rejected:
      return "rejected";
    case WorkflowState::Withdrawn:
      return "withdrawn";
  }
  return "open";
}

const WorkflowStep* Workflow::open_step() const {
  for (const auto& step : steps)
    if (step.state == StepState::Open) return &step;
  return nullptr;
}

}  // namespace xueji
