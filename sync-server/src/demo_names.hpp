// Generated Chinese names for demo students: common surnames and given-name characters, so
// the data looks like a real roster without being anyone's record.
#pragma once
#include <string>

#include "demo_random.hpp"
#include "xueji/id_number.hpp"

namespace xueji::server {

std::string demo_name(DemoRandom& random, Gender gender);

}  // namespace xueji::server
