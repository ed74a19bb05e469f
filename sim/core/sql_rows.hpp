// One step of a statement as a plain bool (a storage error ends the loop like the last row).
#pragma once
#include "xueji/database.hpp"

namespace xueji::sim {

inline bool next_row(Statement& stmt) {
  auto row = stmt.step();
  return row && *row;
}

}  // namespace xueji::sim
