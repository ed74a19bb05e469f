// POST /api/sync/push: per-operation verdicts, idempotent by op_id, 第八条 across schools.
#include <catch2/catch.hpp>

#include <algorithm>

#include "api.hpp"

using namespace xueji;
using namespace xueji::it;

namespace {
bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}
}  // namespace

TEST_CASE("a pushed registration is applied and then listed in the school's students", "[push]") {
  Deployment deployment;
  auto client = deployment.client();
  Session session = login(client, deployment.registrar(0), "device-a");
  const std::string id = unseeded_id_number(1);
  REQUIRE_FALSE(contains(listed_id_numbers(client, session.token), id));

  auto response = parse_push(post_push(
      client, session.token, to_json(registration_batch(session, {first_grader("张𠈌", id)}))));
  REQUIRE(response.verdicts.size() == 1);
  CHECK(response.verdicts[0].outcome == Outcome::Applied);
  CHECK(response.verdicts[0].registry_number == "G" + id);  // 第七条: G + the checked ID

  CHECK(contains(listed_id_numbers(client, session.token), id));
  SECTION("the county above the school sees it too") {
    Session county = login(client, deployment.county(), "device-county");
    CHECK(contains(listed_id_numbers(client, county.token), id));
  }
}

TEST_CASE("re-pushing the same batch returns the same verdicts and stores no duplicate", "[push]") {
  Deployment deployment;
  auto client = deployment.client();
  Session session = login(client, deployment.registrar(0), "device-a");
  // One good registration and one with a broken check digit: both verdicts must replay.
  std::string good = unseeded_id_number(2);
  std::string bad = unseeded_id_number(3);
  bad.back() = bad.back() == '0' ? '1' : '0';
  const std::string body = to_json(
      registration_batch(session, {first_grader("李雨萱", good), first_grader("王浩", bad)}));

  auto first = parse_push(post_push(client, session.token, body));
  auto students_after_first = listed_id_numbers(client, session.token);
  auto second = parse_push(post_push(client, session.token, body));  // e.g. the answer was lost
  auto students_after_second = listed_id_numbers(client, session.token);

  REQUIRE(first.verdicts.size() == 2);
  REQUIRE(second.verdicts.size() == 2);
  CHECK(first.verdicts[0].outcome == Outcome::Applied);
  CHECK(first.verdicts[1].outcome == Outcome::Rejected);
  CHECK(first.verdicts[1].code == "ID_CHECKSUM");
  for (size_t i = 0; i < 2; ++i) {
    CHECK(second.verdicts[i].op_id == first.verdicts[i].op_id);
    CHECK(second.verdicts[i].outcome == first.verdicts[i].outcome);
    CHECK(second.verdicts[i].code == first.verdicts[i].code);
    CHECK(second.verdicts[i].registry_number == first.verdicts[i].registry_number);
  }
  CHECK(students_after_second.size() == students_after_first.size());
  CHECK(std::count(students_after_second.begin(), students_after_second.end(), good) == 1);
}

TEST_CASE("the same ID number at another school is held for county review (第八条, issue 4)",
          "[push]") {
  Deployment deployment;
  auto client = deployment.client();
  Session first_school = login(client, deployment.registrar(0), "device-a");
  Session second_school = login(client, deployment.registrar(1), "device-b");
  REQUIRE(first_school.unit_code != second_school.unit_code);
  const std::string id = unseeded_id_number(4);

  auto applied = parse_push(
      post_push(client, first_school.token,
                to_json(registration_batch(first_school, {first_grader("赵欣怡", id)}))));
  REQUIRE(applied.verdicts.at(0).outcome == Outcome::Applied);

  // 一人一籍: the second school's registration is not applied but held in a review case for
  // the county, with a reason the registrar can read in Chinese.
  auto refused = parse_push(
      post_push(client, second_school.token,
                to_json(registration_batch(second_school, {first_grader("赵欣怡", id)}))));
  REQUIRE(refused.verdicts.size() == 1);
  CHECK(refused.verdicts[0].outcome == Outcome::Conflict);
  CHECK(refused.verdicts[0].code == "DUPLICATE_REGISTRY");
  CHECK_FALSE(refused.verdicts[0].case_id.empty());
  CHECK_FALSE(refused.verdicts[0].message_zh.empty());
  CHECK_FALSE(contains(listed_id_numbers(client, second_school.token), id));
  CHECK(contains(listed_id_numbers(client, first_school.token), id));
}

TEST_CASE("a push without a valid token is refused with 401 UNAUTHENTICATED", "[push][auth]") {
  Deployment deployment;
  auto client = deployment.client();
  Session session = login(client, deployment.registrar(0), "device-a");
  const std::string body =
      to_json(registration_batch(session, {first_grader("孙宇", unseeded_id_number(5))}));

  SECTION("no Authorization header") {
    auto res = client.Post("/api/sync/push", body, "application/json");
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK(parse_error(res).code == "UNAUTHENTICATED");
  }
  SECTION("a made-up token") {
    auto res = post_push(client, "made-up-token-0123456789abcdefghijklmnopqrstu", body);
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK(parse_error(res).code == "UNAUTHENTICATED");
  }
  // Either way nothing was stored.
  CHECK_FALSE(contains(listed_id_numbers(client, session.token), unseeded_id_number(5)));
}

TEST_CASE("malformed JSON is refused with 400 MALFORMED_REQUEST and a bilingual message",
          "[push]") {
  Deployment deployment;
  auto client = deployment.client();
  Session session = login(client, deployment.registrar(0), "device-a");
  for (const std::string body :
       {"{\"protocol_version\":1,\"ops\":[", "not json at all", "[]", ""}) {
    INFO("body: " << body);
    auto res = post_push(client, session.token, body);
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(parse_error(res).code == "MALFORMED_REQUEST");
  }
  SECTION("and the server is still up afterwards") {
    CHECK(client.Get("/api/health")->status == 200);
  }
}

TEST_CASE("an operation claiming another device is rejected with OUT_OF_SCOPE", "[push][auth]") {
  Deployment deployment;
  auto client = deployment.client();
  Session session = login(client, deployment.registrar(0), "device-a");
  PushRequest request = registration_batch(session, {first_grader("周晨", unseeded_id_number(6))});
  request.ops[0].device_id = "device-somebody-else";
  auto response = parse_push(post_push(client, session.token, to_json(request)));
  REQUIRE(response.verdicts.size() == 1);
  CHECK(response.verdicts[0].outcome == Outcome::Rejected);
  CHECK(response.verdicts[0].code == "OUT_OF_SCOPE");
}

TEST_CASE("a body over the size limit is refused with 413 and a JSON error", "[push]") {
  Deployment deployment({"--max-body-bytes", "4096"});
  auto client = deployment.client();
  Session session = login(client, deployment.registrar(0), "device-a");
  auto res = post_push(client, session.token, std::string(8192, ' '));
  REQUIRE(res);
  CHECK(res->status == 413);
  CHECK(parse_error(res).code == "PAYLOAD_TOO_LARGE");
}
