// Review cases over HTTP (issue 4, docs/API.md): a duplicate registration from two schools is
// held in a case, the county reads it (both sides, current values with provenance) and decides
// it with an operation pushed like any other; the school's device sees the outcome on its pull.
#include <catch2/catch.hpp>

#include "api.hpp"
#include "json.hpp"
#include "temp_dir.hpp"
#include "xueji/local_registry.hpp"
#include "xueji/uuid.hpp"

using namespace xueji;
using namespace xueji::it;

TEST_CASE("a duplicate registration becomes a review case the county reads and decides by push",
          "[push][review]") {
  Deployment deployment;
  auto client = deployment.client();
  Session first_school = login(client, deployment.registrar(0), "device-a");
  Session second_school = login(client, deployment.registrar(1), "device-b");
  Session county = login(client, deployment.county(), "device-county");
  const std::string id = unseeded_id_number(7);
  REQUIRE(
      parse_push(post_push(client, first_school.token,
                           to_json(registration_batch(first_school, {first_grader("钱多多", id)}))))
          .verdicts.at(0)
          .outcome == Outcome::Applied);
  auto held = parse_push(
      post_push(client, second_school.token,
                to_json(registration_batch(second_school, {first_grader("钱多多", id)}))));
  REQUIRE(held.verdicts.at(0).outcome == Outcome::Conflict);
  const std::string case_id = held.verdicts.at(0).case_id;
  REQUIRE_FALSE(case_id.empty());
  CHECK_FALSE(held.verdicts.at(0).hlc.empty());  // stamped by the server on receipt

  // The list: the county's and both schools', nobody without a token.
  auto listed = get_with_token(client, "/api/review-cases?status=open", county.token);
  REQUIRE(listed);
  REQUIRE(listed->status == 200);
  CHECK(listed->body.find(case_id) != std::string::npos);
  auto school_list = get_with_token(client, "/api/review-cases", second_school.token);
  REQUIRE(school_list);
  CHECK(school_list->body.find(case_id) != std::string::npos);
  auto anonymous = client.Get("/api/review-cases");
  REQUIRE(anonymous);
  CHECK(anonymous->status == 401);
  auto bad_status = get_with_token(client, "/api/review-cases?status=maybe", county.token);
  REQUIRE(bad_status);
  CHECK(bad_status->status == 400);

  // The detail: base, both sides as JSON, the record's current values with provenance.
  auto detail = get_with_token(client, "/api/review-cases/" + case_id, county.token);
  REQUIRE(detail);
  REQUIRE(detail->status == 200);
  CHECK(detail->body.find("\"side_b\":{") != std::string::npos);
  CHECK(detail->body.find("\"side_a\":{") != std::string::npos);
  CHECK(detail->body.find("\"current\":[") != std::string::npos);
  CHECK(detail->body.find("\"kind\":\"duplicate_registration\"") != std::string::npos);
  auto missing = get_with_token(client, "/api/review-cases/case-nothing", county.token);
  REQUIRE(missing);
  CHECK(missing->status == 404);

  // The decision is an operation of the county's device, through the one push path.
  PushRequest decision;
  decision.device_id = county.device_id;
  Operation op;
  op.op_id = new_uuid();
  op.device_id = county.device_id;
  op.seq = 1;
  op.actor = county.account;
  op.device_time = "2026-11-28T09:00:00+08:00";
  op.command = DecideReviewCase{case_id, "keep_a", {}, "学生在第一所学校就读"};
  decision.ops = {op};
  auto decided = parse_push(post_push(client, county.token, to_json(decision)));
  REQUIRE(decided.verdicts.at(0).outcome == Outcome::Applied);
  // A school's push of a decision is refused (第三条).
  decision.device_id = second_school.device_id;
  decision.ops[0].op_id = new_uuid();
  decision.ops[0].device_id = second_school.device_id;
  auto refused = parse_push(post_push(client, second_school.token, to_json(decision)));
  CHECK(refused.verdicts.at(0).outcome == Outcome::Rejected);

  // The second school's device hears the outcome on its next pull (需处理).
  TempDir dir;
  auto device = LocalRegistry::open((dir.path() / "b.db").string());
  REQUIRE(device.ok());
  REQUIRE(device->save_session(second_school).ok());
  for (int guard = 0; guard < 100; ++guard) {
    auto page =
        get_with_token(client, "/api/sync/pull?cursor=" + std::to_string(device->pull_cursor()),
                       second_school.token);
    REQUIRE(page);
    REQUIRE(page->status == 200);
    auto applied = device->apply_pull_page(page->body, "2026-11-28T09:01:00+08:00");
    REQUIRE(applied.ok());
    if (!applied->has_more) break;
  }
  auto cases = device->review_cases();
  REQUIRE(cases.size() == 1);
  CHECK(cases[0].case_id == case_id);
  CHECK(cases[0].status == "decided");
  CHECK(cases[0].decision == "keep_a");
  CHECK_FALSE(device->hlc().empty());  // the device's clock received the server's
}
