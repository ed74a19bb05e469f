// Static files natively: read from the build directory (XUEJI_ASSET_ROOT, or $XUEJI_ASSETS),
// where `cmake --build build/native --target xueji_rare_fonts` puts the rare-character chunks.
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "platform/platform.hpp"

#ifndef XUEJI_ASSET_ROOT
#define XUEJI_ASSET_ROOT "."
#endif

namespace xueji::client::platform {

void load_asset(const std::string& path, AssetCallback done) {
  const char* configured = std::getenv("XUEJI_ASSETS");
  const std::string root = configured && *configured ? configured : XUEJI_ASSET_ROOT;
  std::ifstream in(root + "/" + path, std::ios::binary);
  if (!in) return done(false, {});
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  done(true, std::move(bytes));
}

void pick_file(AssetCallback done, bool) {
  done(false, {});
}

}  // namespace xueji::client::platform
