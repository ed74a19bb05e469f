// R10 第十三条(三) 延长休学 and the reminder when a suspension lapses (督促复学).
#include <catch2/catch.hpp>

#include "policy_helpers.hpp"
#include "xueji/reminders.hpp"

using namespace xueji;

namespace {

// Suspends through the workflow on the fixture's day: until one year later.
void suspend(RegistryFixture& f, const Student& s, const std::string& reason = "illness") {
  StartWorkflow start =
      start_of("suspension", s, {{"reason", reason}},
               {"guardian_application",
                reason == "illness" ? "hospital_certificate" : "supporting_document"});
  REQUIRE(f.run(f.school_a, start).ok());
  approve(f, start.workflow_id, {&f.school_a, &f.shangshui});
}

StartWorkflow extension_of(const Student& s) {
  return start_of("suspension_extension", s, {}, {"guardian_application", "hospital_certificate"});
}

}  // namespace

TEST_CASE("R10 第十三条(三): an extension adds a year to the period, school then authority") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "钱延期", 61);
  suspend(f, pupil);
  f.today = Date{2027, 9, 1};
  StartWorkflow start = extension_of(pupil);
  REQUIRE(f.run(f.school_a, start).ok());
  Workflow w = f.workflow(start.workflow_id);
  REQUIRE(w.steps.size() == 2);
  CHECK(w.steps[0].party == Party::School);
  CHECK(w.steps[1].party == Party::Authority);
  CHECK(w.details.at("previous_until") == "2027-09-15");
  CHECK(w.details.at("until") == "2028-09-15");  // from the end of the period, not from today
  approve(f, start.workflow_id, {&f.school_a, &f.shangshui});

  CHECK(f.student(pupil.student_id).status == "suspended");
  auto until = history_of(f, pupil.student_id, "suspended_until");
  REQUIRE(until.size() == 2);
  CHECK(until[1].old_value == "2027-09-15");
  CHECK(until[1].new_value == "2028-09-15");
  CHECK(until[1].workflow_id == start.workflow_id);
}

TEST_CASE("R10 第十三条(三): an extension needs a suspended student, proof and at most a year") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "孙延期", 63);
  CHECK(refusal(f, f.school_a, extension_of(pupil)) == ErrorCode::StudentNotSuspended);
  suspend(f, pupil, "long_leave");

  auto refused = refusal_of(f, f.school_a,
                            start_of("suspension_extension", pupil, {}, {"guardian_application"}));
  CHECK(refused.code == ErrorCode::ProofRequired);
  CHECK(refused.field == "supporting_document");
  CHECK(refusal(f, f.school_a,
                start_of("suspension_extension", pupil, {}, {"supporting_document"})) ==
        ErrorCode::ProofRequired);

  StartWorkflow too_long = extension_of(pupil);
  too_long.details["until"] = "2028-09-16";
  CHECK(refusal(f, f.school_a, too_long) == ErrorCode::SuspensionPeriodInvalid);
  StartWorkflow shorter = extension_of(pupil);
  shorter.details["until"] = "2027-09-14";  // before the period in force ends
  CHECK(refusal(f, f.school_a, shorter) == ErrorCode::SuspensionPeriodInvalid);

  StartWorkflow one_term = start_of("suspension_extension", pupil, {{"until", "2028-02-28"}},
                                    {"guardian_application", "supporting_document"});
  REQUIRE(f.run(f.school_a, one_term).ok());
  CHECK(f.workflow(one_term.workflow_id).details.at("until") == "2028-02-28");
}

TEST_CASE(
    "R10 第十三条(三) 督促复学: a lapsed suspension is listed for the school until resolved") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "李提醒", 65);
  Student other = f.enroll(f.school_a, "王在读", 67);
  suspend(f, pupil);

  auto on = [&](Date day) {
    auto lapsed = lapsed_suspensions(f.db, "4116230001", day);
    REQUIRE(lapsed.ok());
    return *lapsed;
  };
  CHECK(on(Date{2027, 9, 15}).empty());  // the last day of the period is still within it
  auto lapsed = on(Date{2027, 9, 16});
  REQUIRE(lapsed.size() == 1);
  CHECK(lapsed[0].student.student_id == pupil.student_id);
  CHECK(lapsed[0].until == "2027-09-15");
  CHECK(on(Date{2027, 9, 16}).size() == 1);
  REQUIRE(lapsed_suspensions(f.db, "4116230002", Date{2027, 9, 16}).ok());
  CHECK(lapsed_suspensions(f.db, "4116230002", Date{2027, 9, 16})->empty());  // another school

  // Extended: no reminder until the new end.
  f.today = Date{2027, 9, 20};
  StartWorkflow start = extension_of(pupil);
  REQUIRE(f.run(f.school_a, start).ok());
  CHECK(on(Date{2027, 9, 21}).size() == 1);  // still lapsed while the extension is pending
  approve(f, start.workflow_id, {&f.school_a, &f.shangshui});
  CHECK(on(Date{2027, 9, 21}).empty());
  CHECK(on(Date{2028, 9, 16}).size() == 1);
  (void)other;
}
