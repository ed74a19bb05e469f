// The one mapping between the core's error codes and HTTP statuses.
#pragma once
#include "xueji/error_code.hpp"

namespace xueji::server::http {

int http_status(ErrorCode code);
// The reverse, for errors httplib raises before a handler runs (bad request line, body too
// large, no such route): which code the JSON body carries.
ErrorCode code_for_status(int status);

}  // namespace xueji::server::http
