// Force-included into every C++ file that can see rapidjson (see xueji_cereal in CMakeLists.txt).
// rapidjson's inline functions must be compiled with ONE definition of RAPIDJSON_ASSERT in the
// whole program: cereal's, which throws, so malformed JSON becomes an error value at the
// boundary instead of an abort (or undefined behaviour under NDEBUG). A file that included
// rapidjson before cereal would otherwise get the plain assert() copy, and the linker may keep
// that one for everybody.
#pragma once
#ifdef __cplusplus
#include <stdexcept>

namespace xueji {
struct JsonAssertion : std::runtime_error {
  using std::runtime_error::runtime_error;
};
}  // namespace xueji

#define RAPIDJSON_ASSERT_THROWS
#define RAPIDJSON_ASSERT(x)                                          \
  if (!(x)) {                                                        \
    throw ::xueji::JsonAssertion("rapidjson assertion failed: " #x); \
  }
#define RAPIDJSON_WRITE_DEFAULT_FLAGS kWriteNanAndInfFlag
#define RAPIDJSON_PARSE_DEFAULT_FLAGS kParseFullPrecisionFlag | kParseNanAndInfFlag
#endif
