#include "responses.hpp"

#include "error_status.hpp"
#include "xueji/session.hpp"

namespace xueji::server::http {

void reply_json(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  // Exactly "application/json": httplib 0.11 compresses only that type (not with a charset
  // parameter), and JSON is UTF-8 by definition (RFC 8259 §8.1), so the parameter adds nothing.
  res.set_content(body, "application/json");
}

void reply_error(httplib::Response& res, const Error& error) {
  reply_error_with_status(res, http_status(error.code), error);
}

void reply_error_with_status(httplib::Response& res, int status, const Error& error) {
  reply_json(res, status, to_json(error_body(error)));
}

}  // namespace xueji::server::http
