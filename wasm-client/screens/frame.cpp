#include "imgui.h"
#include "screens/screens.hpp"

namespace xueji::client {

namespace {

// A phone (issue 6: usable at 360 px with touch): larger hit targets and spacing, the lists
// in one column. Recomputed each frame from the canvas width, so rotating the phone works.
void apply_layout(App& app, float width) {
  static const ImGuiStyle base = ImGui::GetStyle();
  app.compact = width < 600.0f;
  ImGuiStyle& style = ImGui::GetStyle();
  style.FramePadding = base.FramePadding;
  style.ItemSpacing = base.ItemSpacing;
  style.TouchExtraPadding = base.TouchExtraPadding;
  style.ScrollbarSize = base.ScrollbarSize;
  style.WindowPadding = base.WindowPadding;
  if (app.compact) {
    // About 44 px tall buttons and fields (a fingertip), 8 px between rows.
    style.FramePadding = ImVec2(10, 12);
    style.ItemSpacing = ImVec2(8, 8);
    style.TouchExtraPadding = ImVec2(4, 4);
    style.ScrollbarSize = 20;
    style.WindowPadding = ImVec2(6, 6);
  }
}

}  // namespace

void draw_frame(App& app) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  apply_layout(app, viewport->WorkSize.x);
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus |
                                      // The canvas is cleared to WindowBg's colour already
                                      // (Window::end_frame): no second canvas-sized quad.
                                      ImGuiWindowFlags_NoBackground;
  ImGui::Begin("##xueji", nullptr, kFlags);

  draw_top_bar(app);
  ImGui::Separator();

  const bool show_status = app.screen != Screen::Loading && app.screen != Screen::StorageFailed;
  const float body_height = show_status ? -status_bar_height(app) : 0.0f;
  ImGui::BeginChild("##body", ImVec2(0, body_height), false);
  switch (app.screen) {
    case Screen::Loading:
      ImGui::TextUnformatted(tr(Text::Loading, app.lang));
      break;
    case Screen::StorageFailed:
      ImGui::TextUnformatted(tr(Text::StorageFailed, app.lang));
      ImGui::TextWrapped("%s", error_message(app, app.storage_error_code, {}).c_str());
      break;
    case Screen::Login:
      draw_login_screen(app);
      break;
    case Screen::Students:
      draw_student_list_screen(app);
      break;
    case Screen::Register:
      draw_register_screen(app);
      break;
    case Screen::StudentDetail:
      draw_student_detail_screen(app);
      break;
    case Screen::TransferIn:
      draw_transfer_in_screen(app);
      break;
    case Screen::Approvals:
      draw_approvals_screen(app);
      break;
    case Screen::ReviewCases:
      draw_review_cases_screen(app);
      break;
    case Screen::Statistics:
      draw_statistics_screen(app);
      break;
    case Screen::EditStudent:
      draw_edit_student_screen(app);
      break;
    case Screen::School:
      draw_school_screen(app);
      break;
  }
  ImGui::EndChild();

  if (show_status) draw_status_bar(app);
  ImGui::End();
}

}  // namespace xueji::client
