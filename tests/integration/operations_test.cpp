// Operating the server: config file and environment overrides, body limit (413), JSON request
// logs, graceful shutdown, gzip of JSON answers, optional TLS, the online backup command and
// the audit chain check against a row altered with the sqlite3 tool.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "api.hpp"
#include "json.hpp"
#include "src/server_database.hpp"
#include "xueji/audit_log.hpp"

using namespace xueji;
using namespace xueji::it;

namespace {

void write_text(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file) << text;
}

// A login body of exactly `size` bytes (the password pads it).
std::string login_of_size(size_t size) {
  std::string head = R"({"username":"x","device_id":"d","password":")";
  std::string tail = R"("})";
  return head + std::string(size - head.size() - tail.size(), 'p') + tail;
}

bool has_command(const char* name) {
  return std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace

TEST_CASE("settings come from the config file, the environment over it, the command line last",
          "[operations]") {
  TempDir dir;
  Deployment deployment;
  const auto conf = dir.path() / "xueji.conf";
  write_text(conf,
             "# Xueji server\n"
             "max_body_bytes = 2048\n"
             "\n"
             "session_idle_minutes = 30\n");
  {
    ServerProcess server(deployment.data_dir(), deployment.web_root(), {"--config", conf.string()});
    httplib::Client client("127.0.0.1", server.port());
    auto big = client.Post("/api/login", login_of_size(3000), "application/json");
    REQUIRE(big);
    CHECK(big->status == 413);
    CHECK(parse_error(big).code == "PAYLOAD_TOO_LARGE");
    CHECK(client.Get("/api/health")->status == 200);
  }
  {
    setenv("XUEJI_MAX_BODY_BYTES", "4096", 1);
    ServerProcess server(deployment.data_dir(), deployment.web_root(), {"--config", conf.string()});
    unsetenv("XUEJI_MAX_BODY_BYTES");
    httplib::Client client("127.0.0.1", server.port());
    auto fits = client.Post("/api/login", login_of_size(3000), "application/json");
    REQUIRE(fits);
    CHECK(fits->status == 401);  // read and judged: a wrong password, not too large
  }
  {
    setenv("XUEJI_MAX_BODY_BYTES", "4096", 1);
    ServerProcess server(deployment.data_dir(), deployment.web_root(),
                         {"--config", conf.string(), "--max-body-bytes", "2048"});
    unsetenv("XUEJI_MAX_BODY_BYTES");
    httplib::Client client("127.0.0.1", server.port());
    CHECK(client.Post("/api/login", login_of_size(3000), "application/json")->status == 413);
  }
  SECTION("an unknown setting or a bad value stops the server before it starts") {
    write_text(conf, "max_body_bytez = 2048\n");
    auto unknown = run_server_command(
        {"serve", "--config", conf.string(), "--data", deployment.data_dir().string(), "--web",
         deployment.web_root().string()},
        10);
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.output.find("unknown setting max_body_bytez") != std::string::npos);
    write_text(conf, "port = eighty\n");
    auto bad = run_server_command(
        {"serve", "--config", conf.string(), "--data", deployment.data_dir().string(), "--web",
         deployment.web_root().string()},
        10);
    CHECK(bad.exit_code == 2);
    CHECK(bad.output.find("xueji.conf:1") != std::string::npos);
  }
}

TEST_CASE("every request is logged as one JSON line with time, status, ms and account",
          "[operations]") {
  Deployment deployment;
  auto client = deployment.client();
  Session s = login(client, deployment.registrar(0), "dev-a");
  REQUIRE(get_with_token(client, "/api/schools", s.token)->status == 200);
  REQUIRE(client.Get("/api/no-such-thing")->status == 404);
  deployment.server().stop();

  bool saw_schools = false, saw_404 = false, saw_stop = false;
  std::istringstream lines(deployment.server().log());
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    auto doc = parse_json(line);  // every line is a JSON object
    REQUIRE(doc.IsObject());
    REQUIRE(doc.HasMember("time"));
    REQUIRE(doc.HasMember("event"));
    const std::string event = doc["event"].GetString();
    if (event == "stopped") saw_stop = std::string(doc["clean"].GetString()) == "true";
    if (event != "request") continue;
    CHECK(doc["status"].IsInt());
    CHECK(doc["ms"].IsNumber());
    const std::string path = doc["path"].GetString();
    if (path == "/api/schools") {
      saw_schools = true;
      CHECK(doc["status"].GetInt() == 200);
      CHECK(std::string(doc["method"].GetString()) == "GET");
      CHECK(std::string(doc["account"].GetString()) == s.account);
    }
    if (path == "/api/no-such-thing") {
      saw_404 = doc["status"].GetInt() == 404 && std::string(doc["account"].GetString()).empty();
    }
  }
  CHECK(saw_schools);
  CHECK(saw_404);
  CHECK(saw_stop);  // SIGTERM: in-flight requests finish, then a clean stop
}

TEST_CASE("a connection that sends nothing holds a thread only until its timeout", "[operations]") {
  // One thread, one waiting place: an idle client occupies the thread, yet a real request is
  // still served once the idle connection times out, and the server stays up.
  Deployment deployment({"--threads", "1", "--max-waiting", "1", "--read-timeout-seconds", "2"});
  int idle = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(idle >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(deployment.server().port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(idle, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  auto client = deployment.client();
  client.set_read_timeout(20);
  auto health = client.Get("/api/health");
  close(idle);
  REQUIRE(health);
  CHECK(health->status == 200);
}

TEST_CASE("SIGTERM stops the server cleanly with exit code 0", "[operations]") {
  Deployment deployment;
  auto client = deployment.client();
  REQUIRE(client.Get("/api/health")->status == 200);
  CHECK(deployment.server().stop() == 0);
}

TEST_CASE("JSON answers are gzip-compressed when the client accepts gzip", "[operations]") {
  Deployment deployment;
  auto client = deployment.client();
  Session s = login(client, deployment.county(), "dev-a");
  client.set_decompress(false);
  auto res = client.Get("/api/students",
                        {{"Authorization", "Bearer " + s.token}, {"Accept-Encoding", "gzip"}});
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Encoding") == "gzip");
  CHECK(res->get_header_value("Content-Type") == "application/json");
  REQUIRE(res->body.size() > 2);
  CHECK(static_cast<unsigned char>(res->body[0]) == 0x1f);
  CHECK(static_cast<unsigned char>(res->body[1]) == 0x8b);
  auto plain = client.Get("/api/students", {{"Authorization", "Bearer " + s.token}});
  CHECK(plain->get_header_value("Content-Encoding").empty());
  CHECK(res->body.size() * 3 < plain->body.size());
}

TEST_CASE("with tls_cert and tls_key the server speaks HTTPS only", "[operations][tls]") {
  if (!has_command("openssl")) {
    WARN("openssl is not installed: TLS not tested (scripts/setup.sh installs it)");
    return;
  }
  Deployment deployment;
  TempDir dir;
  const auto cert = dir.path() / "cert.pem";
  const auto key = dir.path() / "key.pem";
  const std::string make_cert =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
      "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " +
      key.string() + " -out " + cert.string() + " >/dev/null 2>&1";
  REQUIRE(std::system(make_cert.c_str()) == 0);

  ServerProcess server(deployment.data_dir(), deployment.web_root(),
                       {"--tls-cert", cert.string(), "--tls-key", key.string()});
  httplib::SSLClient tls("127.0.0.1", server.port());
  tls.set_ca_cert_path(cert.c_str());
  tls.enable_server_certificate_verification(true);
  auto health = tls.Get("/api/health");
  REQUIRE(health);
  CHECK(health->status == 200);
  auto login_res = tls.Post("/api/login",
                            "{\"username\":" + json_string(deployment.registrar(0).username) +
                                ",\"password\":" + json_string(deployment.registrar(0).password) +
                                ",\"device_id\":\"tls-pc\"}",
                            "application/json");
  REQUIRE(login_res);
  CHECK(login_res->status == 200);

  httplib::Client plain("127.0.0.1", server.port());
  plain.set_read_timeout(3);
  auto refused = plain.Get("/api/health");
  CHECK((!refused || refused->status != 200));

  SECTION("a missing key file stops the start") {
    auto bad = run_server_command(
        {"serve", "--data", deployment.data_dir().string(), "--web", deployment.web_root().string(),
         "--port", "0", "--tls-cert", cert.string(), "--tls-key", (dir.path() / "none").string()},
        10);
    CHECK(bad.exit_code == 1);
    CHECK(bad.output.find("TLS") != std::string::npos);
  }
}

TEST_CASE("an online backup is a verified, self-contained copy that a server can run from",
          "[operations][backup]") {
  Deployment deployment;
  auto client = deployment.client();
  Session s = login(client, deployment.registrar(0), "dev-a");
  REQUIRE(get_with_token(client, "/api/students", s.token)->status == 200);

  TempDir dir;
  const auto out = dir.path() / "xueji-backup.db";
  // Taken while the server runs and keeps answering.
  auto backup = run_server_command(
      {"backup", "--data", deployment.data_dir().string(), "--out", out.string()});
  INFO(backup.output);
  REQUIRE(backup.exit_code == 0);
  CHECK(backup.output.find("OK backup") != std::string::npos);
  CHECK(get_with_token(client, "/api/schools", s.token)->status == 200);
  CHECK_FALSE(std::filesystem::exists(out.string() + "-wal"));

  auto copy = Database::open(out.string());
  REQUIRE(copy.ok());
  auto chain = verify_audit_chain(*copy);
  REQUIRE(chain.ok());
  CHECK_FALSE(chain->first_broken_id.has_value());
  CHECK(chain->entries > 0);

  auto again = run_server_command(
      {"backup", "--data", deployment.data_dir().string(), "--out", out.string()});
  CHECK(again.exit_code == 1);  // never overwrites
  CHECK(again.output.find("exists") != std::string::npos);

  SECTION("restored, it verifies and serves") {
    const auto restored = dir.path() / "restored";
    std::filesystem::create_directories(restored);
    std::filesystem::copy_file(out, server::ServerDatabase::file_in(restored));
    // The TOTP key is not in the backup (secrets at rest, docs/STORAGE.md): it is kept and
    // restored on its own.
    std::filesystem::copy_file(server::ServerDatabase::default_totp_key_file(deployment.data_dir()),
                               server::ServerDatabase::default_totp_key_file(restored));
    auto verified = run_server_command({"verify-audit", "--data", restored.string()});
    INFO(verified.output);
    CHECK(verified.exit_code == 0);
    ServerProcess server(restored, deployment.web_root());
    httplib::Client restored_client("127.0.0.1", server.port());
    login(restored_client, deployment.registrar(0), "dev-b");
  }
}

TEST_CASE("verify-audit finds a row altered with the sqlite3 tool", "[operations][audit]") {
  Deployment deployment;
  auto client = deployment.client();
  login(client, deployment.registrar(0), "dev-a");
  (void)post_login(client, deployment.registrar(1).username, "wrong", "dev-b");
  deployment.server().stop();
  const auto db = server::ServerDatabase::file_in(deployment.data_dir()).string();

  auto intact = run_server_command({"verify-audit", "--data", deployment.data_dir().string()});
  INFO(intact.output);
  REQUIRE(intact.exit_code == 0);
  CHECK(intact.output.rfind("OK ", 0) == 0);

  // What someone with file access would do: drop the append-only trigger, rewrite a failed
  // login as a successful one.
  const std::string tamper =
      "DROP TRIGGER audit_log_append_only_update; "
      "UPDATE audit_log SET result = 'ok' WHERE id = (SELECT max(id) FROM audit_log "
      "WHERE action = 'login' AND result = 'bad_credentials');";
  if (has_command("sqlite3")) {
    REQUIRE(std::system(("sqlite3 '" + db + "' \"" + tamper + "\"").c_str()) == 0);
  } else {
    exec_sql(deployment.data_dir(), tamper);
  }
  auto broken = run_server_command({"verify-audit", "--data", deployment.data_dir().string()});
  INFO(broken.output);
  CHECK(broken.exit_code == 1);
  CHECK(broken.output.find("BROKEN at audit entry") != std::string::npos);
}
