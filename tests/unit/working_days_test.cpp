// Working-day calendar behind the deadlines of R8 (第十一条: 10 working days per transfer party)
// and R13 (第十六条: deregistration within 10 working days). Expected dates were checked against
// node_modules/chinese-days/dist/chinese-days.json (chinese-days 1.5.7), not memory.
#include <catch2/catch.hpp>

#include "xueji/working_days.hpp"

using namespace xueji;

namespace {

bool working(const Date& date) {
  auto result = is_working_day(date);
  INFO(format_date(date));
  REQUIRE(result.ok());
  return *result;
}

Date plus_days(const Date& date, long days) {
  return civil_from_days(days_from_civil(date) + days);
}

}  // namespace

TEST_CASE("R8: the 2024 National Day week is off and its make-up Sunday and Saturday are worked") {
  CHECK_FALSE(working({2024, 9, 28}));  // an ordinary Saturday
  CHECK(working({2024, 9, 29}));        // Sunday, 调休上班
  CHECK(working({2024, 9, 30}));
  for (int day = 1; day <= 7; ++day) CHECK_FALSE(working({2024, 10, day}));  // Tue 1 to Mon 7
  CHECK(working({2024, 10, 8}));
  CHECK(working({2024, 10, 12}));        // Saturday, 调休上班
  CHECK_FALSE(working({2024, 10, 13}));  // an ordinary Sunday
}

TEST_CASE("R8: Spring Festival 2026 is off from 15 to 23 February, 14 and 28 February are worked") {
  CHECK(working({2026, 2, 13}));
  CHECK(working({2026, 2, 14}));  // Saturday, 调休上班
  for (int day = 15; day <= 23; ++day) CHECK_FALSE(working({2026, 2, day}));
  CHECK(working({2026, 2, 24}));
  CHECK(working({2026, 2, 28}));  // Saturday, 调休上班
}

TEST_CASE("R8: a public holiday on a weekday is not a working day") {
  CHECK_FALSE(working({2025, 5, 5}));  // Monday, Labour Day
  CHECK_FALSE(working({2026, 1, 2}));  // Friday, New Year
  CHECK(working({2026, 1, 4}));        // Sunday, 调休上班 for that New Year
}

TEST_CASE("R8: an ordinary weekend is not worked, so 10 working days span two weeks") {
  CHECK_FALSE(working({2025, 3, 8}));
  CHECK_FALSE(working({2025, 3, 9}));
  CHECK(*add_working_days({2025, 3, 7}, 1) == Date{2025, 3, 10});   // Friday -> Monday
  CHECK(*add_working_days({2025, 3, 7}, 10) == Date{2025, 3, 21});  // Friday -> Friday
}

TEST_CASE("R8: a transfer party's 10 working days across National Day 2024 end on 16 October") {
  // Started Friday 27 September: Sep 29 (调休), Sep 30, Oct 8-11, Oct 12 (调休), Oct 14-16.
  auto deadline = add_working_days({2024, 9, 27}, 10);
  REQUIRE(deadline.ok());
  CHECK(*deadline == Date{2024, 10, 16});
  CHECK(*add_working_days({2024, 9, 30}, 10) == Date{2024, 10, 18});
}

TEST_CASE("R13: deregistration within 10 working days across Spring Festival 2026 ends 4 March") {
  // Death reported Thursday 12 February: Feb 13, 14 (调休), 24-27, 28 (调休), Mar 2-4.
  auto deadline = add_working_days({2026, 2, 12}, 10);
  REQUIRE(deadline.ok());
  CHECK(*deadline == Date{2026, 3, 4});
}

TEST_CASE("R8: the day a step starts never counts, even when it is a working day") {
  CHECK(*add_working_days({2024, 9, 30}, 1) == Date{2024, 10, 8});  // Monday, before the week off
  CHECK(*add_working_days({2024, 10, 3}, 1) == Date{2024, 10, 8});  // opened during the holiday
  CHECK(*add_working_days({2024, 9, 28}, 1) == Date{2024, 9, 29});  // Saturday -> 调休 Sunday
  CHECK(*add_working_days({2024, 10, 3}, 0) == Date{2024, 10, 3});
}

TEST_CASE("R8: working_days_between counts the same days as add_working_days") {
  for (Date start{2020, 1, 1}; start <= Date{2026, 11, 30}; start = plus_days(start, 1)) {
    for (int n : {1, 5, 10}) {
      auto end = add_working_days(start, n);
      INFO(format_date(start) << " + " << n);
      REQUIRE(end.ok());
      CHECK(*working_days_between(start, *end) == n);
      CHECK(*working_days_between(*end, start) == -n);
      CHECK(working(*end));
      CHECK(*working_days_between(start, plus_days(*end, -1)) == n - 1);
    }
  }
  CHECK(*working_days_between({2024, 10, 1}, {2024, 10, 1}) == 0);
}

TEST_CASE("R8: working_days_between tells how far a step is overdue or how long it has left") {
  const Date deadline{2024, 10, 16};
  CHECK(*working_days_between(deadline, {2024, 10, 18}) == 2);   // overdue: escalate
  CHECK(*working_days_between(deadline, {2024, 10, 14}) == -2);  // Oct 15 and 16 still left
  CHECK(*working_days_between(deadline, {2024, 10, 20}) == 2);   // the weekend adds nothing
}

TEST_CASE("R8: each year 2020-2026 has the number of working days of the official arrangements") {
  const std::pair<int, int> expected[] = {{2020, 249}, {2021, 250}, {2022, 249}, {2023, 249},
                                          {2024, 251}, {2025, 248}, {2026, 248}};
  for (auto [year, days] : expected) {
    INFO(year);
    CHECK(*working_days_between({year - 1, 12, 31}, {year, 12, 31}) == days);
  }
}

TEST_CASE("R8: every date from 2020 through 2026 is covered by the calendar") {
  for (Date date{2020, 1, 1}; date <= Date{2026, 12, 31}; date = plus_days(date, 1)) {
    INFO(format_date(date));
    CHECK(is_working_day(date).ok());
  }
}

TEST_CASE("R8: the covered range ends at the first and last dates of the published data") {
  // Pinned to the compiled data: update with scripts/gen-calendar.mjs when it changes.
  auto coverage = calendar_coverage();
  CHECK(coverage.first == Date{2004, 1, 1});
  CHECK(coverage.last == Date{2026, 12, 31});
  CHECK(coverage.source == "chinese-days 1.5.7");
  CHECK_FALSE(working({2004, 1, 1}));  // New Year's Day, a Thursday
  CHECK(working({2026, 12, 31}));      // an ordinary Thursday
  CHECK(*add_working_days({2026, 12, 17}, 10) == Date{2026, 12, 31});
  CHECK(*add_working_days({2026, 12, 30}, 1) == Date{2026, 12, 31});
  CHECK(*add_working_days({2026, 12, 31}, 0) == Date{2026, 12, 31});
  CHECK(*add_working_days({2004, 1, 1}, 1) == Date{2004, 1, 2});
  CHECK(working_days_between(coverage.first, coverage.last).ok());
}

TEST_CASE("R8: a date outside the published data is refused, never guessed from weekends") {
  auto coverage = calendar_coverage();
  const Date after = plus_days(coverage.last, 1);
  const Date before = plus_days(coverage.first, -1);
  for (const Date& outside : {after, before, Date{2027, 1, 4}}) {
    INFO(format_date(outside));
    auto working_day = is_working_day(outside);
    REQUIRE_FALSE(working_day.ok());
    CHECK(working_day.error().code == ErrorCode::CalendarOutOfRange);
    CHECK(working_day.error().field == "date");
    CHECK(add_working_days(outside, 1).error().code == ErrorCode::CalendarOutOfRange);
    CHECK(working_days_between(coverage.last, outside).error().field == "date");
    CHECK(working_days_between(outside, coverage.last).error().field == "date");
  }
}

TEST_CASE("R8: a period that would end after the published data is refused") {
  auto past_end = add_working_days({2026, 12, 25}, 10);
  REQUIRE_FALSE(past_end.ok());
  CHECK(past_end.error().code == ErrorCode::CalendarOutOfRange);
  CHECK(past_end.error().field == "date");
  CHECK_FALSE(add_working_days({2026, 12, 31}, 1).ok());
}

TEST_CASE("R8: an impossible date or a negative number of working days is refused") {
  CHECK(is_working_day({2024, 2, 30}).error().code == ErrorCode::DateInvalid);
  CHECK(add_working_days({2023, 2, 29}, 1).error().code == ErrorCode::DateInvalid);
  CHECK(working_days_between({2024, 1, 1}, {2024, 13, 1}).error().code == ErrorCode::DateInvalid);
  auto negative = add_working_days({2024, 10, 8}, -1);
  REQUIRE_FALSE(negative.ok());
  CHECK(negative.error().code == ErrorCode::InvalidInput);
  CHECK(negative.error().field == "working_days");
}
