#include "clock.hpp"

#include <chrono>
#include <cstdio>

namespace xueji::server {
namespace {
constexpr std::int64_t kSecondsPerDay = 86400;
constexpr std::int64_t kChinaOffset = 8 * 3600;

// Floor division, so times before 1970 would land on the right day too.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
}  // namespace

std::int64_t unix_now() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

Date china_date_of(std::int64_t unix_seconds) {
  return civil_from_days(static_cast<long>(floor_div(unix_seconds + kChinaOffset, kSecondsPerDay)));
}

Date china_today() {
  return china_date_of(unix_now());
}

std::string iso_utc(std::int64_t unix_seconds) {
  std::int64_t days = floor_div(unix_seconds, kSecondsPerDay);
  std::int64_t rest = unix_seconds - days * kSecondsPerDay;
  Date date = civil_from_days(static_cast<long>(days));
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", date.year, date.month,
                date.day, static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                static_cast<int>(rest % 60));
  return text;
}

}  // namespace xueji::server
