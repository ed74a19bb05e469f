// Wall-clock time for the server: Unix seconds for sessions and lock-outs, and the civil date
// the registry rules are judged by.
#pragma once
#include <cstdint>
#include <string>

#include "xueji/date.hpp"

namespace xueji::server {

std::int64_t unix_now();
// The rules speak of Chinese calendar dates (第四条 31 August, 第六条 one month...). China keeps
// UTC+8 all year (no daylight saving), so "today" is the UTC+8 date whatever the host's zone.
Date china_today();
Date china_date_of(std::int64_t unix_seconds);
// "2024-09-01T08:30:00Z": log timestamps.
std::string iso_utc(std::int64_t unix_seconds);

}  // namespace xueji::server
