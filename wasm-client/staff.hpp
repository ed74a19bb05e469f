// County/city/province review (S4) in the same client, online only: approvals (审批), the
// conflict queue of review cases (冲突队列) and statistics (统计) of the officer's scope. The
// data comes from the server's county endpoints (docs/API.md "County review"); decisions are
// the core's: a step decision through POST /api/approvals/…/decide, a review-case decision as a
// DecideReviewCase operation through the device's outbox and push. Nothing here decides a rule.
#pragma once
#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "xueji/workflow.hpp"

namespace xueji::client {

struct App;

// One open step of GET /api/approvals (the caller's to decide, or escalated to force).
struct Approval {
  std::string workflow_id;
  std::string kind;  // workflow_kind_name
  std::string student_id;
  std::string student_name;
  std::string registry_number;
  std::string school_code;
  std::string started_unit;
  std::string started_on;
  int position = 0;
  std::string party;
  std::string deadline;
  std::optional<int> working_days_left;  // null beyond the published holiday calendar
  bool overdue = false;
  bool escalated = false;  // an overdue step of the level below: forced, not decided
};

// One line of GET /api/review-cases.
struct ReviewCaseSummary {
  std::string case_id;
  std::string kind;  // review_case_kind_name
  std::string code;  // ErrorCode name of the rule that raised it
  std::string status;
  std::string school_code;        // side A's school
  std::string other_school_code;  // side B's school
  std::string opened_at;
  std::string decision;
  std::string decided_by;
  std::string comment;
};

// Where a value comes from (per-field provenance): school, device, time.
struct Provenance {
  std::string actor;
  std::string school_code;
  std::string device_id;
  std::string time;  // device time of the change (server time when the device sent none)
};

// One field of a case, side by side.
struct CaseField {
  std::string field;
  std::optional<std::string> base;  // what side B was based on (edits only)
  std::optional<std::string> a;     // the server's side
  Provenance a_from;
  std::optional<std::string> b;  // the held operation's value
  std::optional<std::string> current;
  Provenance current_from;
  bool differs = false;  // side B would change the value: highlighted, choosable in a merge
};

struct ReviewCaseDetail {
  ReviewCaseSummary summary;
  std::string registry_number;  // side A's record
  Provenance b_from;            // the pushing device of side B
  std::vector<CaseField> fields;
};

struct UnitStatistics {
  std::string unit_code;
  std::string unit_name;
  std::array<int, 9> in_school_by_grade{};  // grades 1–9
  std::vector<std::pair<std::string, int>> status_counts;
  int transfers_in = 0;
  int transfers_out = 0;
  int dropouts = 0;
  int overdue_steps = 0;
  int open_problem_records = 0;
  int in_school() const;
};

// A request of a staff screen: in flight, loaded once, and the last failure (translated).
struct Fetch {
  bool busy = false;
  bool loaded = false;
  std::string error;
  std::string error_code;
};

struct StaffState {
  // 审批
  Fetch approvals_fetch;
  bool overdue_only = false;
  std::vector<Approval> approvals;
  int selected_approval = -1;
  std::optional<Workflow> approval_workflow;  // the selected one, as last pulled (proofs, steps)
  std::string approval_comment;
  bool deciding = false;
  std::string approval_notice;
  std::string approval_error;
  std::string approval_error_code;
  // 冲突队列
  Fetch cases_fetch;
  std::vector<ReviewCaseSummary> cases;
  Fetch case_fetch;
  std::optional<ReviewCaseDetail> case_detail;
  std::map<std::string, std::string> choices;  // merge: field -> "a" | "b"
  std::string case_comment;
  std::string case_notice;
  std::string case_error;
  std::string case_error_code;
  bool case_decision_pending = false;  // pushed with the next sync; lists reload after it
  // 统计
  Fetch statistics_fetch;
  std::optional<UnitStatistics> total;
  std::vector<UnitStatistics> schools;
};

// The signed-in account is county, city or province staff (the review screens are theirs).
bool is_staff(const App& app);

void load_approvals(App& app);
void select_approval(App& app, int index);
// Approves or rejects (forces, for an escalated step) the selected approval with its comment.
void decide_approval(App& app, bool approve);

void load_review_cases(App& app);
void open_review_case(App& app, const std::string& case_id);
// keep_a, keep_b, merge (with app.staff.choices) or escalate: a DecideReviewCase operation run
// by the core on the device and pushed at once.
bool decide_review_case(App& app, const std::string& decision);

void load_statistics(App& app);

// After a sync that carried a staff decision: the lists are fetched again.
void staff_after_sync(App& app);

// Parsers of the server's answers (exposed for tests of the client's logic).
std::optional<std::vector<Approval>> parse_approvals(const std::string& body);
std::optional<std::vector<ReviewCaseSummary>> parse_review_cases(const std::string& body);
std::optional<ReviewCaseDetail> parse_review_case(const std::string& body);
bool parse_statistics(const std::string& body, std::optional<UnitStatistics>& total,
                      std::vector<UnitStatistics>& schools);

}  // namespace xueji::client
