// Keyboard and text events in order, at most one keystroke per frame. ImGui 1.86 reads key
// state once per frame (io.KeysDown), so a key pressed and released between two frames would be
// lost, and text typed after a Backspace in the same frame would be inserted before it. Real
// typists on a slow phone and test drivers (Playwright presses keys within a millisecond) both
// do that; ImGui 1.87's own input queue does not exist yet in 1.86.
#pragma once

struct GLFWwindow;

namespace xueji::client::platform {

// Routes GLFW key events (and GLFW's characters when `glfw_text` is true; the browser sends
// text through queue_text instead) through the queue. Call after ImGui_ImplGlfw_InitForOpenGL.
void install_input_queue(GLFWwindow* window, bool glfw_text);
void queue_text(const char* utf8);
// Feeds ImGui the events of one frame; call right before ImGui::NewFrame.
void apply_queued_input(GLFWwindow* window);

}  // namespace xueji::client::platform
