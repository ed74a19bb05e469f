// POST /api/login: Argon2id-checked passwords, no enumeration, lock-out (等级保护 level 3).
#include <catch2/catch.hpp>

#include "api.hpp"

using namespace xueji;
using namespace xueji::it;

TEST_CASE("the health endpoint answers ok", "[http]") {
  Deployment deployment;
  auto client = deployment.client();
  auto res = client.Get("/api/health");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body == R"({"status":"ok"})");
}

TEST_CASE("a registrar logs in with the seeded password and gets a session bound to the device",
          "[login]") {
  Deployment deployment;
  auto client = deployment.client();
  const auto& registrar = deployment.registrar(0);
  Session session = login(client, registrar, "device-a");
  CHECK(session.account == registrar.username);
  CHECK(session.role == "school_registrar");
  CHECK(session.unit_code == registrar.unit_code);
  CHECK(session.unit_name == registrar.unit_name);
  CHECK(session.device_id == "device-a");
  CHECK(session.token.size() >= 43);  // 256 random bits, base64url

  SECTION("the token opens the scoped reads") {
    auto res = get_with_token(client, "/api/schools", session.token);
    REQUIRE(res);
    CHECK(res->status == 200);
  }
}

TEST_CASE("a wrong password is refused with 401 BAD_CREDENTIALS and no token", "[login]") {
  Deployment deployment;
  auto client = deployment.client();
  auto res = post_login(client, deployment.registrar(0).username, "wrong-password", "device-a");
  REQUIRE(res);
  CHECK(res->status == 401);
  auto error = parse_error(res);
  CHECK(error.code == "BAD_CREDENTIALS");
  CHECK(res->body.find("token") == std::string::npos);
}

TEST_CASE("an unknown user name is refused exactly like a wrong password", "[login]") {
  Deployment deployment;
  auto client = deployment.client();
  auto unknown = post_login(client, "nobody.here", "whatever", "device-a");
  auto wrong = post_login(client, deployment.registrar(0).username, "whatever", "device-a");
  REQUIRE(unknown);
  REQUIRE(wrong);
  CHECK(unknown->status == wrong->status);
  CHECK(parse_error(unknown).code == parse_error(wrong).code);
}

TEST_CASE("five wrong passwords lock the account, even against the right password", "[login]") {
  Deployment deployment;
  auto client = deployment.client();
  const auto& registrar = deployment.registrar(1);
  for (int attempt = 1; attempt <= 4; ++attempt) {
    auto res =
        post_login(client, registrar.username, "wrong-" + std::to_string(attempt), "device-a");
    REQUIRE(res);
    CHECK(res->status == 401);
  }
  auto fifth = post_login(client, registrar.username, "wrong-5", "device-a");
  REQUIRE(fifth);
  CHECK(fifth->status == 423);
  CHECK(parse_error(fifth).code == "ACCOUNT_LOCKED");

  auto right = post_login(client, registrar.username, registrar.password, "device-a");
  REQUIRE(right);
  CHECK(right->status == 423);
  CHECK(parse_error(right).code == "ACCOUNT_LOCKED");

  SECTION("other accounts are not affected") {
    login(client, deployment.registrar(0), "device-b");
  }
}

TEST_CASE("a login without a device id is refused with 400 MALFORMED_REQUEST", "[login]") {
  Deployment deployment;
  auto client = deployment.client();
  auto res =
      post_login(client, deployment.registrar(0).username, deployment.registrar(0).password, "");
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(parse_error(res).code == "MALFORMED_REQUEST");
}

TEST_CASE("a truncated login body is refused with 400 MALFORMED_REQUEST and the server stays up",
          "[login]") {
  Deployment deployment;
  auto client = deployment.client();
  for (const std::string body : {"{\"username\":", "[1,2]", "{\"username\":3}", "\xff\xfe"}) {
    INFO("body: " << body);
    auto res = client.Post("/api/login", body, "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(parse_error(res).code == "MALFORMED_REQUEST");
  }
  CHECK(client.Get("/api/health")->status == 200);
}
