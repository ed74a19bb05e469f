// One handler per command, dispatched by execute() in commands.cpp.
#pragma once
#include "xueji/commands.hpp"

namespace xueji {

Result<CommandOutcome> execute_register_student(Database& db, const CommandContext& context,
                                                const RegisterStudent& command);
Result<CommandOutcome> execute_start_workflow(Database& db, const CommandContext& context,
                                              const StartWorkflow& command);
Result<CommandOutcome> execute_decide_step(Database& db, const CommandContext& context,
                                           const DecideStep& command);
Result<CommandOutcome> execute_force_step(Database& db, const CommandContext& context,
                                          const ForceStep& command);
Result<CommandOutcome> execute_report_problem_record(Database& db, const CommandContext& context,
                                                     const ReportProblemRecord& command);
Result<CommandOutcome> execute_resolve_problem_record(Database& db, const CommandContext& context,
                                                      const ResolveProblemRecord& command);
Result<CommandOutcome> execute_withdraw_workflow(Database& db, const CommandContext& context,
                                                 const WithdrawWorkflow& command);

}  // namespace xueji
