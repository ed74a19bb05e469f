// The simulator's random numbers: SplitMix64 with its own range reduction, never a std::
// distribution — those differ between libstdc++ (native) and libc++ (WebAssembly), and a seed
// must replay the same operations in both builds (the dbhash check).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace xueji::sim {

class SimRandom {
 public:
  explicit SimRandom(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // 0 ≤ value < n (0 when n is 0).
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
  int between(int low, int high) {  // inclusive
    return low + static_cast<int>(below(static_cast<std::uint64_t>(high - low + 1)));
  }
  // True with probability `per_mille` / 1000 (integers only: identical on every platform).
  bool chance(int per_mille) { return static_cast<int>(below(1000)) < per_mille; }
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(below(items.size()))];
  }
  // A version-4-shaped UUID drawn from this generator (replayable, unlike new_uuid()).
  std::string uuid() {
    static const char* kHex = "0123456789abcdef";
    std::uint64_t a = next(), b = next();
    std::string out;
    for (int i = 0; i < 32; ++i) {
      std::uint64_t word = i < 16 ? a : b;
      int nibble = static_cast<int>((word >> ((i % 16) * 4)) & 0xf);
      if (i == 12) nibble = 4;
      if (i == 16) nibble = 8 | (nibble & 3);
      if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
      out += kHex[nibble];
    }
    return out;
  }
  std::uint64_t fork() { return next(); }  // a seed for an independent generator

 private:
  std::uint64_t state_;
};

}  // namespace xueji::sim
