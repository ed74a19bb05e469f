#include "api.hpp"

#include <catch2/catch.hpp>
#include <ctime>

#include "json.hpp"
#include "xueji/id_number.hpp"
#include "xueji/uuid.hpp"

namespace xueji::it {

Date china_today() {
  std::time_t now = std::time(nullptr) + 8 * 3600;
  return civil_from_days(static_cast<long>(now / 86400));
}

namespace {

httplib::Headers bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

}  // namespace

httplib::Result post_login(httplib::Client& client, const std::string& username,
                           const std::string& password, const std::string& device_id) {
  return client.Post("/api/login", to_json(LoginRequest{username, password, device_id}),
                     "application/json");
}

Session login(httplib::Client& client, const Credential& who, const std::string& device_id) {
  auto res = post_login(client, who.username, who.password, device_id);
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
  auto session = parse_session(res->body);
  REQUIRE(session.ok());
  return *session;
}

httplib::Result post_push(httplib::Client& client, const std::string& token,
                          const std::string& body) {
  return client.Post("/api/sync/push", bearer(token), body, "application/json");
}

httplib::Result get_with_token(httplib::Client& client, const std::string& path,
                               const std::string& token) {
  return client.Get(path.c_str(), bearer(token));
}

std::string unseeded_id_number(int n) {
  Date today = china_today();
  int intake = today.month >= 9 ? today.year : today.year - 1;
  return make_id_number("110101", Date{intake - 7, 10, 1 + n % 28}, 100 + n);
}

StudentRegistration first_grader(const std::string& name, const std::string& id_number) {
  Date today = china_today();
  int intake = today.month >= 9 ? today.year : today.year - 1;
  StudentRegistration r;
  r.student_id = new_uuid();
  r.name = name;
  r.id_number = id_number;
  r.enrollment_date = format_date(Date{intake, 9, 1});
  r.grade = 1;
  r.class_name = "1班";
  return r;
}

PushRequest registration_batch(const Session& session,
                               const std::vector<StudentRegistration>& registrations) {
  PushRequest request;
  request.device_id = session.device_id;
  std::int64_t seq = 1;
  for (const auto& registration : registrations) {
    Operation op;
    op.op_id = new_uuid();
    op.device_id = session.device_id;
    op.seq = seq++;
    op.actor = session.account;
    op.device_time = "2025-09-01T08:00:00+08:00";
    op.command = RegisterStudent{registration};
    request.ops.push_back(op);
  }
  return request;
}

PushResponse parse_push(const httplib::Result& result) {
  REQUIRE(result);
  INFO(result->body);
  REQUIRE(result->status == 200);
  auto response = parse_push_response(result->body);
  REQUIRE(response.ok());
  return *response;
}

ErrorBody parse_error(const httplib::Result& result) {
  REQUIRE(result);
  INFO(result->body);
  REQUIRE(result->get_header_value("Content-Type").rfind("application/json", 0) == 0);
  auto body = parse_error_body(result->body);
  REQUIRE(body.ok());
  CHECK_FALSE(body->message_zh.empty());
  CHECK_FALSE(body->message_en.empty());
  return *body;
}

std::vector<std::string> listed_id_numbers(httplib::Client& client, const std::string& token) {
  auto res = get_with_token(client, "/api/students", token);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto doc = parse_json(res->body);
  REQUIRE(doc.IsObject());
  REQUIRE(doc.HasMember("students"));
  std::vector<std::string> ids;
  for (const auto& s : doc["students"].GetArray()) ids.emplace_back(s["id_number"].GetString());
  return ids;
}

}  // namespace xueji::it
