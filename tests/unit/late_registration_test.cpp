// R3 第六条: 学校应当从学生入学之日起1个月内为其建立学籍档案 — a later registration is applied,
// warned about (REGISTRATION_LATE) and listed for the school and the authorities above it.
#include <catch2/catch.hpp>

#include "registry_fixture.hpp"
#include "xueji/archive.hpp"

using namespace xueji;

namespace {

Result<CommandOutcome> register_first_grader(RegistryFixture& f, const Actor& school,
                                             const std::string& name, int sequence,
                                             const std::string& enrollment = "2026-09-01") {
  auto r =
      registration_of(name, make_id_number("411623", Date{2020, 4, 1}, sequence), 1, enrollment);
  r.student_id = new_uuid();
  return f.run(school, RegisterStudent{r});
}

bool has_warning(const CommandOutcome& outcome, std::string_view code) {
  for (const auto& w : outcome.warnings)
    if (w == code) return true;
  return false;
}

}  // namespace

TEST_CASE("R3 第六条: the registration deadline is one calendar month after enrollment") {
  CHECK(registration_deadline(Date{2026, 9, 1}) == Date{2026, 10, 1});
  CHECK(registration_deadline(Date{2026, 1, 31}) == Date{2026, 2, 28});
  CHECK(registration_deadline(Date{2024, 1, 31}) == Date{2024, 2, 29});
  CHECK(registration_deadline(Date{2026, 3, 31}) == Date{2026, 4, 30});
  CHECK(registration_deadline(Date{2026, 12, 15}) == Date{2027, 1, 15});
  CHECK_FALSE(registration_is_late(Date{2026, 9, 1}, Date{2026, 10, 1}));  // the last day
  CHECK(registration_is_late(Date{2026, 9, 1}, Date{2026, 10, 2}));
}

TEST_CASE("R3 第六条: a registration within one month carries no warning") {
  RegistryFixture f;
  f.today = Date{2026, 10, 1};
  auto outcome = register_first_grader(f, f.school_a, "刘洋", 31);
  REQUIRE(outcome.ok());
  CHECK_FALSE(has_warning(*outcome, "REGISTRATION_LATE"));
  CHECK(late_registrations(f.db, "411623")->empty());
}

TEST_CASE("R3 第六条: a late registration is applied, warned about and listed for the county") {
  RegistryFixture f;
  f.today = Date{2026, 10, 2};
  auto late = register_first_grader(f, f.school_a, "黄蕾", 32);
  REQUIRE(late.ok());  // never refused: the child still needs a registry
  CHECK(has_warning(*late, "REGISTRATION_LATE"));
  REQUIRE(find_student(f.db, late->student_id).value().has_value());
  auto other = register_first_grader(f, f.school_c, "林涛", 33);
  REQUIRE(other.ok());
  CHECK(has_warning(*other, "REGISTRATION_LATE"));

  auto county = late_registrations(f.db, "411623");
  REQUIRE(county.ok());
  REQUIRE(county->size() == 1);
  CHECK((*county)[0].student_id == late->student_id);
  CHECK((*county)[0].registry_number == late->registry_number);
  CHECK((*county)[0].school_code == "4116230001");
  CHECK((*county)[0].enrollment_date == "2026-09-01");
  CHECK((*county)[0].deadline == "2026-10-01");
  CHECK((*county)[0].registered_on == "2026-10-02");
  CHECK(late_registrations(f.db, "4116230001")->size() == 1);  // the school's own list
  CHECK(late_registrations(f.db, "4116230002")->empty());
  CHECK(late_registrations(f.db, "411602")->size() == 1);  // 川汇区 sees only its own
  CHECK(late_registrations(f.db, "4116")->size() == 2);    // 周口市 sees both counties
  CHECK(late_registrations(f.db, "410105")->empty());
  CHECK_FALSE(late_registrations(f.db, "").ok());
}

TEST_CASE("R3 第六条: the device warns with the same rule before the server sees it") {
  RegistryFixture f;
  auto r = registration_of("马丽", make_id_number("411623", Date{2020, 4, 1}, 34), 1, "2026-09-01");
  r.student_id = new_uuid();
  auto outcome = execute(f.db, CommandContext{f.school_a, Date{2026, 11, 5}, Replica::Device},
                         RegisterStudent{r});
  REQUIRE(outcome.ok());
  CHECK(has_warning(*outcome, "REGISTRATION_LATE"));
}
