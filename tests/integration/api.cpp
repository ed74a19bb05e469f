#include "api.hpp"

#include <catch2/catch.hpp>
#include <ctime>

#include "json.hpp"
#include "src/rapidjson.hpp"
#include "src/server_database.hpp"
#include "src/totp.hpp"
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

std::string totp_code(const std::string& base32_secret, std::int64_t unix_time) {
  auto key = server::base32_decode(base32_secret);
  REQUIRE(key.has_value());
  return server::hotp(*key, static_cast<std::uint64_t>(server::totp_step(unix_time)));
}

std::int64_t now_seconds() {
  return static_cast<std::int64_t>(std::time(nullptr));
}

std::string json_string(const std::string& text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

void exec_sql(const std::filesystem::path& data_dir, const std::string& sql) {
  auto db = Database::open(server::ServerDatabase::file_in(data_dir).string());
  REQUIRE(db.ok());
  REQUIRE(db->exec("PRAGMA busy_timeout = 5000").ok());
  auto done = db->exec(sql);
  INFO(sql << (done ? "" : " -> " + done.error().detail));
  REQUIRE(done.ok());
}

std::vector<AuditRow> audit_rows(const std::filesystem::path& data_dir, const std::string& action) {
  auto db = Database::open(server::ServerDatabase::file_in(data_dir).string());
  REQUIRE(db.ok());
  REQUIRE(db->exec("PRAGMA busy_timeout = 5000").ok());
  auto stmt = db->prepare(
      "SELECT actor, action, object, result FROM audit_log WHERE action = ?1 ORDER BY id");
  REQUIRE(stmt.ok());
  stmt->bind(1, action);
  std::vector<AuditRow> rows;
  while (true) {
    auto row = stmt->step();
    REQUIRE(row.ok());
    if (!*row) return rows;
    rows.push_back({stmt->text(0), stmt->text(1), stmt->text(2), stmt->text(3)});
  }
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

namespace xueji::it {

httplib::Result post_with_token(httplib::Client& client, const std::string& path,
                                const std::string& token, const std::string& body,
                                const std::string& content_type) {
  if (token.empty()) return client.Post(path.c_str(), body, content_type.c_str());
  return client.Post(path.c_str(), {{"Authorization", "Bearer " + token}}, body,
                     content_type.c_str());
}

httplib::Result put_with_token(httplib::Client& client, const std::string& path,
                               const std::string& token, const std::string& body) {
  return client.Put(path.c_str(), {{"Authorization", "Bearer " + token}}, body, "application/json");
}

OpVerdict push_command(httplib::Client& client, const Session& session, const Command& command) {
  static std::int64_t seq = 1000;
  PushRequest request;
  request.device_id = session.device_id;
  Operation op;
  op.op_id = new_uuid();
  op.device_id = session.device_id;
  op.seq = ++seq;
  op.actor = session.account;
  op.device_time = "2026-09-01T08:00:00+08:00";
  op.command = command;
  request.ops.push_back(op);
  auto response = parse_push(post_push(client, session.token, to_json(request)));
  REQUIRE(response.verdicts.size() == 1);
  return response.verdicts[0];
}

std::string database_file(const Deployment& deployment) {
  return (deployment.data_dir() / "xueji.db").string();
}

}  // namespace xueji::it
