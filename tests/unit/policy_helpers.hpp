// Shared steps of the status-workflow tests (第十二条–第十六条): start a workflow of a kind for a
// student, approve its steps in order, read the refusal code.
#pragma once
#include <catch2/catch.hpp>

#include "registry_fixture.hpp"

inline xueji::StartWorkflow start_of(const std::string& kind, const xueji::Student& student,
                                     xueji::Details details = {},
                                     std::vector<std::string> proofs = {}) {
  xueji::StartWorkflow start;
  start.workflow_id = xueji::new_uuid();
  start.kind = kind;
  start.student_id = student.student_id;
  start.details = std::move(details);
  int i = 0;
  for (const auto& proof : proofs)
    start.proofs.push_back(xueji::Proof{proof, sample_hash("0123456789abcdef"[i++ % 16])});
  return start;
}

inline xueji::Error refusal_of(RegistryFixture& f, const xueji::Actor& actor,
                               const xueji::Command& command) {
  auto outcome = f.run(actor, command);
  REQUIRE_FALSE(outcome.ok());
  return outcome.error();
}

inline xueji::ErrorCode refusal(RegistryFixture& f, const xueji::Actor& actor,
                                const xueji::Command& command) {
  return refusal_of(f, actor, command).code;
}

// Decides every open step in order, each by the actor given for it.
inline void approve(RegistryFixture& f, const std::string& workflow_id,
                    std::initializer_list<const xueji::Actor*> actors) {
  int position = 0;
  for (const xueji::Actor* actor : actors)
    REQUIRE(f.run(*actor, xueji::DecideStep{workflow_id, position++, true, "", {}}).ok());
}

// The history rows of a student for one field, oldest first.
inline std::vector<xueji::HistoryEntry> history_of(RegistryFixture& f,
                                                   const std::string& student_id,
                                                   const std::string& field) {
  auto all = xueji::student_history(f.db, student_id);
  REQUIRE(all.ok());
  std::vector<xueji::HistoryEntry> rows;
  for (const auto& row : *all)
    if (row.field == field) rows.push_back(row);
  return rows;
}
