// Property test of the state machines (第十条–第十六条): random sequences of workflow commands by
// random actors on random days never reach an illegal state. Short by default; set
// XUEJI_PROPERTY_STEPS (commands per run) and XUEJI_PROPERTY_SEED to replay or run longer.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>
#include <set>

#include "policy_helpers.hpp"

using namespace xueji;

namespace {

int env_or(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value ? std::atoi(value) : fallback;
}

const std::set<std::string> kStatuses{"in_school",       "suspended", "dropout",  "abroad",
                                      "missing",         "detained",  "deceased", "graduated",
                                      "transferred_out", "deleted"};

// The invariants every reachable state keeps.
void check_invariants(RegistryFixture& f) {
  auto students = f.db.prepare("SELECT student_id, status, grade FROM students");
  while (students->step().value()) {
    INFO("student " << students->text(0));
    CHECK(kStatuses.count(students->text(1)) == 1);
    CHECK(students->integer(2) >= 1);
    CHECK(students->integer(2) <= 9);
  }
  // An open workflow has exactly one open step (or none while it completes in the same command);
  // a closed one has none; a completed one has every step approved; a rejected one, one rejection.
  auto workflows = f.db.prepare("SELECT workflow_id, state, student_id, kind FROM workflows");
  std::map<std::string, int> open_per_student;
  std::set<std::string> students_with_open_death;
  while (workflows->step().value()) {
    const std::string id = workflows->text(0), state = workflows->text(1);
    INFO("workflow " << id << " " << workflows->text(3) << " " << state);
    Workflow w = f.workflow(id);
    int open = 0, approved = 0, rejected = 0;
    for (const auto& step : w.steps) {
      open += step.state == StepState::Open;
      approved += step.state == StepState::Approved;
      rejected += step.state == StepState::Rejected;
    }
    if (state == "open") {
      CHECK(open == 1);
      CHECK(rejected == 0);
      ++open_per_student[w.student_id];
      if (w.kind == WorkflowKind::Death) students_with_open_death.insert(w.student_id);
    } else {
      CHECK(open == 0);
    }
    if (state == "completed") CHECK(approved == static_cast<int>(w.steps.size()));
    if (state == "rejected") CHECK(rejected == 1);
  }
  // One open workflow per student; only a death report may stand beside another (第十六条).
  for (const auto& [student, count] : open_per_student) {
    INFO("student " << student);
    CHECK(count <= (students_with_open_death.count(student) ? 2 : 1));
    CHECK(f.student(student).status != "deceased");
  }
  auto unique = f.db.prepare("SELECT count(*) = count(DISTINCT registry_number) FROM students");
  REQUIRE(unique->step().value());
  CHECK(unique->integer(0) == 1);
}

// One open workflow picked by the test's own generator (so a seed replays the same walk).
std::string random_open_workflow(RegistryFixture& f, std::mt19937& rng) {
  auto open = f.db.prepare("SELECT workflow_id FROM workflows WHERE state = 'open' ORDER BY rowid");
  std::vector<std::string> ids;
  while (open->step().value()) ids.push_back(open->text(0));
  return ids.empty() ? std::string() : ids[rng() % ids.size()];
}

StartWorkflow random_start(std::mt19937& rng, const Student& s, const Date& today) {
  static const char* kKinds[] = {
      "info_correction", "transfer",     "suspension",          "suspension_extension",
      "resumption",      "study_abroad", "return_from_abroad",  "dropout",
      "grade_skip",      "death",        "missing_or_detained", "special_placement",
      "expel_student"};
  std::string kind = kKinds[rng() % std::size(kKinds)];
  std::string grade = std::to_string(s.grade);
  Date yesterday = civil_from_days(days_from_civil(today) - 1);
  if (kind == "info_correction")
    return start_of(kind, s, {{"field", "name"}, {"new_value", "改名" + std::to_string(rng() % 9)}},
                    {"household_register"});
  if (kind == "transfer")
    return start_of(kind, s,
                    {{"registry_number", s.registry_number},
                     {"name", s.name},
                     {"reason", "hukou_move"},
                     {"grade", grade},
                     {"outside_window_reason", "随迁"}},
                    {"transfer_application"});
  if (kind == "suspension" || kind == "suspension_extension")
    return start_of(kind, s, {{"reason", "illness"}},
                    {"guardian_application", "hospital_certificate"});
  if (kind == "resumption")
    return start_of(kind, s, {{"placement_grade", grade}},
                    {"guardian_application", "recovery_certificate"});
  if (kind == "study_abroad") return start_of(kind, s, {}, {"travel_document"});
  if (kind == "return_from_abroad") return start_of(kind, s, {{"grade", grade}});
  if (kind == "dropout") return start_of(kind, s, {{"reported_to_township", "1"}});
  if (kind == "grade_skip")
    return start_of(kind, s, {{"target_grade", std::to_string(s.grade + 1)}},
                    {"stamped_application_image", "guardian_application"});
  if (kind == "death")
    return start_of(kind, s, {{"date_of_death", format_date(yesterday)}}, {"death_certificate"});
  if (kind == "missing_or_detained")
    return start_of(kind, s, {{"kind", rng() % 2 ? "missing" : "detained"}});
  if (kind == "special_placement")
    return start_of(kind, s, {{"move", "special_to_mainstream"}, {"registry_choice", "keep"}});
  return start_of(kind, s);
}

}  // namespace

TEST_CASE("R7–R13 property: random workflow commands never reach an illegal state") {
  const int steps = env_or("XUEJI_PROPERTY_STEPS", 400);
  const unsigned seed = static_cast<unsigned>(env_or("XUEJI_PROPERTY_SEED", 20261128));
  INFO("replay with XUEJI_PROPERTY_SEED=" << seed << " XUEJI_PROPERTY_STEPS=" << steps);
  std::mt19937 rng(seed);
  RegistryFixture f;
  std::vector<Student> students;
  for (int i = 0; i < 10; ++i)
    students.push_back(f.enroll(i % 2 ? f.school_a : f.school_c, "学生" + std::to_string(i),
                                101 + 2 * i, 1 + i % 8));
  const std::vector<const Actor*> actors{&f.school_a, &f.school_b, &f.school_c, &f.shangshui,
                                         &f.chuanhui, &f.jinshui,  &f.zhoukou,  &f.school_d};
  int accepted = 0;
  for (int i = 0; i < steps; ++i) {
    // Mostly the party whose turn it is (so the walk goes deep), sometimes anybody.
    const Actor* actor = actors[rng() % actors.size()];
    const bool right_party = rng() % 4 != 0;
    auto actor_for_unit = [&](const std::string& unit) {
      for (const Actor* a : actors)
        if (a->unit_code == unit) return a;
      return actor;
    };
    Student s = f.student(students[rng() % students.size()].student_id);
    Command command = WithdrawWorkflow{};
    switch (rng() % 4) {
      case 0: {
        StartWorkflow start = random_start(rng, s, f.today);
        if (right_party)
          actor = start.kind == "transfer"
                      ? (s.school_code == f.school_a.unit_code ? &f.school_c : &f.school_a)
                      : actor_for_unit(s.school_code);
        command = start;
        break;
      }
      case 1:
      case 2: {
        std::string id = random_open_workflow(f, rng);
        if (id.empty()) continue;
        Workflow w = f.workflow(id);
        const WorkflowStep* step = w.open_step();
        int position = step && right_party ? step->position : static_cast<int>(rng() % 3);
        if (step && right_party) actor = actor_for_unit(step->unit_code);
        if (rng() % 5 == 0)
          command = ForceStep{id, position, rng() % 2 == 0, "逾期"};
        else
          command = DecideStep{id, position, rng() % 4 != 0, "", {}};
        break;
      }
      default: {
        std::string id = random_open_workflow(f, rng);
        if (id.empty()) continue;
        if (right_party) actor = actor_for_unit(f.workflow(id).started_unit);
        command = WithdrawWorkflow{id, "撤回"};
      }
    }
    // As in production: one transaction per command, rolled back when it is refused.
    auto tx = Transaction::begin(f.db);
    REQUIRE(tx.ok());
    auto outcome = f.run(*actor, command);
    if (outcome) {
      REQUIRE(tx->commit().ok());
      ++accepted;
    }
    if (rng() % 10 == 0) f.today = civil_from_days(days_from_civil(f.today) + 1 + rng() % 6);
    if (f.today > Date{2026, 12, 20}) f.today = Date{2026, 9, 15};  // stay inside the calendar
    if (i % 20 == 0) check_invariants(f);
  }
  check_invariants(f);
  // The walk really moved through the machines: commands accepted, several kinds completed.
  CHECK(accepted >= std::min(20, steps / 10));
  auto completed =
      f.db.prepare("SELECT count(DISTINCT kind) FROM workflows WHERE state = 'completed'");
  REQUIRE(completed->step().value());
  CHECK(completed->integer(0) >= (steps >= 200 ? 3 : 0));
}
