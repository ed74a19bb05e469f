// Thin ImGui screens: they draw App state and call the commands in app.hpp, nothing else.
#pragma once
#include "app.hpp"

namespace xueji::client {

// The whole UI of one frame: top bar, the current screen, status bar.
void draw_frame(App& app);

void draw_top_bar(App& app);
void draw_login_screen(App& app);
void draw_student_list_screen(App& app);
void draw_register_screen(App& app);
void draw_status_bar(App& app);

// Height the status bar needs this frame (it grows with the 需处理 list).
float status_bar_height(const App& app);

}  // namespace xueji::client
