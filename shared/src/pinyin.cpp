#include "xueji/pinyin.hpp"

#include <algorithm>
#include <vector>

namespace xueji {
namespace {

// Decodes UTF-8 leniently (the text was validated when it was stored): an invalid byte is
// skipped as U+FFFD, which has no initials.
std::vector<char32_t> code_points_of(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    int length = lead < 0x80           ? 1
                 : (lead >> 5) == 0x6  ? 2
                 : (lead >> 4) == 0xE  ? 3
                 : (lead >> 3) == 0x1E ? 4
                                       : 0;
    if (length == 0 || i + static_cast<std::size_t>(length) > text.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t cp = length == 1 ? lead : lead & (0x3F >> (length - 1));
    for (int k = 1; k < length; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0x3F);
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(length);
  }
  return out;
}

std::uint32_t letter_bit(char c) {
  if (c >= 'a' && c <= 'z') return 1u << (c - 'a');
  if (c >= 'A' && c <= 'Z') return 1u << (c - 'A');
  return 0;
}

}  // namespace

std::uint32_t pinyin_initials(char32_t code_point) {
  using namespace pinyin_detail;
  if (code_point < 0x80) return letter_bit(static_cast<char>(code_point));
  if (code_point >= kDenseFirst && code_point - kDenseFirst < kDenseCount) {
    return kInitialSets[kDenseInitials[code_point - kDenseFirst]];
  }
  const SparseInitials* end = kSparseInitials + kSparseCount;
  const SparseInitials* found = std::lower_bound(
      kSparseInitials, end, code_point,
      [](const SparseInitials& entry, char32_t cp) { return entry.code_point < cp; });
  return found != end && found->code_point == code_point ? kInitialSets[found->set] : 0;
}

bool is_initials_query(std::string_view query) {
  return !query.empty() &&
         std::all_of(query.begin(), query.end(), [](char c) { return letter_bit(c) != 0; });
}

bool matches_pinyin_initials(std::string_view text, std::string_view query) {
  if (!is_initials_query(query)) return false;
  const std::vector<char32_t> chars = code_points_of(text);
  if (chars.size() < query.size()) return false;
  for (std::size_t start = 0; start + query.size() <= chars.size(); ++start) {
    bool all = true;
    for (std::size_t k = 0; k < query.size() && all; ++k) {
      all = (pinyin_initials(chars[start + k]) & letter_bit(query[k])) != 0;
    }
    if (all) return true;
  }
  return false;
}

std::string_view pinyin_source() {
  return pinyin_detail::kSource;
}

}  // namespace xueji
