#include "options.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <fstream>
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

Setter boolean(bool& target) {
  return [&target](const std::string& value) {
    if (value == "true" || value == "yes" || value == "on" || value == "1") return target = true;
    if (value == "false" || value == "no" || value == "off" || value == "0")
      return !(target = false);
    return false;
  };
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

// A config file: `key = value` per line; blank lines and lines starting with '#' are skipped.
// Keys are the option names without "--" and with '_' for '-': `max_body_bytes = 8388608`.
bool apply_config_file(const std::filesystem::path& file,
                       const std::map<std::string, Setter>& setters) {
  std::ifstream in(file);
  if (!in) {
    std::fprintf(stderr, "xueji-server: cannot read config file %s\n", file.string().c_str());
    return false;
  }
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    const auto equals = line.find('=');
    std::string key = equals == std::string::npos ? line : trim(line.substr(0, equals));
    std::string value = equals == std::string::npos ? "" : trim(line.substr(equals + 1));
    std::string flag = "--" + key;
    for (auto& c : flag)
      if (c == '_') c = '-';
    auto setter = setters.find(flag);
    if (equals == std::string::npos || setter == setters.end() || !setter->second(value)) {
      std::fprintf(stderr, "xueji-server: %s:%d: %s\n", file.string().c_str(), number,
                   setter == setters.end() ? ("unknown setting " + key).c_str()
                                           : ("invalid value for " + key).c_str());
      return false;
    }
  }
  return true;
}

// XUEJI_PORT for --port, XUEJI_MAX_BODY_BYTES for --max-body-bytes, and so on.
bool apply_environment(const std::map<std::string, Setter>& setters,
                       const std::function<const char*(const char*)>& environment) {
  for (const auto& [flag, setter] : setters) {
    if (flag == "--config") continue;
    std::string name = "XUEJI_";
    for (char c : flag.substr(2))
      name.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(c)));
    const char* value = environment(name.c_str());
    if (value == nullptr) continue;
    if (!setter(value)) {
      std::fprintf(stderr, "xueji-server: environment variable %s has an invalid value\n",
                   name.c_str());
      return false;
    }
  }
  return true;
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
      "                     [--today YYYY-MM-DD] [--totp-key-file FILE]\n"
      "  xueji-server serve [--config FILE] --data DIR --web WEBROOT [--host 127.0.0.1]\n"
      "                     [--port 8080] [--max-body-bytes N] [--read-timeout-seconds S]\n"
      "                     [--write-timeout-seconds S] [--threads N] [--max-waiting N]\n"
      "                     [--keep-alive-seconds S]\n"
      "                     [--session-idle-minutes M] [--session-max-minutes M]\n"
      "                     [--max-failed-logins N] [--lock-minutes M]\n"
      "                     [--require-totp-for-staff true|false]\n"
      "                     [--public-queries-per-minute N] [--tls-cert PEM --tls-key PEM]\n"
      "                     [--totp-key-file FILE]   (default DIR/totp.key, made if absent)\n"
      "                     (every option also as `key = value` in FILE and as XUEJI_KEY)\n"
      "  xueji-server backup --data DIR --out FILE   (online copy, verified)\n"
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
      {"--totp-key-file", path(o.totp_key_file)},
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

std::optional<ServeOptions> parse_serve_options(
    const std::vector<std::string>& args,
    const std::function<const char*(const char*)>& environment) {
  ServeOptions o;
  std::filesystem::path config;
  std::map<std::string, Setter> setters{
      {"--config", path(config)},
      {"--data", path(o.data_dir)},
      {"--web", path(o.web_root)},
      {"--host", text(o.host)},
      {"--port", number<int>(o.port, 0, 65535)},
      {"--max-body-bytes", number<std::size_t>(o.max_body_bytes, 1024, 256 * 1024 * 1024)},
      {"--read-timeout-seconds", number<int>(o.read_timeout_seconds, 1, 3600)},
      {"--write-timeout-seconds", number<int>(o.write_timeout_seconds, 1, 3600)},
      {"--threads", number<int>(o.threads, 1, 1024)},
      {"--max-waiting", number<int>(o.max_waiting, 1, 65536)},
      {"--keep-alive-seconds", number<int>(o.keep_alive_seconds, 1, 300)},
      {"--session-idle-minutes", minutes(o.session.idle_seconds)},
      {"--session-max-minutes", minutes(o.session.max_seconds)},
      {"--max-failed-logins", number<int>(o.session.max_failures, 1, 100)},
      {"--lock-minutes", minutes(o.session.lock_seconds)},
      {"--require-totp-for-staff", boolean(o.session.require_totp_for_staff)},
      {"--public-queries-per-minute", number<int>(o.public_queries_per_minute, 1, 10000)},
      {"--tls-cert", path(o.tls_cert)},
      {"--tls-key", path(o.tls_key)},
      {"--totp-key-file", path(o.totp_key_file)},
  };
  // The file named on the command line is read first, so the command line still wins.
  for (size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--config" && !setters.at("--config")(args[i + 1])) return std::nullopt;
  if (!config.empty() && !apply_config_file(config, setters)) return std::nullopt;
  if (!apply_environment(setters, environment) || !apply_args(args, setters) ||
      !require(o.data_dir, "--data") || !require(o.web_root, "--web"))
    return std::nullopt;
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    std::fputs("xueji-server: --tls-cert and --tls-key go together\n", stderr);
    return std::nullopt;
  }
  return o;
}

std::optional<BackupOptions> parse_backup_options(const std::vector<std::string>& args) {
  BackupOptions o;
  std::map<std::string, Setter> setters{{"--data", path(o.data_dir)}, {"--out", path(o.out_file)}};
  if (!apply_args(args, setters) || !require(o.data_dir, "--data") || !require(o.out_file, "--out"))
    return std::nullopt;
  return o;
}

}  // namespace xueji::server
