#include "api_server.hpp"

#include <httplib.h>

#include <chrono>
#include <cstdio>

#include "../src/log.hpp"
#include "connection_pool.hpp"
#include "endpoints.hpp"
#include "error_status.hpp"
#include "responses.hpp"
#include "static_files.hpp"

namespace xueji::server::http {
namespace {

// httplib runs a request start to finish on one worker thread, so the start time can live
// in a thread_local between the pre-routing hook and the logger.
thread_local std::chrono::steady_clock::time_point request_started{};

std::unique_ptr<httplib::Server> make_server(const HttpConfig& config) {
  if (config.tls_cert.empty()) return std::make_unique<httplib::Server>();
  return std::make_unique<httplib::SSLServer>(config.tls_cert.c_str(), config.tls_key.c_str());
}

}  // namespace

ApiServer::ApiServer(HttpConfig config, ApiContext context)
    : config_(std::move(config)), context_(context), server_(make_server(config_)) {
  // httplib's default on Linux is SO_REUSEPORT only, which lets a second server share the port
  // yet may refuse a restart while old connections sit in TIME-WAIT. SO_REUSEADDR alone gives
  // the opposite: a restarted server binds at once, a second instance is refused.
  server_->set_socket_options([this](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_socket_ = sock;
  });
  install_routes();
}

ApiServer::~ApiServer() = default;

void ApiServer::install_routes() {
  httplib::Server& s = *server_;
  s.set_payload_max_length(config_.max_body_bytes);  // larger bodies get 413 before any handler
  s.set_read_timeout(config_.read_timeout_seconds, 0);
  s.set_write_timeout(config_.write_timeout_seconds, 0);
  s.set_keep_alive_timeout(config_.keep_alive_seconds);
  s.set_keep_alive_max_count(100);
  const size_t threads = static_cast<size_t>(config_.threads);
  const size_t waiting = static_cast<size_t>(config_.max_waiting);
  s.new_task_queue = [threads, waiting] { return new ConnectionPool(threads, waiting); };
  s.set_default_headers(
      {{"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"}});

  s.Get("/api/health", handle_health);
  s.Post("/api/login", [this](const auto& req, auto& res) { handle_login(context_, req, res); });
  s.Post("/api/sync/push", [this](const auto& req, auto& res) { handle_push(context_, req, res); });
  s.Get("/api/sync/pull", [this](const auto& req, auto& res) { handle_pull(context_, req, res); });
  s.Get("/api/students",
        [this](const auto& req, auto& res) { handle_students(context_, req, res); });
  s.Get("/api/schools", [this](const auto& req, auto& res) { handle_schools(context_, req, res); });
  s.Get("/api/review-cases",
        [this](const auto& req, auto& res) { handle_review_cases(context_, req, res); });
  s.Get(R"(/api/review-cases/([A-Za-z0-9._-]+))",
        [this](const auto& req, auto& res) { handle_review_case(context_, req, res); });
  s.Get("/api/auto-resolutions",
        [this](const auto& req, auto& res) { handle_auto_resolutions(context_, req, res); });
  s.Post("/api/public/query",
         [this](const auto& req, auto& res) { handle_public_query(context_, req, res); });
  s.Post("/api/logout", [this](const auto& req, auto& res) { handle_logout(context_, req, res); });
  s.Post("/api/account/password",
         [this](const auto& req, auto& res) { handle_change_password(context_, req, res); });
  s.Post("/api/account/totp/setup",
         [this](const auto& req, auto& res) { handle_totp_setup(context_, req, res); });
  s.Post("/api/account/totp/confirm",
         [this](const auto& req, auto& res) { handle_totp_confirm(context_, req, res); });
  s.Get("/api/accounts",
        [this](const auto& req, auto& res) { handle_list_accounts(context_, req, res); });
  s.Post("/api/accounts",
         [this](const auto& req, auto& res) { handle_create_account(context_, req, res); });
  s.Post(R"(/api/accounts/([^/]+)/(disable|enable|reset-password|reset-totp))",
         [this](const auto& req, auto& res) { handle_account_action(context_, req, res); });
  s.Get("/api/devices",
        [this](const auto& req, auto& res) { handle_list_devices(context_, req, res); });
  s.Post(R"(/api/devices/([^/]+)/revoke)",
         [this](const auto& req, auto& res) { handle_revoke_device(context_, req, res); });
  s.Post("/api/students/lookup",
         [this](const auto& req, auto& res) { handle_student_lookup(context_, req, res); });
  s.Get(R"(/api/students/([^/]+)/history)",
        [this](const auto& req, auto& res) { handle_student_history(context_, req, res); });
  s.Get(R"(/api/students/([^/]+))",
        [this](const auto& req, auto& res) { handle_student(context_, req, res); });

  // County review (S4), unified enrollment (R20), exports (R18). Ids in paths are UUIDs or
  // codes: the patterns admit nothing else.
  auto route = [this](auto handler) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      handler(context_, req, res);
    };
  };
  constexpr const char* kId = "([A-Za-z0-9._-]{1,80})";
  s.Get("/api/approvals", route(handle_approvals));
  s.Post(std::string("/api/approvals/") + kId + "/([0-9]{1,4})/decide",
         route(handle_decide_approval));
  s.Get("/api/term-verification", route(handle_term_verification));
  s.Get("/api/registrar-roster", route(handle_registrar_roster));
  s.Get("/api/problem-records", route(handle_problem_records));
  s.Post(std::string("/api/problem-records/") + kId + "/resolve",
         route(handle_resolve_problem_record));
  s.Get("/api/statistics", route(handle_statistics));
  s.Get("/api/enrollment/quotas", route(handle_get_quotas));
  s.Put("/api/enrollment/quotas", route(handle_put_quotas));
  s.Get("/api/enrollment/template", route(handle_enrollment_template));
  s.Post("/api/enrollment/imports", route(handle_post_import));
  s.Get(std::string("/api/enrollment/imports/") + kId, route(handle_get_import));
  s.Post(std::string("/api/enrollment/imports/") + kId + "/confirm", route(handle_confirm_import));
  s.Get("/api/enrollment/admissions", route(handle_admissions));
  s.Post("/api/exports", route(handle_request_export));
  s.Get("/api/exports", route(handle_list_exports));
  s.Post(std::string("/api/exports/") + kId + "/decide", route(handle_decide_export));
  s.Get(std::string("/api/exports/") + kId + "/download", route(handle_download_export));
  // Attachments: the path names the content (its SHA-256), nothing else.
  constexpr const char* kBlob = "/api/blobs/([0-9a-f]{64})";
  s.Put(kBlob, route(handle_put_blob_chunk));
  s.Get(std::string(kBlob) + "/status", route(handle_blob_status));
  s.Get(kBlob, route(handle_get_blob));

  // Everything else that is a GET is the client; unknown /api paths are a JSON 404.
  auto files = std::make_shared<StaticFiles>(config_.web_root);
  s.Get(".*", [files](const httplib::Request& req, httplib::Response& res) {
    if (req.path.rfind("/api/", 0) == 0)
      return reply_error(res, make_error(ErrorCode::NotFound, "path"));
    files->serve(req, res);
  });

  // Errors raised by httplib itself (413 body too large, 400 bad request line, 404/405 no
  // route) get the same JSON body as the API's own errors.
  s.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        reply_error_with_status(res, res.status, make_error(code_for_status(res.status)));
        return httplib::Server::HandlerResponse::Handled;
      }));
  s.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        log_error("exception", {{"path", req.path}, {"what", what}});
        reply_error(res, make_error(ErrorCode::StorageError));
      });

  s.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_started = std::chrono::steady_clock::now();
    set_log_account({});
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // One JSON line per request (time, method, path, status, ms, account). A request httplib
  // refused before routing (413, 400) has no start time and no account.
  s.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    double ms = 0;
    if (request_started != std::chrono::steady_clock::time_point{}) {
      auto elapsed = std::chrono::steady_clock::now() - request_started;
      ms = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count() / 1000.0;
      request_started = {};
    }
    log_info("request", {{"method", req.method},
                         {"path", req.path},
                         {"status", res.status},
                         {"ms", ms},
                         {"bytes", static_cast<std::int64_t>(res.body.size())},
                         {"account", log_account()},
                         {"remote", req.remote_addr}});
    set_log_account({});
  });
}

bool ApiServer::valid() const {
  return server_->is_valid();
}

int ApiServer::bind() {
  const int port = config_.port == 0 ? server_->bind_to_any_port(config_.host)
                   : server_->bind_to_port(config_.host, config_.port) ? config_.port
                                                                       : -1;
  // httplib 0.11 listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled into
  // Debian's library): a county's devices connecting at once overflowed it, and a dropped SYN
  // is retried by the client only after 1 s, then 3 s. Listening again only resizes the queue
  // (the kernel caps it at net.core.somaxconn).
  if (port > 0 && listen_socket_ >= 0) ::listen(listen_socket_, 1024);
  return port;
}

bool ApiServer::run() {
  return server_->listen_after_bind();
}

void ApiServer::stop() {
  server_->stop();
}

}  // namespace xueji::server::http
