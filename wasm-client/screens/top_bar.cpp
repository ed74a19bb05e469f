#include <string>
#include <vector>

#include "imgui.h"
#include "screens/screens.hpp"

namespace xueji::client {

void draw_top_bar(App& app) {
  std::string title = tr(Text::AppTitle, app.lang);
  if (app.session) {
    title +=
        " · " + (app.session->unit_name.empty() ? app.session->unit_code : app.session->unit_name);
    title += " · " +
             (app.session->display_name.empty() ? app.session->account : app.session->display_name);
    if (app.offline_unlocked) title += std::string(" · ") + tr(Text::OfflineSignedIn, app.lang);
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(title.c_str());

  const bool logged_in = app.session && app.screen != Screen::Login;
  const ImGuiStyle& style = ImGui::GetStyle();
  auto button_width = [&](const char* label) {
    return ImGui::CalcTextSize(label).x + style.FramePadding.x * 2 + style.ItemSpacing.x;
  };
  struct NavButton {
    const char* label;
    const char* id;
    Screen target;
  };
  std::vector<NavButton> buttons;
  // Schools register and apply; county/city/province staff review (S4) on the same client.
  if (logged_in && is_staff(app)) {
    buttons = {{tr(Text::NavStudents, app.lang), ids::kNavStudents, Screen::Students},
               {tr(Text::NavApprovals, app.lang), ids::kNavApprovals, Screen::Approvals},
               {tr(Text::NavReviewCases, app.lang), ids::kNavReviewCases, Screen::ReviewCases},
               {tr(Text::NavStatistics, app.lang), ids::kNavStatistics, Screen::Statistics},
               {tr(Text::Logout, app.lang), ids::kLogout, Screen::Login}};
  } else if (logged_in) {
    buttons = {{tr(Text::NavStudents, app.lang), ids::kNavStudents, Screen::Students},
               {tr(Text::NavRegister, app.lang), ids::kNavRegister, Screen::Register},
               {tr(Text::NavTransferIn, app.lang), "nav.transfer_in", Screen::TransferIn},
               {tr(Text::NavSchool, app.lang), "nav.school", Screen::School},
               {tr(Text::Logout, app.lang), ids::kLogout, Screen::Login}};
  }
  buttons.push_back({tr(Text::LanguageToggle, app.lang), ids::kLanguage, Screen::Loading});
  float right = 0;
  for (const NavButton& button : buttons) right += button_width(button.label);
  // Wide screens: the buttons right-aligned beside the title. A phone: on their own rows,
  // wrapped to the width (issue 6: usable at 360 px).
  const float region = ImGui::GetWindowContentRegionMax().x;
  const bool one_row = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + right < region;
  if (one_row) ImGui::SameLine(region - right + style.ItemSpacing.x);
  const float line_end = ImGui::GetWindowPos().x + region;
  bool first = true;
  for (const NavButton& button : buttons) {
    if (!first && ImGui::GetItemRectMax().x + button_width(button.label) < line_end)
      ImGui::SameLine();
    first = false;
    if (ImGui::Button(button.label)) {
      if (button.target == Screen::Loading) {  // the language toggle
        app.lang = app.lang == Lang::Zh ? Lang::En : Lang::Zh;
      } else if (button.target == Screen::Students) {
        app.screen = Screen::Students;
        refresh(app);
      } else if (button.target == Screen::Register) {
        app.screen = Screen::Register;
        app.last_registered.reset();
      } else if (button.target == Screen::TransferIn) {
        open_transfer_in(app);
      } else if (button.target == Screen::School) {
        open_school(app, app.school.tab);
      } else if (button.target == Screen::Approvals || button.target == Screen::ReviewCases ||
                 button.target == Screen::Statistics) {
        open_staff_screen(app, button.target);
      } else if (button.target == Screen::Login) {
        logout(app);
      }
    }
    app.automation.record(button.id);
  }
}

}  // namespace xueji::client
