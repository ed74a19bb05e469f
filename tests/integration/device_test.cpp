// Devices (S5) and tokens: listing by scope, revocation by the school's registrar or the
// county, a revoked device's push and pull refused with DEVICE_REVOKED; tokens that are
// garbage, logged out, expired or idle are refused with 401.
#include <catch2/catch.hpp>

#include "api.hpp"
#include "json.hpp"

using namespace xueji;
using namespace xueji::it;

namespace {

std::vector<std::string> listed_devices(httplib::Client& client, const std::string& token) {
  auto res = get_with_token(client, "/api/devices", token);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto doc = parse_json(res->body);
  std::vector<std::string> ids;
  for (const auto& d : doc["devices"].GetArray()) ids.emplace_back(d["device_id"].GetString());
  return ids;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

TEST_CASE("a registrar revokes one of the school's devices — its push and pull are refused",
          "[devices]") {
  Deployment deployment;
  auto client = deployment.client();
  const auto& registrar = deployment.registrar(0);
  Session office = login(client, registrar, "office-pc");
  Session laptop = login(client, registrar, "laptop");
  Session other_school = login(client, deployment.registrar(1), "other-pc");

  auto own = listed_devices(client, office.token);
  CHECK(contains(own, "office-pc"));
  CHECK(contains(own, "laptop"));
  CHECK_FALSE(contains(own, "other-pc"));
  Session county = login(client, deployment.county(), "county-pc");
  auto county_view = listed_devices(client, county.token);
  CHECK(contains(county_view, "laptop"));
  CHECK(contains(county_view, "other-pc"));

  auto not_yours = post_with_token(client, "/api/devices/laptop/revoke", other_school.token, "");
  REQUIRE(not_yours);
  CHECK(not_yours->status == 403);
  CHECK(parse_error(not_yours).code == "OUT_OF_SCOPE");
  CHECK(audit_rows(deployment.data_dir(), "revoke_device").back().result == "out_of_scope");
  CHECK(post_with_token(client, "/api/devices/no-such-device/revoke", office.token, "")->status ==
        404);

  auto revoked = post_with_token(client, "/api/devices/laptop/revoke", office.token, "");
  REQUIRE(revoked);
  INFO(revoked->body);
  CHECK(revoked->status == 200);
  auto device = parse_json(revoked->body);
  CHECK(device["device"]["revoked"].GetBool());
  CHECK(std::string(device["device"]["revoked_by"].GetString()) == registrar.username);

  // The revoked device learns why (so its client keeps its pending operations and says so).
  auto push = post_push(
      client, laptop.token,
      to_json(registration_batch(laptop, {first_grader("王小明", unseeded_id_number(1))})));
  REQUIRE(push);
  CHECK(push->status == 403);
  CHECK(parse_error(push).code == "DEVICE_REVOKED");
  auto pull = get_with_token(client, "/api/sync/pull", laptop.token);
  REQUIRE(pull);
  CHECK(pull->status == 403);
  CHECK(parse_error(pull).code == "DEVICE_REVOKED");
  auto relogin = post_login(client, registrar.username, registrar.password, "laptop");
  CHECK(parse_error(relogin).code == "DEVICE_REVOKED");
  // The other device of the same account goes on.
  CHECK(get_with_token(client, "/api/sync/pull", office.token)->status == 200);

  SECTION("the county revokes a school's device too") {
    auto by_county = post_with_token(client, "/api/devices/other-pc/revoke", county.token, "");
    CHECK(by_county->status == 200);
    CHECK(parse_error(get_with_token(client, "/api/students", other_school.token)).code ==
          "DEVICE_REVOKED");
  }
}

TEST_CASE("garbage, expired, idle and logged-out tokens are refused with 401", "[devices]") {
  Deployment deployment;
  auto client = deployment.client();
  Session s = login(client, deployment.registrar(0), "dev-a");
  CHECK(get_with_token(client, "/api/students", s.token)->status == 200);

  for (const std::string& bad : {std::string(""), std::string("garbage"), s.token + "x",
                                 std::string(4096, 'A'), std::string("' OR 1=1 --")}) {
    auto res = get_with_token(client, "/api/students", bad);
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK(parse_error(res).code == "UNAUTHENTICATED");
  }
  auto no_header = client.Get("/api/students");
  CHECK(no_header->status == 401);

  SECTION("expired") {
    exec_sql(deployment.data_dir(), "UPDATE sessions SET expires_at = 1");
    CHECK(parse_error(get_with_token(client, "/api/students", s.token)).code == "UNAUTHENTICATED");
  }
  SECTION("idle past the idle timeout") {
    exec_sql(deployment.data_dir(), "UPDATE sessions SET last_used_at = 1");
    CHECK(get_with_token(client, "/api/students", s.token)->status == 401);
  }
  SECTION("logged out") {
    CHECK(post_with_token(client, "/api/logout", s.token, "")->status == 200);
    CHECK(get_with_token(client, "/api/students", s.token)->status == 401);
  }
}
