// R5 第八条 问题学籍: likely duplicates without an ID become problem records; they block
// transfer and are resolved by evidence (both counties' when two are involved), a correction or
// deletion.
#include <algorithm>
#include <catch2/catch.hpp>

#include "registry_fixture.hpp"
#include "xueji/problem_record.hpp"

using namespace xueji;

namespace {

Result<CommandOutcome> register_without_id(RegistryFixture& f, const Actor& school,
                                           const std::string& name, int serial) {
  auto r = registration_of(name, "", 2, "2025-09-01");
  r.student_id = new_uuid();
  r.document_type = "none";
  r.gender = 1;
  r.birth_date = "2018-03-03";
  r.hukou_division = "411623";
  r.serial = serial;
  return f.run(school, RegisterStudent{r});
}

ErrorCode refusal(RegistryFixture& f, const Actor& actor, const Command& command) {
  auto outcome = f.run(actor, command);
  REQUIRE_FALSE(outcome.ok());
  return outcome.error().code;
}

}  // namespace

TEST_CASE("R5 第八条: a likely duplicate without an ID is registered as a problem record") {
  RegistryFixture f;
  auto first = register_without_id(f, f.school_a, "王小二", 1);
  REQUIRE(first.ok());
  // Other warnings may come too (REGISTRATION_LATE: these enrolled a year ago).
  auto duplicate_warnings = [](const CommandOutcome& o) {
    return std::count(o.warnings.begin(), o.warnings.end(), "LIKELY_DUPLICATE");
  };
  CHECK(duplicate_warnings(*first) == 0);
  auto second = register_without_id(f, f.school_c, "王小二", 2);
  REQUIRE(second.ok());
  CHECK(duplicate_warnings(*second) == 1);
  auto records = problem_records_of(f.db, second->student_id).value();
  REQUIRE(records.size() == 1);
  CHECK(records[0].kind == "duplicate_without_id");
  CHECK(records[0].other_student_id == first->student_id);
  CHECK(records[0].state == "open");
}

TEST_CASE("R5 第八条: two different valid ID numbers are two people, even with one name") {
  RegistryFixture f;
  Student a = f.enroll(f.school_a, "张伟", 61);
  auto r = registration_of("张伟", make_id_number("411623", a.birth_date, 63), a.grade,
                           format_date(a.enrollment_date));
  r.student_id = new_uuid();
  auto b = f.run(f.school_a, RegisterStudent{r});
  REQUIRE(b.ok());
  CHECK(std::count(b->warnings.begin(), b->warnings.end(), "LIKELY_DUPLICATE") == 0);
  CHECK(problem_records_of(f.db, b->student_id).value().empty());
}

TEST_CASE("R5 第八条: across two counties a problem record needs both counties' evidence") {
  RegistryFixture f;
  auto first = register_without_id(f, f.school_a, "李二狗", 3);
  auto second = register_without_id(f, f.school_c, "李二狗", 4);
  REQUIRE(second.ok());
  const std::string problem = problem_records_of(f.db, second->student_id).value()[0].problem_id;

  ResolveProblemRecord by_evidence{problem, "evidence", {Proof{"evidence", sample_hash('d')}}, ""};
  CHECK(refusal(f, f.school_c, by_evidence) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.jinshui, by_evidence) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.chuanhui, ResolveProblemRecord{problem, "evidence", {}, ""}) ==
        ErrorCode::ProofRequired);
  REQUIRE(f.run(f.chuanhui, by_evidence).ok());
  CHECK(load_problem_record(f.db, problem).value()->state == "open");  // one side only
  REQUIRE(
      f.run(f.shangshui,
            ResolveProblemRecord{problem, "evidence", {Proof{"evidence", sample_hash('e')}}, ""})
          .ok());
  auto resolved = *load_problem_record(f.db, problem).value();
  CHECK(resolved.state == "resolved");
  CHECK(resolved.resolution == "evidence");
  CHECK(resolved.evidence_divisions == std::vector<std::string>{"411602", "411623"});
  CHECK(refusal(f, f.shangshui, by_evidence) == ErrorCode::WorkflowNotOpen);
}

TEST_CASE("R5 第八条: deletion removes the duplicate from the registry, with history") {
  RegistryFixture f;
  REQUIRE(register_without_id(f, f.school_a, "赵六", 5).ok());
  auto duplicate = register_without_id(f, f.school_b, "赵六", 6);
  const std::string problem = problem_records_of(f.db, duplicate->student_id).value()[0].problem_id;
  REQUIRE(f.run(f.shangshui, ResolveProblemRecord{problem, "deletion", {}, "重复建籍"}).ok());
  CHECK(f.student(duplicate->student_id).status == "deleted");
  auto history = student_history(f.db, duplicate->student_id).value();
  REQUIRE(history.size() == 1);
  CHECK(history[0].new_value == "deleted");
}

TEST_CASE("R5 第八条: a change resolution needs a completed correction of the record") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "孙七", 65);
  ReportProblemRecord report{"p-mismatch", pupil.student_id, "id_name_mismatch", "公安比对不符",
                             ""};
  CHECK(refusal(f, f.school_b, report) == ErrorCode::OutOfScope);
  ReportProblemRecord unknown = report;
  unknown.kind = "looks_odd";
  CHECK(refusal(f, f.school_a, unknown) == ErrorCode::InvalidInput);
  REQUIRE(f.run(f.school_a, report).ok());
  CHECK(refusal(f, f.shangshui, ResolveProblemRecord{"p-mismatch", "change", {}, ""}) ==
        ErrorCode::ProofRequired);

  StartWorkflow correction;
  correction.workflow_id = new_uuid();
  correction.kind = "info_correction";
  correction.student_id = pupil.student_id;
  correction.details = {{"field", "name"}, {"new_value", "孙琪"}};
  correction.proofs = {Proof{"household_register", sample_hash('f')}};
  REQUIRE(f.run(f.school_a, correction).ok());
  REQUIRE(f.run(f.school_a, DecideStep{correction.workflow_id, 0, true, "", {}}).ok());
  REQUIRE(f.run(f.shangshui, DecideStep{correction.workflow_id, 1, true, "", {}}).ok());
  REQUIRE(f.run(f.shangshui, ResolveProblemRecord{"p-mismatch", "change", {}, ""}).ok());
  CHECK(load_problem_record(f.db, "p-mismatch").value()->resolution == "change");
}
