#include "xueji/masking.hpp"

#include <vector>

namespace xueji {
namespace {

std::vector<std::string_view> code_points(std::string_view text) {
  std::vector<std::string_view> points;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    if (i + length > text.size()) length = text.size() - i;
    points.push_back(text.substr(i, length));
    i += length;
  }
  return points;
}

std::string mask_middle(std::string_view text, size_t keep_front, size_t keep_back) {
  if (text.size() <= keep_front + keep_back) return std::string(text.size(), '*');
  return std::string(text.substr(0, keep_front)) +
         std::string(text.size() - keep_front - keep_back, '*') +
         std::string(text.substr(text.size() - keep_back));
}

}  // namespace

std::string mask_name(std::string_view name) {
  auto points = code_points(name);
  if (points.size() <= 1) return "*";
  std::string masked(points.front());
  size_t hidden = points.size() == 2 ? 1 : points.size() - 2;
  masked.append(hidden, '*');
  if (points.size() > 2) masked.append(points.back());
  return masked;
}

std::string mask_registry_number(std::string_view number) {
  return mask_middle(number, 5, 4);
}

std::string mask_id_number(std::string_view number) {
  return mask_middle(number, 4, 4);
}

}  // namespace xueji
