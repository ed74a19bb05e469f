// A token bucket per client address (R21: the public query is rate-limited so nobody can walk
// through numbers). In memory: a restart refills every bucket, which is harmless at one
// restart a day, and keeps the limit free of disk writes.
#pragma once
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace xueji::server {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // `per_minute` requests a minute per key, with bursts of up to `per_minute`.
  explicit RateLimiter(int per_minute) : per_minute_(per_minute > 0 ? per_minute : 1) {}

  // Takes one token for `key`; false when its bucket is empty.
  bool allow(const std::string& key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  // Past this many addresses, buckets that have refilled completely are dropped (they hold no
  // state a new bucket would not), so a scan from many addresses cannot grow the map forever.
  static constexpr std::size_t kPruneAbove = 10000;

  double refilled(const Bucket& bucket, Clock::time_point now) const;

  int per_minute_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace xueji::server
