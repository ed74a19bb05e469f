// Resident ID numbers (公民身份号码), GB 11643-1999.
#pragma once
#include <string>
#include <string_view>

#include "xueji/date.hpp"
#include "xueji/result.hpp"

namespace xueji {

enum class Gender { Male = 1, Female = 2 };

struct IdNumberInfo {
  std::string normalized;     // 18 characters, check character upper-case
  std::string division_code;  // first 6 digits (GB/T 2260, historical codes accepted)
  Date birth_date;
  Gender gender = Gender::Male;  // 17th digit: odd = male, even = female
};

// ISO 7064 MOD 11-2 check character for the first 17 digits ('0'-'9' or 'X').
char id_check_character(std::string_view first17);
// Validates format, division prefix, birth date (not after `today`) and check character.
Result<IdNumberInfo> parse_id_number(std::string_view raw, const Date& today);
// Builds a valid number: used by demo/test data generators, never to "fix" user input.
// `sequence` is 0..999 (its parity sets the gender digit is the caller's choice).
std::string make_id_number(std::string_view division6, const Date& birth, int sequence);

}  // namespace xueji
