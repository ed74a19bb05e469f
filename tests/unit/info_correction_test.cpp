// R7 第十条 基础信息变更 and R4 第七条 (an L number replaced, with history, once the ID arrives).
#include <catch2/catch.hpp>

#include "registry_fixture.hpp"

using namespace xueji;

namespace {

StartWorkflow correction_of(const Student& student, const std::string& field,
                            const std::string& value) {
  StartWorkflow start;
  start.workflow_id = new_uuid();
  start.kind = "info_correction";
  start.student_id = student.student_id;
  start.details = {{"field", field}, {"new_value", value}};
  start.proofs = {Proof{"household_register", sample_hash('c')}};
  return start;
}

ErrorCode refusal(RegistryFixture& f, const Actor& actor, const Command& command) {
  auto outcome = f.run(actor, command);
  REQUIRE_FALSE(outcome.ok());
  return outcome.error().code;
}

}  // namespace

TEST_CASE("R7 第十条: a name correction passes the school and the authority and keeps history") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "张晓明", 41);
  StartWorkflow start = correction_of(pupil, "name", "张小明");
  REQUIRE(f.run(f.school_a, start).ok());
  CHECK(f.student(pupil.student_id).name == "张晓明");  // nothing changes before approval
  REQUIRE(f.run(f.school_a, DecideStep{start.workflow_id, 0, true, "核对户口簿无误", {}}).ok());
  CHECK(refusal(f, f.chuanhui, DecideStep{start.workflow_id, 1, true, "", {}}) ==
        ErrorCode::NotYourStep);
  REQUIRE(f.run(f.shangshui, DecideStep{start.workflow_id, 1, true, "", {}}).ok());
  CHECK(f.student(pupil.student_id).name == "张小明");
  auto history = student_history(f.db, pupil.student_id).value();
  REQUIRE(history.size() == 1);
  CHECK(history[0].field == "name");
  CHECK(history[0].old_value == "张晓明");
  CHECK(history[0].new_value == "张小明");
  CHECK(history[0].changed_by == "county-ss");
}

TEST_CASE("R7 第十条: without the 户口簿 proof, or by another school, a correction is refused") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "刘洋", 43);
  StartWorkflow no_proof = correction_of(pupil, "name", "刘阳");
  no_proof.proofs.clear();
  CHECK(refusal(f, f.school_a, no_proof) == ErrorCode::ProofRequired);
  CHECK(refusal(f, f.school_b, correction_of(pupil, "name", "刘阳")) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.shangshui, correction_of(pupil, "name", "刘阳")) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.school_a, correction_of(pupil, "status", "graduated")) ==
        ErrorCode::InvalidInput);
}

TEST_CASE("R4 第七条: sex and birth date of a resident ID holder are locked to the ID") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "黄蕾", 45);
  CHECK(refusal(f, f.school_a, correction_of(pupil, "gender", "2")) == ErrorCode::InvalidInput);
  CHECK(refusal(f, f.school_a, correction_of(pupil, "birth_date", "2017-01-01")) ==
        ErrorCode::InvalidInput);
  std::string bad_id = make_id_number("411623", Date{2017, 4, 1}, 47);
  bad_id[17] = bad_id[17] == '1' ? '2' : '1';
  CHECK(refusal(f, f.school_a, correction_of(pupil, "id_number", bad_id)) == ErrorCode::IdChecksum);
  Student other = f.enroll(f.school_b, "黄磊", 49);
  CHECK(refusal(f, f.school_a, correction_of(pupil, "id_number", other.id_number)) ==
        ErrorCode::DuplicateRegistry);
}

TEST_CASE("R4 第七条: an L number is replaced by a G number with history when the ID arrives") {
  RegistryFixture f;
  auto r = registration_of("马小龙", "", 2, "2025-09-01");
  r.student_id = new_uuid();
  r.document_type = "none";
  r.gender = 1;
  r.birth_date = "2018-06-06";
  r.hukou_division = "411623";
  r.serial = 77;
  REQUIRE(f.run(f.school_a, RegisterStudent{r}).ok());
  Student pupil = f.student(r.student_id);
  CHECK(pupil.registry_number == "L411623201806060077");

  std::string id = make_id_number("411623", Date{2018, 6, 6}, 51);
  StartWorkflow start = correction_of(pupil, "id_number", id);
  REQUIRE(f.run(f.school_a, start).ok());
  REQUIRE(f.run(f.school_a, DecideStep{start.workflow_id, 0, true, "", {}}).ok());
  REQUIRE(f.run(f.shangshui, DecideStep{start.workflow_id, 1, true, "", {}}).ok());
  Student updated = f.student(pupil.student_id);
  CHECK(updated.registry_number == "G" + id);
  CHECK(updated.document_type == "resident_id");
  CHECK(updated.id_number == id);
  auto history = student_history(f.db, pupil.student_id).value();
  REQUIRE(history.size() == 2);
  CHECK(history[1].field == "registry_number");
  CHECK(history[1].old_value == "L411623201806060077");
}
