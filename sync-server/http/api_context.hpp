// What the API handlers need from the rest of the server.
#pragma once
#include "../src/authenticator.hpp"
#include "../src/server_database.hpp"

namespace xueji::server::http {

struct ApiContext {
  ServerDatabase& db;
  Authenticator& auth;
};

}  // namespace xueji::server::http
