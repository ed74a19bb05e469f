#pragma once
#include <string>

namespace xueji {
// Random (version 4) UUID, lower-case hex with dashes. Used for operation, student and device ids.
std::string new_uuid();
}  // namespace xueji
