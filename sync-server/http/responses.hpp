// JSON replies. API answers carry personal data, so they are never cached (R18).
#pragma once
#include <httplib.h>

#include <string>

#include "xueji/result.hpp"

namespace xueji::server::http {

void reply_json(httplib::Response& res, int status, const std::string& body);
// {"code","field","message_zh","message_en"} with the status from http_status().
void reply_error(httplib::Response& res, const Error& error);
void reply_error_with_status(httplib::Response& res, int status, const Error& error);

}  // namespace xueji::server::http
