// Graduation and promotion (PRODUCT.md): each summer a school promotes all its students in one
// go and the last grade of its stage graduates, as the school's 学制 decides; unfinished business
// must be cleared first. Junior-middle intake continues the same 学籍号 (第七条: one number for
// life).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace xueji {

// Command (member of xueji::Command), by the school's own registrar.
struct PromoteSchool {
  std::string school_code;
  std::string school_year;  // the school year that ended, "2025-2026"
};

// A school year "YYYY-YYYY" (consecutive years); nullopt otherwise. Returns the year it ends in.
std::optional<int> school_year_end(std::string_view school_year);

}  // namespace xueji
