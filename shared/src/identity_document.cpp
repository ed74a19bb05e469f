#include "xueji/identity_document.hpp"

#include "xueji/id_number.hpp"

namespace xueji {
namespace {

std::string trimmed_upper(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    if (c == ' ' || c == '\t') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool all_alnum(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

}  // namespace

Result<std::string> normalize_document_number(DocumentType type, std::string_view raw,
                                              const Date& today) {
  const std::string field = "id_number";
  std::string number = trimmed_upper(raw);
  auto bad = [&] { return make_error(ErrorCode::DocumentNumberFormat, field); };
  switch (type) {
    case DocumentType::ResidentId: {
      auto id = parse_id_number(raw, today);
      if (!id) return id.error();
      return id->normalized;
    }
    case DocumentType::HkMacaoTaiwanResidence: {
      // ID-shaped with check character; division 810000 香港, 820000 澳门, 830000 台湾.
      std::string prefix = number.substr(0, 6);
      if (number.size() != 18 || (prefix != "810000" && prefix != "820000" && prefix != "830000"))
        return bad();
      if (!all_digits(number.substr(0, 17)) || id_check_character(number) != number[17])
        return make_error(ErrorCode::IdChecksum, field);
      if (!parse_date(number.substr(6, 8))) return make_error(ErrorCode::IdBirthDate, field);
      return number;
    }
    case DocumentType::HkMacaoPermit:
      // H (Hong Kong) or M (Macao) followed by 8 digits (10 in older permits).
      if ((number.size() == 9 || number.size() == 11) && (number[0] == 'H' || number[0] == 'M') &&
          all_digits(number.substr(1)))
        return number;
      return bad();
    case DocumentType::TaiwanPermit:
      if ((number.size() == 8 || number.size() == 10) && all_digits(number)) return number;
      return bad();
    case DocumentType::Passport:
      if (number.size() >= 5 && number.size() <= 17 && all_alnum(number)) return number;
      return bad();
    case DocumentType::ForeignPermanentResidence:
      // 2023 format: 18 digits starting with 9 and a check character; older cards: 3 letters
      // (country) + 12 digits.
      if (number.size() == 18 && number[0] == '9' && all_digits(number.substr(0, 17)) &&
          id_check_character(number) == number[17])
        return number;
      if (number.size() == 15 && all_alnum(number.substr(0, 3)) && all_digits(number.substr(3)))
        return number;
      return bad();
    case DocumentType::None:
      if (!number.empty()) return bad();
      return number;
  }
  return bad();
}

}  // namespace xueji
