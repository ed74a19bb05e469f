// S2/S3 and R5 (第八条) over real SQLite files: a device's outbox pushed into the server core.
#include <catch2/catch.hpp>

#include "builders.hpp"
#include "temp_dir.hpp"
#include "xueji/local_registry.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/review_case.hpp"
#include "xueji/schema.hpp"
#include "xueji/server_registry.hpp"

using namespace xueji;

namespace {
const Date kToday{2026, 11, 28};

struct ServerFixture {
  TempDir dir;
  Database db = std::move(Database::open(dir.file("server.db")).value());
  ServerFixture() {
    REQUIRE(migrate(db, DatabaseRole::Server).ok());
    REQUIRE(upsert_division(db, {"41", "河南省", "", 1}).ok());
    REQUIRE(upsert_division(db, {"4116", "周口市", "41", 2}).ok());
    REQUIRE(upsert_division(db, {"411623", "商水县", "4116", 3}).ok());
    REQUIRE(upsert_school(db, {"4116230001", "商水县第一小学", "411623", "primary"}).ok());
    REQUIRE(upsert_school(db, {"4116230002", "商水县第二小学", "411623", "primary"}).ok());
  }
};

struct Device {
  LocalRegistry registry;
  Actor actor;
  Device(const TempDir& dir, const std::string& name, const std::string& school)
      : registry(std::move(LocalRegistry::open(dir.file(name)).value())) {
    actor = Actor{name, Role::SchoolRegistrar, school, registry.device_id()};
    Session session{"token", name, name, "school_registrar", school, "school", actor.device_id};
    REQUIRE(registry.save_session(session).ok());
  }
  Student register_one(const std::string& name, const std::string& id_number) {
    StudentRegistration r = registration_of(name, id_number);
    auto student = registry.register_student(r, kToday, "2026-11-28T08:00:00");
    REQUIRE(student.ok());
    return *student;
  }
};

std::string valid_id(int sequence) {
  return make_id_number("411623", Date{2020, 3, 4}, sequence);
}

}  // namespace

TEST_CASE("S3: a registration pushed from a device is applied and stored once on the server") {
  ServerFixture server;
  Device school(server.dir, "reg1", "4116230001");
  Student local = school.register_one("张三", valid_id(11));
  CHECK(school.registry.pending_count() == 1);

  auto body = school.registry.build_push_body(100);
  REQUIRE(body.has_value());
  auto request = parse_push_request(*body);
  REQUIRE(request.ok());
  ServerRegistry registry(server.db);
  PushResponse response = registry.apply_push(school.actor, *request, kToday);
  REQUIRE(response.verdicts.size() == 1);
  CHECK(response.verdicts[0].outcome == Outcome::Applied);
  CHECK(response.verdicts[0].registry_number == local.registry_number);

  auto summary = school.registry.apply_push_response(to_json(response));
  REQUIRE(summary.ok());
  CHECK(summary->applied == 1);
  CHECK(school.registry.pending_count() == 0);
  CHECK_FALSE(school.registry.build_push_body(100).has_value());
  auto listed = school.registry.list_students("张");
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].sync_state == "synced");

  auto on_server = find_student_by_id_number(server.db, local.id_number);
  REQUIRE(on_server.ok());
  REQUIRE(on_server->has_value());
  CHECK((*on_server)->name == "张三");
  CHECK((*on_server)->school_code == "4116230001");
}

TEST_CASE("S2: re-sending the same push any number of times changes nothing") {
  ServerFixture server;
  Device school(server.dir, "reg1", "4116230001");
  school.register_one("张三", valid_id(11));
  school.register_one("李四", valid_id(13));
  auto request = parse_push_request(*school.registry.build_push_body(100));
  REQUIRE(request.ok());
  ServerRegistry registry(server.db);
  std::string first = to_json(registry.apply_push(school.actor, *request, kToday));
  for (int i = 0; i < 3; ++i)
    CHECK(to_json(registry.apply_push(school.actor, *request, kToday)) == first);
  // A prefix of the stream, re-sent in another batching, also gets the recorded verdicts.
  PushRequest prefix = *request;
  prefix.ops.resize(1);
  auto again = registry.apply_push(school.actor, prefix, kToday);
  CHECK(again.verdicts[0].outcome == Outcome::Applied);
  auto students = students_of_school(server.db, "4116230001");
  REQUIRE(students.ok());
  CHECK(students->size() == 2);
}

TEST_CASE(
    "R5 第八条: the same ID number registered offline at another school is held in a review case") {
  ServerFixture server;
  Device first(server.dir, "reg1", "4116230001");
  Device second(server.dir, "reg2", "4116230002");
  first.register_one("张三", valid_id(11));
  second.register_one("张三", valid_id(11));  // offline: the second device cannot know
  ServerRegistry registry(server.db);
  registry.apply_push(first.actor, *parse_push_request(*first.registry.build_push_body(10)),
                      kToday);

  auto response = registry.apply_push(
      second.actor, *parse_push_request(*second.registry.build_push_body(10)), kToday);
  REQUIRE(response.verdicts.size() == 1);
  CHECK(response.verdicts[0].outcome == Outcome::Conflict);
  CHECK(response.verdicts[0].code == "DUPLICATE_REGISTRY");
  CHECK(response.verdicts[0].case_id == "case-" + response.verdicts[0].op_id);
  auto opened = find_review_case(server.db, response.verdicts[0].case_id);
  REQUIRE(opened.ok());
  REQUIRE(opened->has_value());
  CHECK((*opened)->kind == "duplicate_registration");
  CHECK((*opened)->school_code == "4116230001");
  CHECK((*opened)->other_school_code == "4116230002");

  // The device rolls its optimistic registration back and lists the reason under 需处理.
  auto summary = second.registry.apply_push_response(to_json(response));
  REQUIRE(summary.ok());
  CHECK(summary->conflicts == 1);
  CHECK(second.registry.list_students("").empty());
  CHECK(second.registry.pending_count() == 0);
  auto rejections = second.registry.rejections();
  REQUIRE(rejections.size() == 1);
  CHECK(rejections[0].student_name == "张三");
  CHECK(rejections[0].code == "DUPLICATE_REGISTRY");
  CHECK(rejections[0].outcome == "conflict");
  CHECK(rejections[0].case_id == response.verdicts[0].case_id);
  CHECK(rejections[0].message_zh.find("一人一籍") != std::string::npos);

  // Fixed by the registrar (re-registered with the right number): it leaves 需处理.
  REQUIRE(second.registry.resolve_rejection(rejections[0].op_id).ok());
  CHECK(second.registry.rejections().empty());
}

TEST_CASE("R5 第八条: the device refuses a duplicate it can already see") {
  ServerFixture server;
  Device school(server.dir, "reg1", "4116230001");
  school.register_one("张三", valid_id(11));
  StudentRegistration again = registration_of("张三", valid_id(11));
  auto refused = school.registry.register_student(again, kToday, "");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::DuplicateRegistry);
  CHECK(school.registry.pending_count() == 1);
}

TEST_CASE(
    "R1 第三条: the server never trusts the op: another device's or another role's push is "
    "refused") {
  ServerFixture server;
  Device school(server.dir, "reg1", "4116230001");
  school.register_one("张三", valid_id(11));
  auto request = *parse_push_request(*school.registry.build_push_body(10));
  ServerRegistry registry(server.db);

  Actor other_device = school.actor;
  other_device.device_id = "someone-else";
  CHECK(registry.apply_push(other_device, request, kToday).verdicts[0].code == "OUT_OF_SCOPE");

  Actor county{"county1", Role::County, "411623", school.actor.device_id};
  CHECK(registry.apply_push(county, request, kToday).verdicts[0].code == "OUT_OF_SCOPE");
  CHECK(students_of_school(server.db, "4116230001")->empty());
}

TEST_CASE(
    "S2: a server-side rule check the device skipped still rejects (server never trusts the "
    "client)") {
  ServerFixture server;
  Device school(server.dir, "reg1", "4116230001");
  school.register_one("张三", valid_id(11));
  auto request = *parse_push_request(*school.registry.build_push_body(10));
  auto& id = std::get<RegisterStudent>(request.ops[0].command).registration.id_number;
  id[17] = id[17] == '1' ? '2' : '1';
  ServerRegistry registry(server.db);
  auto response = registry.apply_push(school.actor, request, kToday);
  CHECK(response.verdicts[0].code == "ID_CHECKSUM");
  CHECK(students_of_school(server.db, "4116230001")->empty());
}

TEST_CASE("S2: retryable verdicts keep the operation in the outbox") {
  ServerFixture server;
  Device school(server.dir, "reg1", "4116230001");
  school.register_one("张三", valid_id(11));
  auto request = *parse_push_request(*school.registry.build_push_body(10));
  request.protocol_version = 99;  // as if the server spoke a newer protocol
  ServerRegistry registry(server.db);
  auto response = registry.apply_push(school.actor, request, kToday);
  CHECK(response.verdicts[0].code == "UNSUPPORTED_VERSION");
  REQUIRE(school.registry.apply_push_response(to_json(response)).ok());
  CHECK(school.registry.pending_count() == 1);
  CHECK(school.registry.list_students("").size() == 1);
}
