// docs/ERRORS.md is the operators' list of every error code: it must not fall behind the code.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "xueji/error_code.hpp"

using namespace xueji;

#ifndef __EMSCRIPTEN__  // the browser build has no access to the source tree
TEST_CASE("Errors: docs/ERRORS.md lists every error code with its zh-CN message") {
  std::ifstream file(XUEJI_SOURCE_DIR "/docs/ERRORS.md");
  REQUIRE(file.good());
  std::stringstream text;
  text << file.rdbuf();
  const std::string docs = text.str();
  for (int i = 0; i <= static_cast<int>(kLastErrorCode); ++i) {
    auto code = static_cast<ErrorCode>(i);
    INFO(code_name(code));
    CHECK(docs.find("| " + std::string(code_name(code)) + " |") != std::string::npos);
  }
}
#endif
