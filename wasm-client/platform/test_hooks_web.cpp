// Exported read-only views for the end-to-end test (window.xueji in the bridge; TEST-HOOKS.md).
// They only read state: tests drive the app through real clicks and keyboard input.
#include <emscripten.h>

#include <string>

#include "platform/web.hpp"
#include "test_state.hpp"

namespace {

// The returned pointer stays valid until the next call; the bridge copies it at once.
const char* keep(std::string text) {
  static std::string last;
  last = std::move(text);
  return last.c_str();
}

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE const char* xueji_state_json() {
  return keep(xueji::client::state_json(xueji::client::platform::web_app()));
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* xueji_widget_rect_json(const char* id) {
  return keep(xueji::client::widget_rect_json(xueji::client::platform::web_app(), id ? id : ""));
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* xueji_widget_ids_json() {
  return keep(xueji::client::widget_ids_json(xueji::client::platform::web_app()));
}
