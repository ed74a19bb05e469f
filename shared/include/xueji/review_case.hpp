// Review cases (复核案例): what the merge does not decide by itself. A case keeps the base, both
// sides and the current value with provenance until a county officer decides; the decision is
// an operation (DecideReviewCase) that reaches every affected device on its next pull.
// docs/SYNC.md, "Review cases".
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xueji/actor.hpp"
#include "xueji/database.hpp"
#include "xueji/date.hpp"
#include "xueji/result.hpp"
#include "xueji/student.hpp"

namespace xueji {

// Why a case was opened.
//  protected_field        concurrent edits of a protected field (an info correction started
//                         on a base version the record has since left)
//  duplicate_registration the same document number registered offline by two schools (第八条)
//  moved_away             an edit of a student who has since moved to another school (第十八条)
//  transfer_race          a workflow start that met another open workflow of the student while one
//                         of them is a transfer: two schools applying to receive the same student
//                         offline, or the origin school's dropout/suspension/… against a transfer
//                         in flight (第十一条: no transfer with unfinished business). Never
//                         last-writer-wins: registry status and current school are protected
//  rule_violation         an operation each side's device accepted that breaks a rule only
//                         against the merged state (the rule's code is the case's `code`): two
//                         offline registrations that drew the same 学籍号 (第七条), an edit of a
//                         record deregistered meanwhile (第十六条)
enum class ReviewCaseKind {
  ProtectedField,
  DuplicateRegistration,
  MovedAway,
  TransferRace,
  RuleViolation
};
std::string_view review_case_kind_name(ReviewCaseKind kind);
std::optional<ReviewCaseKind> review_case_kind_from_name(std::string_view name);

// A county officer's decision.
//  keep_a    the server's current state stands; side B is discarded
//  keep_b    side B is applied (for a duplicate registration: the one registry — 一人一籍, the
//            existing 学籍号 — moves to side B's school with side B's class and grade)
//  merge     field by field: each FieldChoice says which side's value a field takes
//  escalate  handed to the city level (status escalated), undecided
enum class ReviewDecision { KeepA, KeepB, Merge, Escalate };
std::string_view review_decision_name(ReviewDecision decision);
std::optional<ReviewDecision> review_decision_from_name(std::string_view name);

struct FieldChoice {
  std::string field;
  std::string side;  // "a" or "b"
};

struct ReviewCase {
  std::string case_id;  // "case-" + the op_id of side B: the same push always opens the same case
  std::string kind;     // review_case_kind_name
  std::string code;     // ErrorCode name of the rule that raised it (e.g. DUPLICATE_REGISTRY)
  // "open", "escalated", "decided"; "closed": closed by itself once stale (close_reason)
  std::string status = "open";
  std::string student_id;         // the record side A is about
  std::string school_code;        // side A's school (the record's current school)
  std::string other_school_code;  // side B's school (the pushing device's school)
  std::string division_code;      // the county that decides
  // JSON texts, kept as opened (docs/SYNC.md lists their members):
  std::string base;    // {"field": {"version": n, "value": v}, ...}: what side B was based on
  std::string side_a;  // {"field": provenance of the current value, ...}: the server's side
  std::string side_b;  // the incoming operation, as pushed (format 2)
  std::string op_id;   // side B's operation
  std::string opened_at;
  std::string decision;  // review_decision_name, once decided (or "escalate")
  std::string choices;   // JSON [{"field":…,"side":"a"|"b"}] of a merge
  std::string decided_by;
  std::string decided_at;
  std::string comment;
  // Why a case closed by itself (status "closed"), e.g. side B's school registered the child
  // again with a corrected document number: {"reason": …, "op_id": …} as JSON text.
  std::string close_reason;
  std::string other_student_id;  // side B's record id: a registration's student_id, else ""
};

// The case an operation opens: the same operation always opens the same case (idempotency).
std::string review_case_id(const std::string& op_id);

// Server: opens the case for an operation whose verdict is Conflict (the operation's own effect
// already rolled back), recording the base, side A (current values with provenance) and side B
// (the operation). Defined in review_case.cpp.
struct OpVerdict;
struct Operation;
Result<void> open_review_case(Database& db, const Actor& actor, const Operation& op,
                              const OpVerdict& verdict, const Date& today);

// Cases the actor may see: a registrar its own school's (either side), an authority those
// of its division. Newest first; `status` filters when not empty.
Result<std::vector<ReviewCase>> review_cases_in_scope(Database& db, const Actor& actor,
                                                      const std::string& status = {});
Result<std::optional<ReviewCase>> find_review_case(Database& db, const std::string& case_id);

// Server, after an applied operation: closes open (or escalated) cases it made stale — a
// duplicate registration whose side B was registered again (e.g. with the mistyped ID number
// corrected) or whose two records no longer share a document number; a 学籍号 clash whose
// number is free again or whose side B now exists. Status "closed" with the reason and the
// operation; travels in the feed like any change of the case.
Result<void> close_stale_review_cases(Database& db, const std::string& op_id,
                                      const std::vector<std::string>& student_ids);

// 第八条 一人一籍: does this record hold the child's one active registry (not graduated,
// deceased or transferred out)? The registration's rule (command_register_student.cpp), which
// a duplicate case also asks when it checks whether it is stale.
bool is_active_registry(const Student& student);

// Does this decided case let the operations held behind side B go ahead (keep_b, merge)?
bool releases_held_operations(const ReviewCase& c);

}  // namespace xueji
