#include "sync_entities.hpp"

#include <array>

namespace xueji {
namespace {

// R20: a school's unified-enrollment admissions travel with the school (its admitted list).
constexpr std::array<EntityTable, 2> kSchool{
    {{"schools", "code", true}, {"enrollment_admissions", "school_code", false}}};
// A student travels with its field versions: the base versions of the device's next edits.
constexpr std::array<EntityTable, 3> kStudent{{{"students", "student_id", true},
                                               {"guardians", "student_id", false},
                                               {"field_versions", "entity_id", false}}};
constexpr std::array<EntityTable, 3> kWorkflow{{{"workflows", "workflow_id", true},
                                                {"workflow_steps", "workflow_id", false},
                                                {"workflow_proofs", "workflow_id", false}}};
constexpr std::array<EntityTable, 1> kReviewCase{{{"review_cases", "case_id", true}}};
constexpr std::array<EntityTable, 2> kProblem{
    {{"problem_records", "problem_id", true}, {"problem_evidence", "problem_id", false}}};

}  // namespace

std::span<const EntityTable> entity_tables(std::string_view entity) {
  if (entity == "school") return kSchool;
  if (entity == "student") return kStudent;
  if (entity == "workflow") return kWorkflow;
  if (entity == "problem") return kProblem;
  if (entity == "review_case") return kReviewCase;
  return {};
}

bool is_device_only_table(std::string_view table) {
  for (std::string_view t :
       {"device_session", "device_info", "outbox", "rejections", "pull_state", "audit_log",
        "sqlite_sequence", "device_blobs", "upload_queue", "released_ops"})
    if (t == table) return true;
  return table.rfind("sqlite_", 0) == 0;
}

}  // namespace xueji
