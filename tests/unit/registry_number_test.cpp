// R4 第七条 (学籍号 G/L/J) and R19 第二十八条 (HK/Macao/Taiwan and foreign documents).
#include <catch2/catch.hpp>

#include "builders.hpp"
#include "xueji/identity_document.hpp"
#include "xueji/registry_number.hpp"
#include "xueji/student.hpp"

using namespace xueji;

namespace {
const Date kToday{2026, 11, 28};
}

TEST_CASE("R4 第七条: G numbers are G + the checked ID, 19 characters") {
  std::string id = make_id_number("411623", Date{2019, 5, 6}, 21);
  std::string number = registry_number_for_id(id);
  CHECK(number.size() == 19);
  CHECK(check_registry_number(number, kToday).value() == RegistryNumberKind::G);
  number[18] = number[18] == '0' ? '1' : '0';
  CHECK(check_registry_number(number, kToday).error().code == ErrorCode::RegistryNumberFormat);
}

TEST_CASE("R4 第七条: L numbers are L + division + birth date + 4 digits, no check digit") {
  std::string number = temporary_registry_number("411623", Date{2019, 5, 6}, 42);
  CHECK(number == "L411623201905060042");
  CHECK(check_registry_number(number, kToday).value() == RegistryNumberKind::L);
  CHECK_FALSE(check_registry_number("L991623201905060042", kToday).ok());  // no such province
  CHECK_FALSE(check_registry_number("L411623201902300042", kToday).ok());  // 30 February
}

TEST_CASE("R4 第七条: J numbers are ID-shaped with a MOD 11-2 check character") {
  std::string number = j_registry_number("810000", Date{2018, 7, 1}, 7);
  CHECK(number.size() == 19);
  CHECK(check_registry_number(number, kToday).value() == RegistryNumberKind::J);
  number[17] = number[17] == '1' ? '2' : '1';
  CHECK_FALSE(check_registry_number(number, kToday).ok());
}

TEST_CASE("R4 第七条: a student without an ID gets a temporary L number from the hukou division") {
  auto input = registration_of("李小花", "");
  input.document_type = "none";
  input.gender = 2;
  input.birth_date = "2020-02-02";
  input.hukou_division = "411623";
  input.serial = 1234;
  auto student = validate_registration(input, "4116230001", kToday);
  REQUIRE(student.ok());
  CHECK(student->registry_number == "L411623202002021234");
  CHECK(student->gender == Gender::Female);
  CHECK(student->id_number.empty());

  input.gender = 0;
  CHECK(validate_registration(input, "4116230001", kToday).error().code ==
        ErrorCode::GenderRequired);
  input.gender = 2;
  input.birth_date = "";
  CHECK(validate_registration(input, "4116230001", kToday).error().code ==
        ErrorCode::BirthDateRequired);
  input.birth_date = "2020-02-02";
  input.hukou_division = "";
  CHECK(validate_registration(input, "4116230001", kToday).error().code ==
        ErrorCode::DivisionInvalid);
  input.hukou_division = "990000";
  CHECK(validate_registration(input, "4116230001", kToday).error().code ==
        ErrorCode::DivisionInvalid);
}

TEST_CASE("R19 第二十八条: HK, Macao, Taiwan and foreign documents are checked by type") {
  CHECK(normalize_document_number(DocumentType::HkMacaoPermit, " h12345678 ", kToday).value() ==
        "H12345678");
  CHECK(normalize_document_number(DocumentType::HkMacaoPermit, "X12345678", kToday).error().code ==
        ErrorCode::DocumentNumberFormat);
  CHECK(normalize_document_number(DocumentType::TaiwanPermit, "12345678", kToday).ok());
  CHECK_FALSE(normalize_document_number(DocumentType::TaiwanPermit, "1234567A", kToday).ok());
  CHECK(normalize_document_number(DocumentType::Passport, "e12345678", kToday).value() ==
        "E12345678");
  CHECK_FALSE(normalize_document_number(DocumentType::Passport, "E1-2345", kToday).ok());
  std::string residence = make_id_number("810000", Date{2015, 3, 3}, 5);
  CHECK(normalize_document_number(DocumentType::HkMacaoTaiwanResidence, residence, kToday).ok());
  residence[17] = residence[17] == '1' ? '2' : '1';
  CHECK(normalize_document_number(DocumentType::HkMacaoTaiwanResidence, residence, kToday)
            .error()
            .code == ErrorCode::IdChecksum);
  CHECK_FALSE(normalize_document_number(DocumentType::None, "123", kToday).ok());
}

TEST_CASE(
    "R19 第二十八条: a foreign student is registered with a J number, sex and birth as entered") {
  auto input = registration_of("John Smith", "E12345678");
  input.document_type = "passport";
  input.nationality = "GBR";
  input.gender = 1;
  input.birth_date = "2019-06-01";
  input.hukou_division = "410105";
  input.serial = 321;
  auto student = validate_registration(input, "4101050001", kToday);
  REQUIRE(student.ok());
  CHECK(student->registry_number.front() == 'J');
  CHECK(check_registry_number(student->registry_number, kToday).ok());
  CHECK(student->nationality == "GBR");
  input.document_type = "laissez_passer";
  CHECK(validate_registration(input, "4101050001", kToday).error().code ==
        ErrorCode::DocumentTypeUnknown);
}

TEST_CASE("Registration: ethnic group codes come from GB/T 3304") {
  auto input = registration_of("阿依古丽", make_id_number("411623", Date{2019, 1, 1}, 2));
  input.ethnicity = "05";
  REQUIRE(validate_registration(input, "4116230001", kToday).ok());
  CHECK(find_ethnic_group("05")->zh == "维吾尔族");
  CHECK(ethnic_groups().size() == 58);
  input.ethnicity = "57";
  CHECK(validate_registration(input, "4116230001", kToday).error().code ==
        ErrorCode::EthnicityUnknown);
}
