// Persistence of workflows, their steps and proofs.
#pragma once
#include <optional>
#include <vector>

#include "xueji/database.hpp"
#include "xueji/workflow.hpp"

namespace xueji {

Result<void> insert_workflow(Database& db, const Workflow& workflow);
// Rewrites state, details and steps of a stored workflow (proofs are only ever added).
Result<void> save_workflow_progress(Database& db, const Workflow& workflow);
Result<void> add_proofs(Database& db, const std::string& workflow_id,
                        const std::vector<Proof>& proofs);
Result<std::optional<Workflow>> load_workflow(Database& db, const std::string& workflow_id);
Result<std::vector<Workflow>> workflows_of_student(Database& db, const std::string& student_id);
// Open steps whose unit lies under `unit_prefix` (a school code or a division prefix).
Result<std::vector<Workflow>> workflows_with_open_step(Database& db,
                                                       const std::string& unit_prefix);

std::string details_to_json(const Details& details);
Result<Details> details_from_json(const std::string& json);

}  // namespace xueji
