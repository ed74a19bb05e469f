// POST /api/login  {"username","password","device_id"[,"totp"]} → Session + account state
#include "../src/clock.hpp"
#include "../src/log.hpp"
#include "endpoints.hpp"
#include "json_body.hpp"
#include "responses.hpp"
#include "xueji/session.hpp"

namespace xueji::server::http {

void handle_health(const httplib::Request&, httplib::Response& res) {
  reply_json(res, 200, R"({"status":"ok"})");
}

void handle_login(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto request = parse_login_request(req.body);
  if (!request) return reply_error(res, request.error());
  // The second factor is an optional member beside the core's LoginRequest (clients that do
  // not know it keep working for accounts without one).
  auto body = JsonBody::parse(req.body);
  if (!body) return reply_error(res, body.error());
  auto totp = body->text("totp");
  if (!totp) return reply_error(res, totp.error());
  auto session = ctx.auth.login(*request, unix_now(), *totp);
  log_info("login", {{"account", request->username},
                     {"device", request->device_id},
                     {"result", session ? "ok" : std::string(code_name(session.error().code))},
                     {"remote", req.remote_addr}});
  if (!session) return reply_error(res, session.error());
  auto state = ctx.auth.account_state(session->account);
  if (!state) return reply_error(res, state.error());
  // The core's Session, then what the client must do before anything else: change a one-time
  // password, enrol the second factor. A client that ignores these members gets
  // PASSWORD_CHANGE_REQUIRED / TOTP_ENROLLMENT_REQUIRED from every other endpoint.
  std::string json = to_json(*session);
  JsonOut extra;
  extra.w().StartObject();
  extra.flag("password_change_required", state->password_change_required)
      .flag("totp_enrolled", state->totp_enrolled)
      .flag("totp_enrollment_required", state->totp_enrollment_required);
  extra.w().EndObject();
  std::string members = extra.str();
  auto close = json.rfind('}');
  if (close == std::string::npos) return reply_error(res, make_error(ErrorCode::StorageError));
  json = json.substr(0, close) + "," + members.substr(1);
  reply_json(res, 200, json);
}

}  // namespace xueji::server::http
