#include "xueji/text.hpp"

namespace xueji {

bool valid_utf8_text(std::string_view text, int& code_points) {
  code_points = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    int length = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (length == 0 || i + length > text.size()) return false;
    unsigned long cp = length == 1 ? c : length == 2 ? c & 0x1F : length == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < length; ++k) {
      unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next >> 6) != 0x2) return false;
      cp = (cp << 6) | (next & 0x3F);
    }
    constexpr unsigned long kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return false;
    i += static_cast<size_t>(length);
    ++code_points;
  }
  return true;
}

bool is_plain_text(std::string_view text, int max_code_points) {
  int code_points = 0;
  return valid_utf8_text(text, code_points) && code_points <= max_code_points;
}

}  // namespace xueji
