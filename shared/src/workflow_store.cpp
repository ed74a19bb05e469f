#include "xueji/workflow_store.hpp"

#include <algorithm>
#include <cereal/archives/json.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>
#include <sstream>

namespace xueji {
namespace {

// Writes the steps of `w`: a new step is inserted, a stored one updated only where it differs.
// Each step write fires the change-feed trigger (a change_log row per unit of the workflow), so
// rewriting unchanged steps, as deleting and reinserting all of them did, cost a decision
// about as much as a registration's whole merge (docs/PERFORMANCE.md); the workflow's own
// UPDATE already logs it for every unit.
Result<void> write_steps(Database& db, const Workflow& w) {
  auto stmt = db.prepare(
      "INSERT INTO workflow_steps(workflow_id, position, party, role, unit_code, state, opened_on, "
      "deadline, deadline_provisional, decided_by, decided_on, forced, comment) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
      "ON CONFLICT(workflow_id, position) DO UPDATE SET party = ?3, role = ?4, unit_code = ?5, "
      "state = ?6, opened_on = ?7, deadline = ?8, deadline_provisional = ?9, decided_by = ?10, "
      "decided_on = ?11, forced = ?12, comment = ?13 "
      "WHERE party IS NOT ?3 OR role IS NOT ?4 OR unit_code IS NOT ?5 OR state IS NOT ?6 OR "
      "opened_on IS NOT ?7 OR deadline IS NOT ?8 OR deadline_provisional IS NOT ?9 OR "
      "decided_by IS NOT ?10 OR decided_on IS NOT ?11 OR forced IS NOT ?12 OR comment IS NOT ?13");
  if (!stmt) return stmt.error();
  for (const auto& s : w.steps) {
    stmt->bind(1, w.workflow_id)
        .bind(2, s.position)
        .bind(3, party_name(s.party))
        .bind(4, role_name(s.role))
        .bind(5, s.unit_code)
        .bind(6, step_state_name(s.state))
        .bind(7, s.opened_on)
        .bind(8, s.deadline)
        .bind(9, s.deadline_provisional ? 1 : 0)
        .bind(10, s.decided_by)
        .bind(11, s.decided_on)
        .bind(12, s.forced ? 1 : 0)
        .bind(13, s.comment);
    if (auto ran = stmt->run(); !ran) return ran;
  }
  return {};
}

Result<std::vector<WorkflowStep>> load_steps(Database& db, const std::string& workflow_id) {
  auto stmt = db.prepare(
      "SELECT position, party, role, unit_code, state, opened_on, deadline, deadline_provisional, "
      "decided_by, decided_on, forced, comment FROM workflow_steps WHERE workflow_id = ?1 "
      "ORDER BY position");
  if (!stmt) return stmt.error();
  stmt->bind(1, workflow_id);
  std::vector<WorkflowStep> steps;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return steps;
    WorkflowStep s;
    s.position = static_cast<int>(stmt->integer(0));
    s.party = party_from_name(stmt->text(1)).value_or(Party::School);
    s.role =
        role_from_name(stmt->text(2)).ok() ? *role_from_name(stmt->text(2)) : Role::SchoolRegistrar;
    s.unit_code = stmt->text(3);
    std::string state = stmt->text(4);
    s.state = state == "open"       ? StepState::Open
              : state == "approved" ? StepState::Approved
              : state == "rejected" ? StepState::Rejected
                                    : StepState::Waiting;
    s.opened_on = stmt->text(5);
    s.deadline = stmt->text(6);
    s.deadline_provisional = stmt->integer(7) != 0;
    s.decided_by = stmt->text(8);
    s.decided_on = stmt->text(9);
    s.forced = stmt->integer(10) != 0;
    s.comment = stmt->text(11);
    steps.push_back(std::move(s));
  }
}

Result<std::vector<Proof>> load_proofs(Database& db, const std::string& workflow_id) {
  auto stmt = db.prepare(
      "SELECT kind, content_hash FROM workflow_proofs WHERE workflow_id = ?1 ORDER BY rowid");
  if (!stmt) return stmt.error();
  stmt->bind(1, workflow_id);
  std::vector<Proof> proofs;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return proofs;
    proofs.push_back(Proof{stmt->text(0), stmt->text(1)});
  }
}

WorkflowState state_from_name(const std::string& name) {
  return name == "completed"   ? WorkflowState::Completed
         : name == "rejected"  ? WorkflowState::Rejected
         : name == "withdrawn" ? WorkflowState::Withdrawn
                               : WorkflowState::Open;
}

Result<std::vector<Workflow>> load_many(Database& db, std::string_view sql,
                                        const std::string& argument) {
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.error();
  stmt->bind(1, argument);
  auto ids = stmt->texts(0);
  if (!ids) return ids.error();
  std::vector<Workflow> workflows;
  for (const auto& id : *ids) {
    auto loaded = load_workflow(db, id);
    if (!loaded) return loaded.error();
    if (*loaded) workflows.push_back(std::move(**loaded));
  }
  return workflows;
}

}  // namespace

std::string details_to_json(const Details& details) {
  std::ostringstream out;
  {
    cereal::JSONOutputArchive archive(out, cereal::JSONOutputArchive::Options::NoIndent());
    archive(cereal::make_nvp("details", details));
  }
  return out.str();
}

Result<Details> details_from_json(const std::string& json) {
  try {
    std::istringstream in(json);
    cereal::JSONInputArchive archive(in);
    Details details;
    archive(cereal::make_nvp("details", details));
    return details;
  } catch (const std::exception& e) {
    return make_error(ErrorCode::StorageError, "details", e.what());
  }
}

Result<void> insert_workflow(Database& db, const Workflow& w) {
  auto stmt = db.prepare(
      "INSERT INTO workflows(workflow_id, kind, student_id, state, started_by, started_unit, "
      "started_on, details) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!stmt) return stmt.error();
  stmt->bind(1, w.workflow_id)
      .bind(2, workflow_kind_name(w.kind))
      .bind(3, w.student_id)
      .bind(4, workflow_state_name(w.state))
      .bind(5, w.started_by)
      .bind(6, w.started_unit)
      .bind(7, w.started_on)
      .bind(8, details_to_json(w.details));
  if (auto ran = stmt->run(); !ran) return ran;
  if (auto proofs = add_proofs(db, w.workflow_id, w.proofs); !proofs) return proofs;
  return write_steps(db, w);
}

Result<void> save_workflow_progress(Database& db, const Workflow& w) {
  auto stmt = db.prepare(
      "UPDATE workflows SET state = ?2, student_id = ?3, details = ?4 WHERE workflow_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, w.workflow_id)
      .bind(2, workflow_state_name(w.state))
      .bind(3, w.student_id)
      .bind(4, details_to_json(w.details));
  if (auto ran = stmt->run(); !ran) return ran;
  // Steps no longer in the workflow go (none of today's policies drops one).
  auto stored = db.prepare("SELECT position FROM workflow_steps WHERE workflow_id = ?1");
  if (!stored) return stored.error();
  stored->bind(1, w.workflow_id);
  auto positions = stored->texts(0);
  if (!positions) return positions.error();
  for (const auto& position : *positions) {
    const bool kept = std::any_of(w.steps.begin(), w.steps.end(), [&](const WorkflowStep& s) {
      return std::to_string(s.position) == position;
    });
    if (kept) continue;
    auto drop = db.prepare("DELETE FROM workflow_steps WHERE workflow_id = ?1 AND position = ?2");
    if (!drop) return drop.error();
    drop->bind(1, w.workflow_id).bind(2, std::stoi(position));
    if (auto ran = drop->run(); !ran) return ran;
  }
  return write_steps(db, w);
}

Result<void> add_proofs(Database& db, const std::string& workflow_id,
                        const std::vector<Proof>& proofs) {
  auto stmt = db.prepare(
      "INSERT OR IGNORE INTO workflow_proofs(workflow_id, kind, content_hash) VALUES(?1, ?2, ?3)");
  if (!stmt) return stmt.error();
  for (const auto& p : proofs) {
    stmt->bind(1, workflow_id).bind(2, p.kind).bind(3, p.content_hash);
    if (auto ran = stmt->run(); !ran) return ran;
  }
  return {};
}

Result<std::optional<Workflow>> load_workflow(Database& db, const std::string& workflow_id) {
  auto stmt = db.prepare(
      "SELECT kind, student_id, state, started_by, started_unit, started_on, details "
      "FROM workflows WHERE workflow_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, workflow_id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<Workflow>();
  Workflow w;
  w.workflow_id = workflow_id;
  auto kind = workflow_kind_from_name(stmt->text(0));
  if (!kind) return make_error(ErrorCode::WorkflowKindUnknown, "kind", stmt->text(0));
  w.kind = *kind;
  w.student_id = stmt->text(1);
  w.state = state_from_name(stmt->text(2));
  w.started_by = stmt->text(3);
  w.started_unit = stmt->text(4);
  w.started_on = stmt->text(5);
  auto details = details_from_json(stmt->text(6));
  if (!details) return details.error();
  w.details = std::move(*details);
  auto proofs = load_proofs(db, workflow_id);
  if (!proofs) return proofs.error();
  w.proofs = std::move(*proofs);
  auto steps = load_steps(db, workflow_id);
  if (!steps) return steps.error();
  w.steps = std::move(*steps);
  return std::optional<Workflow>(std::move(w));
}

Result<std::vector<Workflow>> workflows_of_student(Database& db, const std::string& student_id) {
  return load_many(db, "SELECT workflow_id FROM workflows WHERE student_id = ?1 ORDER BY rowid",
                   student_id);
}

Result<std::vector<Workflow>> workflows_with_open_step(Database& db,
                                                       const std::string& unit_prefix) {
  return load_many(db,
                   "SELECT DISTINCT s.workflow_id FROM workflow_steps s JOIN workflows w "
                   "ON w.workflow_id = s.workflow_id WHERE s.state = 'open' AND w.state = 'open' "
                   "AND substr(s.unit_code, 1, length(?1)) = ?1 "
                   // The same prefix as a range, so workflow_steps_open(state, unit_code)
                   // narrows the scan to the unit (codes are ASCII digits).
                   "AND s.unit_code >= ?1 AND s.unit_code < ?1 || char(127) "
                   "ORDER BY s.deadline, s.workflow_id",
                   unit_prefix);
}

}  // namespace xueji
