// Who manages which accounts and devices (issue 5): the level directly above, inside its own
// division (第三条 scope through in_scope).
#include <catch2/catch.hpp>

#include "xueji/actor.hpp"

using namespace xueji;

namespace {
const Actor kAdmin{"admin", Role::Admin, "41", "d"};
const Actor kProvince{"province.41", Role::Province, "41", "d"};
const Actor kCity{"city.4116", Role::City, "4116", "d"};
const Actor kCounty{"county.411625", Role::County, "411625", "d"};
const Actor kRegistrar{"registrar.2411625001", Role::SchoolRegistrar, "2411625001", "d"};
}  // namespace

TEST_CASE("accounts are managed by the level directly above, inside its division", "[scope]") {
  CHECK(may_manage_account(kAdmin, Role::Province, "41"));
  CHECK(may_manage_account(kProvince, Role::City, "4116"));
  CHECK(may_manage_account(kCity, Role::County, "411625"));
  CHECK(may_manage_account(kCounty, Role::SchoolRegistrar, "411625"));

  SECTION("not two levels down") {
    CHECK_FALSE(may_manage_account(kProvince, Role::County, "411625"));
    CHECK_FALSE(may_manage_account(kCity, Role::SchoolRegistrar, "411625"));
    CHECK_FALSE(may_manage_account(kAdmin, Role::City, "4116"));
  }
  SECTION("not sideways or upwards") {
    CHECK_FALSE(may_manage_account(kCounty, Role::County, "411625"));
    CHECK_FALSE(may_manage_account(kCounty, Role::City, "4116"));
    CHECK_FALSE(may_manage_account(kRegistrar, Role::SchoolRegistrar, "411625"));
  }
  SECTION("not outside its own division") {
    CHECK_FALSE(may_manage_account(kCounty, Role::SchoolRegistrar, "410102"));  // 郑州市中原区
    CHECK_FALSE(may_manage_account(kCity, Role::County, "410102"));
    CHECK_FALSE(may_manage_account(kProvince, Role::City, "4201"));  // 湖北省武汉市
  }
  SECTION("nobody creates administrators") {
    for (const Actor* a : {&kAdmin, &kProvince, &kCity, &kCounty, &kRegistrar})
      CHECK_FALSE(may_manage_account(*a, Role::Admin, "41"));
  }
}

TEST_CASE("devices are managed by their school's registrar and the authorities above", "[scope]") {
  CHECK(may_manage_devices_of(kRegistrar, Role::SchoolRegistrar, "2411625001", "411625"));
  CHECK_FALSE(may_manage_devices_of(kRegistrar, Role::SchoolRegistrar, "2411625002", "411625"));
  CHECK_FALSE(may_manage_devices_of(kRegistrar, Role::County, "411625", "411625"));
  CHECK(may_manage_devices_of(kCounty, Role::SchoolRegistrar, "2411625002", "411625"));
  CHECK(may_manage_devices_of(kCounty, Role::County, "411625", "411625"));
  CHECK_FALSE(may_manage_devices_of(kCounty, Role::City, "4116", "4116"));
  CHECK_FALSE(may_manage_devices_of(kCounty, Role::SchoolRegistrar, "2410102001", "410102"));
  CHECK(may_manage_devices_of(kCity, Role::County, "411625", "411625"));
  CHECK(may_manage_devices_of(kAdmin, Role::Province, "41", "41"));
  CHECK_FALSE(may_manage_devices_of(kProvince, Role::Admin, "41", "41"));
}
