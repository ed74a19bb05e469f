// TOTP secrets at rest (等级保护 level 3): sealed with libsodium's secretbox under the key of
// `totp_key_file`, so the database file (and its WAL) never holds a secret; logins with a code
// still work; a wrong or malformed key stops the start with its code instead of failing every
// second factor silently; and a database of the earlier code, with plain secrets and the
// earlier version bookkeeping, is migrated (server migration 3) and keeps working.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "api.hpp"
#include "json.hpp"
#include "src/totp.hpp"
#include "xueji/schema.hpp"

using namespace xueji;
using namespace xueji::it;

namespace {

std::string login_body(const Credential& who, const std::string& device, const std::string& totp) {
  return "{\"username\":" + json_string(who.username) +
         ",\"password\":" + json_string(who.password) + ",\"device_id\":" + json_string(device) +
         ",\"totp\":" + json_string(totp) + "}";
}

// Every byte SQLite keeps for the deployment: the database and its write-ahead log.
std::string stored_bytes(const std::filesystem::path& data_dir) {
  std::string all;
  for (const char* name : {"xueji.db", "xueji.db-wal"}) {
    std::ifstream in(data_dir / name, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    all += bytes.str();
  }
  return all;
}

std::string stored_secret(const std::filesystem::path& data_dir, const std::string& username) {
  auto db = Database::open((data_dir / "xueji.db").string());
  REQUIRE(db.ok());
  auto stmt = db->prepare("SELECT coalesce(totp_secret, '') FROM accounts WHERE username = ?1");
  REQUIRE(stmt.ok());
  stmt->bind(1, username);
  REQUIRE(stmt->step().value());
  return stmt->text(0);
}

// Enrols the county officer's authenticator through the API; returns the base32 secret.
std::string enrol(httplib::Client& client, const Credential& who) {
  Session session = login(client, who, "county-pc");
  auto setup = post_with_token(client, "/api/account/totp/setup", session.token,
                               "{\"password\":" + json_string(who.password) + "}");
  REQUIRE(setup);
  REQUIRE(setup->status == 200);
  const std::string secret = parse_json(setup->body)["secret"].GetString();
  auto confirmed =
      post_with_token(client, "/api/account/totp/confirm", session.token,
                      "{\"code\":" + json_string(totp_code(secret, now_seconds())) + "}");
  REQUIRE(confirmed);
  REQUIRE(confirmed->status == 200);
  return secret;
}

}  // namespace

TEST_CASE("TOTP secrets are sealed at rest and a code still logs in", "[totp][secrets]") {
  Deployment d;
  auto client = d.client();
  const Credential& county = d.county();
  const std::string secret = enrol(client, county);

  // The key file was made on first start, readable by its owner only.
  const auto key_file = d.data_dir() / "totp.key";
  struct stat info {};
  REQUIRE(::stat(key_file.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);

  const std::string stored = stored_secret(d.data_dir(), county.username);
  CHECK(stored.rfind("sb1:", 0) == 0);
  CHECK(stored.find(secret) == std::string::npos);
  CHECK(stored_bytes(d.data_dir()).find(secret) == std::string::npos);

  // The next step's code (the confirmation spent this one) logs in.
  auto in = client.Post("/api/login",
                        login_body(county, "county-pc", totp_code(secret, now_seconds() + 30)),
                        "application/json");
  REQUIRE(in);
  INFO(in->body);
  CHECK(in->status == 200);

  d.server().stop();
  CHECK(stored_bytes(d.data_dir()).find(secret) == std::string::npos);  // checkpointed file too

  SECTION("a different key stops the start with TOTP_KEY_MISMATCH") {
    TempDir other;
    const auto wrong = other.path() / "wrong.key";
    std::ofstream(wrong) << std::string(64, 'a') << "\n";
    auto refused = run_server_command(
        {"serve", "--data", d.data_dir().string(), "--web", d.web_root().string(), "--port", "0",
         "--totp-key-file", wrong.string()},
        20);
    CHECK(refused.exit_code == 1);
    CHECK(refused.output.find("TOTP_KEY_MISMATCH") != std::string::npos);
    // A key file that is absent is created — and, being new, does not match either.
    auto fresh = run_server_command(
        {"serve", "--data", d.data_dir().string(), "--web", d.web_root().string(), "--port", "0",
         "--totp-key-file", (other.path() / "new.key").string()},
        20);
    CHECK(fresh.exit_code == 1);
    CHECK(fresh.output.find("TOTP_KEY_MISMATCH") != std::string::npos);
  }
  SECTION("a malformed key file stops the start with TOTP_KEY_FILE_INVALID") {
    TempDir other;
    const auto bad = other.path() / "bad.key";
    std::ofstream(bad) << "not a key\n";
    auto refused =
        run_server_command({"serve", "--data", d.data_dir().string(), "--web",
                            d.web_root().string(), "--port", "0", "--totp-key-file", bad.string()},
                           20);
    CHECK(refused.exit_code == 1);
    CHECK(refused.output.find("TOTP_KEY_FILE_INVALID") != std::string::npos);
  }
  SECTION("the right key, given explicitly, serves as before") {
    ServerProcess again(d.data_dir(), d.web_root(), {"--totp-key-file", key_file.string()});
    httplib::Client c("127.0.0.1", again.port());
    // The sealed secret is opened for the check: a code outside the ±1 step window is refused as
    // a wrong code (TOTP_INVALID), not as a key problem. (The window's steps are spent above.)
    auto later = c.Post("/api/login",
                        login_body(county, "county-pc", totp_code(secret, now_seconds() + 600)),
                        "application/json");
    REQUIRE(later);
    CHECK(later->status == 401);
    CHECK(parse_error(later).code == "TOTP_INVALID");
  }
}

TEST_CASE("a database of the earlier code with a plain TOTP secret is migrated and still works",
          "[totp][secrets][migrations]") {
  Deployment d;
  const Credential& county = d.county();
  d.server().stop();
  // The state the earlier code left: the core's version in user_version, the server's in
  // server_schema (version 2), no schema_version or secret_keys, the secret in plain base32.
  const std::string secret = server::base32_encode("12345678901234567890");
  exec_sql(d.data_dir(),
           "DROP TABLE schema_version; DROP TABLE secret_keys;"
           "PRAGMA user_version = " +
               std::to_string(latest_schema_version()) +
               ";"
               "CREATE TABLE server_schema (id INTEGER PRIMARY KEY CHECK (id = 1), "
               "version INTEGER NOT NULL);"
               "INSERT INTO server_schema VALUES (1, 2);"
               "UPDATE accounts SET totp_secret = '" +
               secret + "', totp_last_step = 0 WHERE username = '" + county.username + "';");
  REQUIRE(stored_secret(d.data_dir(), county.username) == secret);

  d.restart_server();
  auto client = d.client();
  const std::string stored = stored_secret(d.data_dir(), county.username);
  CHECK(stored.rfind("sb1:", 0) == 0);
  CHECK(stored_bytes(d.data_dir()).find(secret) == std::string::npos);
  auto in =
      client.Post("/api/login", login_body(county, "county-pc", totp_code(secret, now_seconds())),
                  "application/json");
  REQUIRE(in);
  INFO(in->body);
  CHECK(in->status == 200);

  auto db = Database::open((d.data_dir() / "xueji.db").string());
  REQUIRE(db.ok());
  CHECK(schema_version(*db, "core").value() == latest_schema_version());
  CHECK(schema_version(*db, "server").value() == 3);
}
