// What the county-review, enrollment and export endpoints share: authentication, the audited
// refusal of out-of-scope requests, query parameters, JSON bodies, and running a core command
// in its own transaction (the same execute() a pushed operation goes through).
#pragma once
#include <httplib.h>

#include <optional>
#include <string>

#include "../src/rapidjson.hpp"
#include "api_context.hpp"
#include "xueji/commands.hpp"

namespace xueji::server::http {

// The authenticated actor, or nullopt after replying 401.
std::optional<Actor> authenticated(ApiContext& ctx, const httplib::Request& req,
                                   httplib::Response& res);

// Replies with `error`. An OUT_OF_SCOPE refusal is written to the audit log first (第三条, R18:
// who tried to reach what), as action `action` on `object` with result "out_of_scope".
void reply_refusal(ApiContext& ctx, const Actor& actor, const std::string& action,
                   const std::string& object, httplib::Response& res, const Error& error);

// Query parameters: absent → fallback; present but malformed → nullopt.
std::optional<std::int64_t> int_param(const httplib::Request& req, const char* name,
                                      std::int64_t fallback);
std::string text_param(const httplib::Request& req, const char* name);

// Parses a JSON object body; MALFORMED_REQUEST otherwise.
Result<rapidjson::Document> json_object(const std::string& body);
// Optional members of a parsed object; a member of the wrong type is MALFORMED_REQUEST.
Result<std::string> string_member(const rapidjson::Value& object, const char* key);
Result<bool> bool_member(const rapidjson::Value& object, const char* key, bool fallback);

// execute() on the server replica, committed on success, rolled back on a refusal.
Result<CommandOutcome> run_command(ApiContext& ctx, const Actor& actor, const Command& command);

}  // namespace xueji::server::http
