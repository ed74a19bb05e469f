// Text entry in the browser. GLFW's keypress-based character callback sees neither IME
// compositions nor pastes, and together with the <input> it would deliver ASCII twice, so it is
// off (WindowOptions::glfw_text_input): keys (Backspace, Enter, Tab, arrows, Ctrl shortcuts)
// still come from GLFW, characters only from the bridge's <input> through xueji_text_input.
#include <emscripten.h>

#include "imgui.h"
#include "platform/input_queue.hpp"
#include "platform/platform.hpp"
#include "platform/web.hpp"

namespace xueji::client::platform {

EM_JS(void, xueji_js_set_text_input, (int active),
      { globalThis.xuejiBridge.setTextInputActive(active != 0); });

EM_JS(int, xueji_js_text_input_focused, (),
      { return globalThis.xuejiBridge.textInputFocused() ? 1 : 0; });

EM_JS(void, xueji_js_place_ime, (int x, int y), { globalThis.xuejiBridge.placeTextInput(x, y); });

EM_JS(void, xueji_js_copy, (const char* text),
      { globalThis.xuejiBridge.copyText(UTF8ToString(text)); });

namespace {

bool text_input_active = false;

// Pastes arrive as text through the <input>; ImGui's own Ctrl+V must paste nothing.
const char* empty_clipboard(void*) {
  return nullptr;
}
void copy_to_clipboard(void*, const char* text) {
  xueji_js_copy(text);
}
// Keeps the <input> at the caret so the IME's candidate window opens next to the text.
void place_ime(int x, int y) {
  xueji_js_place_ime(x, y);
}

}  // namespace

void install_text_input() {
  ImGuiIO& io = ImGui::GetIO();
  io.GetClipboardTextFn = empty_clipboard;
  io.SetClipboardTextFn = copy_to_clipboard;
  io.ImeSetInputScreenPosFn = place_ime;
}

void set_text_input_active(bool active) {
  // Called every frame: the bridge re-focuses the <input> if a click moved focus away.
  text_input_active = active;
  xueji_js_set_text_input(active ? 1 : 0);
}

bool text_input_focused() {
  return text_input_active && xueji_js_text_input_focused() != 0;
}

}  // namespace xueji::client::platform

extern "C" EMSCRIPTEN_KEEPALIVE void xueji_text_input(const char* utf8) {
  xueji::client::platform::queue_text(utf8);
}
