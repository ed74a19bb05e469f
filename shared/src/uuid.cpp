#include "xueji/uuid.hpp"

#include <random>

namespace xueji {

std::string new_uuid() {
  // random_device is the OS entropy source natively and crypto.getRandomValues in the browser.
  static thread_local std::random_device device;
  static thread_local std::mt19937_64 engine((static_cast<std::uint64_t>(device()) << 32) ^
                                             static_cast<std::uint64_t>(device()));
  unsigned char bytes[16];
  for (int i = 0; i < 16; i += 8) {
    std::uint64_t word = engine();
    for (int j = 0; j < 8; ++j) bytes[i + j] = static_cast<unsigned char>(word >> (8 * j));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(hex[bytes[i] >> 4]);
    out.push_back(hex[bytes[i] & 0x0F]);
  }
  return out;
}

}  // namespace xueji
