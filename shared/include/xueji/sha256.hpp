// SHA-256 (FIPS 180-4) in plain C++: the core builds for WebAssembly without a crypto library,
// and a roster digest (第二十三条) must come out the same on the device and the server.
#pragma once
#include <string>
#include <string_view>

namespace xueji {

// Lower-case hex digest (64 characters) of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace xueji
