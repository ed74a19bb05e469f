// Pinyin initials (拼音首字母) of hanzi, for searching names by initials: a registrar types
// "wxm" (or "xm") to find 王小明 without an input method. The table is generated from the npm
// package pinyin-pro (scripts/gen-pinyin.mjs -> src/pinyin_data.cpp); a 多音字 carries the
// initials of all its readings, so 单 matches d, s and c.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace xueji {

// The initials of `code_point` as a mask (bit 0 = 'a' ... bit 25 = 'z'); 0 when unknown (not a
// hanzi, or a 生僻字 the data has no reading for). An ASCII letter or digit is its own "initial"
// for letters only: 'A'/'a' -> bit 0.
std::uint32_t pinyin_initials(char32_t code_point);

// Whether `query` is a run of pinyin initials (ASCII letters only, any case, at least one).
bool is_initials_query(std::string_view query);

// Whether the initials in `query` match consecutive characters of `text` (UTF-8): "wxm" and "xm"
// match 王小明, "dk" matches 单堃. False for a query that is not an initials query.
bool matches_pinyin_initials(std::string_view text, std::string_view query);

// The source of the table, e.g. "pinyin-pro 3.29.4".
std::string_view pinyin_source();

namespace pinyin_detail {
struct SparseInitials {
  char32_t code_point;
  std::uint16_t set;
};
extern const std::uint32_t kInitialSets[];
extern const std::size_t kInitialSetCount;
extern const std::uint16_t kDenseInitials[];
extern const char32_t kDenseFirst;
extern const std::size_t kDenseCount;
extern const SparseInitials kSparseInitials[];
extern const std::size_t kSparseCount;
extern const char* const kSource;
}  // namespace pinyin_detail

}  // namespace xueji
