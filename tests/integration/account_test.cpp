// Accounts created by the level above, one-time passwords changed at first login, password
// rules, disable/enable/reset, the TOTP second factor, logout (issue 5, 等级保护 level 3).
#include <catch2/catch.hpp>

#include "api.hpp"
#include "json.hpp"

using namespace xueji;
using namespace xueji::it;

namespace {

std::string create_body(const std::string& username, const std::string& role,
                        const std::string& unit_code, const std::string& display_name) {
  return "{\"username\":" + json_string(username) + ",\"role\":" + json_string(role) +
         ",\"unit_code\":" + json_string(unit_code) +
         ",\"display_name\":" + json_string(display_name) + "}";
}

std::string password_body(const std::string& current, const std::string& replacement) {
  return "{\"current_password\":" + json_string(current) +
         ",\"new_password\":" + json_string(replacement) + "}";
}

std::string login_body(const std::string& user, const std::string& password,
                       const std::string& device, const std::string& totp = "") {
  std::string body = "{\"username\":" + json_string(user) +
                     ",\"password\":" + json_string(password) +
                     ",\"device_id\":" + json_string(device);
  if (!totp.empty()) body += ",\"totp\":" + json_string(totp);
  return body + "}";
}

std::string code_of(const httplib::Result& res) {
  return parse_error(res).code;
}

}  // namespace

TEST_CASE("a county creates a registrar whose one-time password must be changed at first login",
          "[accounts]") {
  Deployment deployment;
  auto client = deployment.client();
  const auto& registrar = deployment.registrar(0);
  Session county = login(client, deployment.county(), "county-pc");

  auto created = post_with_token(client, "/api/accounts", county.token,
                                 create_body("deputy." + registrar.unit_code, "school_registrar",
                                             registrar.unit_code, "副学籍管理员"));
  REQUIRE(created);
  INFO(created->body);
  REQUIRE(created->status == 201);
  auto doc = parse_json(created->body);
  const std::string initial = doc["initial_password"].GetString();
  CHECK(initial.size() == 16);
  CHECK(std::string(doc["account"]["created_by"].GetString()) == county.account);
  CHECK(doc["account"]["password_change_required"].GetBool());
  CHECK(created->body.find("hash") == std::string::npos);

  auto listed = get_with_token(client, "/api/accounts", county.token);
  REQUIRE(listed);
  CHECK(listed->status == 200);
  CHECK(listed->body.find("deputy." + registrar.unit_code) != std::string::npos);
  CHECK(listed->body.find(initial) == std::string::npos);  // shown once, never again

  // First login: a session that may only change the password.
  auto first =
      client.Post("/api/login", login_body("deputy." + registrar.unit_code, initial, "deputy-pc"),
                  "application/json");
  REQUIRE(first);
  REQUIRE(first->status == 200);
  auto session = parse_json(first->body);
  CHECK(session["password_change_required"].GetBool());
  const std::string token = session["token"].GetString();
  auto blocked = get_with_token(client, "/api/students", token);
  REQUIRE(blocked);
  CHECK(blocked->status == 403);
  CHECK(code_of(blocked) == "PASSWORD_CHANGE_REQUIRED");

  SECTION("the password rules and the history are enforced, then the session is whole") {
    auto weak =
        post_with_token(client, "/api/account/password", token, password_body(initial, "short1A"));
    REQUIRE(weak);
    CHECK(weak->status == 422);
    CHECK(code_of(weak) == "PASSWORD_TOO_WEAK");
    auto with_name =
        post_with_token(client, "/api/account/password", token,
                        password_body(initial, "X-deputy." + registrar.unit_code + "-9"));
    CHECK(code_of(with_name) == "PASSWORD_TOO_WEAK");
    auto same =
        post_with_token(client, "/api/account/password", token, password_body(initial, initial));
    REQUIRE(same);
    CHECK(same->status == 422);
    CHECK(code_of(same) == "PASSWORD_REUSED");
    auto wrong_current = post_with_token(client, "/api/account/password", token,
                                         password_body("not-the-password", "Chosen-Pass-2025"));
    REQUIRE(wrong_current);
    CHECK(wrong_current->status == 401);
    CHECK(code_of(wrong_current) == "BAD_CREDENTIALS");

    auto changed = post_with_token(client, "/api/account/password", token,
                                   password_body(initial, "Chosen-Pass-2025"));
    REQUIRE(changed);
    INFO(changed->body);
    CHECK(changed->status == 200);
    auto now_allowed = get_with_token(client, "/api/students", token);
    REQUIRE(now_allowed);
    CHECK(now_allowed->status == 200);

    // Going back to the one-time password is a reuse too.
    auto back = post_with_token(client, "/api/account/password", token,
                                password_body("Chosen-Pass-2025", initial));
    CHECK(code_of(back) == "PASSWORD_REUSED");
    auto audited = audit_rows(deployment.data_dir(), "change_password");
    REQUIRE_FALSE(audited.empty());
    CHECK(audited.back().result == "reused");
    CHECK(audit_rows(deployment.data_dir(), "create_account").size() == 1);
  }
}

TEST_CASE("accounts are created only by the level directly above, inside its scope", "[accounts]") {
  Deployment deployment;
  auto client = deployment.client();
  const auto& registrar = deployment.registrar(0);
  Session county = login(client, deployment.county(), "county-pc");
  Session reg = login(client, registrar, "reg-pc");
  Session admin = login(client, deployment.account("admin"), "admin-pc");

  auto by_registrar = post_with_token(
      client, "/api/accounts", reg.token,
      create_body("second." + registrar.unit_code, "school_registrar", registrar.unit_code, "x"));
  REQUIRE(by_registrar);
  CHECK(by_registrar->status == 403);
  CHECK(code_of(by_registrar) == "OUT_OF_SCOPE");
  CHECK_FALSE(audit_rows(deployment.data_dir(), "create_account").empty());  // refusal audited

  auto sideways = post_with_token(client, "/api/accounts", county.token,
                                  create_body("other.county", "county", "411625", "x"));
  CHECK(code_of(sideways) == "OUT_OF_SCOPE");
  auto admin_made = post_with_token(client, "/api/accounts", admin.token,
                                    create_body("second.admin", "admin", "41", "x"));
  CHECK(code_of(admin_made) == "OUT_OF_SCOPE");
  auto province = post_with_token(client, "/api/accounts", admin.token,
                                  create_body("province2.41", "province", "41", "省厅"));
  REQUIRE(province);
  CHECK(province->status == 201);

  auto taken = post_with_token(
      client, "/api/accounts", county.token,
      create_body(registrar.username, "school_registrar", registrar.unit_code, "x"));
  REQUIRE(taken);
  CHECK(taken->status == 409);
  CHECK(code_of(taken) == "ACCOUNT_EXISTS");
  auto bad_name = post_with_token(
      client, "/api/accounts", county.token,
      create_body("'; DROP TABLE accounts;--", "school_registrar", registrar.unit_code, "x"));
  CHECK(bad_name->status == 400);
  CHECK(code_of(bad_name) == "INVALID_INPUT");
  auto no_school =
      post_with_token(client, "/api/accounts", county.token,
                      create_body("ghost.school", "school_registrar", "2411625999", "x"));
  CHECK(no_school->status == 404);
  auto bad_role = post_with_token(client, "/api/accounts", county.token,
                                  create_body("who.ever", "headmaster", registrar.unit_code, "x"));
  CHECK(bad_role->status == 400);
}

TEST_CASE("disabling an account ends its sessions — a reset issues a new one-time password",
          "[accounts]") {
  Deployment deployment;
  auto client = deployment.client();
  const auto& registrar = deployment.registrar(1);
  Session county = login(client, deployment.county(), "county-pc");
  Session victim = login(client, registrar, "reg-pc");

  auto disabled = post_with_token(client, "/api/accounts/" + registrar.username + "/disable",
                                  county.token, "{}");
  REQUIRE(disabled);
  CHECK(disabled->status == 200);
  CHECK(parse_json(disabled->body)["account"]["disabled"].GetBool());
  CHECK(get_with_token(client, "/api/schools", victim.token)->status == 401);
  auto refused = post_login(client, registrar.username, registrar.password, "reg-pc");
  REQUIRE(refused);
  CHECK(refused->status == 403);
  CHECK(code_of(refused) == "ACCOUNT_DISABLED");
  // Without the password nobody learns that the account is disabled.
  CHECK(code_of(post_login(client, registrar.username, "guess", "reg-pc")) == "BAD_CREDENTIALS");

  auto enabled = post_with_token(client, "/api/accounts/" + registrar.username + "/enable",
                                 county.token, "{}");
  REQUIRE(enabled);
  CHECK(enabled->status == 200);
  Session again = login(client, registrar, "reg-pc");

  auto reset = post_with_token(client, "/api/accounts/" + registrar.username + "/reset-password",
                               county.token, "{}");
  REQUIRE(reset);
  REQUIRE(reset->status == 200);
  const std::string fresh = parse_json(reset->body)["initial_password"].GetString();
  CHECK(fresh != registrar.password);
  CHECK(get_with_token(client, "/api/schools", again.token)->status == 401);
  CHECK(code_of(post_login(client, registrar.username, registrar.password, "reg-pc")) ==
        "BAD_CREDENTIALS");
  auto with_fresh = post_login(client, registrar.username, fresh, "reg-pc");
  REQUIRE(with_fresh);
  CHECK(with_fresh->status == 200);
  CHECK(parse_json(with_fresh->body)["password_change_required"].GetBool());

  SECTION("an unknown account is 404, one outside the scope 403") {
    auto unknown = post_with_token(client, "/api/accounts/nobody.here/disable", county.token, "{}");
    CHECK(unknown->status == 404);
    auto above = post_with_token(
        client, "/api/accounts/" + deployment.account("city").username + "/reset-password",
        county.token, "{}");
    CHECK(above->status == 403);
    CHECK(code_of(above) == "OUT_OF_SCOPE");
  }
}

TEST_CASE("a staff second factor: enrolment, login with a code, replay refused, reset above",
          "[accounts][totp]") {
  Deployment deployment;
  auto client = deployment.client();
  const auto& county_cred = deployment.county();
  Session county = login(client, county_cred, "county-pc");

  auto no_password =
      post_with_token(client, "/api/account/totp/setup", county.token, R"({"password":"nope"})");
  REQUIRE(no_password);
  CHECK(no_password->status == 401);
  auto setup = post_with_token(client, "/api/account/totp/setup", county.token,
                               "{\"password\":" + json_string(county_cred.password) + "}");
  REQUIRE(setup);
  INFO(setup->body);
  REQUIRE(setup->status == 200);
  auto enrolment = parse_json(setup->body);
  const std::string secret = enrolment["secret"].GetString();
  CHECK(std::string(enrolment["otpauth_uri"].GetString()).rfind("otpauth://totp/Xueji:", 0) == 0);

  auto wrong =
      post_with_token(client, "/api/account/totp/confirm", county.token, R"({"code":"000000"})");
  // 000000 could be the right code once in a million runs; then this check is skipped.
  if (totp_code(secret, now_seconds()) != "000000") CHECK(code_of(wrong) == "TOTP_INVALID");
  const std::int64_t now = now_seconds();
  auto confirmed = post_with_token(client, "/api/account/totp/confirm", county.token,
                                   "{\"code\":" + json_string(totp_code(secret, now)) + "}");
  REQUIRE(confirmed);
  CHECK(confirmed->status == 200);

  auto without =
      client.Post("/api/login", login_body(county_cred.username, county_cred.password, "county-pc"),
                  "application/json");
  REQUIRE(without);
  CHECK(without->status == 401);
  CHECK(code_of(without) == "TOTP_REQUIRED");
  // The code used to confirm is spent: using it again to log in is a replay.
  auto replay = client.Post(
      "/api/login",
      login_body(county_cred.username, county_cred.password, "county-pc", totp_code(secret, now)),
      "application/json");
  CHECK(code_of(replay) == "TOTP_INVALID");
  // The next step's code (within the ±1 window) logs in, once.
  const std::string next = totp_code(secret, now + 30);
  auto with_code = client.Post(
      "/api/login", login_body(county_cred.username, county_cred.password, "county-pc", next),
      "application/json");
  REQUIRE(with_code);
  INFO(with_code->body);
  CHECK(with_code->status == 200);
  CHECK(parse_json(with_code->body)["totp_enrolled"].GetBool());
  auto twice = client.Post(
      "/api/login", login_body(county_cred.username, county_cred.password, "county-pc", next),
      "application/json");
  CHECK(code_of(twice) == "TOTP_INVALID");

  SECTION("the level above removes a lost second factor") {
    Session city = login(client, deployment.account("city"), "city-pc");
    auto reset = post_with_token(client, "/api/accounts/" + county_cred.username + "/reset-totp",
                                 city.token, "{}");
    REQUIRE(reset);
    CHECK(reset->status == 200);
    CHECK_FALSE(parse_json(reset->body)["account"]["totp_enrolled"].GetBool());
    login(client, county_cred, "county-pc");
  }
}

TEST_CASE("with require_totp_for_staff a staff session may only enrol its second factor",
          "[accounts][totp]") {
  Deployment deployment({"--require-totp-for-staff", "true"});
  auto client = deployment.client();
  const auto& county_cred = deployment.county();
  auto res = post_login(client, county_cred.username, county_cred.password, "county-pc");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto session = parse_json(res->body);
  CHECK(session["totp_enrollment_required"].GetBool());
  const std::string token = session["token"].GetString();
  auto blocked = get_with_token(client, "/api/schools", token);
  CHECK(blocked->status == 403);
  CHECK(code_of(blocked) == "TOTP_ENROLLMENT_REQUIRED");
  // Registrars are not staff: no second factor required.
  Session reg = login(client, deployment.registrar(0), "reg-pc");
  CHECK(get_with_token(client, "/api/schools", reg.token)->status == 200);

  auto setup = post_with_token(client, "/api/account/totp/setup", token,
                               "{\"password\":" + json_string(county_cred.password) + "}");
  REQUIRE(setup->status == 200);
  const std::string secret = parse_json(setup->body)["secret"].GetString();
  auto confirmed =
      post_with_token(client, "/api/account/totp/confirm", token,
                      "{\"code\":" + json_string(totp_code(secret, now_seconds())) + "}");
  CHECK(confirmed->status == 200);
  CHECK(get_with_token(client, "/api/schools", token)->status == 200);
}

TEST_CASE("logout ends the session and only that session", "[accounts]") {
  Deployment deployment;
  auto client = deployment.client();
  Session a = login(client, deployment.registrar(0), "dev-a");
  Session b = login(client, deployment.registrar(0), "dev-b");
  auto out = post_with_token(client, "/api/logout", a.token, "");
  REQUIRE(out);
  CHECK(out->status == 200);
  CHECK(get_with_token(client, "/api/schools", a.token)->status == 401);
  CHECK(get_with_token(client, "/api/schools", b.token)->status == 200);
  CHECK(post_with_token(client, "/api/logout", a.token, "")->status == 401);
}
