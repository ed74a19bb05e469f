// The native development client: the same app and screens over desktop GLFW + OpenGL 3.
// Database ./xueji-client.db (or $XUEJI_CLIENT_DB), font $XUEJI_FONT or the build's subset.
#include <cstdlib>

#include "app.hpp"
#include "imgui.h"
#include "platform/platform.hpp"
#include "platform/window.hpp"
#include "screens/screens.hpp"

#ifndef XUEJI_DEFAULT_FONT_PATH
#define XUEJI_DEFAULT_FONT_PATH "fonts/xueji-base.otf"
#endif

int main() {
  using namespace xueji::client;
  platform::Window window;
  platform::WindowOptions options;
  const char* font = std::getenv("XUEJI_FONT");
  options.font_path = font && *font ? font : XUEJI_DEFAULT_FONT_PATH;
  if (!window.open(options)) return 1;
  ImGui::GetIO().IniFilename = nullptr;  // the layout is code; nothing worth remembering

  App app;
  open_storage(app);
  while (!window.should_close()) {
    platform::deliver_http_responses();
    tick(app);
    window.begin_frame();
    app.automation.begin_frame();
    draw_frame(app);
    app.automation.end_frame();
    after_frame(app);
    platform::set_text_input_active(ImGui::GetIO().WantTextInput);
    window.end_frame();
  }
  window.close();
  return 0;
}
