// 学籍号 (第七条, R4): one per person for life, 19 characters.
//   G + checked 18-character resident ID number;
//   L + 6-digit division + 8-digit birth date + 4 random digits: temporary, same effect, no
//       check digit, replaced (with history) once the ID number arrives;
//   J + an ID-shaped 17 digits + MOD 11-2 check character: students with no usable resident
//       ID (HK/Macao/Taiwan and foreign documents, 第二十八条).
#pragma once
#include <string>
#include <string_view>

#include "xueji/date.hpp"
#include "xueji/result.hpp"

namespace xueji {

enum class RegistryNumberKind { G, L, J };

std::string registry_number_for_id(std::string_view normalized_id);
std::string temporary_registry_number(std::string_view division6, const Date& birth, int serial);
std::string j_registry_number(std::string_view division6, const Date& birth, int serial);
// Checks shape, division prefix, date and (G, J) check character.
Result<RegistryNumberKind> check_registry_number(std::string_view number, const Date& today);
// True when a six-digit code has a valid province prefix (GB/T 2260; historical codes accepted).
bool plausible_division_code(std::string_view code);

}  // namespace xueji
