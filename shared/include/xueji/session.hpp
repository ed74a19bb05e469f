// Login messages shared by client and server, and the session a device keeps.
#pragma once
#include <string>
#include <string_view>

#include "xueji/result.hpp"

namespace xueji {

struct LoginRequest {
  std::string username;
  std::string password;
  std::string device_id;
};

struct Session {
  std::string token;
  std::string account;
  std::string display_name;
  std::string role;       // role_name()
  std::string unit_code;  // school code or division code
  std::string unit_name;
  std::string device_id;
};

// Error bodies from the server:
// {"code":"ID_CHECKSUM","field":"id_number","message_zh":..,"message_en":..}
struct ErrorBody {
  std::string code;
  std::string field;
  std::string message_zh;
  std::string message_en;
};

std::string to_json(const LoginRequest& request);
std::string to_json(const Session& session);
std::string to_json(const ErrorBody& body);
ErrorBody error_body(const Error& error);
Result<LoginRequest> parse_login_request(std::string_view json);
Result<Session> parse_session(std::string_view json);
Result<ErrorBody> parse_error_body(std::string_view json);

}  // namespace xueji
