#include "review_support.hpp"

#include <charconv>

#include "../src/clock.hpp"
#include "../src/log.hpp"
#include "bearer.hpp"
#include "responses.hpp"
#include "xueji/registry_store.hpp"

namespace xueji::server::http {

std::optional<Actor> authenticated(ApiContext& ctx, const httplib::Request& req,
                                   httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now());
  if (!actor) {
    reply_error(res, actor.error());
    return std::nullopt;
  }
  return *actor;
}

void reply_refusal(ApiContext& ctx, const Actor& actor, const std::string& action,
                   const std::string& object, httplib::Response& res, const Error& error) {
  if (error.code == ErrorCode::OutOfScope) {
    (void)ctx.db.with([&](Database& db) {
      return append_audit(db, actor.account, actor.device_id, action,
                          object + (error.field.empty() ? "" : " " + error.field), "out_of_scope");
    });
    log_info("out_of_scope", {{"account", actor.account}, {"action", action}, {"object", object}});
  }
  reply_error(res, error);
}

std::optional<std::int64_t> int_param(const httplib::Request& req, const char* name,
                                      std::int64_t fallback) {
  if (!req.has_param(name)) return fallback;
  const std::string text = req.get_param_value(name);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

std::string text_param(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

Result<rapidjson::Document> json_object(const std::string& body) {
  rapidjson::Document doc;
  try {
    doc.Parse(body.data(), body.size());
  } catch (const std::exception&) {
    return make_error(ErrorCode::MalformedRequest);
  }
  if (doc.HasParseError() || !doc.IsObject()) return make_error(ErrorCode::MalformedRequest);
  return doc;
}

Result<std::string> string_member(const rapidjson::Value& object, const char* key) {
  auto member = object.FindMember(key);
  if (member == object.MemberEnd() || member->value.IsNull()) return std::string();
  if (!member->value.IsString()) return make_error(ErrorCode::MalformedRequest, key);
  return std::string(member->value.GetString(), member->value.GetStringLength());
}

Result<bool> bool_member(const rapidjson::Value& object, const char* key, bool fallback) {
  auto member = object.FindMember(key);
  if (member == object.MemberEnd() || member->value.IsNull()) return fallback;
  if (!member->value.IsBool()) return make_error(ErrorCode::MalformedRequest, key);
  return member->value.GetBool();
}

Result<CommandOutcome> run_command(ApiContext& ctx, const Actor& actor, const Command& command) {
  return ctx.db.in_transaction([&](Database& db) -> Result<CommandOutcome> {
    return execute(db, CommandContext{actor, china_today(), Replica::Server}, command);
  });
}

}  // namespace xueji::server::http
