// POST /api/public/query (学籍查询, R21): no login, masked answer, one shape for every miss,
// 429 RATE_LIMITED past the per-address limit, every query in the audit log (R18).
#include <catch2/catch.hpp>

#include "../../sync-server/src/server_database.hpp"
#include "api.hpp"
#include "json.hpp"
#include "xueji/database.hpp"
#include "xueji/masking.hpp"

using namespace xueji;
using namespace xueji::it;

namespace {

struct Listed {
  std::string registry_number;
  std::string id_number;
  std::string name;
};

// A student of the registrar's school, as the scoped read lists it.
Listed some_student(httplib::Client& client, const Credential& registrar) {
  Session session = login(client, registrar, "device-q");
  auto res = get_with_token(client, "/api/students", session.token);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto doc = parse_json(res->body);
  const auto& students = doc["students"].GetArray();
  REQUIRE(!students.Empty());
  for (const auto& s : students)
    if (std::string(s["status"].GetString()) == "in_school")
      return {s["registry_number"].GetString(), s["id_number"].GetString(), s["name"].GetString()};
  FAIL("no student in school");
  return {};
}

httplib::Result query(httplib::Client& client, const std::string& number_field,
                      const std::string& number, const std::string& name) {
  return client.Post("/api/public/query",
                     "{\"" + number_field + "\":\"" + number + "\",\"name\":\"" + name + "\"}",
                     "application/json");
}

}  // namespace

TEST_CASE("R21: the public query finds an active registry by number and name, masked", "[public]") {
  Deployment deployment;
  auto client = deployment.client();
  const auto& registrar = deployment.registrar(0);
  Listed s = some_student(client, registrar);

  auto res = query(client, "registry_number", s.registry_number, s.name);
  REQUIRE(res);
  CHECK(res->status == 200);
  auto doc = parse_json(res->body);
  CHECK(doc["found"].GetBool());
  CHECK(std::string(doc["school_name"].GetString()) == registrar.unit_name);
  CHECK(std::string(doc["masked_name"].GetString()) == mask_name(s.name));
  CHECK(std::string(doc["masked_number"].GetString()) == mask_registry_number(s.registry_number));
  CHECK(doc.MemberCount() == 4);  // nothing else leaves the server
  CHECK(res->body.find(s.registry_number) == std::string::npos);
  CHECK(res->body.find(s.id_number) == std::string::npos);

  auto by_id = query(client, "id_number", s.id_number, s.name);
  REQUIRE(by_id);
  CHECK(by_id->status == 200);
  auto id_doc = parse_json(by_id->body);
  CHECK(id_doc["found"].GetBool());
  CHECK(std::string(id_doc["masked_number"].GetString()) == mask_id_number(s.id_number));
}

TEST_CASE("R21: a wrong name gets the same answer as an unknown number", "[public]") {
  Deployment deployment;
  auto client = deployment.client();
  Listed s = some_student(client, deployment.registrar(0));
  auto wrong_name = query(client, "registry_number", s.registry_number, s.name + "甲");
  auto unknown = query(client, "registry_number", "G411625200001010000", s.name);
  auto wrong_id_name = query(client, "id_number", s.id_number, "某某");
  REQUIRE(wrong_name);
  REQUIRE(unknown);
  REQUIRE(wrong_id_name);
  CHECK(wrong_name->status == 200);
  CHECK(wrong_name->status == unknown->status);
  CHECK(wrong_name->body == unknown->body);
  CHECK(wrong_id_name->body == unknown->body);
  CHECK(unknown->body == R"({"found":false,"school_name":"","masked_name":"","masked_number":""})");
}

TEST_CASE("R21: past the per-address limit the public query answers 429 RATE_LIMITED", "[public]") {
  Deployment deployment({"--public-queries-per-minute", "3"});
  auto client = deployment.client();
  for (int i = 0; i < 3; ++i) {
    auto res = query(client, "registry_number", "G411625200001010000", "张三");
    REQUIRE(res);
    CHECK(res->status == 200);
  }
  auto limited = query(client, "registry_number", "G411625200001010000", "张三");
  REQUIRE(limited);
  CHECK(limited->status == 429);
  CHECK(parse_error(limited).code == "RATE_LIMITED");
}

TEST_CASE("R21/R18: every public query is audited with the masked subject only", "[public]") {
  Deployment deployment;
  auto client = deployment.client();
  Listed s = some_student(client, deployment.registrar(0));
  REQUIRE(query(client, "registry_number", s.registry_number, s.name));
  REQUIRE(query(client, "id_number", s.id_number, "某某"));

  auto db = Database::open(server::ServerDatabase::file_in(deployment.data_dir()).string());
  REQUIRE(db.ok());
  auto rows = db->prepare(
      "SELECT device_id, object, result FROM audit_log WHERE actor = 'public' AND "
      "action = 'public_query' ORDER BY id");
  REQUIRE(rows.ok());
  std::vector<std::vector<std::string>> seen;
  while (rows->step().value()) seen.push_back({rows->text(0), rows->text(1), rows->text(2)});
  REQUIRE(seen.size() == 2);
  CHECK(seen[0][0] == "127.0.0.1");
  CHECK(seen[0][1] == "registry_number " + mask_registry_number(s.registry_number) + " name " +
                          mask_name(s.name));
  CHECK(seen[0][2] == "found");
  CHECK(seen[1][2] == "not_found");
  for (const auto& row : seen) {
    CHECK(row[1].find(s.registry_number) == std::string::npos);
    CHECK(row[1].find(s.id_number) == std::string::npos);
  }
}
