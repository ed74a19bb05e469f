// How a simulated device reaches the server: in process (ServerRegistry on a file, for the
// property tests and the dbhash) or over HTTP through the fault-injecting proxy (xueji-sim).
// The simulation logic above it is the same.
#pragma once
#include <string>

#include "world.hpp"
#include "xueji/result.hpp"
#include "xueji/session.hpp"

namespace xueji::sim {

struct Reply {
  bool delivered = false;  // false: the connection failed, the device heard nothing
  int status = 0;          // HTTP status when delivered
  std::string body;
  std::string error;  // what went wrong when not delivered
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<Session> login(const SimAccount& account, const std::string& device_id) = 0;
  virtual Reply push(const std::string& token, const std::string& body) = 0;
  virtual Reply pull(const std::string& token, const std::string& query) = 0;
};

}  // namespace xueji::sim
