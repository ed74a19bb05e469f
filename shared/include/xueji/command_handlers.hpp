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
// 第六条/第九条 archive content and paper checklist (command_archive.cpp).
Result<CommandOutcome> execute_add_archive_entry(Database& db, const CommandContext& context,
                                                 const AddArchiveEntry& command);
Result<CommandOutcome> execute_record_paper_archive_check(Database& db,
                                                          const CommandContext& context,
                                                          const RecordPaperArchiveCheck& command);
// 第十九条 school merger and closure (command_school_closure.cpp).
Result<CommandOutcome> execute_merge_schools(Database& db, const CommandContext& context,
                                             const MergeSchools& command);
Result<CommandOutcome> execute_close_school(Database& db, const CommandContext& context,
                                            const CloseSchool& command);
Result<CommandOutcome> execute_withdraw_workflow(Database& db, const CommandContext& context,
                                                 const WithdrawWorkflow& command);

}  // namespace xueji
