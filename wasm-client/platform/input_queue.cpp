#include "platform/input_queue.hpp"

#include <GLFW/glfw3.h>

#include <deque>
#include <string>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_internal.h"  // ImTextStrToUtf8

namespace xueji::client::platform {
namespace {

struct InputEvent {
  enum class Kind { Key, Text } kind = Kind::Key;
  int key = 0;
  int scancode = 0;
  int action = 0;
  int mods = 0;
  std::string text;
};

std::deque<InputEvent>& queue() {
  static std::deque<InputEvent> events;
  return events;
}

bool is_modifier(int key) {
  switch (key) {
    case GLFW_KEY_LEFT_CONTROL:
    case GLFW_KEY_RIGHT_CONTROL:
    case GLFW_KEY_LEFT_SHIFT:
    case GLFW_KEY_RIGHT_SHIFT:
    case GLFW_KEY_LEFT_ALT:
    case GLFW_KEY_RIGHT_ALT:
    case GLFW_KEY_LEFT_SUPER:
    case GLFW_KEY_RIGHT_SUPER:
      return true;
    default:
      return false;
  }
}

// Keys ImGui acts on by themselves (editing and navigation); letters only matter with a
// modifier, as shortcuts (Ctrl+A, Ctrl+Z...): plain typing arrives as text.
bool is_command_key(int key) {
  switch (key) {
    case GLFW_KEY_TAB:
    case GLFW_KEY_LEFT:
    case GLFW_KEY_RIGHT:
    case GLFW_KEY_UP:
    case GLFW_KEY_DOWN:
    case GLFW_KEY_PAGE_UP:
    case GLFW_KEY_PAGE_DOWN:
    case GLFW_KEY_HOME:
    case GLFW_KEY_END:
    case GLFW_KEY_INSERT:
    case GLFW_KEY_DELETE:
    case GLFW_KEY_BACKSPACE:
    case GLFW_KEY_ENTER:
    case GLFW_KEY_KP_ENTER:
    case GLFW_KEY_ESCAPE:
      return true;
    default:
      return false;
  }
}

// A keystroke ImGui must see in a frame of its own. Plain letter presses are not: they would
// make typed text lag one frame per character behind the mouse, which is not queued.
bool is_keystroke(const InputEvent& event) {
  if (event.kind != InputEvent::Kind::Key || event.action != GLFW_PRESS) return false;
  if (is_modifier(event.key)) return false;
  constexpr int kShortcutMods = GLFW_MOD_CONTROL | GLFW_MOD_ALT | GLFW_MOD_SUPER;
  return is_command_key(event.key) || (event.mods & kShortcutMods) != 0;
}

void on_key(GLFWwindow*, int key, int scancode, int action, int mods) {
  queue().push_back(InputEvent{InputEvent::Kind::Key, key, scancode, action, mods, {}});
}

void on_char(GLFWwindow*, unsigned int code_point) {
  ImWchar text[2] = {static_cast<ImWchar>(code_point), 0};
  char utf8[8] = {};
  ImTextStrToUtf8(utf8, sizeof utf8, text, text + 1);
  queue_text(utf8);
}

}  // namespace

void install_input_queue(GLFWwindow* window, bool glfw_text) {
  glfwSetKeyCallback(window, on_key);
  glfwSetCharCallback(window, glfw_text ? on_char : nullptr);
}

void queue_text(const char* utf8) {
  if (utf8 && *utf8) queue().push_back(InputEvent{InputEvent::Kind::Text, 0, 0, 0, 0, utf8});
}

void apply_queued_input(GLFWwindow* window) {
  // Within one frame ImGui handles all typed text before any key, so a frame takes either text
  // or one keystroke (plus the modifier and release events around them), never text after a key.
  auto& events = queue();
  bool text_applied = false;
  while (!events.empty()) {
    const InputEvent& event = events.front();
    if (event.kind == InputEvent::Kind::Text) {
      ImGui::GetIO().AddInputCharactersUTF8(event.text.c_str());
      text_applied = true;
      events.pop_front();
      continue;
    }
    const bool keystroke = is_keystroke(event);
    if (keystroke && text_applied) break;
    ImGui_ImplGlfw_KeyCallback(window, event.key, event.scancode, event.action, event.mods);
    events.pop_front();
    if (keystroke) break;
  }
}

}  // namespace xueji::client::platform
