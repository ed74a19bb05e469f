#include "http_transport.hpp"

#include <httplib.h>

namespace xueji::sim {
namespace {

Reply reply_of(const httplib::Result& result) {
  if (!result) return Reply{false, 0, {}, httplib::to_string(result.error())};
  return Reply{true, result->status, result->body, {}};
}

httplib::Headers bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

}  // namespace

HttpTransport::HttpTransport(const std::string& host, int port, bool keep_alive)
    : client_(std::make_unique<httplib::Client>(host, port)) {
  client_->set_keep_alive(keep_alive);
  client_->set_connection_timeout(5, 0);
  // A 256 KB page through the 256 kbit/s link takes ~8 s; a server restart a few more.
  client_->set_read_timeout(60, 0);
  client_->set_write_timeout(60, 0);
}

HttpTransport::~HttpTransport() = default;

Result<Session> HttpTransport::login(const SimAccount& account, const std::string& device_id) {
  auto result = client_->Post("/api/login",
                              to_json(LoginRequest{account.username, account.password, device_id}),
                              "application/json");
  if (!result) return make_error(ErrorCode::StorageError, "", httplib::to_string(result.error()));
  if (result->status != 200) {
    auto body = parse_error_body(result->body);
    return make_error(body ? code_from_name(body->code).value_or(ErrorCode::InvalidInput)
                           : ErrorCode::InvalidInput,
                      "", result->body);
  }
  return parse_session(result->body);
}

Reply HttpTransport::push(const std::string& token, const std::string& body) {
  return reply_of(client_->Post("/api/sync/push", bearer(token), body, "application/json"));
}

Reply HttpTransport::pull(const std::string& token, const std::string& query) {
  return reply_of(client_->Get("/api/sync/pull?" + query, bearer(token)));
}

}  // namespace xueji::sim
