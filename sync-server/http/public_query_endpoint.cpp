// POST /api/public/query (no authentication)  {"registry_number"|"id_number", "name"}
//   → {"found", "school_name", "masked_name", "masked_number"}
// 学籍查询 (R21): the decision lives in the core (xueji/public_query.hpp); here only the JSON,
// the per-address rate limit and the audit of refused requests.
#include "../src/log.hpp"
#include "../src/rapidjson.hpp"
#include "endpoints.hpp"
#include "responses.hpp"
#include "xueji/public_query.hpp"

namespace xueji::server::http {
namespace {

// Unknown members are ignored; a member of the wrong type makes the request malformed.
Result<PublicQuery> parse_public_query(const std::string& body) {
  rapidjson::Document doc;
  try {
    doc.Parse(body.data(), body.size());
  } catch (const std::exception&) {
    return make_error(ErrorCode::MalformedRequest);
  }
  if (doc.HasParseError() || !doc.IsObject()) return make_error(ErrorCode::MalformedRequest);
  PublicQuery query;
  for (auto [key, target] :
       {std::pair{"registry_number", &query.registry_number},
        std::pair{"id_number", &query.id_number}, std::pair{"name", &query.name}}) {
    auto member = doc.FindMember(key);
    if (member == doc.MemberEnd() || member->value.IsNull()) continue;
    if (!member->value.IsString()) return make_error(ErrorCode::MalformedRequest, key);
    target->assign(member->value.GetString(), member->value.GetStringLength());
  }
  return query;
}

std::string answer_json(const PublicQueryAnswer& answer) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto text = [&](const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  w.Key("found");
  w.Bool(answer.found);
  text("school_name", answer.school_name);
  text("masked_name", answer.masked_name);
  text("masked_number", answer.masked_number);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

void handle_public_query(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const std::string& client = req.remote_addr;
  auto query = parse_public_query(req.body);
  // The limit is taken before anything is looked up, for malformed requests too: a scan
  // cannot spend more than its budget whatever it sends.
  if (!ctx.public_queries.allow(client)) {
    (void)ctx.db.with([&](Database& db) {
      return audit_public_query(db, query ? *query : PublicQuery{}, client, "rate_limited");
    });
    log_info("public_query", {{"result", "rate_limited"}, {"remote", client}});
    return reply_error(res, make_error(ErrorCode::RateLimited));
  }
  if (!query) {
    (void)ctx.db.with(
        [&](Database& db) { return audit_public_query(db, PublicQuery{}, client, "malformed"); });
    return reply_error(res, query.error());
  }
  auto answer = ctx.db.with([&](Database& db) { return run_public_query(db, *query, client); });
  if (!answer) return reply_error(res, answer.error());
  reply_json(res, 200, answer_json(*answer));
}

}  // namespace xueji::server::http
