// Break the glass: a registrar looks up an applicant of another school by ID number with a
// stated reason; the grant covers that one student for 24 hours and every step is audited.
// Without a grant, reading a student outside one's scope is 403 OUT_OF_SCOPE, audited.
#include <catch2/catch.hpp>

#include "api.hpp"
#include "json.hpp"

using namespace xueji;
using namespace xueji::it;

namespace {

struct Listed {
  std::string student_id, id_number, name;
};

Listed first_student(httplib::Client& client, const std::string& token) {
  auto res = get_with_token(client, "/api/students", token);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto doc = parse_json(res->body);
  REQUIRE(doc["students"].Size() > 0);
  const auto& s = doc["students"][0];
  return {s["student_id"].GetString(), s["id_number"].GetString(), s["name"].GetString()};
}

std::string lookup_body(const std::string& id_number, const std::string& reason) {
  return "{\"id_number\":" + json_string(id_number) + ",\"reason\":" + json_string(reason) + "}";
}

}  // namespace

TEST_CASE("a lookup outside one's scope needs a reason, grants that student for 24 h, audited",
          "[break-glass]") {
  Deployment deployment;
  auto client = deployment.client();
  Session receiving = login(client, deployment.registrar(0), "recv-pc");
  Session sending = login(client, deployment.registrar(1), "send-pc");
  Listed applicant = first_student(client, sending.token);

  auto before = get_with_token(client, "/api/students/" + applicant.student_id, receiving.token);
  REQUIRE(before);
  CHECK(before->status == 403);
  CHECK(parse_error(before).code == "OUT_OF_SCOPE");
  auto refusals = audit_rows(deployment.data_dir(), "read_student");
  REQUIRE_FALSE(refusals.empty());
  CHECK(refusals.back().result == "out_of_scope");
  CHECK(refusals.back().actor == receiving.account);

  for (const std::string reason : {"", "   ", "\xE3\x80\x80\xE3\x80\x80"}) {
    auto no_reason = post_with_token(client, "/api/students/lookup", receiving.token,
                                     lookup_body(applicant.id_number, reason));
    REQUIRE(no_reason);
    CHECK(no_reason->status == 422);
    CHECK(parse_error(no_reason).code == "REASON_REQUIRED");
  }
  auto missing = post_with_token(client, "/api/students/lookup", receiving.token,
                                 R"({"id_number":"410102200001011234"})");
  CHECK(parse_error(missing).code == "REASON_REQUIRED");

  const std::string reason = "转学申请核对：家长提交转入申请 <script>alert(1)</script> 😀 𠈌";
  auto looked = post_with_token(client, "/api/students/lookup", receiving.token,
                                lookup_body(applicant.id_number, reason));
  REQUIRE(looked);
  INFO(looked->body);
  REQUIRE(looked->status == 200);
  auto doc = parse_json(looked->body);
  CHECK(std::string(doc["student"]["student_id"].GetString()) == applicant.student_id);
  CHECK(std::string(doc["student"]["name"].GetString()) == applicant.name);
  CHECK(std::string(doc["access"].GetString()) == "grant");
  CHECK(std::string(doc["grant"]["reason"].GetString()) == reason);

  auto after = get_with_token(client, "/api/students/" + applicant.student_id, receiving.token);
  REQUIRE(after);
  CHECK(after->status == 200);
  CHECK(std::string(parse_json(after->body)["access"].GetString()) == "grant");
  auto granted = audit_rows(deployment.data_dir(), "break_glass");
  REQUIRE_FALSE(granted.empty());
  CHECK(granted.back().object == applicant.student_id);
  CHECK(granted.back().result == "granted; reason: " + reason);  // verbatim in the audit log

  SECTION("the grant is for that account only and ends") {
    Session third = login(client, deployment.registrar(2), "third-pc");
    CHECK(get_with_token(client, "/api/students/" + applicant.student_id, third.token)->status ==
          403);
    exec_sql(deployment.data_dir(), "UPDATE lookup_grants SET expires_at = 1");
    CHECK(
        get_with_token(client, "/api/students/" + applicant.student_id, receiving.token)->status ==
        403);
  }
  SECTION("an unknown ID number is 404; the administrator reads no student records") {
    auto unknown = post_with_token(client, "/api/students/lookup", receiving.token,
                                   lookup_body(unseeded_id_number(3), "核对"));
    CHECK(unknown->status == 404);
    Session admin = login(client, deployment.account("admin"), "admin-pc");
    auto by_admin = post_with_token(client, "/api/students/lookup", admin.token,
                                    lookup_body(applicant.id_number, "核对"));
    CHECK(by_admin->status == 403);
  }
  SECTION("in scope, the student is read without any grant") {
    auto own = get_with_token(client, "/api/students/" + applicant.student_id, sending.token);
    REQUIRE(own->status == 200);
    CHECK(std::string(parse_json(own->body)["access"].GetString()) == "scope");
  }
}
