#include "log.hpp"

#include <cstdio>
#include <mutex>

#include "clock.hpp"

namespace xueji::server {
namespace {

// Values with spaces, quotes, '=' or control characters are quoted and escaped so that one
// event always stays on one line, whatever a client sent in a path or user name.
void append_value(std::string& line, std::string_view value) {
  bool plain = !value.empty();
  for (unsigned char c : value)
    if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7F) plain = false;
  if (plain) {
    line.append(value);
    return;
  }
  line.push_back('"');
  for (unsigned char c : value) {
    if (c == '"' || c == '\\') {
      line.push_back('\\');
      line.push_back(static_cast<char>(c));
    } else if (c == '\n') {
      line.append("\\n");
    } else if (c < ' ' || c == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      line.append(hex);
    } else {
      line.push_back(static_cast<char>(c));
    }
  }
  line.push_back('"');
}

void write(std::string_view level, std::string_view event, std::initializer_list<LogField> fields) {
  std::string line = "ts=" + iso_utc(unix_now()) + " level=" + std::string(level) + " event=";
  append_value(line, event);
  for (const auto& [key, value] : fields) {
    line.push_back(' ');
    line.append(key);
    line.push_back('=');
    append_value(line, value);
  }
  line.push_back('\n');
  // One fwrite per line under a lock: lines from the HTTP worker threads never interleave.
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

void log_info(std::string_view event, std::initializer_list<LogField> fields) {
  write("info", event, fields);
}
void log_warn(std::string_view event, std::initializer_list<LogField> fields) {
  write("warn", event, fields);
}
void log_error(std::string_view event, std::initializer_list<LogField> fields) {
  write("error", event, fields);
}

}  // namespace xueji::server
