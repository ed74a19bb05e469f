// County review (S4): pending approvals with working days left and escalation upward
// (第十一条(三)), scope of the unit views (第三条), statistics of a unit.
#include <catch2/catch.hpp>

#include "registry_fixture.hpp"
#include "xueji/approvals.hpp"
#include "xueji/review_views.hpp"
#include "xueji/statistics.hpp"

using namespace xueji;

namespace {

std::vector<PendingApproval> approvals(RegistryFixture& f, const Actor& actor,
                                       bool overdue_only = false) {
  auto found = pending_approvals(f.db, actor, f.today, overdue_only);
  REQUIRE(found.ok());
  return *found;
}

}  // namespace

TEST_CASE("S4: each unit lists the steps it must decide, with working days left") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "张小明", 11);
  StartWorkflow start = transfer_of(pupil);
  REQUIRE(f.run(f.school_c, start).ok());

  auto receiving = approvals(f, f.chuanhui);
  REQUIRE(receiving.size() == 1);
  CHECK(receiving[0].workflow_id == start.workflow_id);
  CHECK(receiving[0].kind == WorkflowKind::Transfer);
  CHECK(receiving[0].student_name == "张小明");
  CHECK(receiving[0].step.party == Party::ReceivingAuthority);
  CHECK(receiving[0].step.deadline == "2026-09-29");
  CHECK(receiving[0].working_days_left == 10);  // 第十一条(三): 10 working days
  CHECK_FALSE(receiving[0].overdue);
  CHECK_FALSE(receiving[0].escalated);
  // Nobody else has anything to decide yet; nothing is overdue.
  CHECK(approvals(f, f.shangshui).empty());
  CHECK(approvals(f, f.school_a).empty());
  CHECK(approvals(f, f.zhoukou).empty());
  CHECK(approvals(f, f.chuanhui, true).empty());

  REQUIRE(f.run(f.chuanhui, DecideStep{start.workflow_id, 0, true, "", {}}).ok());
  CHECK(approvals(f, f.chuanhui).empty());
  auto sending = approvals(f, f.school_a);
  REQUIRE(sending.size() == 1);
  CHECK(sending[0].step.party == Party::SendingSchool);
  CHECK(approvals(f, f.school_b).empty());  // another school of the same county
}

TEST_CASE(
    "S4 第十一条(三): an overdue step is listed for the level directly above, which may force it") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "李华", 13);
  StartWorkflow start = transfer_of(pupil);
  REQUIRE(f.run(f.school_c, start).ok());
  REQUIRE(f.run(f.chuanhui, DecideStep{start.workflow_id, 0, true, "", {}}).ok());
  // The sending school's step opened 2026-09-15 and ended 2026-09-29.
  f.today = Date{2026, 10, 9};
  auto own = approvals(f, f.school_a, true);
  REQUIRE(own.size() == 1);
  CHECK(own[0].overdue);
  CHECK(own[0].working_days_left < 0);
  CHECK_FALSE(own[0].escalated);

  auto county = approvals(f, f.shangshui);
  REQUIRE(county.size() == 1);
  CHECK(county[0].escalated);
  CHECK(county[0].overdue);
  CHECK(approvals(f, f.shangshui, true).size() == 1);
  // Not another county, not the city (two levels above a school), not the receiving county.
  CHECK(approvals(f, f.jinshui).empty());
  CHECK(approvals(f, f.chuanhui).empty());
  CHECK(approvals(f, f.zhoukou).empty());

  REQUIRE(f.run(f.shangshui, ForceStep{start.workflow_id, 1, true, "逾期强制"}).ok());
  CHECK(approvals(f, f.school_a).empty());
  // The sending county's step now; once overdue it escalates to the city.
  auto step = approvals(f, f.shangshui);
  REQUIRE(step.size() == 1);
  CHECK_FALSE(step[0].escalated);
  f.today = Date{2026, 11, 2};
  auto city = approvals(f, f.zhoukou, true);
  REQUIRE(city.size() == 1);
  CHECK(city[0].escalated);
  CHECK(city[0].step.party == Party::SendingAuthority);
}

TEST_CASE("S4 第三条: a unit view is in scope only for the unit itself or an authority above it") {
  RegistryFixture f;
  REQUIRE(upsert_division(f.db, Division{"411623", "商水县", "4116", 3}).ok());
  REQUIRE(upsert_division(f.db, Division{"4116", "周口市", "41", 2}).ok());
  REQUIRE(upsert_division(f.db, Division{"411602", "川汇区", "4116", 3}).ok());
  CHECK(unit_in_scope(f.db, f.shangshui, "411623").ok());
  CHECK(unit_in_scope(f.db, f.shangshui, "4116230001").ok());
  CHECK(unit_in_scope(f.db, f.zhoukou, "411602").ok());
  CHECK(unit_in_scope(f.db, f.school_a, "4116230001").ok());
  CHECK(unit_in_scope(f.db, f.shangshui, "411602").error().code == ErrorCode::OutOfScope);
  CHECK(unit_in_scope(f.db, f.shangshui, "4116").error().code == ErrorCode::OutOfScope);
  CHECK(unit_in_scope(f.db, f.shangshui, "4116020001").error().code == ErrorCode::OutOfScope);
  CHECK(unit_in_scope(f.db, f.school_a, "4116230002").error().code == ErrorCode::OutOfScope);
  CHECK(unit_in_scope(f.db, f.school_a, "411623").error().code == ErrorCode::OutOfScope);
  CHECK(unit_in_scope(f.db, f.shangshui, "419999").error().code == ErrorCode::NotFound);
}

TEST_CASE(
    "S4: statistics count a unit's students by grade and status, transfers and overdue steps") {
  RegistryFixture f;
  REQUIRE(upsert_division(f.db, Division{"411623", "商水县", "4116", 3}).ok());
  Student mover = f.enroll(f.school_a, "王芳", 15, 3);
  f.enroll(f.school_a, "赵磊", 17, 3);
  f.enroll(f.school_b, "陈晨", 19, 5);
  // A transfer from school A to school B (same county), completed.
  StartWorkflow start = transfer_of(mover);
  REQUIRE(f.run(f.school_b, start).ok());
  REQUIRE(f.run(f.shangshui, DecideStep{start.workflow_id, 0, true, "", {}}).ok());
  REQUIRE(f.run(f.school_a, DecideStep{start.workflow_id, 1, true, "", {}}).ok());
  // A second transfer left open until overdue.
  Student waiting = f.enroll(f.school_a, "周杰", 21, 3);
  REQUIRE(f.run(f.school_b, transfer_of(waiting)).ok());
  f.today = Date{2026, 10, 20};

  auto county = unit_in_scope(f.db, f.shangshui, "411623");
  REQUIRE(county.ok());
  auto stats = unit_statistics(f.db, f.shangshui, *county, f.today, "");
  REQUIRE(stats.ok());
  CHECK(stats->schools.size() == 2);
  CHECK(stats->total.in_school_by_grade[2] == 3);  // grade 3
  CHECK(stats->total.in_school_by_grade[4] == 1);  // grade 5
  CHECK(stats->total.status_counts["in_school"] == 4);
  CHECK(stats->total.transfers_in == 1);
  CHECK(stats->total.transfers_out == 1);
  CHECK(stats->total.overdue_steps == 2);  // counted for both schools it concerns
  const UnitStatistics& a = stats->schools[0];
  CHECK(a.unit_code == "4116230001");
  CHECK(a.transfers_out == 1);
  CHECK(a.transfers_in == 0);
  CHECK(a.in_school_by_grade[2] == 2);
  CHECK(a.overdue_steps == 1);
  // The school year filter: the transfer completed in 2026-2027.
  auto earlier = unit_statistics(f.db, f.shangshui, *county, f.today, "2025-2026");
  REQUIRE(earlier.ok());
  CHECK(earlier->total.transfers_in == 0);
  CHECK(unit_statistics(f.db, f.shangshui, *county, f.today, "2026").error().code ==
        ErrorCode::SchoolYearInvalid);
}

TEST_CASE(
    "S4 第八条: problem records are listed for the student's school and its authorities only") {
  RegistryFixture f;
  REQUIRE(upsert_division(f.db, Division{"411623", "商水县", "4116", 3}).ok());
  Student pupil = f.enroll(f.school_a, "刘洋", 23);
  REQUIRE(f.run(f.school_a, ReportProblemRecord{"p-1", pupil.student_id, "id_name_mismatch",
                                                "户口簿姓名不同", ""})
              .ok());
  auto county = unit_in_scope(f.db, f.shangshui, "411623");
  REQUIRE(county.ok());
  auto open = problem_records_of_unit(f.db, f.shangshui, *county, "open");
  REQUIRE(open.ok());
  REQUIRE(open->size() == 1);
  CHECK(open->front().student_name == "刘洋");
  CHECK(open->front().school_code == "4116230001");
  auto resolved = problem_records_of_unit(f.db, f.shangshui, *county, "resolved");
  REQUIRE(resolved.ok());
  CHECK(resolved->empty());
  auto other_school = unit_in_scope(f.db, f.school_b, "4116230002");
  REQUIRE(other_school.ok());
  CHECK(problem_records_of_unit(f.db, f.school_b, *other_school, "")->empty());
}
