// 第十一条 转学: applied for at the receiving school, approved by its authority, the sending
// school and the sending authority (one bureau review when both schools share it), each within
// 10 working days; archives follow the student (第十七条), the sending school keeps a backup.
#include <array>

#include "xueji/registry_store.hpp"
#include "xueji/workflow_policy.hpp"

namespace xueji {
namespace {

// 第十一条(一): the four admissible reasons.
constexpr std::array<std::string_view, 4> kReasons{
    "hukou_move",            // 监护人户籍跨省市县迁移或县内跨学区、乡镇迁移
    "guardian_posted_away",  // 监护人因公出国(境)、支边、现役军人，子女投靠亲属
    "migrant_residence_move",  // 流动人口适龄子女居住地跨省市县迁移
    "migrant_worker_child",    // 进城务工人员随迁子女到流入地就学
};

// 第十一条(三): normally within two months of the start of a term (autumn from 1 September;
// spring terms start between mid-February and early March, so February–April).
bool within_term_window(const Date& today) {
  return (today.month >= 9 && today.month <= 10) || (today.month >= 2 && today.month <= 4);
}

Result<void> check_transfer(PolicyContext& context) {
  Workflow& workflow = context.workflow;
  const std::string reason = detail(workflow, "reason");
  bool admissible = false;
  for (auto r : kReasons) admissible = admissible || r == reason;
  if (!admissible) return make_error(ErrorCode::TransferReasonInvalid, "reason");
  const std::string registry_number = detail(workflow, "registry_number");
  const std::string name = detail(workflow, "name");
  if (registry_number.empty()) return make_error(ErrorCode::DetailRequired, "registry_number");
  if (name.empty()) return make_error(ErrorCode::DetailRequired, "name");
  int grade = std::atoi(detail(workflow, "grade").c_str());
  if (grade < 1 || grade > 9) return make_error(ErrorCode::GradeInvalid, "grade");
  if (!within_term_window(context.command.today) &&
      detail(workflow, "outside_window_reason").empty())
    return make_error(ErrorCode::TransferOutsideWindow, "outside_window_reason");

  auto found = find_student_by_registry_number(context.db, registry_number);
  if (!found) return found.error();
  // Registry number and name must both match: the applicant cannot probe which numbers exist.
  if (!*found || (*found)->name != name) {
    // A receiving school's device cannot see the student; the server decides.
    if (context.command.replica == Replica::Device && !*found) return {};
    return make_error(ErrorCode::NotFound, "registry_number");
  }
  const Student& student = **found;
  if (student.school_code == context.command.actor.unit_code)
    return make_error(ErrorCode::TransferSameSchool, "registry_number");
  // 第十一条(四): not while suspended or under discipline; only students in school.
  if (student.status == "suspended")
    return make_error(ErrorCode::TransferWhileSuspended, "registry_number");
  if (student.status != "in_school")
    return make_error(ErrorCode::StudentNotInSchool, "registry_number");
  if (student.flags.under_discipline)
    return make_error(ErrorCode::TransferUnderDiscipline, "registry_number");
  if (student.grade != grade) return make_error(ErrorCode::TransferGradeMismatch, "grade");
  auto problem = has_open_problem_record(context.db, student.student_id);
  if (!problem) return problem.error();
  if (*problem) return make_error(ErrorCode::ProblemRecordOpen, "registry_number");

  auto sending = find_school(context.db, student.school_code);
  if (!sending) return sending.error();
  context.student = student;
  context.student_school = *sending;
  // Cross-province (教育部): the origin school's registry certificate is required.
  if (context.student_school && context.actor_school &&
      context.student_school->division_code.substr(0, 2) !=
          context.actor_school->division_code.substr(0, 2) &&
      !has_proof(workflow, "registry_certificate"))
    return make_error(ErrorCode::ProofRequired, "registry_certificate");
  return {};
}

Result<std::vector<Party>> transfer_parties(PolicyContext& context) {
  // One bureau over both schools reviews once (the receiving side's review stands for both).
  if (context.student_school && context.actor_school &&
      context.student_school->division_code == context.actor_school->division_code)
    return std::vector<Party>{Party::ReceivingAuthority, Party::SendingSchool};
  return std::vector<Party>{Party::ReceivingAuthority, Party::SendingSchool,
                            Party::SendingAuthority};
}

Result<void> complete_transfer(PolicyContext& context) {
  if (!context.student) return make_error(ErrorCode::NotFound, "student_id");
  Student& student = *context.student;
  const std::string from = student.school_code;
  const std::string to = context.workflow.started_unit;
  // 第十八条: the sending school keeps a read-only backup of the archive.
  auto backup = context.db.prepare(
      "INSERT OR REPLACE INTO archive_backups(student_id, school_code, created_on, reason) "
      "VALUES(?1, ?2, ?3, 'transfer')");
  if (!backup) return backup.error();
  backup->bind(1, student.student_id).bind(2, from).bind(3, format_date(context.command.today));
  if (auto kept = backup->run(); !kept) return kept;
  student.school_code = to;
  student.class_name.clear();
  return change_student(context, student, "school_code", from, to);
}

}  // namespace

const WorkflowPolicy& transfer_policy() {
  static const WorkflowPolicy kPolicy{
      WorkflowKind::Transfer,
      /*started_by_receiving_school=*/true,
      /*required_proofs=*/{"transfer_application"},
      check_transfer,
      transfer_parties,
      /*on_start=*/nullptr,
      complete_transfer,
  };
  return kPolicy;
}

}  // namespace xueji
