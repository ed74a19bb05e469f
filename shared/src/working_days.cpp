#include "xueji/working_days.hpp"

#include <algorithm>
#include <string>

namespace xueji {
namespace {

using calendar_detail::kOfficialCalendar;

int date_key(const Date& date) {
  return date.year * 10000 + date.month * 100 + date.day;
}

Date date_from_key(int key) {
  return Date{key / 10000, key / 100 % 100, key % 100};
}

bool listed(const int* table, std::size_t count, int key) {
  return std::binary_search(table, table + count, key);
}

// Days since 1970-01-01 of the first and last covered dates.
long first_day() {
  return days_from_civil(date_from_key(kOfficialCalendar.first));
}
long last_day() {
  return days_from_civil(date_from_key(kOfficialCalendar.last));
}

std::string coverage_text() {
  return format_date(date_from_key(kOfficialCalendar.first)) + " to " +
         format_date(date_from_key(kOfficialCalendar.last)) + ", " + kOfficialCalendar.source;
}

// A valid date inside the data, as a day number; otherwise the error every function returns.
Result<long> covered_day(const Date& date) {
  if (!is_valid_date(date.year, date.month, date.day)) {
    return make_error(ErrorCode::DateInvalid, "date");
  }
  long day = days_from_civil(date);
  if (day < first_day() || day > last_day()) {
    // Holiday arrangements are published one year at a time: weekends alone would silently
    // give a wrong deadline whenever a holiday or 调休 falls inside the period.
    return make_error(
        ErrorCode::CalendarOutOfRange, "date",
        format_date(date) + " is outside the working-day calendar (" + coverage_text() + ")");
  }
  return day;
}

// For a covered day number: listed holidays are off even on weekdays, listed make-up working
// days (调休上班) are on even at weekends, every other day follows Monday to Friday.
bool working(long day) {
  int key = date_key(civil_from_days(day));
  if (listed(kOfficialCalendar.holidays, kOfficialCalendar.holiday_count, key)) return false;
  if (listed(kOfficialCalendar.make_up_workdays, kOfficialCalendar.make_up_workday_count, key)) {
    return true;
  }
  long weekday = ((day % 7) + 11) % 7;  // 0 = Sunday; 1970-01-01 was a Thursday
  return weekday != 0 && weekday != 6;
}

// Working days in (from, to] for covered day numbers from <= to.
int count_working(long from, long to) {
  int count = 0;
  for (long day = from + 1; day <= to; ++day)
    if (working(day)) ++count;
  return count;
}

}  // namespace

CalendarCoverage calendar_coverage() {
  return CalendarCoverage{date_from_key(kOfficialCalendar.first),
                          date_from_key(kOfficialCalendar.last), kOfficialCalendar.source};
}

Result<bool> is_working_day(const Date& date) {
  auto day = covered_day(date);
  if (!day) return day.error();
  return working(*day);
}

// 第十一条 (R8): each transfer party has 10 working days; 第十六条 (R13): deregistration within
// 10 working days. Both count from the day after the step starts.
Result<Date> add_working_days(const Date& start, int n) {
  auto day = covered_day(start);
  if (!day) return day.error();
  if (n < 0) return make_error(ErrorCode::InvalidInput, "working_days", std::to_string(n));
  long end = *day;
  for (int counted = 0; counted < n;) {
    if (++end > last_day()) {
      // Never guess: the days after the data may hold a holiday not yet announced.
      return make_error(ErrorCode::CalendarOutOfRange, "date",
                        std::to_string(n) + " working days from " + format_date(start) +
                            " end after the working-day calendar (" + coverage_text() + ")");
    }
    if (working(end)) ++counted;
  }
  return civil_from_days(end);
}

Result<int> working_days_between(const Date& from, const Date& to) {
  auto from_day = covered_day(from);
  if (!from_day) return from_day.error();
  auto to_day = covered_day(to);
  if (!to_day) return to_day.error();
  if (*to_day < *from_day) return -count_working(*to_day, *from_day);
  return count_working(*from_day, *to_day);
}

}  // namespace xueji
