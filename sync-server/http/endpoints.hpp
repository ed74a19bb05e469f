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
// Accounts, devices, break the glass (issue 5).
void handle_logout(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_change_password(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_totp_setup(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_totp_confirm(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_list_accounts(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_create_account(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
// POST /api/accounts/{username}/(disable|enable|reset-password|reset-totp)
void handle_account_action(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_list_devices(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_revoke_device(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_student(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_student_lookup(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);

// County review (S4): review_endpoints.cpp.
void handle_approvals(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_decide_approval(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_term_verification(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_registrar_roster(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_problem_records(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_resolve_problem_record(ApiContext& ctx, const httplib::Request& req,
                                   httplib::Response& res);
void handle_statistics(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
// Unified enrollment (R20): enrollment_endpoints.cpp.
void handle_get_quotas(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_put_quotas(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_enrollment_template(ApiContext& ctx, const httplib::Request& req,
                                httplib::Response& res);
void handle_post_import(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_get_import(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_confirm_import(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_admissions(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
// Exports (R18): export_endpoints.cpp.
void handle_request_export(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_list_exports(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_decide_export(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_download_export(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
// Attachment blobs (issue 4): attachment_endpoints.cpp.
void handle_put_blob_chunk(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_blob_status(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);
void handle_get_blob(ApiContext& ctx, const httplib::Request& req, httplib::Response& res);

}  // namespace xueji::server::http
