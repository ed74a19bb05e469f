// Hybrid logical clock (HLC): the order of concurrent operations, never a device's wall clock
// alone. A stamp is (wall_ms, counter); it only moves forward, and every stamp a replica makes
// is later than every stamp it has seen (docs/SYNC.md, "Clocks"). Ties break by device_id.
#pragma once
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xueji {

struct Hlc {
  std::int64_t wall_ms = 0;  // milliseconds since 1970-01-01 UTC (the physical part)
  std::int64_t counter = 0;  // logical part: orders stamps within one wall_ms
  auto operator<=>(const Hlc&) const = default;
};

// A device stamp more than this ahead of the server's clock is not trusted: the server
// re-stamps the operation on receipt (a device 30 days ahead must not win a merge).
inline constexpr std::int64_t kMaxClockLeadMs = 5 * 60 * 1000;

// Fixed width ("000001764320000000.000000": 18-digit wall_ms '.' 6-digit counter), so text
// order is clock order: SQL can compare stamps as strings.
std::string format_hlc(const Hlc& hlc);
std::optional<Hlc> parse_hlc(std::string_view text);

// A local event at physical time `now_ms`: later than `last` and than `now_ms`.
Hlc hlc_tick(const Hlc& last, std::int64_t now_ms);
// A stamp received from another replica: later than both, and than `now_ms`.
Hlc hlc_receive(const Hlc& last, const Hlc& remote, std::int64_t now_ms);

// "2026-11-28T08:00:00", "2026-11-28T08:00:00.123Z", "2026-11-28T08:00:00+08:00" or a bare
// date, as milliseconds since the epoch (UTC; no offset = UTC). nullopt when unparseable.
std::optional<std::int64_t> parse_time_ms(std::string_view iso);

}  // namespace xueji
