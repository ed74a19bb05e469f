#include "xueji/commands.hpp"

#include "xueji/command_handlers.hpp"

namespace xueji {

std::string_view command_kind(const Command& command) {
  struct Kind {
    std::string_view operator()(const RegisterStudent&) const { return "register_student"; }
    std::string_view operator()(const StartWorkflow&) const { return "start_workflow"; }
    std::string_view operator()(const DecideStep&) const { return "decide_step"; }
    std::string_view operator()(const ForceStep&) const { return "force_step"; }
    std::string_view operator()(const WithdrawWorkflow&) const { return "withdraw_workflow"; }
    std::string_view operator()(const ReportProblemRecord&) const {
      return "report_problem_record";
    }
    std::string_view operator()(const ResolveProblemRecord&) const {
      return "resolve_problem_record";
    }
    std::string_view operator()(const AddArchiveEntry&) const { return "add_archive_entry"; }
    std::string_view operator()(const RecordPaperArchiveCheck&) const {
      return "record_paper_archive_check";
    }
    std::string_view operator()(const MergeSchools&) const { return "merge_schools"; }
    std::string_view operator()(const CloseSchool&) const { return "close_school"; }
    std::string_view operator()(const PromoteSchool&) const { return "promote_school"; }
    std::string_view operator()(const ConfirmTermRoster&) const { return "confirm_term_roster"; }
    std::string_view operator()(const SignOffTermVerification&) const {
      return "sign_off_term_verification";
    }
    std::string_view operator()(const AddRegistrarToRoster&) const {
      return "add_registrar_to_roster";
    }
    std::string_view operator()(const RecordRegistrarTraining&) const {
      return "record_registrar_training";
    }
    std::string_view operator()(const FileRegistrar&) const { return "file_registrar"; }
    std::string_view operator()(const DeactivateRegistrar&) const { return "deactivate_registrar"; }
    std::string_view operator()(const ApproveAgeException&) const {
      return "approve_age_exception";
    }
    std::string_view operator()(const EditStudent&) const { return "edit_student"; }
    std::string_view operator()(const DecideReviewCase&) const { return "decide_review_case"; }
    std::string_view operator()(const AdmitEnrolledStudents&) const {
      return "admit_enrolled_students";
    }
  };
  return std::visit(Kind{}, command);
}

Result<CommandOutcome> execute(Database& db, const CommandContext& context,
                               const Command& command) {
  struct Dispatch {
    Database& db;
    const CommandContext& context;
    Result<CommandOutcome> operator()(const RegisterStudent& c) const {
      return execute_register_student(db, context, c);
    }
    Result<CommandOutcome> operator()(const StartWorkflow& c) const {
      return execute_start_workflow(db, context, c);
    }
    Result<CommandOutcome> operator()(const DecideStep& c) const {
      return execute_decide_step(db, context, c);
    }
    Result<CommandOutcome> operator()(const ForceStep& c) const {
      return execute_force_step(db, context, c);
    }
    Result<CommandOutcome> operator()(const WithdrawWorkflow& c) const {
      return execute_withdraw_workflow(db, context, c);
    }
    Result<CommandOutcome> operator()(const ReportProblemRecord& c) const {
      return execute_report_problem_record(db, context, c);
    }
    Result<CommandOutcome> operator()(const ResolveProblemRecord& c) const {
      return execute_resolve_problem_record(db, context, c);
    }
    Result<CommandOutcome> operator()(const AddArchiveEntry& c) const {
      return execute_add_archive_entry(db, context, c);
    }
    Result<CommandOutcome> operator()(const RecordPaperArchiveCheck& c) const {
      return execute_record_paper_archive_check(db, context, c);
    }
    Result<CommandOutcome> operator()(const MergeSchools& c) const {
      return execute_merge_schools(db, context, c);
    }
    Result<CommandOutcome> operator()(const CloseSchool& c) const {
      return execute_close_school(db, context, c);
    }
    Result<CommandOutcome> operator()(const PromoteSchool& c) const {
      return execute_promote_school(db, context, c);
    }
    Result<CommandOutcome> operator()(const ConfirmTermRoster& c) const {
      return execute_confirm_term_roster(db, context, c);
    }
    Result<CommandOutcome> operator()(const SignOffTermVerification& c) const {
      return execute_sign_off_term_verification(db, context, c);
    }
    Result<CommandOutcome> operator()(const AddRegistrarToRoster& c) const {
      return execute_add_registrar_to_roster(db, context, c);
    }
    Result<CommandOutcome> operator()(const RecordRegistrarTraining& c) const {
      return execute_record_registrar_training(db, context, c);
    }
    Result<CommandOutcome> operator()(const FileRegistrar& c) const {
      return execute_file_registrar(db, context, c);
    }
    Result<CommandOutcome> operator()(const DeactivateRegistrar& c) const {
      return execute_deactivate_registrar(db, context, c);
    }
    Result<CommandOutcome> operator()(const ApproveAgeException& c) const {
      return execute_approve_age_exception(db, context, c);
    }
    Result<CommandOutcome> operator()(const EditStudent& c) const {
      return execute_edit_student(db, context, c);
    }
    Result<CommandOutcome> operator()(const DecideReviewCase& c) const {
      return execute_decide_review_case(db, context, c);
    }
    Result<CommandOutcome> operator()(const AdmitEnrolledStudents& c) const {
      return execute_admit_enrolled_students(db, context, c);
    }
  };
  return std::visit(Dispatch{db, context}, command);
}

}  // namespace xueji
