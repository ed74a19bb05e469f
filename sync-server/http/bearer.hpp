// The bearer token of a request ("Authorization: Bearer <token>", RFC 6750), or empty.
#pragma once
#include <httplib.h>

#include <string>

namespace xueji::server::http {

std::string bearer_token(const httplib::Request& req);

}  // namespace xueji::server::http
