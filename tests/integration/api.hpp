// The API as a client uses it: the core's own message types, serialised by the core, over
// httplib::Client. Every request here is a real HTTP request to the child server.
#pragma once
#include <httplib.h>

#include <string>
#include <vector>

#include "deployment.hpp"
#include "xueji/operation.hpp"
#include "xueji/session.hpp"

namespace xueji::it {

// The server judges dates in China's time zone (UTC+8); so do the tests.
Date china_today();

httplib::Result post_login(httplib::Client& client, const std::string& username,
                           const std::string& password, const std::string& device_id);
// Logs in and REQUIREs a 200 with a session.
Session login(httplib::Client& client, const Credential& who, const std::string& device_id);

httplib::Result post_push(httplib::Client& client, const std::string& token,
                          const std::string& body);
httplib::Result get_with_token(httplib::Client& client, const std::string& path,
                               const std::string& token);
// The code an authenticator app shows for a base32 secret at a Unix time (RFC 6238).
std::string totp_code(const std::string& base32_secret, std::int64_t unix_time);
std::int64_t now_seconds();
// A JSON string literal (quotes and escapes) for building request bodies in tests.
std::string json_string(const std::string& text);
// Runs SQL on the deployment's database from the test process (another SQLite connection;
// WAL lets it write beside the running server). REQUIREs success.
void exec_sql(const std::filesystem::path& data_dir, const std::string& sql);
// The audit entries (action, object, result) whose action is `action`, oldest first.
struct AuditRow {
  std::string actor, action, object, result;
};
std::vector<AuditRow> audit_rows(const std::filesystem::path& data_dir, const std::string& action);

// A valid ID number nobody in the seeded data holds: the seed only uses Henan (41) divisions,
// these use 东城区 110101 (a child registered in Henan with a Beijing hukou).
std::string unseeded_id_number(int n);
// A grade-1 registration that passes 第四条 this school year.
StudentRegistration first_grader(const std::string& name, const std::string& id_number);
// One push batch carrying `registrations` as register_student operations of the session's device.
PushRequest registration_batch(const Session& session,
                               const std::vector<StudentRegistration>& registrations);

PushResponse parse_push(const httplib::Result& result);  // REQUIREs 200 and a valid body
ErrorBody parse_error(const httplib::Result& result);    // REQUIREs a valid error body
// The id_number of every student GET /api/students returns for this token (REQUIREs 200).
std::vector<std::string> listed_id_numbers(httplib::Client& client, const std::string& token);

}  // namespace xueji::it

namespace xueji::it {

// POST a body with a bearer token (an empty token sends no Authorization header).
httplib::Result post_with_token(httplib::Client& client, const std::string& path,
                                const std::string& token, const std::string& body,
                                const std::string& content_type = "application/json");
httplib::Result put_with_token(httplib::Client& client, const std::string& path,
                               const std::string& token, const std::string& body);
// Pushes one command as an operation of the session's device; REQUIREs a 200 and returns its
// verdict.
OpVerdict push_command(httplib::Client& client, const Session& session, const Command& command);
// The server's database file, for checks no endpoint answers (audit rows) and for moving a
// deadline into the past (time passing) — never for the behaviour under test.
std::string database_file(const Deployment& deployment);

}  // namespace xueji::it
