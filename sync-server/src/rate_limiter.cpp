#include "rate_limiter.hpp"

#include <algorithm>

namespace xueji::server {

double RateLimiter::refilled(const Bucket& bucket, Clock::time_point now) const {
  const double seconds = std::chrono::duration<double>(now - bucket.updated).count();
  const double rate = per_minute_ / 60.0;
  return std::min<double>(per_minute_, bucket.tokens + std::max(0.0, seconds) * rate);
}

bool RateLimiter::allow(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (buckets_.size() > kPruneAbove)
    std::erase_if(buckets_,
                  [&](const auto& entry) { return refilled(entry.second, now) >= per_minute_; });
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{static_cast<double>(per_minute_), now});
  Bucket& bucket = it->second;
  bucket.tokens = refilled(bucket, now);
  bucket.updated = now;
  if (bucket.tokens < 1.0) return false;
  bucket.tokens -= 1.0;
  return true;
}

}  // namespace xueji::server
