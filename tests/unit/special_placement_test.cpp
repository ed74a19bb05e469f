// R9 第十二条: special-education ↔ mainstream (随班就读) moves keep or move the registry; a 工读
// school registry is decided with the guardians. The choice is recorded either way.
#include <catch2/catch.hpp>

#include "policy_helpers.hpp"

using namespace xueji;

namespace {

struct PlacementFixture : RegistryFixture {
  Actor special{"reg-s", Role::SchoolRegistrar, "4116230004", "dev-s"};
  PlacementFixture() {
    REQUIRE(
        upsert_school(db, School{"4116230004", "商水县特殊教育学校", "411623", "special"}).ok());
    REQUIRE(upsert_school(db, School{"4116230005", "商水县工读学校", "411623", "work_study"}).ok());
  }
};

StartWorkflow placement_of(const Student& s, const std::string& move, const std::string& choice,
                           const std::string& target = "", std::vector<std::string> proofs = {}) {
  Details details{{"move", move}, {"registry_choice", choice}};
  if (!target.empty()) details["target_school_code"] = target;
  return start_of("special_placement", s, std::move(details), std::move(proofs));
}

std::string backup_school(RegistryFixture& f, const std::string& student_id) {
  auto backup = f.db.prepare(
      "SELECT school_code || ':' || reason FROM archive_backups WHERE student_id = ?1");
  REQUIRE(backup.ok());
  backup->bind(1, student_id);
  auto row = backup->step();
  REQUIRE(row.ok());
  return *row ? backup->text(0) : std::string();
}

}  // namespace

TEST_CASE("R9 第十二条: special school → mainstream class, registry kept at the special school") {
  PlacementFixture f;
  Student pupil = f.enroll(f.special, "蒋特教", 151);
  StartWorkflow start = placement_of(pupil, "special_to_mainstream", "keep", "4116230001");
  REQUIRE(f.run(f.special, start).ok());
  Workflow w = f.workflow(start.workflow_id);
  REQUIRE(w.steps.size() == 2);
  CHECK(w.steps[0].party == Party::School);
  CHECK(w.steps[0].unit_code == "4116230004");
  CHECK(w.steps[1].party == Party::Authority);
  approve(f, start.workflow_id, {&f.special, &f.shangshui});

  Student placed = f.student(pupil.student_id);
  CHECK(placed.flags.inclusive_class);
  CHECK(placed.school_code == "4116230004");  // 也可保留在原学校
  CHECK(history_of(f, pupil.student_id, "special_placement").at(0).new_value ==
        "special_to_mainstream:keep");
  CHECK(history_of(f, pupil.student_id, "inclusive_class").at(0).new_value == "1");
  CHECK(backup_school(f, pupil.student_id).empty());
}

TEST_CASE("R9 第十二条: special school → mainstream class, registry moved with a backup") {
  PlacementFixture f;
  Student pupil = f.enroll(f.special, "韩特教", 153);
  StartWorkflow start = placement_of(pupil, "special_to_mainstream", "move", "4116230001");
  REQUIRE(f.run(f.special, start).ok());
  approve(f, start.workflow_id, {&f.special, &f.shangshui});
  Student moved = f.student(pupil.student_id);
  CHECK(moved.school_code == "4116230001");
  CHECK(moved.flags.inclusive_class);
  CHECK(moved.registry_number == pupil.registry_number);
  auto school = history_of(f, pupil.student_id, "school_code");
  REQUIRE(school.size() == 1);
  CHECK(school[0].old_value == "4116230004");
  CHECK(school[0].new_value == "4116230001");
  CHECK(backup_school(f, pupil.student_id) == "4116230004:special_placement");
}

TEST_CASE("R9 第十二条: a disabled 随班就读 student moves to a special school") {
  PlacementFixture f;
  Student pupil = f.enroll(f.school_a, "杨随班", 155);
  CHECK(
      refusal(f, f.school_a, placement_of(pupil, "mainstream_to_special", "move", "4116230004")) ==
      ErrorCode::SpecialPlacementMismatch);  // not disabled, not 随班就读
  pupil.flags.inclusive_class = true;
  pupil.flags.disability = "2";
  REQUIRE(update_student(f.db, pupil).ok());
  auto refused =
      refusal_of(f, f.school_a, placement_of(pupil, "mainstream_to_special", "move", "4116230002"));
  CHECK(refused.code == ErrorCode::SpecialPlacementMismatch);
  CHECK(refused.field == "target_school_code");

  StartWorkflow start = placement_of(pupil, "mainstream_to_special", "move", "4116230004");
  REQUIRE(f.run(f.school_a, start).ok());
  approve(f, start.workflow_id, {&f.school_a, &f.shangshui});
  Student moved = f.student(pupil.student_id);
  CHECK(moved.school_code == "4116230004");
  CHECK_FALSE(moved.flags.inclusive_class);
  CHECK(history_of(f, pupil.student_id, "inclusive_class").at(0).old_value == "1");
}

TEST_CASE("R9 第十二条: 工读 school registry is agreed with the guardians and recorded") {
  PlacementFixture f;
  Student pupil = f.enroll(f.school_a, "沈工读", 157);
  auto refused =
      refusal_of(f, f.school_a, placement_of(pupil, "to_work_study", "keep", "4116230005"));
  CHECK(refused.code == ErrorCode::ProofRequired);
  CHECK(refused.field == "guardian_agreement");

  StartWorkflow start =
      placement_of(pupil, "to_work_study", "keep", "4116230005", {"guardian_agreement"});
  REQUIRE(f.run(f.school_a, start).ok());
  approve(f, start.workflow_id, {&f.school_a, &f.shangshui});
  Student kept = f.student(pupil.student_id);
  CHECK(kept.school_code == "4116230001");
  CHECK(history_of(f, pupil.student_id, "special_placement").at(0).new_value ==
        "to_work_study:keep");

  Student other = f.enroll(f.school_a, "韩工读", 159);
  StartWorkflow moving =
      placement_of(other, "to_work_study", "move", "4116230005", {"guardian_agreement"});
  REQUIRE(f.run(f.school_a, moving).ok());
  approve(f, moving.workflow_id, {&f.school_a, &f.shangshui});
  CHECK(f.student(other.student_id).school_code == "4116230005");
}

TEST_CASE("R9 第十二条: the move and the choice must be named — a moved registry needs a school") {
  PlacementFixture f;
  Student pupil = f.enroll(f.special, "杨特教", 161);
  auto refused = refusal_of(f, f.special, placement_of(pupil, "expel", "keep"));
  CHECK(refused.code == ErrorCode::InvalidInput);
  CHECK(refused.field == "move");
  refused = refusal_of(f, f.special, placement_of(pupil, "special_to_mainstream", "maybe"));
  CHECK(refused.code == ErrorCode::InvalidInput);
  CHECK(refused.field == "registry_choice");
  refused = refusal_of(f, f.special, placement_of(pupil, "special_to_mainstream", "move"));
  CHECK(refused.code == ErrorCode::DetailRequired);
  CHECK(refused.field == "target_school_code");
  CHECK(refusal(f, f.special, placement_of(pupil, "special_to_mainstream", "move", "9999999999")) ==
        ErrorCode::NotFound);
  CHECK(refusal(f, f.special, placement_of(pupil, "special_to_mainstream", "move", "4116230005")) ==
        ErrorCode::SpecialPlacementMismatch);  // a 工读 school is not a mainstream class
  CHECK(refusal(f, f.special, placement_of(pupil, "mainstream_to_special", "keep")) ==
        ErrorCode::SpecialPlacementMismatch);  // already at a special school
  CHECK(f.run(f.special, placement_of(pupil, "special_to_mainstream", "keep")).ok());
}
