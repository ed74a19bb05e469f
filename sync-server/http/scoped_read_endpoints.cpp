// GET /api/students and GET /api/schools (Bearer): what lies in the caller's scope, nothing else.
#include "../src/clock.hpp"
#include "../src/scope.hpp"
#include "bearer.hpp"
#include "endpoints.hpp"
#include "registry_json.hpp"
#include "responses.hpp"
#include "xueji/registry_store.hpp"

namespace xueji::server::http {

void handle_students(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now());
  if (!actor) return reply_error(res, actor.error());
  auto students = ctx.db.with([&](Database& db) -> Result<std::vector<Student>> {
    ServerRegistry registry(db);
    auto found = registry.students_in_scope(*actor);
    if (!found) return found;
    // R18 (第二十四条): every read of personal data is attributed and audited.
    if (auto audited = append_audit(db, actor->account, actor->device_id, "list_students",
                                    actor->unit_code, std::to_string(found->size()) + " records");
        !audited)
      return audited.error();
    return found;
  });
  if (!students) return reply_error(res, students.error());
  reply_json(res, 200, students_json(*students));
}

void handle_schools(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now());
  if (!actor) return reply_error(res, actor.error());
  auto schools = ctx.db.with([&](Database& db) { return schools_in_scope(db, *actor); });
  if (!schools) return reply_error(res, schools.error());
  reply_json(res, 200, schools_json(*schools));
}

}  // namespace xueji::server::http
