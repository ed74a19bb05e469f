#include "xueji/hlc.hpp"

#include <algorithm>
#include <cstdio>

#include "xueji/date.hpp"

namespace xueji {
namespace {

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::int64_t to_int(std::string_view digits) {
  std::int64_t value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

std::string format_hlc(const Hlc& hlc) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%018lld.%06lld", static_cast<long long>(hlc.wall_ms),
                static_cast<long long>(hlc.counter));
  return buffer;
}

std::optional<Hlc> parse_hlc(std::string_view text) {
  if (text.size() != 25 || text[18] != '.') return std::nullopt;
  auto wall = text.substr(0, 18), counter = text.substr(19);
  if (!all_digits(wall) || !all_digits(counter)) return std::nullopt;
  return Hlc{to_int(wall), to_int(counter)};
}

Hlc hlc_tick(const Hlc& last, std::int64_t now_ms) {
  if (now_ms > last.wall_ms) return Hlc{now_ms, 0};
  return Hlc{last.wall_ms, last.counter + 1};
}

Hlc hlc_receive(const Hlc& last, const Hlc& remote, std::int64_t now_ms) {
  const std::int64_t wall = std::max({last.wall_ms, remote.wall_ms, now_ms});
  if (wall == last.wall_ms && wall == remote.wall_ms)
    return Hlc{wall, std::max(last.counter, remote.counter) + 1};
  if (wall == last.wall_ms) return Hlc{wall, last.counter + 1};
  if (wall == remote.wall_ms) return Hlc{wall, remote.counter + 1};
  return Hlc{wall, 0};
}

std::optional<std::int64_t> parse_time_ms(std::string_view iso) {
  if (iso.size() < 10) return std::nullopt;
  auto date = parse_date(std::string(iso.substr(0, 10)));
  if (!date) return std::nullopt;
  std::int64_t ms = static_cast<std::int64_t>(days_from_civil(*date)) * 86'400'000;
  std::string_view rest = iso.substr(10);
  if (rest.empty()) return ms;
  if (rest[0] != 'T' && rest[0] != ' ') return std::nullopt;
  rest.remove_prefix(1);
  if (rest.size() < 5 || !all_digits(rest.substr(0, 2)) || rest[2] != ':' ||
      !all_digits(rest.substr(3, 2)))
    return std::nullopt;
  ms += to_int(rest.substr(0, 2)) * 3'600'000 + to_int(rest.substr(3, 2)) * 60'000;
  rest.remove_prefix(5);
  if (rest.size() >= 3 && rest[0] == ':' && all_digits(rest.substr(1, 2))) {
    ms += to_int(rest.substr(1, 2)) * 1000;
    rest.remove_prefix(3);
    if (!rest.empty() && rest[0] == '.') {
      size_t n = 1;
      std::int64_t fraction = 0, scale = 1000;
      while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') {
        if (scale > 1) {
          scale /= 10;
          fraction += (rest[n] - '0') * scale;
        }
        ++n;
      }
      ms += fraction;
      rest.remove_prefix(n);
    }
  }
  if (rest.empty() || rest == "Z") return ms;
  // A UTC offset: local time minus the offset is UTC.
  if ((rest[0] == '+' || rest[0] == '-') && rest.size() == 6 && rest[3] == ':' &&
      all_digits(rest.substr(1, 2)) && all_digits(rest.substr(4, 2))) {
    std::int64_t offset =
        to_int(rest.substr(1, 2)) * 3'600'000 + to_int(rest.substr(4, 2)) * 60'000;
    return rest[0] == '+' ? ms - offset : ms + offset;
  }
  return std::nullopt;
}

}  // namespace xueji
