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
#include "xueji/problem_record.hpp"
#include "xueji/promotion.hpp"
#include "xueji/registrar_roster.hpp"
#include "xueji/school_closure.hpp"
#include "xueji/student.hpp"
#include "xueji/term_verification.hpp"
#include "xueji/workflow.hpp"

namespace xueji {

struct RegisterStudent {
  StudentRegistration registration;
};

// Grows by one alternative per command; an alternative is never removed or reordered.
using Command = std::variant<RegisterStudent, StartWorkflow, DecideStep, ForceStep,
                             WithdrawWorkflow, ReportProblemRecord, ResolveProblemRecord,
                             AddArchiveEntry, RecordPaperArchiveCheck, MergeSchools, CloseSchool,
                             PromoteSchool, ConfirmTermRoster, SignOffTermVerification,
                             AddRegistrarToRoster, RecordRegistrarTraining, FileRegistrar,
                             DeactivateRegistrar, ApproveAgeException, AdmitEnrolledStudents>;

std::string_view command_kind(const Command& command);

enum class Replica { Device, Server };

struct CommandContext {
  const Actor& actor;
  Date today;
  Replica replica;
};

struct CommandOutcome {
  std::string student_id;       // the record the command touched
  std::string registry_number;  // set by a registration
  std::string student_name;
  std::string workflow_id;  // set by workflow commands
  // Applied, but worth a look (e.g. LIKELY_DUPLICATE): error code names.
  std::vector<std::string> warnings;
};

// Runs a command's rules and effects inside the caller's transaction (the caller commits or
// rolls back). The one place each command's rules are enforced, on both replicas.
Result<CommandOutcome> execute(Database& db, const CommandContext& context, const Command& command);

}  // namespace xueji
