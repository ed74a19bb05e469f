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
void draw_student_detail_screen(App& app);
void draw_transfer_in_screen(App& app);
// County/city/province staff (S4), online only.
void draw_approvals_screen(App& app);
void draw_review_cases_screen(App& app);
void draw_statistics_screen(App& app);
void draw_edit_student_screen(App& app);  // school_screens.cpp
void draw_school_screen(App& app);        // school_screens.cpp: R16, R17, R20 tabs
// The start-workflow form of the draft (kinds to choose from when `choose_kind`).
void draw_workflow_form(App& app, bool choose_kind);

// A small "U+2020C" field and an 插入 button that append that character to `target` (生僻字
// no input method offers). True when a character was inserted.
bool draw_code_point_entry(App& app, CodePointEntry& entry, std::string& target,
                           const char* field_id, const char* button_id);

// Height the status bar needs this frame (it grows with the 需处理 list).
float status_bar_height(const App& app);

}  // namespace xueji::client
