// R16 第二十一条/第二十二条: a roster of registrars per unit, kept by the unit or the level above;
// 先培训后上岗 (on duty only once trained); basic information filed with the level above.
#include <catch2/catch.hpp>

#include "policy_helpers.hpp"
#include "xueji/registrar_roster.hpp"

using namespace xueji;

namespace {

const Actor kHenan{"prov", Role::Province, "41", "dev-p"};

AddRegistrarToRoster registrar(const std::string& id, const std::string& unit,
                               const std::string& name = "马学籍") {
  return AddRegistrarToRoster{id, unit, name, "0394-5421234"};
}

std::vector<std::string> ids(const Result<std::vector<Registrar>>& registrars) {
  REQUIRE(registrars.ok());
  std::vector<std::string> out;
  for (const auto& r : *registrars) out.push_back(r.registrar_id);
  return out;
}

}  // namespace

TEST_CASE("R16 第二十二条: a registrar is on duty only once trained (先培训后上岗)") {
  RegistryFixture f;
  REQUIRE(f.run(f.school_a, registrar("r-1", "4116230001")).ok());
  auto roster = registrar_roster(f.db, "4116230001");
  REQUIRE(roster.ok());
  REQUIRE(roster->size() == 1);
  CHECK(roster->front().name == "马学籍");
  CHECK(roster->front().added_on == "2026-09-15");
  CHECK_FALSE(roster->front().on_duty());
  CHECK(ids(registrar_on_duty(f.db, "4116230001")).empty());

  CHECK(refusal(f, f.school_a, RecordRegistrarTraining{"r-1", "2026-09-16", ""}) ==
        ErrorCode::DateInvalid);  // not in the future
  CHECK(refusal(f, f.school_a, RecordRegistrarTraining{"r-1", "2026-02-30", ""}) ==
        ErrorCode::DateInvalid);
  REQUIRE(
      f.run(f.school_a, RecordRegistrarTraining{"r-1", "2026-08-20", "县学籍管理员培训班"}).ok());
  CHECK(ids(registrar_on_duty(f.db, "4116230001")) == std::vector<std::string>{"r-1"});
  CHECK(registrar_roster(f.db, "4116230001")->front().trained_on == "2026-08-20");

  // 保持相对稳定: one who leaves stays on the roster, off duty.
  REQUIRE(f.run(f.school_a, DeactivateRegistrar{"r-1"}).ok());
  CHECK(ids(registrar_on_duty(f.db, "4116230001")).empty());
  CHECK(registrar_roster(f.db, "4116230001")->size() == 1);
}

TEST_CASE("R16 第二十一条: the unit itself or the level above keeps the roster") {
  RegistryFixture f;
  CHECK(f.run(f.shangshui, registrar("r-2", "4116230001")).ok());  // the county for its school
  CHECK(refusal(f, f.school_b, registrar("r-3", "4116230001")) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.chuanhui, registrar("r-3", "4116230001")) == ErrorCode::OutOfScope);
  // Two levels up is not "the level above".
  CHECK(refusal(f, f.zhoukou, registrar("r-3", "4116230001")) == ErrorCode::OutOfScope);
  CHECK(f.run(f.shangshui, registrar("r-4", "411623")).ok());  // the county's own
  CHECK(f.run(f.zhoukou, registrar("r-5", "411602")).ok());    // the city for a county
  CHECK(f.run(f.zhoukou, registrar("r-6", "4116")).ok());
  CHECK(f.run(kHenan, registrar("r-7", "4116")).ok());
  CHECK(f.run(kHenan, registrar("r-8", "410000")).ok());
  CHECK(refusal(f, f.shangshui, registrar("r-9", "411602")) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.school_a, RecordRegistrarTraining{"r-5", "2026-09-01", ""}) ==
        ErrorCode::OutOfScope);
  CHECK(f.run(f.chuanhui, RecordRegistrarTraining{"r-5", "2026-09-01", ""}).ok());
}

TEST_CASE("R16 第二十二条: filed with the level above, by the level above only — visible there") {
  RegistryFixture f;
  REQUIRE(f.run(f.school_a, registrar("s-1", "4116230001", "甲")).ok());
  REQUIRE(f.run(f.school_b, registrar("s-2", "4116230002", "乙")).ok());
  REQUIRE(f.run(f.shangshui, registrar("c-1", "411623", "丙")).ok());
  REQUIRE(f.run(f.zhoukou, registrar("m-1", "4116", "丁")).ok());
  REQUIRE(f.run(kHenan, registrar("p-1", "41", "戊")).ok());

  CHECK(refusal(f, f.school_a, FileRegistrar{"s-1"}) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.zhoukou, FileRegistrar{"s-1"}) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.chuanhui, FileRegistrar{"s-1"}) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.shangshui, FileRegistrar{"c-1"}) == ErrorCode::OutOfScope);
  REQUIRE(f.run(f.shangshui, FileRegistrar{"s-1"}).ok());
  REQUIRE(f.run(f.shangshui, FileRegistrar{"s-2"}).ok());
  REQUIRE(f.run(f.zhoukou, FileRegistrar{"c-1"}).ok());
  REQUIRE(f.run(kHenan, FileRegistrar{"m-1"}).ok());
  // The province files with the ministry, outside this system.
  CHECK(refusal(f, kHenan, FileRegistrar{"p-1"}) == ErrorCode::OutOfScope);

  CHECK(ids(filed_registrars(f.db, "411623")) == std::vector<std::string>{"s-1", "s-2"});
  CHECK(ids(filed_registrars(f.db, "4116")) == std::vector<std::string>{"c-1"});
  CHECK(ids(filed_registrars(f.db, "41")) == std::vector<std::string>{"m-1"});
  auto filed = registrar_roster(f.db, "4116230001");
  REQUIRE(filed.ok());
  CHECK(filed->front().filed_with == "411623");
  CHECK(filed->front().filed_on == "2026-09-15");
  CHECK(registrar_roster(f.db, "41")->front().filed_with.empty());
}

TEST_CASE("R16: roster entries are checked") {
  RegistryFixture f;
  CHECK(refusal(f, f.school_a, AddRegistrarToRoster{"", "4116230001", "马", "13800000000"}) ==
        ErrorCode::MalformedRequest);
  CHECK(refusal(f, f.school_a, AddRegistrarToRoster{"x", "4116230001", "", "13800000000"}) ==
        ErrorCode::NameRequired);
  CHECK(refusal(f, f.school_a, AddRegistrarToRoster{"x", "4116230001", "马\n", "13800000000"}) ==
        ErrorCode::NameInvalid);
  for (const char* phone : {"", "12345", "138-0000-000a", "1380000000000000000000"})
    CHECK(refusal(f, f.school_a, AddRegistrarToRoster{"x", "4116230001", "马", phone}) ==
          ErrorCode::InvalidInput);
  CHECK(refusal(f, f.school_a, registrar("x", "41162300x1")) == ErrorCode::InvalidInput);
  CHECK(refusal(f, f.shangshui, registrar("x", "4116239999")) == ErrorCode::NotFound);
  REQUIRE(f.run(f.school_a, registrar("x", "4116230001")).ok());
  CHECK(refusal(f, f.school_a, registrar("x", "4116230001")) == ErrorCode::MalformedRequest);
  CHECK(refusal(f, f.school_a, FileRegistrar{"nobody"}) == ErrorCode::NotFound);
}
