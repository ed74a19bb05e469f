// Structured one-line logs on stderr (logfmt: ts=… level=… event=… key=value), so an operator
// can grep them and a log shipper can parse them without a schema.
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace xueji::server {

using LogField = std::pair<std::string_view, std::string>;

void log_info(std::string_view event, std::initializer_list<LogField> fields = {});
void log_warn(std::string_view event, std::initializer_list<LogField> fields = {});
void log_error(std::string_view event, std::initializer_list<LogField> fields = {});

}  // namespace xueji::server
