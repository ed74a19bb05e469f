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
  };
  return std::visit(Dispatch{db, context}, command);
}

}  // namespace xueji
