// Static files in the browser: the bridge fetches them (cache first, see xueji-bridge.js),
// writes the bytes into the in-memory file system and calls xueji_asset_done; the bytes are read
// back here and the temporary file removed. Binary-safe, unlike the HTTP path's C strings.
#include <emscripten.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <utility>

#include "platform/platform.hpp"

namespace xueji::client::platform {
namespace {

std::map<int, AssetCallback>& pending_assets() {
  static std::map<int, AssetCallback> assets;
  return assets;
}

int next_asset_id = 1;

}  // namespace

EM_JS(void, xueji_js_load_asset, (int id, const char* path),
      { globalThis.xuejiBridge.loadAsset(id, UTF8ToString(path)); });

EM_JS(void, xueji_js_pick_file, (int id, int camera),
      { globalThis.xuejiBridge.pickFile(id, !!camera); });

void pick_file(AssetCallback done, bool camera) {
  const int id = next_asset_id++;
  pending_assets().emplace(id, std::move(done));
  xueji_js_pick_file(id, camera ? 1 : 0);
}

void load_asset(const std::string& path, AssetCallback done) {
  const int id = next_asset_id++;
  pending_assets().emplace(id, std::move(done));
  xueji_js_load_asset(id, path.c_str());
}

}  // namespace xueji::client::platform

extern "C" EMSCRIPTEN_KEEPALIVE void xueji_asset_done(int id, int ok) {
  using namespace xueji::client::platform;
  auto found = pending_assets().find(id);
  if (found == pending_assets().end()) return;
  AssetCallback done = std::move(found->second);
  pending_assets().erase(found);
  std::string bytes;
  const std::string file = "/asset-" + std::to_string(id);
  if (ok) {
    std::ifstream in(file, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    ok = in.good() || in.eof();
    std::remove(file.c_str());
  }
  done(ok != 0, std::move(bytes));
}
