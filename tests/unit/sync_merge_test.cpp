// The merge half of sync (issue 4, docs/SYNC.md "Merge rules"): field edits with base versions,
// the three-way merge ordered by hybrid logical clocks, review cases and their decisions,
// dependent operations held back, operation format upgrades, and provenance rebuilds — over
// real SQLite files, a server database and devices with their own.
#include <catch2/catch.hpp>

#include "registry_fixture.hpp"
#include "xueji/field_edit.hpp"
#include "xueji/hlc.hpp"
#include "xueji/local_registry.hpp"
#include "xueji/review_case.hpp"
#include "xueji/server_registry.hpp"

using namespace xueji;

namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kDay = 86'400'000;

// "Now" in the test's world: 2026-09-15 08:00 UTC, moved by hand.
struct WorldClock {
  std::int64_t now = *parse_time_ms("2026-09-15T08:00:00Z");
};

std::string iso(std::int64_t ms) {
  const Date day = civil_from_days(static_cast<long>(ms / kDay));
  const std::int64_t in_day = ms % kDay;
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02d.%03dZ", format_date(day).c_str(),
                static_cast<int>(in_day / 3'600'000), static_cast<int>(in_day / 60'000 % 60),
                static_cast<int>(in_day / 1000 % 60), static_cast<int>(in_day % 1000));
  return buffer;
}

struct Device {
  LocalRegistry registry;
  Actor actor;
  std::int64_t skew = 0;  // this device's clock minus true time
  Device(const TempDir& dir, const std::string& name, const Actor& as, std::int64_t clock_skew = 0)
      : registry(std::move(LocalRegistry::open(dir.file(name)).value())), skew(clock_skew) {
    actor = Actor{as.account, as.role, as.unit_code, registry.device_id()};
    Session session{"token",      as.account, as.account,     std::string(role_name(as.role)),
                    as.unit_code, "unit",     actor.device_id};
    REQUIRE(registry.save_session(session).ok());
  }

  std::string device_time(const WorldClock& world) const { return iso(world.now + skew); }

  PushResponse push(Database& server, const WorldClock& world, const Date& day,
                    SyncSummary* summary = nullptr) {
    auto body = registry.build_push_body(500);
    if (!body) return {};
    ServerRegistry registry_on_server(server);
    registry_on_server.set_clock([&] { return world.now; });
    PushResponse response = registry_on_server.apply_push(actor, *parse_push_request(*body), day);
    auto applied = registry.apply_push_response(to_json(response), device_time(world));
    REQUIRE(applied.ok());
    if (summary) *summary = *applied;
    return response;
  }

  void pull(Database& server, const WorldClock& world) {
    for (int guard = 0; guard < 100; ++guard) {
      auto page = ServerRegistry(server).pull(actor, registry.pull_cursor(), kDefaultPullBytes);
      REQUIRE(page.ok());
      REQUIRE(registry.apply_pull_page(to_json(*page), device_time(world)).ok());
      if (!page->has_more) break;
    }
  }

  CommandOutcome edit(const std::string& student_id, const std::string& field,
                      const std::string& value, const WorldClock& world, const Date& day) {
    auto edited =
        registry.edit_student(student_id, {FieldChange{field, value, 0}}, day, device_time(world));
    REQUIRE(edited.ok());
    return *edited;
  }
};

std::string class_of(Database& db, const std::string& student_id) {
  return find_student(db, student_id).value()->class_name;
}

std::vector<FieldHistoryEntry> lost(Database& db, const std::string& student_id) {
  std::vector<FieldHistoryEntry> out;
  auto history = student_field_history(db, student_id);
  REQUIRE(history.ok());
  for (auto& e : *history)
    if (e.status == "auto_lost") out.push_back(e);
  return out;
}

// A third-grader of school A with a guardian, registered on the server.
Student enroll_with_guardian(RegistryFixture& f) {
  auto r = registration_of("李明", make_id_number("411623", Date{2017, 4, 1}, 21), 3, "2024-09-01");
  r.student_id = new_uuid();
  r.guardians = {Guardian{"李强", "父亲", "13900000000"}};
  auto outcome = f.run(f.school_a, RegisterStudent{r});
  REQUIRE(outcome.ok());
  return f.student(outcome->student_id);
}

// Two devices of school A with the server's student (both pulled it, so both edit version 1).
struct TwoDevices {
  RegistryFixture f;
  WorldClock world;
  Student student;
  Device one, two;
  TwoDevices(std::int64_t skew_one = 0, std::int64_t skew_two = 0)
      : student(enroll_with_guardian(f)),
        one(f.dir, "one.db", f.school_a, skew_one),
        two(f.dir, "two.db", f.school_a, skew_two) {}
};

}  // namespace

TEST_CASE("HLC: stamps order like their text, never go back, and pass any clock they receive") {
  const Hlc a{1'700'000'000'000, 3};
  CHECK(parse_hlc(format_hlc(a)) == a);
  CHECK(format_hlc(a) < format_hlc(Hlc{1'700'000'000'000, 4}));
  CHECK(format_hlc(Hlc{999, 999'999}) < format_hlc(Hlc{1000, 0}));
  CHECK_FALSE(parse_hlc("12:00").has_value());
  // A clock that jumps back does not take the stamps back.
  const Hlc later = hlc_tick(a, a.wall_ms - 30 * kDay);
  CHECK(later > a);
  // Receiving a stamp from the future moves past it.
  const Hlc remote{a.wall_ms + 5000, 7};
  const Hlc received = hlc_receive(a, remote, a.wall_ms);
  CHECK(received > remote);
  CHECK(hlc_tick(received, a.wall_ms) > received);
  CHECK(parse_time_ms("2026-09-15T08:00:00Z") == parse_time_ms("2026-09-15T16:00:00+08:00"));
  CHECK(*parse_time_ms("2026-09-15T08:00:00.250Z") - *parse_time_ms("2026-09-15") ==
        8 * 3'600'000 + 250);
  CHECK_FALSE(parse_time_ms("yesterday").has_value());
}

TEST_CASE(
    "EditStudent: protected fields are refused on the device — the name goes through 第十条") {
  TwoDevices t;
  t.one.pull(t.f.db, t.world);
  for (const char* field : {"name", "id_number", "birth_date", "status", "school_code", "grade"}) {
    auto refused = t.one.registry.edit_student(t.student.student_id, {{field, "x", 0}}, t.f.today,
                                               t.one.device_time(t.world));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::ProtectedField);
  }
  auto unknown =
      t.one.registry.edit_student(t.student.student_id, {{"shoe_size", "38", 0}}, t.f.today, "");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == ErrorCode::InvalidInput);
  auto bad_flag =
      t.one.registry.edit_student(t.student.student_id, {{"left_behind", "yes", 0}}, t.f.today, "");
  REQUIRE_FALSE(bad_flag.ok());
  CHECK(t.one.registry.pending_count() == 0);  // nothing half-recorded
}

TEST_CASE("Merge: edits of different fields of one student on two devices both apply") {
  TwoDevices t;
  t.one.pull(t.f.db, t.world);
  t.two.pull(t.f.db, t.world);
  t.one.edit(t.student.student_id, "class_name", "三年级(2)班", t.world, t.f.today);
  t.two.edit(t.student.student_id, "hukou_address", "商水县城关镇东大街8号", t.world, t.f.today);
  CHECK(t.one.push(t.f.db, t.world, t.f.today).verdicts.at(0).outcome == Outcome::Applied);
  auto second = t.two.push(t.f.db, t.world, t.f.today);
  CHECK(second.verdicts.at(0).outcome == Outcome::Applied);
  CHECK(second.verdicts.at(0).warnings.empty());
  Student merged = t.f.student(t.student.student_id);
  CHECK(merged.class_name == "三年级(2)班");
  CHECK(merged.hukou_address == "商水县城关镇东大街8号");
  CHECK(lost(t.f.db, t.student.student_id).empty());
  // Each field's provenance names the device that set it.
  auto class_version = field_provenance(t.f.db, t.student.student_id, "class_name").value();
  CHECK(class_version.version == 2);
  CHECK(class_version.device_id == t.one.actor.device_id);
  CHECK(field_provenance(t.f.db, t.student.student_id, "hukou_address").value().device_id ==
        t.two.actor.device_id);
}

TEST_CASE(
    "Merge: concurrent edits of one ordinary field resolve by HLC whatever the arrival order") {
  // The same two offline edits reach two servers in opposite orders: same winner, same history.
  std::string winner[2];
  for (int order = 0; order < 2; ++order) {
    TwoDevices t;
    t.one.pull(t.f.db, t.world);
    t.two.pull(t.f.db, t.world);
    t.one.edit(t.student.student_id, "class_name", "一班", t.world, t.f.today);
    t.world.now += kMinute;  // device two edits a minute later (true time, both clocks right)
    t.two.edit(t.student.student_id, "class_name", "二班", t.world, t.f.today);
    t.world.now += kMinute;
    Device& first = order == 0 ? t.one : t.two;
    Device& second = order == 0 ? t.two : t.one;
    first.push(t.f.db, t.world, t.f.today);
    auto later = second.push(t.f.db, t.world, t.f.today);
    // Applied (the operation as a whole), with the automatic resolution flagged.
    CHECK(later.verdicts.at(0).outcome == Outcome::Applied);
    CHECK(later.verdicts.at(0).warnings == std::vector<std::string>{"AUTO_RESOLVED"});
    winner[order] = class_of(t.f.db, t.student.student_id);
    auto losing = lost(t.f.db, t.student.student_id);
    REQUIRE(losing.size() == 1);
    CHECK(losing[0].value == "一班");
    CHECK(losing[0].provenance.device_id == t.one.actor.device_id);
    // The county sees it in its list of automatic resolutions.
    auto county = ServerRegistry(t.f.db).auto_resolutions(t.f.shangshui);
    REQUIRE(county.ok());
    CHECK(county->size() == 1);
    CHECK(ServerRegistry(t.f.db).auto_resolutions(t.f.school_a).error().code ==
          ErrorCode::OutOfScope);
  }
  CHECK(winner[0] == "二班");
  CHECK(winner[1] == "二班");
}

TEST_CASE("Merge: a device's own consecutive edits on one base are not a conflict") {
  TwoDevices t;
  t.one.pull(t.f.db, t.world);
  t.one.edit(t.student.student_id, "class_name", "一班", t.world, t.f.today);
  t.world.now += kMinute;
  t.one.edit(t.student.student_id, "class_name", "二班", t.world, t.f.today);
  auto response = t.one.push(t.f.db, t.world, t.f.today);
  REQUIRE(response.verdicts.size() == 2);
  CHECK(response.verdicts[1].warnings.empty());
  CHECK(class_of(t.f.db, t.student.student_id) == "二班");
  CHECK(lost(t.f.db, t.student.student_id).empty());
  // Pushed in two batches, the second edit is still sequential.
  TwoDevices u;
  u.one.pull(u.f.db, u.world);
  u.one.edit(u.student.student_id, "class_name", "一班", u.world, u.f.today);
  u.one.push(u.f.db, u.world, u.f.today);
  u.one.edit(u.student.student_id, "class_name", "二班", u.world, u.f.today);
  CHECK(u.one.push(u.f.db, u.world, u.f.today).verdicts.at(0).warnings.empty());
  CHECK(lost(u.f.db, u.student.student_id).empty());
}

TEST_CASE("HLC: a device clock 30 days ahead does not win a concurrent edit") {
  // Device one's clock is 30 days fast and it has never synced: its stamps are not trusted.
  TwoDevices t(30 * kDay, 0);
  // Both have the record (the fast device through the server's data, without a clock sync).
  t.one.pull(t.f.db, t.world);
  t.two.pull(t.f.db, t.world);
  // (No push has reached this server yet: its clock is unset, the device learnt no offset.)
  t.one.edit(t.student.student_id, "class_name", "快钟", t.world, t.f.today);
  t.world.now += kMinute;
  auto fast = t.one.push(t.f.db, t.world, t.f.today);
  CHECK(fast.verdicts.at(0).warnings == std::vector<std::string>{"CLOCK_AHEAD"});
  CHECK(parse_hlc(fast.verdicts.at(0).hlc)->wall_ms == t.world.now);  // re-stamped on receipt
  // The honest device edited later in true time (offline) and arrives after: it wins.
  t.world.now += kMinute;
  t.two.edit(t.student.student_id, "class_name", "准钟", t.world, t.f.today);
  t.world.now += kMinute;
  t.two.push(t.f.db, t.world, t.f.today);
  CHECK(class_of(t.f.db, t.student.student_id) == "准钟");
}

TEST_CASE("HLC: a device 30 days ahead or behind stamps true time once it has synced") {
  for (std::int64_t skew : {30 * kDay, -30 * kDay}) {
    TwoDevices t(skew, 0);
    t.one.pull(t.f.db, t.world);
    t.two.pull(t.f.db, t.world);
    // A first push teaches the skewed device the server's clock.
    t.one.edit(t.student.student_id, "hukou_address", "某地", t.world, t.f.today);
    t.one.push(t.f.db, t.world, t.f.today);
    t.two.pull(t.f.db, t.world);
    // Both go offline and edit the class; the skewed device edits later in true time.
    t.world.now += kMinute;
    t.two.edit(t.student.student_id, "class_name", "先改", t.world, t.f.today);
    t.world.now += kMinute;
    t.one.edit(t.student.student_id, "class_name", "后改", t.world, t.f.today);
    t.world.now += kMinute;
    t.two.push(t.f.db, t.world, t.f.today);
    auto skewed = t.one.push(t.f.db, t.world, t.f.today);
    INFO("skew " << skew / kDay << " days");
    CHECK(std::count(skewed.verdicts.at(0).warnings.begin(), skewed.verdicts.at(0).warnings.end(),
                     "CLOCK_AHEAD") == 0);
    auto stamp = parse_hlc(skewed.verdicts.at(0).hlc);
    REQUIRE(stamp.has_value());
    CHECK(std::llabs(stamp->wall_ms - (t.world.now - kMinute)) < kMinute);
    CHECK(class_of(t.f.db, t.student.student_id) == "后改");  // true order, not the clocks'
  }
}

TEST_CASE("Review case: an info correction started on a stale version of the name is held") {
  TwoDevices t;
  t.one.pull(t.f.db, t.world);
  const auto base = t.one.registry.field_version(t.student.student_id, "name");
  CHECK(base == 1);
  // Meanwhile the county approved a correction of the name made through another device.
  StartWorkflow first;
  first.workflow_id = new_uuid();
  first.kind = "info_correction";
  first.student_id = t.student.student_id;
  first.details = {{"field", "name"}, {"new_value", "李明明"}, {"reason", "户口簿"}};
  first.proofs = {Proof{"household_register", sample_hash('b')}};
  const OperationStamp stamp{"op-x", "dev-a", format_hlc(Hlc{t.world.now, 0}), ""};
  REQUIRE(execute(t.f.db, CommandContext{t.f.school_a, t.f.today, Replica::Server, &stamp}, first)
              .ok());
  auto steps = t.f.workflow(first.workflow_id).steps;
  REQUIRE(t.f.run(t.f.school_a, DecideStep{first.workflow_id, 0, true, "", {}}).ok());
  REQUIRE(t.f.run(t.f.shangshui, DecideStep{first.workflow_id, 1, true, "", {}}).ok());
  REQUIRE(t.f.student(t.student.student_id).name == "李明明");
  CHECK(field_provenance(t.f.db, t.student.student_id, "name").value().version == 2);

  // The offline device asks for another name on version 1: a concurrent protected edit.
  StartWorkflow second = first;
  second.workflow_id = new_uuid();
  second.details = {{"field", "name"},
                    {"new_value", "李敏"},
                    {"reason", "户口簿"},
                    {"base_version", std::to_string(base)}};
  REQUIRE(t.one.registry.submit(second, t.f.today, t.one.device_time(t.world)).ok());
  auto response = t.one.push(t.f.db, t.world, t.f.today);
  REQUIRE(response.verdicts.size() == 1);
  CHECK(response.verdicts[0].outcome == Outcome::Conflict);
  CHECK(response.verdicts[0].code == "CONCURRENT_EDIT");
  auto opened = find_review_case(t.f.db, response.verdicts[0].case_id).value();
  REQUIRE(opened.has_value());
  CHECK(opened->kind == "protected_field");
  CHECK(opened->base.find("\"version\":1") != std::string::npos);
  CHECK(opened->base.find("李明") != std::string::npos);      // the value at the base
  CHECK(opened->side_a.find("李明明") != std::string::npos);  // current, with provenance
  CHECK(opened->side_b.find("李敏") != std::string::npos);    // the incoming operation
  CHECK(t.f.student(t.student.student_id).name == "李明明");  // never last-writer-wins
}

TEST_CASE("Review case: an edit of a student who has moved away is held, not lost") {
  TwoDevices t;
  t.one.pull(t.f.db, t.world);
  t.one.edit(t.student.student_id, "class_name", "三(1)班", t.world, t.f.today);
  // Meanwhile the record moved to school B (第十八条), as a completed transfer leaves it.
  Student moved = t.f.student(t.student.student_id);
  moved.school_code = "4116230002";
  REQUIRE(update_student(t.f.db, moved).ok());
  REQUIRE(append_history(t.f.db, moved.student_id,
                         {"school_code", "4116230001", "4116230002", "2026-09-15", "x", "wf"})
              .ok());
  auto response = t.one.push(t.f.db, t.world, t.f.today);
  CHECK(response.verdicts.at(0).outcome == Outcome::Conflict);
  CHECK(response.verdicts.at(0).code == "STUDENT_MOVED_AWAY");
  auto opened = find_review_case(t.f.db, response.verdicts.at(0).case_id).value();
  REQUIRE(opened.has_value());
  CHECK(opened->kind == "moved_away");
  CHECK(opened->school_code == "4116230002");
  CHECK(opened->other_school_code == "4116230001");
  // The county keeps B's value for the class: applied to the record at its new school.
  DecideReviewCase decide{opened->case_id, "merge", {{"class_name", "b"}}, "核实无误"};
  REQUIRE(t.f.run(t.f.shangshui, decide).ok());
  CHECK(class_of(t.f.db, t.student.student_id) == "三(1)班");
  auto decided = find_review_case(t.f.db, opened->case_id).value();
  CHECK(decided->status == "decided");
  CHECK(decided->decided_by == "county-ss");
  // Once decided, a case is closed.
  auto again = t.f.run(t.f.shangshui, decide);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::ReviewCaseClosed);
}

TEST_CASE("Review case: a duplicate registration decided keep_b reaches both schools' devices") {
  RegistryFixture f;
  WorldClock world;
  Device a(f.dir, "a.db", f.school_a);
  Device b(f.dir, "b.db", f.school_b);
  Device county(f.dir, "county.db", f.shangshui);
  const std::string id = make_id_number("411623", Date{2020, 3, 4}, 31);
  // Both schools register the same child offline.
  REQUIRE(
      a.registry.register_student(registration_of("周婷", id), f.today, a.device_time(world)).ok());
  REQUIRE(
      b.registry.register_student(registration_of("周婷", id), f.today, b.device_time(world)).ok());
  a.push(f.db, world, f.today);
  SyncSummary summary;
  auto held = b.push(f.db, world, f.today, &summary);
  REQUIRE(held.verdicts.at(0).outcome == Outcome::Conflict);
  CHECK(summary.conflicts == 1);
  const std::string case_id = held.verdicts.at(0).case_id;

  // Both schools and the county see the open case after their pull (需处理).
  a.pull(f.db, world);
  b.pull(f.db, world);
  county.pull(f.db, world);
  REQUIRE(b.registry.review_cases().size() == 1);
  CHECK(b.registry.review_cases()[0].status == "open");
  CHECK(a.registry.review_cases().size() == 1);
  REQUIRE(county.registry.review_cases().size() == 1);
  CHECK(b.registry.rejections().at(0).case_id == case_id);
  CHECK(b.registry.list_students("").empty());

  // A school cannot decide; the county decides with an operation pushed like any other.
  auto refused = f.run(f.school_a, DecideReviewCase{case_id, "keep_a", {}, ""});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::OutOfScope);
  REQUIRE(county.registry
              .submit(DecideReviewCase{case_id, "keep_b", {}, "学生实际在第二小学就读"}, f.today,
                      county.device_time(world))
              .ok());
  CHECK(county.push(f.db, world, f.today).verdicts.at(0).outcome == Outcome::Applied);

  // 一人一籍: the one registry (its 学籍号 kept) is now at school B.
  a.pull(f.db, world);
  b.pull(f.db, world);
  REQUIRE(b.registry.list_students("").size() == 1);
  CHECK(b.registry.list_students("")[0].student.id_number == id);
  CHECK(a.registry.list_students("").empty());
  REQUIRE(b.registry.review_cases().size() == 1);
  CHECK(b.registry.review_cases()[0].status == "decided");
  CHECK(b.registry.review_cases()[0].decision == "keep_b");
  CHECK(a.registry.review_cases().at(0).decision == "keep_b");
}

TEST_CASE("Hold-back: operations on a refused operation's record are held, the others go on") {
  RegistryFixture f;
  WorldClock world;
  const std::string id = make_id_number("411623", Date{2020, 3, 4}, 41);
  auto existing = registration_of("吴磊", id);
  existing.student_id = new_uuid();
  REQUIRE(f.run(f.school_b, RegisterStudent{existing}).ok());
  Device a(f.dir, "a.db", f.school_a);
  auto dup =
      a.registry.register_student(registration_of("吴磊", id), f.today, a.device_time(world));
  REQUIRE(dup.ok());
  auto other = a.registry.register_student(
      registration_of("郑爽", make_id_number("411623", Date{2020, 3, 4}, 42)), f.today,
      a.device_time(world));
  REQUIRE(other.ok());
  a.edit(dup->student_id, "class_name", "一(3)班", world, f.today);    // depends on the dup
  a.edit(other->student_id, "class_name", "一(4)班", world, f.today);  // does not

  SyncSummary summary;
  auto response = a.push(f.db, world, f.today, &summary);
  REQUIRE(response.verdicts.size() == 4);
  CHECK(response.verdicts[0].outcome == Outcome::Conflict);
  CHECK(response.verdicts[1].outcome == Outcome::Applied);
  CHECK(response.verdicts[2].outcome == Outcome::Held);
  CHECK(response.verdicts[2].code == "DEPENDS_ON_REJECTED");
  CHECK(response.verdicts[2].held_by == response.verdicts[0].op_id);
  CHECK(response.verdicts[3].outcome == Outcome::Applied);
  CHECK(summary.held == 1);
  // Listed together under 需处理, each with the operation kept.
  auto listed = a.registry.rejections();
  REQUIRE(listed.size() == 2);
  CHECK(listed[1].outcome == "held");
  CHECK(listed[1].held_by == listed[0].op_id);
  CHECK(listed[1].body.find("edit_student") != std::string::npos);
  CHECK(a.registry.pending_count() == 0);
}

TEST_CASE("Hold-back: after a refusal the device does not send the operations that depend on it") {
  RegistryFixture f;
  WorldClock world;
  const std::string id = make_id_number("411623", Date{2020, 3, 4}, 43);
  auto existing = registration_of("冯雪", id);
  existing.student_id = new_uuid();
  REQUIRE(f.run(f.school_b, RegisterStudent{existing}).ok());
  Device a(f.dir, "a.db", f.school_a);
  auto dup =
      a.registry.register_student(registration_of("冯雪", id), f.today, a.device_time(world));
  REQUIRE(dup.ok());
  a.edit(dup->student_id, "class_name", "一(3)班", world, f.today);
  // Only the registration goes in the first batch; the edit waits on the device.
  auto body = a.registry.build_push_body(1);
  ServerRegistry server(f.db);
  auto response = server.apply_push(a.actor, *parse_push_request(*body), f.today);
  auto summary = a.registry.apply_push_response(to_json(response), a.device_time(world));
  REQUIRE(summary.ok());
  CHECK(summary->conflicts == 1);
  CHECK(summary->held == 1);
  CHECK_FALSE(a.registry.build_push_body(10).has_value());  // nothing left to send
  CHECK(a.registry.rejections().size() == 2);
}

TEST_CASE("Idempotency: any prefix re-sent in any batching gets the same verdicts and case ids") {
  RegistryFixture f;
  WorldClock world;
  const std::string id = make_id_number("411623", Date{2020, 3, 4}, 51);
  auto existing = registration_of("何静", id);
  existing.student_id = new_uuid();
  REQUIRE(f.run(f.school_b, RegisterStudent{existing}).ok());
  Device a(f.dir, "a.db", f.school_a);
  auto dup =
      a.registry.register_student(registration_of("何静", id), f.today, a.device_time(world));
  auto fine = a.registry.register_student(
      registration_of("吕洋", make_id_number("411623", Date{2020, 3, 4}, 52)), f.today,
      a.device_time(world));
  REQUIRE(dup.ok());
  REQUIRE(fine.ok());
  a.edit(dup->student_id, "class_name", "一(1)班", world, f.today);
  a.edit(fine->student_id, "class_name", "一(2)班", world, f.today);
  PushRequest all = *parse_push_request(*a.registry.build_push_body(10));
  REQUIRE(all.ops.size() == 4);

  ServerRegistry server(f.db);
  server.set_clock([&] { return world.now; });
  const std::string first = to_json(server.apply_push(a.actor, all, f.today));
  auto count = [&](const char* table) {
    auto stmt = f.db.prepare(std::string("SELECT count(*) FROM ") + table);
    REQUIRE(stmt.ok());
    REQUIRE(stmt->step().ok());
    return stmt->integer(0);
  };
  const auto cases = count("review_cases"), history = count("field_history");
  for (size_t length = 1; length <= all.ops.size(); ++length) {
    for (size_t batch = 1; batch <= length; ++batch) {
      PushResponse combined;
      for (size_t start = 0; start < length; start += batch) {
        PushRequest part = all;
        part.ops.assign(all.ops.begin() + static_cast<long>(start),
                        all.ops.begin() + static_cast<long>(std::min(length, start + batch)));
        world.now += kMinute;
        auto response = server.apply_push(a.actor, part, f.today);
        combined.verdicts.insert(combined.verdicts.end(), response.verdicts.begin(),
                                 response.verdicts.end());
      }
      auto expected = parse_push_response(first).value();
      expected.verdicts.resize(length);
      INFO("prefix " << length << " in batches of " << batch);
      CHECK(to_json(PushResponse{kProtocolVersion, combined.verdicts, ""}) ==
            to_json(PushResponse{kProtocolVersion, expected.verdicts, ""}));
    }
  }
  CHECK(count("review_cases") == cases);
  CHECK(count("field_history") == history);
}

TEST_CASE("Format versions: a format-1 operation is upgraded — an older one stays on the device") {
  RegistryFixture f;
  WorldClock world;
  Device a(f.dir, "a.db", f.school_a);
  auto registered = a.registry.register_student(
      registration_of("袁野", make_id_number("411623", Date{2020, 3, 4}, 61)), f.today,
      a.device_time(world));
  REQUIRE(registered.ok());
  Operation op = parse_push_request(*a.registry.build_push_body(1)).value().ops.at(0);
  // The JSON a last-year client wrote: format 1, no hlc, no depends_on.
  auto set_format = [](std::string json, char digit) {
    const size_t at = json.find_first_of("0123456789", json.find("\"format\":"));
    json[at] = digit;
    return json;
  };
  std::string v1 = set_format(to_json(op), '1');
  v1.erase(v1.find("\"hlc\""), v1.find("\"kind\"") - v1.find("\"hlc\""));
  auto old = parse_operation(v1);
  REQUIRE(old.ok());
  CHECK(old->format_version == 1);
  CHECK(old->hlc.empty());
  REQUIRE(upgrade_operation(*old).ok());
  CHECK(old->format_version == 2);

  ServerRegistry server(f.db);
  server.set_clock([&] { return world.now; });
  PushRequest request;
  request.device_id = a.actor.device_id;
  request.ops = {*old};
  request.ops[0].format_version = 1;
  auto applied = server.apply_push(a.actor, request, f.today);
  CHECK(applied.verdicts.at(0).outcome == Outcome::Applied);
  CHECK(parse_hlc(applied.verdicts.at(0).hlc)->wall_ms == world.now);  // stamped on receipt

  // Format 0 is older than any supported client: UNSUPPORTED_VERSION, not recorded, kept.
  std::string v0 = set_format(v1, '0');
  v0.replace(v0.find(op.op_id), op.op_id.size(), "op-format-0");
  auto ancient = parse_operation(v0);
  REQUIRE(ancient.ok());
  PushRequest too_old;
  too_old.device_id = a.actor.device_id;
  too_old.ops = {*ancient};
  auto refused = server.apply_push(a.actor, too_old, f.today);
  CHECK(refused.verdicts.at(0).outcome == Outcome::Rejected);
  CHECK(refused.verdicts.at(0).code == "UNSUPPORTED_VERSION");
  auto stmt = f.db.prepare("SELECT count(*) FROM op_log WHERE op_id = 'op-format-0'");
  REQUIRE(stmt->step().ok());
  CHECK(stmt->integer(0) == 0);
  // On the device the verdict is retryable: the operation stays in the outbox.
  PushResponse answer = refused;
  answer.verdicts[0].op_id = op.op_id;
  REQUIRE(a.registry.apply_push_response(to_json(answer)).ok());
  CHECK(a.registry.pending_count() == 1);
}

TEST_CASE("Provenance: the record rebuilt from its history equals the live row, at every step") {
  TwoDevices t;
  t.one.pull(t.f.db, t.world);
  t.two.pull(t.f.db, t.world);
  const std::string sid = t.student.student_id;
  t.one.edit(sid, "class_name", "一班", t.world, t.f.today);
  t.one.edit(sid, "guardian.0.phone", "13800000001", t.world, t.f.today);
  t.two.edit(sid, "class_name", "二班", t.world, t.f.today);  // concurrent: one of them loses
  t.two.edit(sid, "left_behind", "1", t.world, t.f.today);
  t.one.push(t.f.db, t.world, t.f.today);
  t.two.push(t.f.db, t.world, t.f.today);
  // A workflow changes a protected field too (status, through its own rules).
  StartWorkflow suspend;
  suspend.workflow_id = new_uuid();
  suspend.kind = "suspension";
  suspend.student_id = sid;
  suspend.details = {{"reason", "illness"}, {"until", "2027-01-31"}};
  suspend.proofs = {Proof{"medical_certificate", sample_hash('c')}};
  (void)t.f.run(t.f.school_a, suspend);

  auto live = live_student_image(t.f.db, sid);
  REQUIRE(live.ok());
  auto rebuilt = rebuild_student_as_of(t.f.db, sid, "9999-12-31T00:00:00.000Z");
  REQUIRE(rebuilt.ok());
  CHECK(*rebuilt == *live);
  CHECK(live->at("guardian.0.phone") == "13800000001");
  // As of each recorded change, the rebuild shows that change's value.
  auto history = student_field_history(t.f.db, sid);
  REQUIRE(history.ok());
  for (const auto& entry : *history) {
    if (entry.status != "applied") continue;
    auto then = rebuild_student_as_of(t.f.db, sid, entry.provenance.server_time).value();
    INFO(entry.field);
    CHECK(then.at(entry.field) == entry.value);
  }
  // Before the record existed there was nothing.
  CHECK(rebuild_student_as_of(t.f.db, sid, "2000-01-01T00:00:00.000Z").value().empty());
  // Every field has provenance; edited ones name their operation and device.
  auto provenance = student_provenance(t.f.db, sid).value();
  CHECK(provenance.size() == live->size());
  for (const auto& p : provenance)
    if (p.field == "guardian.0.phone") CHECK(p.device_id == t.one.actor.device_id);
}

// --- Review cases added for transfer races, rule violations after the merge, held operations
// released by a decision and stale cases closing themselves (issue 4; docs/SYNC.md).

namespace {

StartWorkflow transfer_request(const Student& s) {
  StartWorkflow start;
  start.workflow_id = new_uuid();
  start.kind = "transfer";
  start.details = {{"registry_number", s.registry_number},
                   {"name", s.name},
                   {"reason", "hukou_move"},
                   {"grade", std::to_string(s.grade)}};
  start.proofs = {Proof{"transfer_application", std::string(64, 'a')}};
  return start;
}

StudentRegistration without_id(const std::string& name, int serial) {
  auto r = registration_of(name, "", 1, "2026-09-01");
  r.document_type = "none";
  r.gender = 2;
  r.birth_date = "2020-03-03";
  r.hukou_division = "411623";
  r.serial = serial;
  return r;
}

// A first-grader of the school, registered on the server (a child a first-grade registration
// elsewhere can collide with, 第四条 age included).
Student first_grader(RegistryFixture& f, const Actor& school, const std::string& name,
                     int sequence) {
  auto r = registration_of(name, make_id_number("411623", Date{2020, 5, 6}, sequence));
  r.student_id = new_uuid();
  auto outcome = f.run(school, RegisterStudent{r});
  REQUIRE(outcome.ok());
  return f.student(outcome->student_id);
}

ReviewCase the_case(Database& db, const std::string& case_id) {
  auto found = find_review_case(db, case_id);
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  return **found;
}

int feed_rows(Database& db, const std::string& case_id) {
  auto stmt = db.prepare(
      "SELECT count(DISTINCT unit_code) || ':' || count(*) FROM change_log WHERE entity = "
      "'review_case' AND entity_id = ?1");
  REQUIRE(stmt.ok());
  stmt->bind(1, case_id);
  REQUIRE(stmt->step().ok());
  const std::string both = stmt->text(0);
  REQUIRE(both.substr(0, both.find(':')) == both.substr(both.find(':') + 1));  // no unit twice
  return std::atoi(both.c_str());
}

}  // namespace

TEST_CASE("Transfer race: two schools apply offline to receive one student — keep_b swaps them") {
  RegistryFixture f;
  WorldClock world;
  const Student pupil = f.enroll(f.school_a, "韩雪", 71);
  Device b(f.dir, "b.db", f.school_b);
  Device c(f.dir, "c.db", f.school_c);
  Device county(f.dir, "county.db", f.shangshui);
  // Neither receiving device holds the record: both accept the application offline.
  const StartWorkflow by_b = transfer_request(pupil);
  const StartWorkflow by_c = transfer_request(pupil);
  REQUIRE(b.registry.submit(by_b, f.today, b.device_time(world)).ok());
  REQUIRE(c.registry.submit(by_c, f.today, c.device_time(world)).ok());
  CHECK(b.push(f.db, world, f.today).verdicts.at(0).outcome == Outcome::Applied);
  SyncSummary summary;
  const auto raced = c.push(f.db, world, f.today, &summary);
  REQUIRE(raced.verdicts.at(0).outcome == Outcome::Conflict);  // never last-writer-wins
  CHECK(raced.verdicts.at(0).code == "UNFINISHED_BUSINESS");   // 第十一条, the rule named
  CHECK(summary.conflicts == 1);
  const ReviewCase opened = the_case(f.db, raced.verdicts.at(0).case_id);
  CHECK(opened.kind == "transfer_race");
  CHECK(opened.student_id == pupil.student_id);
  CHECK(opened.school_code == f.school_a.unit_code);
  CHECK(opened.other_school_code == f.school_c.unit_code);
  CHECK(opened.side_a.find(by_b.workflow_id) != std::string::npos);  // the transfer it met
  CHECK(opened.side_b.find(by_c.workflow_id) != std::string::npos);
  CHECK(feed_rows(f.db, opened.case_id) == 3);  // school A, school C, the county: once each
  CHECK_FALSE(load_workflow(f.db, by_c.workflow_id).value().has_value());

  // The county hears of it and decides for side B: B's application is withdrawn, C's started.
  county.pull(f.db, world);
  REQUIRE(county.registry.review_cases().size() == 1);
  auto merge = f.run(f.shangshui, DecideReviewCase{opened.case_id, "merge", {{"x", "b"}}, ""});
  REQUIRE_FALSE(merge.ok());  // a race has no fields to merge
  CHECK(merge.error().code == ErrorCode::InvalidInput);
  REQUIRE(county.registry
              .submit(DecideReviewCase{opened.case_id, "keep_b", {}, "监护人户籍迁至川汇区"},
                      f.today, county.device_time(world))
              .ok());
  REQUIRE(county.push(f.db, world, f.today).verdicts.at(0).outcome == Outcome::Applied);
  CHECK(f.workflow(by_b.workflow_id).state == WorkflowState::Withdrawn);
  CHECK(f.workflow(by_c.workflow_id).state == WorkflowState::Open);
  CHECK(f.workflow(by_c.workflow_id).started_unit == f.school_c.unit_code);
  c.pull(f.db, world);
  REQUIRE(c.registry.review_cases().size() == 1);
  CHECK(c.registry.review_cases()[0].decision == "keep_b");
}

TEST_CASE("Transfer race: the origin school's suspension against a transfer in flight, keep_a") {
  RegistryFixture f;
  WorldClock world;
  const Student pupil = f.enroll(f.school_a, "白露", 72);
  Device a(f.dir, "a.db", f.school_a);
  Device b(f.dir, "b.db", f.school_b);
  a.pull(f.db, world);  // school A holds its student, then goes offline
  const StartWorkflow transfer = transfer_request(pupil);
  REQUIRE(f.run(f.school_b, transfer).ok());  // school B's transfer reaches the server first
  StartWorkflow suspension;
  suspension.workflow_id = new_uuid();
  suspension.kind = "suspension";
  suspension.student_id = pupil.student_id;
  suspension.details = {{"reason", "illness"}};
  suspension.proofs = {Proof{"guardian_application", std::string(64, 'b')},
                       Proof{"hospital_certificate", std::string(64, 'c')}};
  REQUIRE(a.registry.submit(suspension, f.today, a.device_time(world)).ok());
  const auto raced = a.push(f.db, world, f.today);
  REQUIRE(raced.verdicts.at(0).outcome == Outcome::Conflict);
  const ReviewCase opened = the_case(f.db, raced.verdicts.at(0).case_id);
  CHECK(opened.kind == "transfer_race");
  CHECK(opened.code == "UNFINISHED_BUSINESS");
  // Side B is the student's own school: the school whose transfer is in flight hears of it.
  CHECK(opened.other_school_code == f.school_b.unit_code);
  b.pull(f.db, world);
  CHECK(b.registry.review_cases().size() == 1);
  REQUIRE(f.run(f.shangshui, DecideReviewCase{opened.case_id, "keep_a", {}, ""}).ok());
  CHECK(f.workflow(transfer.workflow_id).state == WorkflowState::Open);
  CHECK_FALSE(load_workflow(f.db, suspension.workflow_id).value().has_value());
  // Two workflows of one school, neither a transfer, stay a plain refusal.
  RegistryFixture g;
  const Student other = g.enroll(g.school_a, "白雪", 73);
  StartWorkflow first = suspension, second = suspension;
  first.workflow_id = new_uuid();
  first.student_id = other.student_id;
  second.workflow_id = new_uuid();
  second.student_id = other.student_id;
  Device a2(g.dir, "a2.db", g.school_a);
  a2.pull(g.db, world);  // then offline: the other device's suspension reaches the server first
  REQUIRE(g.run(g.school_a, first).ok());
  REQUIRE(a2.registry.submit(second, g.today, a2.device_time(world)).ok());
  CHECK(a2.push(g.db, world, g.today).verdicts.at(0).outcome == Outcome::Rejected);
}

TEST_CASE(
    "Rule violation: two offline registrations drew one 学籍号 — keep_b releases held edits") {
  RegistryFixture f;
  WorldClock world;
  Device a(f.dir, "a.db", f.school_a);
  Device b(f.dir, "b.db", f.school_b);
  Device county(f.dir, "county.db", f.shangshui);
  // Two different children without an ID number, same 户籍 county, birth date and drawn digits:
  // each registration is valid alone; together they break 第七条 (one 学籍号 per person).
  REQUIRE(
      a.registry.register_student(without_id("马兰", 4321), f.today, a.device_time(world)).ok());
  auto mine = b.registry.register_student(without_id("牛娟", 4321), f.today, b.device_time(world));
  REQUIRE(mine.ok());
  b.edit(mine->student_id, "class_name", "一(5)班", world, f.today);  // depends on it
  REQUIRE(a.push(f.db, world, f.today).verdicts.at(0).outcome == Outcome::Applied);
  SyncSummary summary;
  const auto response = b.push(f.db, world, f.today, &summary);
  REQUIRE(response.verdicts.size() == 2);
  REQUIRE(response.verdicts[0].outcome == Outcome::Conflict);
  CHECK(response.verdicts[0].code == "REGISTRY_NUMBER_TAKEN");
  CHECK(response.verdicts[1].outcome == Outcome::Held);
  const ReviewCase opened = the_case(f.db, response.verdicts[0].case_id);
  CHECK(opened.kind == "rule_violation");
  CHECK(opened.other_student_id == mine->student_id);
  CHECK(opened.other_school_code == f.school_b.unit_code);
  CHECK(b.registry.rejections().size() == 2);

  // keep_b: side B's child is registered too, under the next free number.
  county.pull(f.db, world);
  REQUIRE(county.registry
              .submit(DecideReviewCase{opened.case_id, "keep_b", {}, "两名不同学生"}, f.today,
                      county.device_time(world))
              .ok());
  REQUIRE(county.push(f.db, world, f.today).verdicts.at(0).outcome == Outcome::Applied);
  const Student registered = f.student(mine->student_id);
  CHECK(registered.school_code == f.school_b.unit_code);
  CHECK(registered.registry_number != mine->registry_number);

  // School B's next sync: the decision arrives, the held edit goes out again and applies.
  b.pull(f.db, world);
  CHECK(b.registry.pending_count() == 1);
  REQUIRE(b.registry.rejections().size() == 1);  // side B itself stays listed, with its case
  CHECK(b.registry.rejections()[0].case_id == opened.case_id);
  const auto again = b.push(f.db, world, f.today);
  REQUIRE(again.verdicts.size() == 1);
  CHECK(again.verdicts[0].op_id == response.verdicts[1].op_id);
  CHECK(again.verdicts[0].outcome == Outcome::Applied);
  CHECK(class_of(f.db, mine->student_id) == "一(5)班");
  // Exactly once: a replay gets the new verdict and changes nothing.
  auto count = f.db.prepare("SELECT count(*) FROM op_log WHERE op_id = ?1");
  REQUIRE(count.ok());
  count->bind(1, again.verdicts[0].op_id);
  REQUIRE(count->step().ok());
  CHECK(count->integer(0) == 1);
}

TEST_CASE("Rule violation: an edit of a record deregistered meanwhile is held — keep_b refused") {
  TwoDevices t;
  t.one.pull(t.f.db, t.world);
  StartWorkflow death;
  death.workflow_id = new_uuid();
  death.kind = "death";
  death.student_id = t.student.student_id;
  death.details = {{"date_of_death", "2026-09-10"}};
  death.proofs = {Proof{"death_certificate", std::string(64, 'd')}};
  REQUIRE(t.f.run(t.f.school_a, death).ok());
  REQUIRE(t.f.run(t.f.shangshui, DecideStep{death.workflow_id, 0, true, "注销", {}}).ok());
  // Device one edited on its base, valid then; against the merged state 第十六条 forbids it.
  t.one.edit(t.student.student_id, "class_name", "三(9)班", t.world, t.f.today);
  const auto response = t.one.push(t.f.db, t.world, t.f.today);
  REQUIRE(response.verdicts.at(0).outcome == Outcome::Conflict);
  CHECK(response.verdicts.at(0).code == "STATUS_NOT_ALLOWED");
  const ReviewCase opened = the_case(t.f.db, response.verdicts.at(0).case_id);
  CHECK(opened.kind == "rule_violation");
  CHECK(opened.base.find("class_name") != std::string::npos);
  auto keep_b = t.f.run(t.f.shangshui, DecideReviewCase{opened.case_id, "keep_b", {}, ""});
  REQUIRE_FALSE(keep_b.ok());
  CHECK(keep_b.error().code == ErrorCode::StatusNotAllowed);
  REQUIRE(t.f.run(t.f.shangshui, DecideReviewCase{opened.case_id, "keep_a", {}, ""}).ok());
  CHECK(the_case(t.f.db, opened.case_id).status == "decided");
}

TEST_CASE("Stale case: the school registers the child again with the ID corrected — case closes") {
  RegistryFixture f;
  WorldClock world;
  const Student holder = first_grader(f, f.school_a, "孔明", 74);
  Device b(f.dir, "b.db", f.school_b);
  Device a(f.dir, "a.db", f.school_a);
  Device county(f.dir, "county.db", f.shangshui);
  // School B mistypes its new pupil's ID number as school A's student's.
  auto typo = registration_of("孔亮", holder.id_number);
  typo.student_id = new_uuid();
  REQUIRE(b.registry.register_student(typo, f.today, b.device_time(world)).ok());
  const auto response = b.push(f.db, world, f.today);
  REQUIRE(response.verdicts.at(0).outcome == Outcome::Conflict);
  const std::string case_id = response.verdicts.at(0).case_id;
  CHECK(the_case(f.db, case_id).status == "open");

  // Fixed from 需处理: the same record id, the right number (the client keeps the id).
  auto fixed = typo;
  fixed.id_number = make_id_number("411623", Date{2020, 5, 6}, 176);
  REQUIRE(b.registry.resolve_rejection(response.verdicts.at(0).op_id).ok());
  REQUIRE(b.registry.register_student(fixed, f.today, b.device_time(world)).ok());
  REQUIRE(b.push(f.db, world, f.today).verdicts.at(0).outcome == Outcome::Applied);
  const ReviewCase closed = the_case(f.db, case_id);
  CHECK(closed.status == "closed");
  CHECK(closed.close_reason.find("registered_again") != std::string::npos);
  CHECK(closed.decision.empty());
  // It travels in the feed: both schools and the county see it closed; nobody decides it.
  a.pull(f.db, world);
  b.pull(f.db, world);
  county.pull(f.db, world);
  REQUIRE(county.registry.review_cases().size() == 1);
  CHECK(county.registry.review_cases()[0].status == "closed");
  CHECK(a.registry.review_cases().at(0).status == "closed");
  CHECK(b.registry.review_cases().at(0).status == "closed");
  auto late = f.run(f.shangshui, DecideReviewCase{case_id, "keep_b", {}, ""});
  REQUIRE_FALSE(late.ok());
  CHECK(late.error().code == ErrorCode::ReviewCaseClosed);
}

TEST_CASE("Stale case: side A's document corrected by 信息更正 closes the duplicate case") {
  RegistryFixture f;
  WorldClock world;
  const Student holder = first_grader(f, f.school_a, "孔雀", 76);
  Device b(f.dir, "b.db", f.school_b);
  auto dup = registration_of("孔雀", holder.id_number);
  dup.student_id = new_uuid();
  REQUIRE(b.registry.register_student(dup, f.today, b.device_time(world)).ok());
  const auto response = b.push(f.db, world, f.today);
  REQUIRE(response.verdicts.at(0).outcome == Outcome::Conflict);
  const std::string case_id = response.verdicts.at(0).case_id;
  // School A's record had the wrong number: corrected (第十条) and pushed as an operation.
  Device a(f.dir, "a.db", f.school_a);
  a.pull(f.db, world);
  StartWorkflow correction;
  correction.workflow_id = new_uuid();
  correction.kind = "info_correction";
  correction.student_id = holder.student_id;
  correction.details = {{"field", "id_number"},
                        {"new_value", make_id_number("411623", Date{2020, 5, 6}, 78)},
                        {"reason", "录入错误"}};
  correction.proofs = {Proof{"household_register", std::string(64, 'e')}};
  REQUIRE(a.registry.submit(correction, f.today, a.device_time(world)).ok());
  REQUIRE(a.push(f.db, world, f.today).verdicts.at(0).outcome == Outcome::Applied);
  Device county(f.dir, "county.db", f.shangshui);
  county.pull(f.db, world);
  for (int position = 0; position < 4; ++position) {
    auto w = f.workflow(correction.workflow_id);
    if (w.state != WorkflowState::Open) break;
    const auto* step = w.open_step();
    REQUIRE(step);
    Device& by = step->role == Role::County ? county : a;
    by.pull(f.db, world);
    REQUIRE(by.registry
                .submit(DecideStep{correction.workflow_id, step->position, true, "", {}}, f.today,
                        by.device_time(world))
                .ok());
    REQUIRE(by.push(f.db, world, f.today).verdicts.at(0).outcome == Outcome::Applied);
  }
  REQUIRE(f.workflow(correction.workflow_id).state == WorkflowState::Completed);
  CHECK(the_case(f.db, case_id).status == "closed");
  CHECK(the_case(f.db, case_id).close_reason.find("document_corrected") != std::string::npos);
}
