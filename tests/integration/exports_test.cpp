// R18 第二十四条 against the real server: an export is requested, approved by the level above,
// downloaded by the requester only, and the file carries who and when (CSV first row; .xlsx
// first row and document properties, read back by exceljs). Every step is in the audit log.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "api.hpp"
#include "json.hpp"
#include "temp_dir.hpp"

using namespace xueji;
using namespace xueji::it;

namespace {

std::string request(httplib::Client& client, const std::string& token, const std::string& body) {
  auto res = post_with_token(client, "/api/exports", token, body);
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 201);
  return parse_json(res->body)["export_id"].GetString();
}

// Audit entries of an action: the acts themselves, or (refused = true) the refusals.
int audit_rows(const Deployment& deployment, const std::string& action, bool refused = false) {
  auto db = Database::open(database_file(deployment));
  REQUIRE(db.ok());
  auto stmt = db->prepare(
      "SELECT count(*) FROM audit_log WHERE action = ?1 AND (result = 'out_of_scope') = ?2");
  stmt->bind(1, action).bind(2, refused ? 1 : 0);
  REQUIRE(stmt->step().value());
  return static_cast<int>(stmt->integer(0));
}

}  // namespace

TEST_CASE("a school's CSV export needs its county's approval and names who and when", "[exports]") {
  Deployment deployment;
  auto client = deployment.client();
  Session school = login(client, deployment.registrar(0), "device-a");
  Session other = login(client, deployment.registrar(1), "device-b");
  Session county = login(client, deployment.county(), "device-county");
  Session city = login(client, deployment.account("city"), "device-city");
  const std::string id =
      request(client, school.token, R"({"format":"csv","reason":"营养餐名单报送"})");

  const std::string download = "/api/exports/" + id + "/download";
  auto early = get_with_token(client, download, school.token);
  REQUIRE(early);
  CHECK(early->status == 409);
  CHECK(parse_error(early).code == "EXPORT_NOT_APPROVED");

  const std::string decide = "/api/exports/" + id + "/decide";
  for (const Session* wrong : {&school, &other, &city}) {
    auto res = post_with_token(client, decide, wrong->token, R"({"approve":true})");
    REQUIRE(res);
    CHECK(res->status == 403);
  }
  auto listed = parse_json(get_with_token(client, "/api/exports", county.token)->body);
  REQUIRE(listed["exports"].Size() == 1);
  CHECK(std::string(listed["exports"][0]["state"].GetString()) == "pending");
  CHECK(parse_json(get_with_token(client, "/api/exports", other.token)->body)["exports"].Size() ==
        0);
  auto approved = post_with_token(client, decide, county.token,
                                  R"({"approve":true,"comment":"同意，仅限本次"})");
  REQUIRE(approved);
  REQUIRE(approved->status == 200);

  auto stolen = get_with_token(client, download, other.token);
  REQUIRE(stolen);
  CHECK(stolen->status == 403);
  auto file = get_with_token(client, download, school.token);
  REQUIRE(file);
  REQUIRE(file->status == 200);
  CHECK(file->get_header_value("Content-Type") == "text/csv; charset=utf-8");
  CHECK(file->get_header_value("Cache-Control") == "no-store");
  const std::string& csv = file->body;
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  const std::string first = csv.substr(3, csv.find("\r\n") - 3);
  CHECK(first.find("导出人," + school.account) == 0);
  CHECK(first.find("批准人," + county.account) != std::string::npos);
  CHECK(first.find("营养餐名单报送") != std::string::npos);
  CHECK(csv.find("学籍号,姓名,性别") != std::string::npos);
  const auto students = listed_id_numbers(client, school.token);
  CHECK(csv.find(students.front()) != std::string::npos);
  // Only the school's own students.
  for (const auto& foreign : listed_id_numbers(client, other.token))
    CHECK(csv.find(foreign) == std::string::npos);

  CHECK(audit_rows(deployment, "request_export") == 1);
  CHECK(audit_rows(deployment, "decide_export") == 1);
  CHECK(audit_rows(deployment, "download_export") == 1);
  CHECK(audit_rows(deployment, "decide_export", true) == 3);  // school, other school, city
  CHECK(audit_rows(deployment, "download_export", true) == 1);
}

TEST_CASE("a county's .xlsx export is approved by its city and carries who and when",
          "[exports][xlsx]") {
  Deployment deployment;
  auto client = deployment.client();
  Session county = login(client, deployment.county(), "device-county");
  Session city = login(client, deployment.account("city"), "device-city");
  REQUIRE(city.role == "city");
  auto outside = post_with_token(client, "/api/exports", county.token,
                                 R"({"unit_code":"411623","format":"xlsx","reason":"x"})");
  REQUIRE(outside);
  CHECK(outside->status == 403);
  auto no_reason = post_with_token(client, "/api/exports", county.token, R"({"format":"xlsx"})");
  REQUIRE(no_reason);
  CHECK(parse_error(no_reason).code == "DETAIL_REQUIRED");

  const std::string id =
      request(client, county.token, R"({"unit_code":"411625","format":"xlsx","reason":"年报"})");
  auto self = post_with_token(client, "/api/exports/" + id + "/decide", county.token,
                              R"({"approve":true})");
  REQUIRE(self);
  CHECK(self->status == 403);  // never approved by the requester's own level
  auto approved =
      post_with_token(client, "/api/exports/" + id + "/decide", city.token, R"({"approve":true})");
  REQUIRE(approved);
  REQUIRE(approved->status == 200);
  auto file = get_with_token(client, "/api/exports/" + id + "/download", county.token);
  REQUIRE(file);
  REQUIRE(file->status == 200);

  TempDir dir;
  const auto path = dir.path() / "export.xlsx";
  std::ofstream(path, std::ios::binary) << file->body;
  const std::string command = std::string("node '") + XUEJI_INTEGRATION_DIR +
                              "/xlsx_tool.cjs' read '" + path.string() + "'";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  std::string out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  REQUIRE(pclose(pipe) == 0);
  auto book = parse_json(out);
  CHECK(std::string(book["creator"].GetString()) == county.account);
  const std::string description = book["description"].GetString();
  CHECK(description.find("批准人 " + city.account) != std::string::npos);
  const auto& rows = book["sheets"][0]["rows"];
  CHECK(std::string(rows[0][0].GetString()) == "导出人");
  CHECK(std::string(rows[0][1].GetString()) == county.account);
  CHECK(std::string(rows[1][0].GetString()) == "学籍号");
  CHECK(rows.Size() > 100);  // the county's seeded students
}
