#include "demo_random.hpp"

namespace xueji::server {

std::uint64_t DemoRandom::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

int DemoRandom::between(int low, int high) {
  const std::uint64_t span = static_cast<std::uint64_t>(high - low) + 1;
  // Rejection sampling: drop the top sliver that would make some values likelier.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % span;
  std::uint64_t value;
  do value = next();
  while (value >= limit);
  return low + static_cast<int>(value % span);
}

bool DemoRandom::chance(int percent) {
  return between(1, 100) <= percent;
}

std::string DemoRandom::uuid() {
  unsigned char bytes[16];
  for (int i = 0; i < 16; i += 8) {
    std::uint64_t word = next();
    for (int j = 0; j < 8; ++j) bytes[i + j] = static_cast<unsigned char>(word >> (8 * j));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(hex[bytes[i] >> 4]);
    out.push_back(hex[bytes[i] & 0x0F]);
  }
  return out;
}

}  // namespace xueji::server
