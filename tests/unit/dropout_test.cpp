// R11 第十四条 辍学: no expulsion, ordered withdrawal or ordered repetition exists; a dropout is
// reported (township/street office and county), the registry stays, and a migrant child's
// archive is addressed to the hukou-location authority.
#include <catch2/catch.hpp>

#include "policy_helpers.hpp"
#include "xueji/operation.hpp"

using namespace xueji;

namespace {

StartWorkflow dropout_of(const Student& s, Details details = {{"reported_to_township", "1"}}) {
  return start_of("dropout", s, std::move(details));
}

}  // namespace

TEST_CASE(
    "R11 第十四条(二): a dropout is reported — the status changes at once, the county "
    "acknowledges, the registry stays") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "马辍学", 91);
  StartWorkflow start = dropout_of(pupil);
  REQUIRE(f.run(f.school_a, start).ok());
  CHECK(f.student(pupil.student_id).status == "dropout");
  Workflow w = f.workflow(start.workflow_id);
  REQUIRE(w.steps.size() == 1);
  CHECK(w.steps[0].party == Party::Authority);
  CHECK(w.steps[0].unit_code == "411623");
  CHECK(w.steps[0].state == StepState::Open);
  CHECK(refusal(f, f.school_a, DecideStep{start.workflow_id, 0, true, "", {}}) ==
        ErrorCode::NotYourStep);
  REQUIRE(f.run(f.shangshui, DecideStep{start.workflow_id, 0, true, "已知悉", {}}).ok());
  CHECK(f.workflow(start.workflow_id).state == WorkflowState::Completed);

  Student kept = f.student(pupil.student_id);
  CHECK(kept.status == "dropout");
  CHECK(kept.registry_number == pupil.registry_number);  // 在义务教育年限内为其保留学籍
  CHECK(kept.school_code == pupil.school_code);
  auto status = history_of(f, pupil.student_id, "status");
  REQUIRE(status.size() == 1);
  CHECK(status[0].workflow_id == start.workflow_id);
}

TEST_CASE("R11 第十四条(二): the township or street office must be told too") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "牛辍学", 93);
  CHECK(refusal(f, f.school_a, dropout_of(pupil, {})) == ErrorCode::DropoutTownshipReportRequired);
  CHECK(refusal(f, f.school_a, dropout_of(pupil, {{"reported_to_township", "0"}})) ==
        ErrorCode::DropoutTownshipReportRequired);
  CHECK(f.student(pupil.student_id).status == "in_school");
  // No authority reports (let alone orders) a dropout: the school does.
  CHECK(refusal(f, f.shangshui, dropout_of(pupil)) == ErrorCode::OutOfScope);
  Student missing = f.enroll(f.school_a, "羊辍学", 95);
  missing.status = "missing";
  REQUIRE(update_student(f.db, missing).ok());
  CHECK(refusal(f, f.school_a, dropout_of(missing)) == ErrorCode::StatusNotAllowed);
}

TEST_CASE("R11 第十四条(二): a migrant child's archive goes to the hukou-location authority") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "朱随迁", 97);
  pupil.flags.migrant_child = true;
  REQUIRE(update_student(f.db, pupil).ok());
  auto refused = refusal_of(f, f.school_a, dropout_of(pupil));
  CHECK(refused.code == ErrorCode::DetailRequired);
  CHECK(refused.field == "hukou_authority");
  CHECK(refusal(f, f.school_a,
                dropout_of(pupil, {{"reported_to_township", "1"},
                                   {"hukou_authority", "990101"}})) == ErrorCode::DivisionInvalid);

  StartWorkflow start =
      dropout_of(pupil, {{"reported_to_township", "1"}, {"hukou_authority", "510107"}});
  REQUIRE(f.run(f.school_a, start).ok());
  CHECK(f.workflow(start.workflow_id).details.at("hukou_authority") == "510107");

  // Recorded from the student's own hukou when known.
  Student other = f.enroll(f.school_a, "秦随迁", 99);
  other.flags.migrant_child = true;
  other.hukou_division = "500101";
  REQUIRE(update_student(f.db, other).ok());
  StartWorkflow from_record = dropout_of(other);
  REQUIRE(f.run(f.school_a, from_record).ok());
  CHECK(f.workflow(from_record.workflow_id).details.at("hukou_authority") == "500101");
}

TEST_CASE(
    "R11/R12 第十四条(一), 第十五条: expulsion, ordered withdrawal and ordered repetition "
    "cannot be expressed") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "尤在读", 101);
  for (const char* kind : {"expel_student", "force_withdrawal", "force_repetition", "expel",
                           "forced_transfer", "deregister"}) {
    INFO(kind);
    CHECK_FALSE(workflow_kind_from_name(kind).has_value());
    auto parsed = parse_operation(
        std::string("{\"format\":1,\"op_id\":\"o\",\"device_id\":\"d\",\"seq\":1,\"actor\":\"a\","
                    "\"device_time\":\"\",\"kind\":\"") +
        kind + "\"}");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == ErrorCode::MalformedRequest);
    // Nor as a workflow kind inside a start_workflow command.
    CHECK(refusal(f, f.school_a, start_of(kind, pupil)) == ErrorCode::WorkflowKindUnknown);
    CHECK(refusal(f, f.shangshui, start_of(kind, pupil)) == ErrorCode::WorkflowKindUnknown);
  }
  CHECK(f.student(pupil.student_id).status == "in_school");
}
