#include "xueji/student_search.hpp"

#include <cctype>

#include "xueji/pinyin.hpp"

namespace xueji {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// ASCII case-insensitive prefix: 学籍号 start with G/L/J, ID numbers may end in X.
bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (prefix.size() > text.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) !=
        std::toupper(static_cast<unsigned char>(prefix[i])))
      return false;
  }
  return true;
}

}  // namespace

bool student_matches(const Student& student, std::string_view query) {
  query = trimmed(query);
  if (query.empty()) return true;
  // Byte substrings are character substrings in valid UTF-8 (no character's bytes start
  // inside another's).
  if (student.name.find(query) != std::string::npos) return true;
  if (student.class_name.find(query) != std::string::npos) return true;
  if (starts_with_ignoring_case(student.registry_number, query)) return true;
  if (!student.id_number.empty() && starts_with_ignoring_case(student.id_number, query))
    return true;
  return matches_pinyin_initials(student.name, query);
}

}  // namespace xueji
