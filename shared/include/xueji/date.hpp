// Calendar dates (proleptic Gregorian), the only time type the rules need.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace xueji {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  auto operator<=>(const Date&) const = default;
};

bool is_valid_date(int year, int month, int day);
// Parses "YYYY-MM-DD" (also "YYYYMMDD"); nullopt for anything else or an impossible date.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(const Date& date);          // "YYYY-MM-DD"
std::string format_date_compact(const Date& date);  // "YYYYMMDD"
long days_from_civil(const Date& date);             // days since 1970-01-01
Date civil_from_days(long days);
// Whole years of age reached on `on` (birthday counts on the day itself).
int age_on(const Date& birth, const Date& on);

}  // namespace xueji
