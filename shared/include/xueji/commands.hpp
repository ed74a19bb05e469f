// Every change a user makes is a command: recorded as an operation on the device, executed
// with the same rules on the device (optimistically) and on the server (authoritatively).
#pragma once
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "xueji/actor.hpp"
#include "xueji/age_exception.hpp"
#include "xueji/archive_commands.hpp"
#include "xueji/database.hpp"
#include "xueji/date.hpp"
#include "xueji/enrollment.hpp"
#include "xueji/field_edit.hpp"
#include "xueji/problem_record.hpp"
#include "xueji/promotion.hpp"
#include "xueji/registrar_roster.hpp"
#include "xueji/review_case.hpp"
#include "xueji/school_closure.hpp"
#include "xueji/student.hpp"
#include "xueji/term_verification.hpp"
#include "xueji/workflow.hpp"

namespace xueji {

struct RegisterStudent {
  StudentRegistration registration;
};

// A school edits ordinary fields of one of its students (field_edit.hpp). Each change carries
// the field's base version: the server merges three-way (docs/SYNC.md, "Merge rules").
struct EditStudent {
  std::string student_id;
  std::vector<FieldChange> changes;
};

// A county (or, once escalated, city) officer decides a review case (review_case.hpp).
struct DecideReviewCase {
  std::string case_id;
  std::string decision;              // review_decision_name: keep_a, keep_b, merge, escalate
  std::vector<FieldChoice> choices;  // merge only: which side each field takes
  std::string comment;
};

// Grows by one alternative per command; an alternative is never removed or reordered.
using Command =
    std::variant<RegisterStudent, StartWorkflow, DecideStep, ForceStep, WithdrawWorkflow,
                 ReportProblemRecord, ResolveProblemRecord, AddArchiveEntry,
                 RecordPaperArchiveCheck, MergeSchools, CloseSchool, PromoteSchool,
                 ConfirmTermRoster, SignOffTermVerification, AddRegistrarToRoster,
                 RecordRegistrarTraining, FileRegistrar, DeactivateRegistrar, ApproveAgeException,
                 EditStudent, DecideReviewCase, AdmitEnrolledStudents>;

std::string_view command_kind(const Command& command);

enum class Replica { Device, Server };

// Who sent a pushed operation and its (server-checked) HLC stamp: the merge of EditStudent
// orders concurrent edits by it. Null when a command runs outside a push (device, seeding).
struct OperationStamp {
  std::string op_id;
  std::string device_id;
  std::string hlc;  // format_hlc; the server's own stamp when the device's was not trusted
  std::string device_time;
};

struct CommandContext {
  const Actor& actor;
  Date today;
  Replica replica;
  const OperationStamp* stamp = nullptr;
};

struct CommandOutcome {
  std::string student_id;       // the record the command touched
  std::string registry_number;  // set by a registration
  std::string student_name;
  std::string workflow_id;  // set by workflow commands
  // Applied, but worth a look (e.g. LIKELY_DUPLICATE): error code names.
  std::vector<std::string> warnings;
  // Set when the server held the command for review instead of applying it (Outcome::Conflict).
  std::string case_id;
};

// Runs a command's rules and effects inside the caller's transaction (the caller commits or
// rolls back). The one place each command's rules are enforced, on both replicas.
Result<CommandOutcome> execute(Database& db, const CommandContext& context, const Command& command);

}  // namespace xueji
