#include "options.hpp"

#include <charconv>
#include <cstdio>
#include <functional>
#include <map>

namespace xueji::server {
namespace {

using Setter = std::function<bool(const std::string&)>;

template <class T>
Setter number(T& target, T min, T max) {
  return [&target, min, max](const std::string& text) {
    T value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
      return false;
    target = value;
    return true;
  };
}

Setter text(std::string& target) {
  return [&target](const std::string& value) { return target = value, !value.empty(); };
}

Setter path(std::filesystem::path& target) {
  return [&target](const std::string& value) { return target = value, !value.empty(); };
}

Setter minutes(std::int64_t& seconds) {
  return [&seconds](const std::string& value) {
    std::int64_t m = 0;
    if (!number<std::int64_t>(m, 1, 7 * 24 * 60)(value)) return false;
    seconds = m * 60;
    return true;
  };
}

bool apply_args(const std::vector<std::string>& args,
                const std::map<std::string, Setter>& setters) {
  for (size_t i = 0; i < args.size(); ++i) {
    auto setter = setters.find(args[i]);
    if (setter == setters.end()) {
      std::fprintf(stderr, "xueji-server: unknown option %s\n", args[i].c_str());
      return false;
    }
    if (i + 1 >= args.size() || !setter->second(args[i + 1])) {
      std::fprintf(stderr, "xueji-server: %s needs a valid value\n", args[i].c_str());
      return false;
    }
    ++i;
  }
  return true;
}

bool require(const std::filesystem::path& value, const char* flag) {
  if (!value.empty()) return true;
  std::fprintf(stderr, "xueji-server: %s is required\n", flag);
  return false;
}

}  // namespace

void print_usage() {
  std::fputs(
      "usage:\n"
      "  xueji-server seed  --data DIR [--divisions DIST_DIR] [--seed N] [--county CODE]\n"
      "                     [--today YYYY-MM-DD]\n"
      "  xueji-server serve --data DIR --web WEBROOT [--host 127.0.0.1] [--port 8080]\n"
      "                     [--max-body-bytes N] [--session-idle-minutes M]\n"
      "                     [--session-max-minutes M] [--public-queries-per-minute N]\n"
      "  xueji-server verify-audit --data DIR   (R18: checks the audit log's hash chain)\n",
      stderr);
}

std::optional<SeedOptions> parse_seed_options(const std::vector<std::string>& args) {
  SeedOptions o;
  std::string today;
  std::map<std::string, Setter> setters{
      {"--data", path(o.data_dir)},
      {"--divisions", path(o.divisions_dir)},
      {"--seed", number<std::uint64_t>(o.seed, 0, UINT64_MAX)},
      {"--county", text(o.county)},
      {"--today", text(today)},
  };
  if (!apply_args(args, setters) || !require(o.data_dir, "--data")) return std::nullopt;
  if (!today.empty()) {
    o.today = parse_date(today);
    if (!o.today) {
      std::fprintf(stderr, "xueji-server: --today needs YYYY-MM-DD\n");
      return std::nullopt;
    }
  }
  return o;
}

std::optional<ServeOptions> parse_serve_options(const std::vector<std::string>& args) {
  ServeOptions o;
  std::map<std::string, Setter> setters{
      {"--data", path(o.data_dir)},
      {"--web", path(o.web_root)},
      {"--host", text(o.host)},
      {"--port", number<int>(o.port, 0, 65535)},
      {"--max-body-bytes", number<std::size_t>(o.max_body_bytes, 1024, 256 * 1024 * 1024)},
      {"--session-idle-minutes", minutes(o.session.idle_seconds)},
      {"--session-max-minutes", minutes(o.session.max_seconds)},
      {"--public-queries-per-minute", number<int>(o.public_queries_per_minute, 1, 10000)},
  };
  if (!apply_args(args, setters) || !require(o.data_dir, "--data") || !require(o.web_root, "--web"))
    return std::nullopt;
  return o;
}

}  // namespace xueji::server
