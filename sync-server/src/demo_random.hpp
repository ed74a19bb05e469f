// The deterministic generator behind demo data: the same --seed gives the same schools,
// names and ID numbers on every machine (std:: distributions are implementation-defined, so
// this uses its own). Never used for secrets: passwords and tokens come from libsodium.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace xueji::server {

class DemoRandom {
 public:
  explicit DemoRandom(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next();            // SplitMix64
  int between(int low, int high);  // uniform in [low, high], unbiased
  bool chance(int percent);        // true with probability percent/100
  std::string uuid();              // UUID v4 shape, deterministic

  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(between(0, static_cast<int>(items.size()) - 1))];
  }

 private:
  std::uint64_t state_;
};

}  // namespace xueji::server
