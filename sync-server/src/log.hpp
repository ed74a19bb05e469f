// Structured logs on stderr: one JSON object per line ({"time":…,"level":…,"event":…, fields}),
// so a log shipper parses them without a schema and an operator can still grep them.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace xueji::server {

// A field's value: text is written as a JSON string, numbers as JSON numbers.
struct LogValue {
  LogValue(std::string text) : text(std::move(text)) {}
  LogValue(std::string_view text) : text(text) {}
  LogValue(const char* text) : text(text) {}
  LogValue(std::int64_t value) : text(std::to_string(value)), number(true) {}
  LogValue(int value) : text(std::to_string(value)), number(true) {}
  LogValue(double value);
  std::string text;
  bool number = false;
};

using LogField = std::pair<std::string_view, LogValue>;

void log_info(std::string_view event, std::initializer_list<LogField> fields = {});
void log_warn(std::string_view event, std::initializer_list<LogField> fields = {});
void log_error(std::string_view event, std::initializer_list<LogField> fields = {});

// The account a request runs as, for its request log line: set by authentication on the
// worker thread that runs the request (httplib runs one request on one thread), cleared when
// the next request starts there.
void set_log_account(std::string account);
const std::string& log_account();

}  // namespace xueji::server
