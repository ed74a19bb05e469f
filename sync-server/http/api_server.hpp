// The HTTP server: routes, static files, limits, timeouts, request logs.
#pragma once
#include <filesystem>
#include <memory>
#include <string>

#include "api_context.hpp"

namespace httplib {
class Server;
}

namespace xueji::server::http {

struct HttpConfig {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  std::filesystem::path web_root;
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  int read_timeout_seconds = 15;
  int write_timeout_seconds = 30;
  int threads = 64;       // connections served at once
  int max_waiting = 256;  // accepted connections waiting for a thread; then the listener waits
  // httplib serves a connection on one thread until it closes: an idle keep-alive connection
  // holds its thread for this long waiting for the next request. Long enough for one sync (a
  // push and its pull pages back to back), short enough that a county's devices, each syncing
  // a few seconds apart, do not hold every thread idle (docs/PERFORMANCE.md, section 4).
  int keep_alive_seconds = 2;
  // Optional TLS (PEM files). Both set: HTTPS through httplib's SSLServer (OpenSSL).
  std::filesystem::path tls_cert;
  std::filesystem::path tls_key;
};

class ApiServer {
 public:
  ApiServer(HttpConfig config, ApiContext context);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // False when TLS was asked for and the certificate or key could not be loaded.
  bool valid() const;
  bool tls() const { return !config_.tls_cert.empty(); }
  // Binds the listening socket; returns the port, or -1 when the address is unusable.
  int bind();
  // Serves until stop(); in-flight requests finish before it returns.
  bool run();
  // Safe from another thread (the signal watcher).
  void stop();

 private:
  void install_routes();
  HttpConfig config_;
  ApiContext context_;
  std::unique_ptr<httplib::Server> server_;
  int listen_socket_ = -1;  // the socket httplib listens on (seen in its socket-options hook)
};

}  // namespace xueji::server::http
