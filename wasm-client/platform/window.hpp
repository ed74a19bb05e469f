// The GLFW window with its OpenGL (native) or WebGL2 (browser) context and Dear ImGui on top,
// shared by both main()s.
#pragma once
#include <string>

struct GLFWwindow;

namespace xueji::client::platform {

struct WindowOptions {
  int width = 1280;
  int height = 800;
  std::string font_path;  // the CJK base font (make-font.sh output)
  float font_size = 18.0f;
  // Natively GLFW delivers typed characters; the browser sends them through its <input>.
  bool glfw_text_input = true;
  // The browser: a frame whose draw data is the same as the last one drawn is not sent to
  // WebGL again (the canvas keeps showing it). Measured (issue 6): with software GL the draw
  // calls of every idle frame kept the GPU process busy, and a keystroke's frame waited
  // 100-400 ms behind them in ImGui_ImplOpenGL3_RenderDrawData; the UI code took 1-6 ms.
  // Natively swapping paces the loop, so every frame is drawn.
  bool skip_unchanged_frames = false;
};

class Window {
 public:
  bool open(const WindowOptions& options);
  void close();
  bool should_close() const;
  void begin_frame();
  // Renders the frame; false when it was skipped as unchanged (skip_unchanged_frames).
  bool end_frame();
  GLFWwindow* handle() { return window_; }

 private:
  GLFWwindow* window_ = nullptr;
  bool skip_unchanged_ = false;
  unsigned long long last_signature_ = 0;
};

// Loads the CJK base font into ImGui's atlas (falls back to ImGui's ASCII font if missing).
bool load_fonts(const std::string& font_path, float size);
void apply_style();
// Uploads the font atlas again after glyphs were merged into it (between frames only).
void rebuild_font_texture();

}  // namespace xueji::client::platform
