// POST /api/sync/push  (Bearer)  PushRequest → PushResponse with one verdict per operation.
#include "../src/clock.hpp"
#include "../src/log.hpp"
#include "bearer.hpp"
#include "endpoints.hpp"
#include "responses.hpp"
#include "xueji/server_registry.hpp"

namespace xueji::server::http {

void handle_push(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  // Authenticate before reading the body: an anonymous caller learns nothing about it.
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now());
  if (!actor) return reply_error(res, actor.error());
  auto request = parse_push_request(req.body);
  if (!request) return reply_error(res, request.error());

  // The core validates every operation with the rules the device ran, scoped to the
  // authenticated actor (never to what the operation claims), and is idempotent by op_id.
  PushResponse response = ctx.db.with([&](Database& db) {
    ServerRegistry registry(db);
    return registry.apply_push(*actor, *request, china_today());
  });
  int applied = 0, rejected = 0, conflicts = 0;
  for (const auto& v : response.verdicts)
    (v.outcome == Outcome::Applied    ? applied
     : v.outcome == Outcome::Rejected ? rejected
                                      : conflicts)++;
  log_info("push", {{"account", actor->account},
                    {"device", actor->device_id},
                    {"ops", std::to_string(request->ops.size())},
                    {"applied", std::to_string(applied)},
                    {"rejected", std::to_string(rejected)},
                    {"conflicts", std::to_string(conflicts)}});
  reply_json(res, 200, to_json(response));
}

}  // namespace xueji::server::http
