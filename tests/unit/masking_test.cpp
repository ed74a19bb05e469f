// R21 学籍查询 / 第二十四条: masked display of names and numbers.
#include <catch2/catch.hpp>

#include "xueji/masking.hpp"

using namespace xueji;

TEST_CASE("R21: names keep only their first (and last) character") {
  CHECK(mask_name("张三") == "张*");
  CHECK(mask_name("王小明") == "王*明");
  CHECK(mask_name("欧阳娜娜") == "欧**娜");
  CHECK(mask_name("李") == "*");
  CHECK(mask_name("") == "*");
  CHECK(mask_name("王𠈌") == "王*");  // a character outside the BMP is one character
  CHECK(mask_name("𠈌小龙") == "𠈌*龙");
}

TEST_CASE("R21: registry and ID numbers show the province-city part and the last four") {
  CHECK(mask_registry_number("G410105201903050012") == "G4101**********0012");
  CHECK(mask_id_number("410105201903050012") == "4101**********0012");
  CHECK(mask_id_number("41010520190305001X") == "4101**********001X");
  CHECK(mask_registry_number("L411623201806060077") == "L4116**********0077");
  CHECK(mask_id_number("123") == "***");
}
