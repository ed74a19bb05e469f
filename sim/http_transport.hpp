// Transport over HTTP (cpp-httplib), the way a native client would talk to the server: one
// client per device, pointed at the fault proxy. Native only; the simulation never sees HTTP.
#pragma once
#include <memory>
#include <string>

#include "transport.hpp"

namespace httplib {
class Client;
}

namespace xueji::sim {

class HttpTransport : public Transport {
 public:
  // keep_alive: one connection reused between requests, as a browser does (--direct).
  HttpTransport(const std::string& host, int port, bool keep_alive = false);
  ~HttpTransport() override;
  Result<Session> login(const SimAccount& account, const std::string& device_id) override;
  Reply push(const std::string& token, const std::string& body) override;
  Reply pull(const std::string& token, const std::string& query) override;

 private:
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace xueji::sim
