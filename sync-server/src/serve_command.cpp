#include "serve_command.hpp"

#include <signal.h>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <thread>

#include "../http/api_server.hpp"
#include "log.hpp"
#include "password.hpp"
#include "server_database.hpp"

namespace xueji::server {

int run_serve(const ServeOptions& options) {
  if (!init_crypto()) {
    log_error("startup", {{"reason", "libsodium init failed"}});
    return 1;
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(options.web_root, ec)) {
    log_error("startup",
              {{"reason", "web root is not a directory"}, {"web", options.web_root.string()}});
    return 1;
  }
  if (!std::filesystem::exists(ServerDatabase::file_in(options.data_dir), ec)) {
    log_error("startup", {{"reason", "no database; run `xueji-server seed --data DIR` first"},
                          {"data", options.data_dir.string()}});
    return 1;
  }
  // Schema migration on start: a server upgraded in place brings its database along.
  auto database = ServerDatabase::open(options.data_dir, options.totp_key_file);
  if (!database) {
    // A wrong TOTP key or a database from a newer program stops the start with its code, so
    // the operator sees why (never a server that silently rejects every second factor).
    log_error("startup", {{"reason", "cannot open database"},
                          {"code", std::string(code_name(database.error().code))},
                          {"message", std::string(message(database.error().code, Lang::Zh))},
                          {"detail", database.error().detail}});
    return 1;
  }

  // Signals are taken synchronously by one watcher thread (sigtimedwait), never by a handler
  // interrupting a request: blocked here, before httplib starts its workers, which inherit
  // the mask. SIGPIPE from a vanished client must not kill the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  Authenticator auth(**database, options.session);
  AccountService accounts(**database);
  RateLimiter public_queries(options.public_queries_per_minute);
  http::HttpConfig config{options.host,
                          options.port,
                          options.web_root,
                          options.max_body_bytes,
                          options.read_timeout_seconds,
                          options.write_timeout_seconds,
                          options.threads,
                          options.max_waiting,
                          options.keep_alive_seconds,
                          options.tls_cert,
                          options.tls_key};
  http::ApiServer server(config, http::ApiContext{**database, auth, public_queries, accounts});
  if (!server.valid()) {
    log_error("startup", {{"reason", "cannot load the TLS certificate or key"},
                          {"tls_cert", options.tls_cert.string()},
                          {"tls_key", options.tls_key.string()}});
    return 1;
  }
  if (!options.session.require_totp_for_staff)
    log_warn("config", {{"require_totp_for_staff", "false"},
                        {"note",
                         "staff may log in without a second factor; 等级保护 level 3 "
                         "deployments set require_totp_for_staff = true"}});
  int port = server.bind();
  if (port < 0) {
    log_error("startup", {{"reason", "cannot bind"},
                          {"host", options.host},
                          {"port", std::to_string(options.port)}});
    return 1;
  }

  std::atomic<bool> finished{false};
  std::thread watcher([&] {
    const timespec tick{0, 200 * 1000 * 1000};
    while (!finished) {
      int signal_number = sigtimedwait(&stop_signals, nullptr, &tick);
      if (signal_number > 0) {
        log_info("shutdown", {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"}});
        server.stop();
        return;
      }
    }
  });

  const char* scheme = server.tls() ? "https" : "http";
  log_info("listening", {{"host", options.host},
                         {"port", port},
                         {"scheme", scheme},
                         {"threads", options.threads},
                         {"keep_alive_seconds", options.keep_alive_seconds},
                         {"max_body_bytes", static_cast<std::int64_t>(options.max_body_bytes)},
                         {"web", options.web_root.string()}});
  // The readiness line scripts and tests wait for (stdout; the logs go to stderr).
  std::printf("listening on %s://%s:%d\n", scheme, options.host.c_str(), port);
  std::fflush(stdout);
  bool clean = server.run();
  finished = true;
  watcher.join();
  log_info("stopped", {{"clean", clean ? "true" : "false"}});
  // The database closes when `database` goes out of scope: SQLite checkpoints the WAL then.
  return 0;
}

}  // namespace xueji::server
