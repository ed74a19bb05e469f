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
// Graduation and promotion (command_promote_school.cpp).
Result<CommandOutcome> execute_promote_school(Database& db, const CommandContext& context,
                                              const PromoteSchool& command);
// 第二十三条 term re-verification (command_term_verification.cpp).
Result<CommandOutcome> execute_confirm_term_roster(Database& db, const CommandContext& context,
                                                   const ConfirmTermRoster& command);
Result<CommandOutcome> execute_sign_off_term_verification(Database& db,
                                                          const CommandContext& context,
                                                          const SignOffTermVerification& command);
// 第二十一条/第二十二条 registrar roster (command_registrar_roster.cpp).
Result<CommandOutcome> execute_add_registrar_to_roster(Database& db, const CommandContext& context,
                                                       const AddRegistrarToRoster& command);
Result<CommandOutcome> execute_record_registrar_training(Database& db,
                                                         const CommandContext& context,
                                                         const RecordRegistrarTraining& command);
Result<CommandOutcome> execute_file_registrar(Database& db, const CommandContext& context,
                                              const FileRegistrar& command);
Result<CommandOutcome> execute_deactivate_registrar(Database& db, const CommandContext& context,
                                                    const DeactivateRegistrar& command);
// 第四条 enrollment-age approvals (command_age_exception.cpp).
Result<CommandOutcome> execute_approve_age_exception(Database& db, const CommandContext& context,
                                                     const ApproveAgeException& command);
// Ordinary field edits with the three-way merge (command_edit_student.cpp).
Result<CommandOutcome> execute_edit_student(Database& db, const CommandContext& context,
                                            const EditStudent& command);
// A county decision on a review case (review_case.cpp).
Result<CommandOutcome> execute_decide_review_case(Database& db, const CommandContext& context,
                                                  const DecideReviewCase& command);
// R20 统一招生录取 (command_admit_enrolled.cpp).
Result<CommandOutcome> execute_admit_enrolled_students(Database& db, const CommandContext& context,
                                                       const AdmitEnrolledStudents& command);
Result<CommandOutcome> execute_withdraw_workflow(Database& db, const CommandContext& context,
                                                 const WithdrawWorkflow& command);
// A county's keep_b on a transfer race (review_case.cpp): the student's open workflows are
// withdrawn (their open steps closed with the case id), so side B's start can run. Returns
// their ids.
Result<std::vector<std::string>> withdraw_open_workflows_for_case(Database& db,
                                                                  const CommandContext& context,
                                                                  const std::string& student_id,
                                                                  const std::string& case_id);

}  // namespace xueji
