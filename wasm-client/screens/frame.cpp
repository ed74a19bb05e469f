#include "imgui.h"
#include "screens/screens.hpp"

namespace xueji::client {

void draw_frame(App& app) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus;
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
  }
  ImGui::EndChild();

  if (show_status) draw_status_bar(app);
  ImGui::End();
}

}  // namespace xueji::client
