// What the API handlers need from the rest of the server.
#pragma once
#include "../src/account_service.hpp"
#include "../src/authenticator.hpp"
#include "../src/rate_limiter.hpp"
#include "../src/server_database.hpp"

namespace xueji::server::http {

struct ApiContext {
  ServerDatabase& db;
  Authenticator& auth;
  RateLimiter& public_queries;  // R21: per client address
  AccountService& accounts;
};

}  // namespace xueji::server::http
