// Natively GLFW delivers characters itself (including X input method commits), so the only
// state kept is whether a text field is active.
#include "platform/platform.hpp"

namespace xueji::client::platform {
namespace {
bool text_input_active = false;
}  // namespace

void set_text_input_active(bool active) {
  text_input_active = active;
}
bool text_input_focused() {
  return text_input_active;
}

}  // namespace xueji::client::platform
