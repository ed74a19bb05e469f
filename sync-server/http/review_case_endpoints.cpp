// GET /api/review-cases[?status=open|escalated|decided], GET /api/review-cases/{id} and
// GET /api/auto-resolutions (Bearer): the review queue (docs/API.md). Decisions are not made
// here: a DecideReviewCase operation goes through POST /api/sync/push like every other change,
// so the decision reaches every affected device by the same path. Scope and content come from
// the core (ServerRegistry); this file encodes them.
#include "../src/clock.hpp"
#include "../src/rapidjson.hpp"
#include "bearer.hpp"
#include "endpoints.hpp"
#include "responses.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/server_registry.hpp"

namespace xueji::server::http {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void field(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

// base, side_a, side_b and choices are JSON the core wrote: embedded as JSON, not as text.
void raw(Writer& w, const char* key, const std::string& json) {
  w.Key(key);
  const std::string& value = json.empty() ? std::string("null") : json;
  w.RawValue(value.c_str(), value.size(), rapidjson::kObjectType);
}

void case_fields(Writer& w, const ReviewCase& c, bool detail) {
  field(w, "case_id", c.case_id);
  field(w, "kind", c.kind);
  field(w, "code", c.code);
  field(w, "status", c.status);
  field(w, "student_id", c.student_id);
  field(w, "school_code", c.school_code);
  field(w, "other_school_code", c.other_school_code);
  field(w, "division_code", c.division_code);
  field(w, "op_id", c.op_id);
  field(w, "opened_at", c.opened_at);
  field(w, "decision", c.decision);
  field(w, "decided_by", c.decided_by);
  field(w, "decided_at", c.decided_at);
  field(w, "comment", c.comment);
  field(w, "other_student_id", c.other_student_id);
  raw(w, "close_reason", c.close_reason);  // null unless the case closed by itself
  if (!detail) return;
  raw(w, "base", c.base);
  raw(w, "side_a", c.side_a);
  raw(w, "side_b", c.side_b);
  raw(w, "choices", c.choices);
}

void provenance_fields(Writer& w, const FieldProvenance& p) {
  field(w, "field", p.field);
  w.Key("value");
  if (p.value)
    w.String(p.value->c_str(), static_cast<rapidjson::SizeType>(p.value->size()));
  else
    w.Null();
  w.Key("version");
  w.Int64(p.version);
  field(w, "op_id", p.op_id);
  field(w, "actor", p.actor);
  field(w, "device_id", p.device_id);
  field(w, "school_code", p.school_code);
  field(w, "device_time", p.device_time);
  field(w, "server_time", p.server_time);
  field(w, "hlc", p.hlc);
}

std::string text_of(rapidjson::StringBuffer& buffer) {
  return std::string(buffer.GetString(), buffer.GetSize());
}

template <class Read>
auto audited_read(ApiContext& ctx, const Actor& actor, const char* action, Read&& read) {
  return ctx.db.with([&](Database& db) {
    ServerRegistry registry(db);
    auto found = read(registry);
    // R18 (第二十四条): every read of personal data is attributed and audited.
    if (found) {
      if (auto audited =
              append_audit(db, actor.account, actor.device_id, action, actor.unit_code, "read");
          !audited)
        return decltype(found)(audited.error());
    }
    return found;
  });
}

}  // namespace

void handle_review_cases(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now());
  if (!actor) return reply_error(res, actor.error());
  const std::string status = req.has_param("status") ? req.get_param_value("status") : "";
  if (!status.empty() && status != "open" && status != "escalated" && status != "decided" &&
      status != "closed")
    return reply_error(res, make_error(ErrorCode::MalformedRequest, "status"));
  auto cases = audited_read(ctx, *actor, "list_review_cases", [&](ServerRegistry& registry) {
    return registry.review_cases(*actor, status);
  });
  if (!cases) return reply_error(res, cases.error());
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("review_cases");
  w.StartArray();
  for (const auto& c : *cases) {
    w.StartObject();
    case_fields(w, c, false);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  reply_json(res, 200, text_of(buffer));
}

void handle_review_case(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now());
  if (!actor) return reply_error(res, actor.error());
  const std::string case_id = req.matches.size() > 1 ? req.matches[1].str() : "";
  auto detail = audited_read(ctx, *actor, "read_review_case", [&](ServerRegistry& registry) {
    return registry.review_case(*actor, case_id);
  });
  if (!detail) return reply_error(res, detail.error());
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  case_fields(w, detail->review_case, true);
  w.Key("current");
  w.StartArray();
  for (const auto& p : detail->current) {
    w.StartObject();
    provenance_fields(w, p);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  reply_json(res, 200, text_of(buffer));
}

void handle_auto_resolutions(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now());
  if (!actor) return reply_error(res, actor.error());
  auto entries = audited_read(ctx, *actor, "list_auto_resolutions", [&](ServerRegistry& registry) {
    return registry.auto_resolutions(*actor);
  });
  if (!entries) return reply_error(res, entries.error());
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("auto_resolutions");
  w.StartArray();
  for (const auto& e : *entries) {
    w.StartObject();
    field(w, "student_id", e.student_id);
    field(w, "status", e.status);
    provenance_fields(w, e.provenance);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  reply_json(res, 200, text_of(buffer));
}

}  // namespace xueji::server::http
