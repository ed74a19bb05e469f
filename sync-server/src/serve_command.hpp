// `xueji-server serve`: migrates the database, serves the API and the client until SIGINT or
// SIGTERM, then stops accepting, lets in-flight requests finish and closes the database.
#pragma once
#include "options.hpp"

namespace xueji::server {

int run_serve(const ServeOptions& options);

}  // namespace xueji::server
