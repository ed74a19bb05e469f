// R4 (第七条) and GB 11643-1999: resident ID numbers.
#include <catch2/catch.hpp>
#include <random>

#include "xueji/id_number.hpp"

using namespace xueji;

namespace {
const Date kToday{2026, 11, 28};
}

TEST_CASE("R4: the standard's sample number is valid and yields birth date and sex") {
  auto info = parse_id_number("11010519491231002X", kToday);
  REQUIRE(info.ok());
  CHECK(info->division_code == "110105");
  CHECK(info->birth_date == Date{1949, 12, 31});
  CHECK(info->gender == Gender::Female);
}

TEST_CASE("R4: a lower-case x check character is accepted and stored upper-case") {
  auto info = parse_id_number("11010519491231002x", kToday);
  REQUIRE(info.ok());
  CHECK(info->normalized == "11010519491231002X");
}

TEST_CASE("R4: each kind of malformed ID number is refused with its own code") {
  CHECK(parse_id_number("1101051949123100", kToday).error().code == ErrorCode::IdFormat);
  CHECK(parse_id_number("11010519491231002Y", kToday).error().code == ErrorCode::IdFormat);
  CHECK(parse_id_number("1101051949123100２X", kToday).error().code == ErrorCode::IdFormat);
  CHECK(parse_id_number("99010519491231002X", kToday).error().code == ErrorCode::IdDivision);
  CHECK(parse_id_number(make_id_number("410100", Date{2019, 2, 3}, 1), kToday).ok());
  std::string bad_date = "41162320190230001";
  bad_date.push_back(id_check_character(bad_date));
  CHECK(parse_id_number(bad_date, kToday).error().code == ErrorCode::IdBirthDate);
  CHECK(parse_id_number(make_id_number("411623", Date{2027, 1, 1}, 1), kToday).error().code ==
        ErrorCode::IdBirthDate);
  CHECK(parse_id_number("110105194912310021", kToday).error().code == ErrorCode::IdChecksum);
}

TEST_CASE("R4 property: every generated ID passes and every single-character change fails") {
  std::mt19937 rng(20261128);
  const char* counties[] = {"411623", "410102", "419001", "411302", "110105", "440305"};
  for (int n = 0; n < 300; ++n) {
    Date birth{2008 + static_cast<int>(rng() % 18), 1 + static_cast<int>(rng() % 12),
               1 + static_cast<int>(rng() % 28)};
    int sequence = static_cast<int>(rng() % 1000);
    std::string id = make_id_number(counties[rng() % 6], birth, sequence);
    auto info = parse_id_number(id, kToday);
    REQUIRE(info.ok());
    CHECK(info->birth_date == birth);
    CHECK(info->gender == (sequence % 2 == 1 ? Gender::Male : Gender::Female));
    for (size_t position = 0; position < id.size(); ++position) {
      for (char replacement : std::string("0123456789X")) {
        if (replacement == id[position]) continue;
        std::string changed = id;
        changed[position] = replacement;
        INFO(id << " -> " << changed);
        CHECK_FALSE(parse_id_number(changed, kToday).ok());
      }
    }
  }
}
