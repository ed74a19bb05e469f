// 第十二条: a special-school student moving into a mainstream class (随班就读), or a disabled
// 随班就读 student moving into a special school, may move the registry to the new school or keep
// it at the old one; whether a student entering a 工读 school moves the registry is agreed by
// the old school and the guardians. Either way the choice is recorded. The school reviews and
// its registry authority approves.
#include <array>

#include "policy_support.hpp"
#include "xueji/registry_store.hpp"

namespace xueji {
namespace {

constexpr std::array<std::string_view, 3> kMoves{"special_to_mainstream", "mainstream_to_special",
                                                 "to_work_study"};

bool mainstream(std::string_view kind) {
  return kind == "primary" || kind == "junior" || kind == "nine_year";
}

// The kind of school the student goes to.
bool fits_target(std::string_view move, std::string_view kind) {
  if (move == "special_to_mainstream") return mainstream(kind);
  if (move == "mainstream_to_special") return kind == "special";
  return kind == "work_study";
}

Result<void> check_student(const PolicyContext& context, std::string_view move) {
  const Student& student = *context.student;
  const std::string kind = context.student_school ? context.student_school->kind : "";
  bool fits = true;
  if (move == "special_to_mainstream") fits = kind == "special";
  // 普通学校随班就读残疾学生: a disabled student in a mainstream school.
  if (move == "mainstream_to_special")
    fits = mainstream(kind) && (student.flags.inclusive_class || !student.flags.disability.empty());
  if (move == "to_work_study") fits = kind != "work_study";
  if (!fits) return make_error(ErrorCode::SpecialPlacementMismatch, "move");
  return {};
}

Result<void> check_placement(PolicyContext& context) {
  if (auto ok = require_status(context, {"in_school"}, ErrorCode::StudentNotInSchool); !ok)
    return ok;
  const Workflow& workflow = context.workflow;
  const std::string move = detail(workflow, "move");
  bool known = false;
  for (auto m : kMoves) known = known || m == move;
  if (!known) return make_error(ErrorCode::InvalidInput, "move");
  const std::string choice = detail(workflow, "registry_choice");
  if (choice != "keep" && choice != "move")
    return make_error(ErrorCode::InvalidInput, "registry_choice");
  // 由原学校与学生的父母或其他法定监护人商定: the guardians' agreement is the proof.
  if (move == "to_work_study" && !has_proof(workflow, "guardian_agreement"))
    return make_error(ErrorCode::ProofRequired, "guardian_agreement");
  if (auto ok = check_student(context, move); !ok) return ok;

  const std::string target_code = detail(workflow, "target_school_code");
  if (target_code.empty()) {
    if (choice == "move") return make_error(ErrorCode::DetailRequired, "target_school_code");
    return {};
  }
  auto target = find_school(context.db, target_code);
  if (!target) return target.error();
  if (!*target) return make_error(ErrorCode::NotFound, "target_school_code");
  if (target_code == context.student->school_code || !fits_target(move, (*target)->kind) ||
      !school_offers_grade((*target)->kind, context.student->grade))
    return make_error(ErrorCode::SpecialPlacementMismatch, "target_school_code");
  return {};
}

Result<std::vector<Party>> placement_parties(PolicyContext&) {
  return std::vector<Party>{Party::School, Party::Authority};
}

Result<void> complete_placement(PolicyContext& context) {
  if (auto ok = require_status(context, {"in_school"}, ErrorCode::StudentNotInSchool); !ok)
    return ok;
  Student& student = *context.student;
  const Workflow& workflow = context.workflow;
  const std::string move = detail(workflow, "move");
  const std::string choice = detail(workflow, "registry_choice");
  const bool was_inclusive = student.flags.inclusive_class;
  if (move == "special_to_mainstream") student.flags.inclusive_class = true;
  if (move == "mainstream_to_special") student.flags.inclusive_class = false;
  const std::string from = student.school_code;
  if (choice == "move") {
    // 第十八条: the school the registry leaves keeps a read-only backup, as on a transfer.
    auto backup = context.db.prepare(
        "INSERT OR REPLACE INTO archive_backups(student_id, school_code, created_on, reason) "
        "VALUES(?1, ?2, ?3, 'special_placement')");
    if (!backup) return backup.error();
    backup->bind(1, student.student_id).bind(2, from).bind(3, format_date(context.command.today));
    if (auto kept = backup->run(); !kept) return kept;
    student.school_code = detail(workflow, "target_school_code");
    student.class_name.clear();
  }
  // The choice itself is history (第十二条: recorded), whatever else changes.
  if (auto changed = change_student(context, student, "special_placement", "", move + ":" + choice);
      !changed)
    return changed;
  if (student.flags.inclusive_class != was_inclusive)
    if (auto added = add_history(context, "inclusive_class", was_inclusive ? "1" : "0",
                                 student.flags.inclusive_class ? "1" : "0");
        !added)
      return added;
  if (student.school_code != from)
    return add_history(context, "school_code", from, student.school_code);
  return {};
}

}  // namespace

const WorkflowPolicy& special_placement_policy() {
  static const WorkflowPolicy kPolicy{
      WorkflowKind::SpecialPlacement,
      /*started_by_receiving_school=*/false,
      /*required_proofs=*/{},
      check_placement,
      placement_parties,
      /*on_start=*/nullptr,
      complete_placement,
  };
  return kPolicy;
}

}  // namespace xueji
