// The browser entry point. The bridge (web/xueji-bridge.js) has already written the CJK font
// into /fonts before main() runs; the database opens once IDBFS has loaded /data.
#include <emscripten.h>

#include <chrono>

#include "app.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // WantTextInputNextFrame
#include "platform/platform.hpp"
#include "platform/web.hpp"
#include "platform/window.hpp"
#include "screens/screens.hpp"

namespace xueji::client::platform {
namespace {

Window& web_window() {
  static Window window;
  return window;
}

EM_JS(int, xueji_js_page_width, (), { return window.innerWidth | 0; });
EM_JS(int, xueji_js_page_height, (), { return window.innerHeight | 0; });

// Resizes the canvas through Emscripten's Browser helper, whose resize listeners update GLFW's
// window size. Not glfwSetWindowSize: Emscripten's GLFW requests fullscreen (and pointer lock)
// whenever the size asked for equals the screen's, which a phone's page always does.
EM_JS(void, xueji_js_fit_canvas, (), {
  var width = window.innerWidth | 0;
  var height = window.innerHeight | 0;
  var canvas = Module['canvas'];
  if (canvas.width != width || canvas.height != height) Browser.setCanvasSize(width, height);
});

// What this frame hands to WebGL, for the bench (issue 7: count before blaming the rasteriser).
void count_draw_data(App::FramePhases& phases) {
  phases.vertices = phases.indices = phases.draw_calls = 0;
  const ImDrawData* data = ImGui::GetDrawData();
  if (!data) return;
  phases.vertices = data->TotalVtxCount;
  phases.indices = data->TotalIdxCount;
  for (int n = 0; n < data->CmdListsCount; ++n)
    phases.draw_calls += data->CmdLists[n]->CmdBuffer.Size;
}

void run_frame() {
  const auto started = std::chrono::steady_clock::now();
  App& app = web_app();
  if (app.screen == Screen::Loading) {
    if (storage_loaded()) open_storage(app);
    if (storage_load_failed()) app.screen = Screen::StorageFailed;
  }
  using Clock = std::chrono::steady_clock;
  const auto ms_since = [](Clock::time_point from) {
    return std::chrono::duration<double, std::milli>(Clock::now() - from).count();
  };
  app.phases.started_at = emscripten_get_now();
  tick(app);
  app.phases.tick = ms_since(started);
  auto phase = Clock::now();
  Window& window = web_window();
  fit_canvas_to_page();
  window.begin_frame();
  app.automation.begin_frame();
  draw_frame(app);
  app.automation.end_frame();
  app.phases.draw = ms_since(phase);
  phase = Clock::now();
  after_frame(app);
  app.phases.after = ms_since(phase);
  phase = Clock::now();
  // The text field activated in this very frame, rather than io.WantTextInput (set from the
  // previous frame): the <input> gets focus one frame sooner after a click.
  set_text_input_active(ImGui::GetCurrentContext()->WantTextInputNextFrame == 1);
  app.phases.submitted = window.end_frame();
  app.phases.render = ms_since(phase);
  count_draw_data(app.phases);
  record_frame_time(
      app, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
               .count());
}

}  // namespace

App& web_app() {
  static App app;
  return app;
}

void fit_canvas_to_page() {
  xueji_js_fit_canvas();
}

}  // namespace xueji::client::platform

int main() {
  using namespace xueji::client::platform;
  Window& window = web_window();
  WindowOptions options;
  options.width = xueji_js_page_width();
  options.height = xueji_js_page_height();
  options.font_path = "/fonts/xueji-base.otf";
  options.glfw_text_input = false;  // each character exactly once: only the <input> sends text
  options.skip_unchanged_frames = true;
  if (!window.open(options)) return 1;
  ImGui::GetIO().IniFilename = nullptr;  // layout is code, and the browser has no cwd to write to
  install_text_input();
  mount_storage();
  EM_ASM(globalThis.xuejiBridge.started(););
  emscripten_set_main_loop(run_frame, 0, true);
  return 0;
}
