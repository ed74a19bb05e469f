// The levels of the hierarchy (第三条) as the school-year rules need them: an authority's level
// from its role, and the prefix of a division code that names it. Internal to the core (src/).
#pragma once
#include <string>
#include <string_view>

#include "xueji/actor.hpp"

namespace xueji {

// 1 province, 2 city, 3 county (as Division::level); 0 for a school registrar or an admin.
inline int authority_level(Role role) {
  switch (role) {
    case Role::Province:
      return 1;
    case Role::City:
      return 2;
    case Role::County:
      return 3;
    case Role::SchoolRegistrar:
    case Role::Admin:
      return 0;
  }
  return 0;
}

// GB/T 2260 codes are hierarchical: "41" ⊃ "4116" ⊃ "411623".
inline size_t prefix_length(int level) {
  return level == 1 ? 2 : level == 2 ? 4 : 6;
}

// The prefix naming the unit of `code` at `level`; empty when the code is too short.
inline std::string level_prefix(std::string_view code, int level) {
  const size_t length = prefix_length(level);
  return code.size() < length ? std::string() : std::string(code.substr(0, length));
}

inline bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace xueji
