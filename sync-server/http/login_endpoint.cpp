// POST /api/login  {"username","password","device_id"} → Session
#include "../src/clock.hpp"
#include "../src/log.hpp"
#include "endpoints.hpp"
#include "responses.hpp"
#include "xueji/session.hpp"

namespace xueji::server::http {

void handle_health(const httplib::Request&, httplib::Response& res) {
  reply_json(res, 200, R"({"status":"ok"})");
}

void handle_login(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto request = parse_login_request(req.body);
  if (!request) return reply_error(res, request.error());
  auto session = ctx.auth.login(*request, unix_now());
  log_info("login", {{"account", request->username},
                     {"device", request->device_id},
                     {"result", session ? "ok" : std::string(code_name(session.error().code))},
                     {"remote", req.remote_addr}});
  if (!session) return reply_error(res, session.error());
  reply_json(res, 200, to_json(*session));
}

}  // namespace xueji::server::http
