// The /api handlers. Each decodes the request, calls the core or the account logic, encodes
// the answer; none contains a rule of its own.
#pragma once
#include <httplib.h>

#include "api_context.hpp"

namespace xueji::server::http {

void handle_health(const httplib::Request& req, httplib::Response& res);
void handle_login(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_push(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_pull(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_students(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_schools(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
// Review cases and automatic resolutions (review_case_endpoints.cpp); decisions go by push.
void handle_review_cases(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_review_case(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_auto_resolutions(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_public_query(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);

}  // namespace xueji::server::http
