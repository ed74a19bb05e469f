// Native storage: a plain SQLite file in the working directory. A committed transaction is
// already durable, so there is nothing to wait for.
#include <cstdlib>

#include "platform/platform.hpp"

namespace xueji::client::platform {

std::string database_path() {
  const char* configured = std::getenv("XUEJI_CLIENT_DB");
  return configured && *configured ? configured : "./xueji-client.db";
}

bool storage_loaded() {
  return true;
}
bool storage_load_failed() {
  return false;
}

StorageEstimate storage_estimate() {
  return {};
}

void persist(std::function<void(bool ok)> done) {
  done(true);
}

}  // namespace xueji::client::platform
