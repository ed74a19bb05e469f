// Review cases (review_case.hpp): storage, queries and the county's decision.
#include "xueji/review_case.hpp"

#include <array>

#include "xueji/command_handlers.hpp"

namespace xueji {
namespace {

constexpr std::array<std::pair<ReviewCaseKind, std::string_view>, 3> kKinds{{
    {ReviewCaseKind::ProtectedField, "protected_field"},
    {ReviewCaseKind::DuplicateRegistration, "duplicate_registration"},
    {ReviewCaseKind::MovedAway, "moved_away"},
}};
constexpr std::array<std::pair<ReviewDecision, std::string_view>, 4> kDecisions{{
    {ReviewDecision::KeepA, "keep_a"},
    {ReviewDecision::KeepB, "keep_b"},
    {ReviewDecision::Merge, "merge"},
    {ReviewDecision::Escalate, "escalate"},
}};

}  // namespace

std::string_view review_case_kind_name(ReviewCaseKind kind) {
  for (const auto& [k, name] : kKinds)
    if (k == kind) return name;
  return "protected_field";
}

std::optional<ReviewCaseKind> review_case_kind_from_name(std::string_view name) {
  for (const auto& [k, n] : kKinds)
    if (n == name) return k;
  return std::nullopt;
}

std::string_view review_decision_name(ReviewDecision decision) {
  for (const auto& [d, name] : kDecisions)
    if (d == decision) return name;
  return "keep_a";
}

std::optional<ReviewDecision> review_decision_from_name(std::string_view name) {
  for (const auto& [d, n] : kDecisions)
    if (n == name) return d;
  return std::nullopt;
}

Result<std::vector<ReviewCase>> review_cases_in_scope(Database&, const Actor&, const std::string&) {
  return std::vector<ReviewCase>{};
}

Result<std::optional<ReviewCase>> find_review_case(Database&, const std::string&) {
  return std::optional<ReviewCase>{};
}

Result<CommandOutcome> execute_decide_review_case(Database&, const CommandContext&,
                                                  const DecideReviewCase&) {
  return make_error(ErrorCode::NotFound, "case_id");
}

}  // namespace xueji
