// R21 学籍查询: number plus exact name, masked answer, one shape for every miss, audited.
#include <catch2/catch.hpp>

#include "registry_fixture.hpp"
#include "xueji/masking.hpp"
#include "xueji/public_query.hpp"

using namespace xueji;

namespace {

bool same(const PublicQueryAnswer& a, const PublicQueryAnswer& b) {
  return a.found == b.found && a.school_name == b.school_name && a.masked_name == b.masked_name &&
         a.masked_number == b.masked_number;
}

}  // namespace

TEST_CASE("R21: a matching number and name answer with the school and masked data only") {
  RegistryFixture f;
  Student s = f.enroll(f.school_a, "张三", 1);

  auto by_registry = answer_public_query(f.db, PublicQuery{s.registry_number, "", "张三"});
  REQUIRE(by_registry.ok());
  CHECK(by_registry->found);
  CHECK(by_registry->school_name == "商水县第一小学");
  CHECK(by_registry->masked_name == "张*");
  CHECK(by_registry->masked_number == mask_registry_number(s.registry_number));

  auto by_id = answer_public_query(f.db, PublicQuery{"", s.id_number, "张三"});
  REQUIRE(by_id.ok());
  CHECK(by_id->found);
  CHECK(by_id->masked_number == mask_id_number(s.id_number));
  CHECK(by_id->masked_number.find(s.id_number.substr(6, 8)) == std::string::npos);
}

TEST_CASE("R21: a wrong name answers exactly like an unknown number") {
  RegistryFixture f;
  Student s = f.enroll(f.school_a, "王小明", 2);
  auto wrong_name = answer_public_query(f.db, PublicQuery{s.registry_number, "", "王小"});
  auto unknown = answer_public_query(f.db, PublicQuery{"G411623201801019999", "", "王小明"});
  auto wrong_id_name = answer_public_query(f.db, PublicQuery{"", s.id_number, "王小明 "});
  REQUIRE(wrong_name.ok());
  REQUIRE(unknown.ok());
  REQUIRE(wrong_id_name.ok());
  CHECK_FALSE(wrong_name->found);
  CHECK(same(*wrong_name, *unknown));
  CHECK(same(*wrong_id_name, *unknown));
  CHECK(unknown->school_name.empty());
  CHECK(unknown->masked_name.empty());
  CHECK(unknown->masked_number.empty());
}

TEST_CASE("R21: a registry that is no longer active is not found") {
  RegistryFixture f;
  Student s = f.enroll(f.school_a, "李四", 3);
  s.status = "graduated";
  REQUIRE(update_student(f.db, s).ok());
  auto answer = answer_public_query(f.db, PublicQuery{s.registry_number, "", "李四"});
  REQUIRE(answer.ok());
  CHECK_FALSE(answer->found);
  CHECK(registry_is_active("suspended"));
  CHECK_FALSE(registry_is_active("deceased"));
}

TEST_CASE("R21: a query needs a name and exactly one number") {
  RegistryFixture f;
  CHECK(answer_public_query(f.db, PublicQuery{"G1", "", ""}).error().code ==
        ErrorCode::InvalidInput);
  CHECK(answer_public_query(f.db, PublicQuery{"", "", "张三"}).error().code ==
        ErrorCode::InvalidInput);
  CHECK(answer_public_query(f.db, PublicQuery{"G1", "4101", "张三"}).error().code ==
        ErrorCode::InvalidInput);
  CHECK(answer_public_query(f.db, PublicQuery{std::string(65, 'G'), "", "张三"}).error().code ==
        ErrorCode::InvalidInput);
}

TEST_CASE("R21/R18: every query is audited as 'public' with masked subject, never in clear") {
  RegistryFixture f;
  Student s = f.enroll(f.school_a, "欧阳娜娜", 4);
  REQUIRE(
      run_public_query(f.db, PublicQuery{s.registry_number, "", "欧阳娜娜"}, "10.0.0.7")->found);
  REQUIRE_FALSE(run_public_query(f.db, PublicQuery{"", s.id_number, "欧阳"}, "10.0.0.8")->found);
  REQUIRE(
      audit_public_query(f.db, PublicQuery{"", s.id_number, "x"}, "10.0.0.9", "rate_limited").ok());

  auto rows = f.db.prepare(
      "SELECT device_id, object, result FROM audit_log WHERE actor = 'public' ORDER BY id");
  REQUIRE(rows.ok());
  std::vector<std::vector<std::string>> seen;
  while (rows->step().value()) seen.push_back({rows->text(0), rows->text(1), rows->text(2)});
  REQUIRE(seen.size() == 3);
  CHECK(seen[0] ==
        std::vector<std::string>{
            "10.0.0.7",
            "registry_number " + mask_registry_number(s.registry_number) + " name 欧**娜",
            "found"});
  CHECK(seen[1][0] == "10.0.0.8");
  CHECK(seen[1][1] == "id_number " + mask_id_number(s.id_number) + " name 欧*");
  CHECK(seen[1][2] == "not_found");
  CHECK(seen[2][2] == "rate_limited");
  for (const auto& row : seen) {
    CHECK(row[1].find(s.registry_number) == std::string::npos);
    CHECK(row[1].find(s.id_number) == std::string::npos);
    CHECK(row[1].find("欧阳") == std::string::npos);
  }
}
