#include "xueji/registry_number.hpp"

#include <cstdio>

#include "xueji/id_number.hpp"

namespace xueji {
namespace {

bool digits(std::string_view text) {
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return !text.empty();
}

std::string body(std::string_view division6, const Date& birth, int serial, int serial_digits) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6s%s%0*d", std::string(division6).c_str(),
                format_date_compact(birth).c_str(), serial_digits, serial);
  return buffer;
}

}  // namespace

bool plausible_division_code(std::string_view code) {
  if (code.size() != 6 || !digits(code)) return false;
  // Taiwan, Hong Kong and Macao are coded at province level only (71/81/82/83 + 0000).
  if (code == "710000" || code == "810000" || code == "820000" || code == "830000") return true;
  if (code.substr(2) == "0000") return false;
  // Reuses the ID number's province check: a valid ID with this prefix must parse.
  std::string probe = std::string(code) + "20000101001";
  probe.push_back(id_check_character(probe));
  return parse_id_number(probe, Date{2000, 1, 2}).ok();
}

std::string registry_number_for_id(std::string_view normalized_id) {
  std::string number = "G";  // (built by appending: GCC 12 misreports "G" + string at -O2)
  number += normalized_id;
  return number;
}

std::string temporary_registry_number(std::string_view division6, const Date& birth, int serial) {
  return "L" + body(division6, birth, ((serial % 10000) + 10000) % 10000, 4);
}

std::string j_registry_number(std::string_view division6, const Date& birth, int serial) {
  std::string digits17 = body(division6, birth, ((serial % 1000) + 1000) % 1000, 3);
  return "J" + digits17 + id_check_character(digits17);
}

Result<RegistryNumberKind> check_registry_number(std::string_view number, const Date& today) {
  const std::string field = "registry_number";
  if (number.size() != 19) return make_error(ErrorCode::RegistryNumberFormat, field);
  std::string_view rest = number.substr(1);
  switch (number[0]) {
    case 'G': {
      if (!parse_id_number(rest, today)) return make_error(ErrorCode::RegistryNumberFormat, field);
      return RegistryNumberKind::G;
    }
    case 'L': {
      auto birth = parse_date(rest.substr(6, 8));
      if (!digits(rest) || !plausible_division_code(rest.substr(0, 6)) || !birth || *birth > today)
        return make_error(ErrorCode::RegistryNumberFormat, field);
      return RegistryNumberKind::L;
    }
    case 'J': {
      auto birth = parse_date(rest.substr(6, 8));
      if (!digits(rest.substr(0, 17)) || !plausible_division_code(rest.substr(0, 6)) || !birth ||
          *birth > today || id_check_character(rest) != rest[17])
        return make_error(ErrorCode::RegistryNumberFormat, field);
      return RegistryNumberKind::J;
    }
    default:
      return make_error(ErrorCode::RegistryNumberFormat, field);
  }
}

}  // namespace xueji
