// 问题学籍 (第八条, R5): suspect records — wrong check digit, ID/name mismatch, duplicates with or
// without an ID number. They block transfer and graduation until resolved by evidence (佐证),
// change or deletion; with both counties' evidence when two counties are involved.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "xueji/database.hpp"
#include "xueji/date.hpp"
#include "xueji/student.hpp"
#include "xueji/workflow.hpp"

namespace xueji {

enum class ProblemKind { BadCheckDigit, IdNameMismatch, DuplicateWithId, DuplicateWithoutId };
std::string_view problem_kind_name(ProblemKind kind);
std::optional<ProblemKind> problem_kind_from_name(std::string_view name);

struct ProblemRecord {
  std::string problem_id;
  std::string student_id;
  std::string kind;
  std::string state;  // open, resolved
  std::string opened_on;
  std::string detail;
  std::string other_student_id;  // the other record of a duplicate
  std::string resolution;        // evidence, change, deletion
  std::string resolved_on;
  std::string resolved_by;
  std::vector<std::string> evidence_divisions;  // counties that have given evidence
};

// Commands (members of xueji::Command).
struct ReportProblemRecord {
  std::string problem_id;  // client-generated UUID
  std::string student_id;
  std::string kind;  // problem_kind_name()
  std::string detail;
  std::string other_student_id;
};

struct ResolveProblemRecord {
  std::string problem_id;
  std::string resolution;  // "evidence", "change" (after a completed correction), "deletion"
  std::vector<Proof> proofs;
  std::string comment;
};

Result<void> open_problem_record(Database& db, const ProblemRecord& record);
Result<std::optional<ProblemRecord>> load_problem_record(Database& db,
                                                         const std::string& problem_id);
Result<std::vector<ProblemRecord>> problem_records_of(Database& db, const std::string& student_id);
// 查重 without a document number: active students with the same name, birth date and sex.
Result<std::vector<Student>> likely_duplicates(Database& db, const Student& student);

}  // namespace xueji
