// GET /api/students and /api/schools return the caller's scope and nothing else (第三条).
#include <catch2/catch.hpp>

#include <set>

#include "api.hpp"
#include "json.hpp"

using namespace xueji;
using namespace xueji::it;

namespace {

std::set<std::string> school_codes_of(httplib::Client& client, const std::string& token,
                                      const std::string& path, const char* list,
                                      const char* field) {
  auto res = get_with_token(client, path, token);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Cache-Control") == "no-store");  // personal data is never cached
  auto doc = parse_json(res->body);
  std::set<std::string> codes;
  for (const auto& item : doc[list].GetArray()) codes.insert(item[field].GetString());
  return codes;
}

}  // namespace

TEST_CASE("a registrar sees only its own school and the county every school of the county",
          "[scope]") {
  Deployment deployment;
  auto client = deployment.client();
  const auto& registrar = deployment.registrar(0);
  Session school = login(client, registrar, "device-a");
  Session county = login(client, deployment.county(), "device-county");

  CHECK(school_codes_of(client, school.token, "/api/schools", "schools", "code") ==
        std::set<std::string>{registrar.unit_code});
  CHECK(school_codes_of(client, school.token, "/api/students", "students", "school_code") ==
        std::set<std::string>{registrar.unit_code});

  std::set<std::string> registrar_schools;
  for (const auto& a : deployment.accounts())
    if (a.role == "school_registrar") registrar_schools.insert(a.unit_code);
  CHECK(school_codes_of(client, county.token, "/api/schools", "schools", "code") ==
        registrar_schools);
  CHECK(school_codes_of(client, county.token, "/api/students", "students", "school_code") ==
        registrar_schools);
}

TEST_CASE("the scoped reads refuse a request without a token", "[scope][auth]") {
  Deployment deployment;
  auto client = deployment.client();
  for (const char* path : {"/api/students", "/api/schools"}) {
    auto res = client.Get(path);
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK(parse_error(res).code == "UNAUTHENTICATED");
  }
}
