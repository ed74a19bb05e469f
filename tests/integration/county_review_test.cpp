// County review (S4) against the real server: pending approvals and their escalation, a decision
// made over HTTP reaching the school on its next pull, problem records resolved, and the role ×
// endpoint × scope matrix of every county-review, enrollment and export endpoint (第三条: out of
// scope is 403 OUT_OF_SCOPE and audited).
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "api.hpp"
#include "json.hpp"
#include "temp_dir.hpp"
#include "xueji/local_registry.hpp"
#include "xueji/uuid.hpp"

using namespace xueji;
using namespace xueji::it;

namespace {

const std::string kHash(64, 'c');

LocalRegistry device_for(const TempDir& dir, const std::string& file, const Session& session) {
  auto opened = LocalRegistry::open((dir.path() / file).string());
  REQUIRE(opened.ok());
  Session kept = session;
  REQUIRE(opened->save_session(kept).ok());
  return std::move(*opened);
}

// Pulls until the feed is drained; returns the page bodies.
std::vector<std::string> pull_all(httplib::Client& client, LocalRegistry& device,
                                  const std::string& token) {
  std::vector<std::string> bodies;
  for (int guard = 0; guard < 1000; ++guard) {
    auto res = get_with_token(
        client, "/api/sync/pull?cursor=" + std::to_string(device.pull_cursor()), token);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    bodies.push_back(res->body);
    auto applied = device.apply_pull_page(res->body);
    REQUIRE(applied.ok());
    if (!applied->has_more) break;
  }
  return bodies;
}

rapidjson::Document get_json(httplib::Client& client, const std::string& path,
                             const std::string& token, int status = 200) {
  auto res = get_with_token(client, path, token);
  REQUIRE(res);
  INFO(path << " " << res->body);
  REQUIRE(res->status == status);
  return parse_json(res->body);
}

// The approvals listed for a token, by workflow id.
std::map<std::string, std::string> approvals(httplib::Client& client, const std::string& token,
                                             const std::string& query = "") {
  auto doc = get_json(client, "/api/approvals" + query, token);
  std::map<std::string, std::string> found;
  for (const auto& a : doc["approvals"].GetArray())
    found[a["workflow_id"].GetString()] = a["action"].GetString();
  return found;
}

StartWorkflow name_correction(const std::string& student_id, const std::string& new_name) {
  StartWorkflow start;
  start.workflow_id = new_uuid();
  start.kind = "info_correction";
  start.student_id = student_id;
  start.details = {{"field", "name"}, {"new_value", new_name}};
  start.proofs = {Proof{"household_register", kHash}};
  return start;
}

std::string first_student_id(httplib::Client& client, const std::string& token) {
  auto doc = get_json(client, "/api/students", token);
  REQUIRE(doc["students"].Size() > 0);
  return doc["students"][0]["student_id"].GetString();
}

int out_of_scope_audits(const Deployment& deployment) {
  auto db = Database::open(database_file(deployment));
  REQUIRE(db.ok());
  auto stmt = db->prepare("SELECT count(*) FROM audit_log WHERE result = 'out_of_scope'");
  REQUIRE(stmt->step().value());
  return static_cast<int>(stmt->integer(0));
}

}  // namespace

TEST_CASE("a county approves a step over HTTP and the school hears it on its next pull",
          "[review][approvals][pull]") {
  Deployment deployment;
  auto client = deployment.client();
  Session school = login(client, deployment.registrar(0), "device-a");
  Session county = login(client, deployment.county(), "device-county");
  const std::string student_id = first_student_id(client, school.token);

  // R7 第十条: the school starts a correction and approves its own step (pushed, as offline).
  StartWorkflow start = name_correction(student_id, "张改名");
  REQUIRE(push_command(client, school, start).outcome == Outcome::Applied);
  REQUIRE(push_command(client, school, DecideStep{start.workflow_id, 0, true, "核对无误", {}})
              .outcome == Outcome::Applied);
  TempDir dir;
  LocalRegistry device = device_for(dir, "a.db", school);
  pull_all(client, device, school.token);

  auto listed = get_json(client, "/api/approvals", county.token);
  const rapidjson::Value* item = nullptr;
  for (const auto& a : listed["approvals"].GetArray())
    if (start.workflow_id == a["workflow_id"].GetString()) item = &a;
  REQUIRE(item);
  CHECK(std::string((*item)["kind"].GetString()) == "info_correction");
  CHECK(std::string((*item)["party"].GetString()) == "authority");
  CHECK(std::string((*item)["action"].GetString()) == "decide");
  CHECK((*item)["position"].GetInt() == 1);
  CHECK(std::string((*item)["deadline"].GetString()).size() == 10);
  CHECK_FALSE((*item)["overdue"].GetBool());
  CHECK(approvals(client, school.token).count(start.workflow_id) == 0);

  const std::string decide = "/api/approvals/" + start.workflow_id + "/1/decide";
  auto wrong = post_with_token(client, decide, school.token, R"({"approve":true})");
  REQUIRE(wrong);
  CHECK(wrong->status == 403);
  CHECK(parse_error(wrong).code == "NOT_YOUR_STEP");
  auto malformed = post_with_token(client, decide, county.token, R"({"approve":"yes"})");
  REQUIRE(malformed);
  CHECK(malformed->status == 400);
  auto decided =
      post_with_token(client, decide, county.token, R"({"approve":true,"comment":"同意更正"})");
  REQUIRE(decided);
  INFO(decided->body);
  REQUIRE(decided->status == 200);
  CHECK(std::string(parse_json(decided->body)["state"].GetString()) == "completed");
  auto again = post_with_token(client, decide, county.token, R"({"approve":true})");
  REQUIRE(again);
  CHECK(again->status == 409);  // the workflow is no longer open
  CHECK(parse_error(again).code == "WORKFLOW_NOT_OPEN");

  // S4: the decision reaches the school on its next pull — the step and its effect.
  auto bodies = pull_all(client, device, school.token);
  bool step_seen = false;
  for (const auto& body : bodies) {
    auto page = parse_pull_page(body);
    REQUIRE(page.ok());
    for (const auto& change : page->changes)
      for (const auto& row : change.rows)
        if (row.table == "workflow_steps" && row.values.at("workflow_id") == start.workflow_id &&
            row.values.at("position") == "1") {
          CHECK(row.values.at("state") == "approved");
          CHECK(row.values.at("decided_by") == county.account);
          CHECK(row.values.at("comment") == "同意更正");
          step_seen = true;
        }
  }
  CHECK(step_seen);
  bool renamed = false;
  for (const auto& s : device.list_students(""))
    renamed = renamed || (s.student.student_id == student_id && s.student.name == "张改名");
  CHECK(renamed);
}

TEST_CASE("an overdue school step escalates to the county, which forces it",
          "[review][approvals]") {
  Deployment deployment;
  auto client = deployment.client();
  Session school = login(client, deployment.registrar(1), "device-b");
  Session county = login(client, deployment.county(), "device-county");
  Session city = login(client, deployment.account("city"), "device-city");
  REQUIRE(city.role == "city");
  StartWorkflow start = name_correction(first_student_id(client, school.token), "李改名");
  REQUIRE(push_command(client, school, start).outcome == Outcome::Applied);
  CHECK(approvals(client, school.token).count(start.workflow_id) == 1);
  CHECK(approvals(client, county.token).count(start.workflow_id) == 0);
  CHECK(approvals(client, county.token, "?overdue=1").empty());

  // Ten working days pass without the school deciding: its deadline moves into the past.
  {
    auto db = Database::open(database_file(deployment));
    REQUIRE(db.ok());
    auto late = db->prepare(
        "UPDATE workflow_steps SET deadline = '2020-01-02' WHERE "
        "workflow_id = ?1 AND position = 0");
    late->bind(1, start.workflow_id);
    REQUIRE(late->run().ok());
  }
  auto overdue = approvals(client, county.token, "?overdue=1");
  REQUIRE(overdue.count(start.workflow_id) == 1);
  CHECK(overdue[start.workflow_id] == "force");
  CHECK(approvals(client, county.token).count(start.workflow_id) == 1);
  CHECK(approvals(client, school.token, "?overdue=1").count(start.workflow_id) == 1);
  CHECK(approvals(client, city.token, "?overdue=1").empty());  // one level up, not two
  auto bad = get_with_token(client, "/api/approvals?overdue=yes", county.token);
  REQUIRE(bad);
  CHECK(bad->status == 400);

  const std::string decide = "/api/approvals/" + start.workflow_id + "/0/decide";
  auto not_forced = post_with_token(client, decide, county.token, R"({"approve":true})");
  REQUIRE(not_forced);
  CHECK(parse_error(not_forced).code == "NOT_YOUR_STEP");
  auto forced = post_with_token(client, decide, county.token,
                                R"({"approve":true,"force":true,"comment":"逾期强制"})");
  REQUIRE(forced);
  INFO(forced->body);
  REQUIRE(forced->status == 200);
  CHECK(approvals(client, school.token).count(start.workflow_id) == 0);
  auto now_county = approvals(client, county.token);
  REQUIRE(now_county.count(start.workflow_id) == 1);
  CHECK(now_county[start.workflow_id] == "decide");  // the county's own step now
}

TEST_CASE("a county lists and resolves its schools' problem records", "[review][problems]") {
  Deployment deployment;
  auto client = deployment.client();
  Session school = login(client, deployment.registrar(0), "device-a");
  Session other = login(client, deployment.registrar(1), "device-b");
  Session county = login(client, deployment.county(), "device-county");
  const std::string problem_id = new_uuid();
  REQUIRE(push_command(client, school,
                       ReportProblemRecord{problem_id, first_student_id(client, school.token),
                                           "id_name_mismatch", "公安比对不符", ""})
              .outcome == Outcome::Applied);
  auto listed = get_json(client, "/api/problem-records?state=open", county.token);
  REQUIRE(listed["problem_records"].Size() == 1);
  CHECK(problem_id == listed["problem_records"][0]["problem_id"].GetString());
  CHECK(get_json(client, "/api/problem-records", other.token)["problem_records"].Size() == 0);
  CHECK(get_json(client, "/api/problem-records", school.token)["problem_records"].Size() == 1);

  const std::string resolve = "/api/problem-records/" + problem_id + "/resolve";
  auto by_school = post_with_token(client, resolve, school.token, R"({"resolution":"evidence"})");
  REQUIRE(by_school);
  CHECK(by_school->status == 403);
  auto no_proof = post_with_token(client, resolve, county.token, R"({"resolution":"evidence"})");
  REQUIRE(no_proof);
  CHECK(parse_error(no_proof).code == "PROOF_REQUIRED");
  auto resolved = post_with_token(
      client, resolve, county.token,
      R"({"resolution":"evidence","proofs":[{"kind":"police_check","content_hash":")" + kHash +
          R"("}]})");
  REQUIRE(resolved);
  INFO(resolved->body);
  REQUIRE(resolved->status == 200);
  CHECK(std::string(parse_json(resolved->body)["state"].GetString()) == "resolved");
  CHECK(
      get_json(client, "/api/problem-records?state=open", county.token)["problem_records"].Size() ==
      0);
}

TEST_CASE("role x endpoint x scope: every review endpoint answers in scope and refuses outside",
          "[review][scope]") {
  Deployment deployment;
  auto client = deployment.client();
  const auto& registrar = deployment.registrar(0);
  Session school = login(client, registrar, "device-a");
  Session county = login(client, deployment.county(), "device-county");
  Session city = login(client, deployment.account("city"), "device-city");
  REQUIRE(city.role == "city");
  const std::string other_school = deployment.registrar(1).unit_code;

  const std::vector<std::string> unit_reads = {"/api/term-verification?term=2026-autumn&",
                                               "/api/registrar-roster?", "/api/problem-records?",
                                               "/api/statistics?"};
  const std::vector<std::string> plain_reads = {"/api/approvals", "/api/enrollment/admissions",
                                                "/api/enrollment/quotas", "/api/exports"};
  // Allowed: each role on its own unit (no ?unit=), and an authority on a unit below it.
  for (const Session* who : {&school, &county, &city}) {
    for (const auto& path : unit_reads) get_json(client, path, who->token);
    for (const auto& path : plain_reads) get_json(client, path, who->token);
  }
  for (const auto& path : unit_reads) {
    get_json(client, path + "unit=" + registrar.unit_code, county.token);
    get_json(client, path + "unit=" + registrar.unit_code, city.token);
    get_json(client, path + "unit=411625", city.token);
  }
  auto stats = get_json(client, "/api/statistics?unit=" + registrar.unit_code, school.token);
  CHECK(registrar.unit_code == stats["total"]["unit_code"].GetString());
  CHECK(stats["total"]["status_counts"]["in_school"].GetInt() > 0);

  // Refused: a school asking for another school or its county, a county for a neighbour or its
  // city, a city for its province — 403 OUT_OF_SCOPE, each one audited.
  const int audited_before = out_of_scope_audits(deployment);
  int refused = 0;
  auto refuse = [&](const std::string& path, const std::string& token) {
    auto res = get_with_token(client, path, token);
    REQUIRE(res);
    INFO(path << " " << res->body);
    CHECK(res->status == 403);
    CHECK(parse_error(res).code == "OUT_OF_SCOPE");
    ++refused;
  };
  for (const auto& path : unit_reads) {
    refuse(path + "unit=" + other_school, school.token);
    refuse(path + "unit=411625", school.token);
    refuse(path + "unit=411623", county.token);  // 商水县, another county of 周口
    refuse(path + "unit=4116", county.token);
    refuse(path + "unit=41", city.token);
  }
  auto unknown = get_with_token(client, "/api/statistics?unit=419999", county.token);
  REQUIRE(unknown);
  CHECK(unknown->status == 404);

  // Writes reserved to the county (R20), to the level above (R18).
  auto put = [&](const std::string& token) {
    return put_with_token(client, "/api/enrollment/quotas", token,
                          R"({"school_year":2026,"quotas":[{"school_code":")" +
                              registrar.unit_code + R"(","stage":"primary","quota":30}]})");
  };
  for (const Session* who : {&school, &city}) {
    auto res = put(who->token);
    REQUIRE(res);
    CHECK(res->status == 403);
    ++refused;
    auto template_res = get_with_token(client, "/api/enrollment/template", who->token);
    REQUIRE(template_res);
    CHECK(template_res->status == 403);
    ++refused;
    auto import = post_with_token(client, "/api/enrollment/imports", who->token,
                                  "姓名,身份证号,录取学校代码,学段\n", "text/csv");
    REQUIRE(import);
    CHECK(import->status == 403);
    ++refused;
  }
  auto put_ok = put(county.token);
  REQUIRE(put_ok);
  CHECK(put_ok->status == 200);
  CHECK(out_of_scope_audits(deployment) - audited_before == refused);

  // Every endpoint wants a session.
  for (const auto& path : plain_reads) {
    auto res = client.Get(path.c_str());
    REQUIRE(res);
    CHECK(res->status == 401);
  }
  for (const auto& path : unit_reads) {
    auto res = client.Get(path.c_str());
    REQUIRE(res);
    CHECK(res->status == 401);
  }
}
