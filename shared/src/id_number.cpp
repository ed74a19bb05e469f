#include "xueji/id_number.hpp"

#include <array>
#include <cstdio>

namespace xueji {
namespace {

// GB/T 2260 province-level codes (incl. 71 台湾, 81 香港, 82 澳门). A full table of current and
// historical county codes belongs to the divisions data; the prefix is what an ID must have.
constexpr std::array<int, 34> kProvinceCodes{11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                                             35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                                             53, 54, 61, 62, 63, 64, 65, 71, 81, 82};

bool is_province_code(int code) {
  for (int c : kProvinceCodes)
    if (c == code) return true;
  return false;
}

}  // namespace

// GB 11643-1999 / ISO 7064 MOD 11-2: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11.
char id_check_character(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

Result<IdNumberInfo> parse_id_number(std::string_view raw, const Date& today) {
  const std::string_view field = "id_number";
  // Registrars paste numbers with spaces around them; nothing inside is repaired.
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
  if (raw.size() != 18) return make_error(ErrorCode::IdFormat, std::string(field));
  std::string id(raw);
  if (id[17] == 'x') id[17] = 'X';
  for (int i = 0; i < 17; ++i)
    if (id[i] < '0' || id[i] > '9') return make_error(ErrorCode::IdFormat, std::string(field));
  if (!((id[17] >= '0' && id[17] <= '9') || id[17] == 'X'))
    return make_error(ErrorCode::IdFormat, std::string(field));

  int province = (id[0] - '0') * 10 + (id[1] - '0');
  if (!is_province_code(province) || id.substr(2, 4) == "0000")
    return make_error(ErrorCode::IdDivision, std::string(field));

  auto birth = parse_date(std::string_view(id).substr(6, 8));
  if (!birth || birth->year < 1900 || *birth > today)
    return make_error(ErrorCode::IdBirthDate, std::string(field));

  if (id_check_character(id) != id[17])
    return make_error(ErrorCode::IdChecksum, std::string(field));

  IdNumberInfo info;
  info.division_code = id.substr(0, 6);
  info.birth_date = *birth;
  info.gender = ((id[16] - '0') % 2 == 1) ? Gender::Male : Gender::Female;
  info.normalized = std::move(id);
  return info;
}

std::string make_id_number(std::string_view division6, const Date& birth, int sequence) {
  char body[18];
  std::snprintf(body, sizeof body, "%.6s%s%03d", std::string(division6).c_str(),
                format_date_compact(birth).c_str(), ((sequence % 1000) + 1000) % 1000);
  std::string id(body, 17);
  id.push_back(id_check_character(id));
  return id;
}

}  // namespace xueji
