#include "log.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>

#include "clock.hpp"

namespace xueji::server {
namespace {

thread_local std::string current_account;

// JSON string escaping (RFC 8259 §7): whatever a client sent in a path or user name, one
// event stays one line and one valid JSON object. Bytes that are not valid UTF-8 pass through
// as they are (a log reader must not drop the line); control characters are escaped.
void append_string(std::string& line, std::string_view value) {
  line.push_back('"');
  for (unsigned char c : value) {
    switch (c) {
      case '"':
        line.append("\\\"");
        break;
      case '\\':
        line.append("\\\\");
        break;
      case '\n':
        line.append("\\n");
        break;
      case '\r':
        line.append("\\r");
        break;
      case '\t':
        line.append("\\t");
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char hex[8];
          std::snprintf(hex, sizeof hex, "\\u%04x", c);
          line.append(hex);
        } else {
          line.push_back(static_cast<char>(c));
        }
    }
  }
  line.push_back('"');
}

// Milliseconds: "2024-09-01T08:30:00.123Z".
std::string now_text() {
  using namespace std::chrono;
  auto now = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  std::string text = iso_utc(now / 1000);
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03dZ", static_cast<int>(now % 1000));
  text.pop_back();  // the 'Z'
  return text + ms;
}

void write(std::string_view level, std::string_view event, std::initializer_list<LogField> fields) {
  std::string line = "{\"time\":";
  append_string(line, now_text());
  line.append(",\"level\":");
  append_string(line, level);
  line.append(",\"event\":");
  append_string(line, event);
  for (const auto& [key, value] : fields) {
    line.push_back(',');
    append_string(line, key);
    line.push_back(':');
    if (value.number)
      line.append(value.text);
    else
      append_string(line, value.text);
  }
  line.append("}\n");
  // One fwrite per line under a lock: lines from the HTTP worker threads never interleave.
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

LogValue::LogValue(double value) : number(true) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", std::isfinite(value) ? value : 0.0);
  text = buffer;
}

void log_info(std::string_view event, std::initializer_list<LogField> fields) {
  write("info", event, fields);
}
void log_warn(std::string_view event, std::initializer_list<LogField> fields) {
  write("warn", event, fields);
}
void log_error(std::string_view event, std::initializer_list<LogField> fields) {
  write("error", event, fields);
}

void set_log_account(std::string account) {
  current_account = std::move(account);
}

const std::string& log_account() {
  return current_account;
}

}  // namespace xueji::server
