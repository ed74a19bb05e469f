// 问题学籍 (第八条): reported by the school or its authority, resolved by the authority with
// evidence (佐证), a completed correction, or deletion of the duplicate record.
#include "xueji/command_handlers.hpp"
#include "xueji/problem_record.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/workflow_store.hpp"

namespace xueji {
namespace {

Result<School> school_of(Database& db, const Student& student) {
  auto school = find_school(db, student.school_code);
  if (!school) return school.error();
  if (*school) return **school;
  return School{student.school_code, "", "", ""};
}

bool is_authority(const Actor& actor) {
  return actor.role == Role::County || actor.role == Role::City || actor.role == Role::Province;
}

Result<void> record_evidence(Database& db, const CommandContext& context,
                             const ProblemRecord& record, const std::string& division,
                             const std::vector<Proof>& proofs) {
  auto stmt = db.prepare(
      "INSERT OR IGNORE INTO problem_evidence(problem_id, division_code, content_hash, given_by, "
      "given_on) VALUES(?1, ?2, ?3, ?4, ?5)");
  if (!stmt) return stmt.error();
  for (const auto& proof : proofs) {
    stmt->bind(1, record.problem_id)
        .bind(2, division)
        .bind(3, proof.content_hash)
        .bind(4, context.actor.account)
        .bind(5, format_date(context.today));
    if (auto ran = stmt->run(); !ran) return ran;
  }
  return {};
}

Result<bool> completed_correction_since(Database& db, const std::string& student_id,
                                        const std::string& since) {
  auto workflows = workflows_of_student(db, student_id);
  if (!workflows) return workflows.error();
  for (const auto& w : *workflows)
    if (w.kind == WorkflowKind::InfoCorrection && w.state == WorkflowState::Completed &&
        w.started_on >= since)
      return true;
  return false;
}

}  // namespace

Result<CommandOutcome> execute_report_problem_record(Database& db, const CommandContext& context,
                                                     const ReportProblemRecord& command) {
  if (command.problem_id.empty()) return make_error(ErrorCode::MalformedRequest, "problem_id");
  if (!problem_kind_from_name(command.kind)) return make_error(ErrorCode::InvalidInput, "kind");
  auto student = find_student(db, command.student_id);
  if (!student) return student.error();
  if (!*student) return make_error(ErrorCode::NotFound, "student_id");
  auto school = school_of(db, **student);
  if (!school) return school.error();
  if (!in_scope(context.actor, school->code, school->division_code))
    return make_error(ErrorCode::OutOfScope, "student_id");
  ProblemRecord record;
  record.problem_id = command.problem_id;
  record.student_id = command.student_id;
  record.kind = command.kind;
  record.opened_on = format_date(context.today);
  record.detail = command.detail;
  record.other_student_id = command.other_student_id;
  if (auto opened = open_problem_record(db, record); !opened) return opened.error();
  if (auto audited = append_audit(db, context.actor.account, context.actor.device_id,
                                  "report_problem_record", command.problem_id, command.kind);
      !audited)
    return audited.error();
  CommandOutcome outcome;
  outcome.student_id = command.student_id;
  outcome.registry_number = (*student)->registry_number;
  outcome.student_name = (*student)->name;
  return outcome;
}

Result<CommandOutcome> execute_resolve_problem_record(Database& db, const CommandContext& context,
                                                      const ResolveProblemRecord& command) {
  auto loaded = load_problem_record(db, command.problem_id);
  if (!loaded) return loaded.error();
  if (!*loaded) return make_error(ErrorCode::NotFound, "problem_id");
  ProblemRecord record = **loaded;
  if (record.state != "open") return make_error(ErrorCode::WorkflowNotOpen, "problem_id");
  if (!is_authority(context.actor)) return make_error(ErrorCode::OutOfScope, "problem_id");

  auto student = find_student(db, record.student_id);
  if (!student) return student.error();
  if (!*student) return make_error(ErrorCode::NotFound, "student_id");
  auto school = school_of(db, **student);
  if (!school) return school.error();
  // The counties involved: the student's, and the other record's when it lies elsewhere.
  std::vector<std::string> counties{school->division_code};
  if (!record.other_student_id.empty()) {
    auto other = find_student(db, record.other_student_id);
    if (!other) return other.error();
    if (*other) {
      auto other_school = school_of(db, **other);
      if (!other_school) return other_school.error();
      if (other_school->division_code != school->division_code)
        counties.push_back(other_school->division_code);
    }
  }
  std::string acting_county;
  for (const auto& county : counties)
    if (in_scope(context.actor, "", county)) acting_county = county;
  if (acting_county.empty()) return make_error(ErrorCode::OutOfScope, "problem_id");

  if (command.resolution == "evidence") {
    if (command.proofs.empty()) return make_error(ErrorCode::ProofRequired, "evidence");
    if (auto kept = record_evidence(db, context, record, acting_county, command.proofs); !kept)
      return kept.error();
    auto refreshed = load_problem_record(db, record.problem_id);
    if (!refreshed) return refreshed.error();
    record = **refreshed;
    // 第八条: when two counties are involved, both sides' evidence is needed.
    for (const auto& county : counties) {
      bool given = false;
      for (const auto& d : record.evidence_divisions) given = given || d == county;
      if (!given) {
        CommandOutcome waiting;
        waiting.student_id = record.student_id;
        return waiting;
      }
    }
  } else if (command.resolution == "change") {
    auto corrected = completed_correction_since(db, record.student_id, record.opened_on);
    if (!corrected) return corrected.error();
    if (!*corrected) return make_error(ErrorCode::ProofRequired, "change");
  } else if (command.resolution == "deletion") {
    // The suspect record is deleted from the registry (kept in the database for the audit).
    Student removed = **student;
    const std::string old_status = removed.status;
    removed.status = "deleted";
    if (auto saved = update_student(db, removed); !saved) return saved.error();
    if (auto noted =
            append_history(db, removed.student_id,
                           HistoryEntry{"status", old_status, "deleted", format_date(context.today),
                                        context.actor.account, record.problem_id});
        !noted)
      return noted.error();
  } else {
    return make_error(ErrorCode::InvalidInput, "resolution");
  }
  auto stmt = db.prepare(
      "UPDATE problem_records SET state = 'resolved', resolution = ?2, resolved_on = ?3, "
      "resolved_by = ?4 WHERE problem_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, record.problem_id)
      .bind(2, command.resolution)
      .bind(3, format_date(context.today))
      .bind(4, context.actor.account);
  if (auto ran = stmt->run(); !ran) return ran.error();
  if (auto audited = append_audit(db, context.actor.account, context.actor.device_id,
                                  "resolve_problem_record", record.problem_id, command.resolution);
      !audited)
    return audited.error();
  CommandOutcome outcome;
  outcome.student_id = record.student_id;
  return outcome;
}

}  // namespace xueji
