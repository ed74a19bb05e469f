#include <string>

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
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(title.c_str());

  const bool logged_in = app.session && app.screen != Screen::Login;
  const ImGuiStyle& style = ImGui::GetStyle();
  auto button_width = [&](const char* label) {
    return ImGui::CalcTextSize(label).x + style.FramePadding.x * 2 + style.ItemSpacing.x;
  };
  const char* language = tr(Text::LanguageToggle, app.lang);
  // Schools register and apply; county/city/province staff review (S4) on the same client.
  const bool staff = is_staff(app);
  float right = button_width(language);
  if (logged_in) {
    right +=
        button_width(tr(Text::NavStudents, app.lang)) + button_width(tr(Text::Logout, app.lang));
    if (staff) {
      right += button_width(tr(Text::NavApprovals, app.lang)) +
               button_width(tr(Text::NavReviewCases, app.lang)) +
               button_width(tr(Text::NavStatistics, app.lang));
    } else {
      right += button_width(tr(Text::NavRegister, app.lang)) +
               button_width(tr(Text::NavTransferIn, app.lang));
    }
  }
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - right + style.ItemSpacing.x);

  if (logged_in) {
    if (ImGui::Button(tr(Text::NavStudents, app.lang))) {
      app.screen = Screen::Students;
      refresh(app);
    }
    app.automation.record(ids::kNavStudents);
    ImGui::SameLine();
    if (staff) {
      if (ImGui::Button(tr(Text::NavApprovals, app.lang)))
        open_staff_screen(app, Screen::Approvals);
      app.automation.record(ids::kNavApprovals);
      ImGui::SameLine();
      if (ImGui::Button(tr(Text::NavReviewCases, app.lang)))
        open_staff_screen(app, Screen::ReviewCases);
      app.automation.record(ids::kNavReviewCases);
      ImGui::SameLine();
      if (ImGui::Button(tr(Text::NavStatistics, app.lang)))
        open_staff_screen(app, Screen::Statistics);
      app.automation.record(ids::kNavStatistics);
      ImGui::SameLine();
    } else {
      if (ImGui::Button(tr(Text::NavRegister, app.lang))) {
        app.screen = Screen::Register;
        app.last_registered.reset();
      }
      app.automation.record(ids::kNavRegister);
      ImGui::SameLine();
      if (ImGui::Button(tr(Text::NavTransferIn, app.lang))) open_transfer_in(app);
      app.automation.record("nav.transfer_in");
      ImGui::SameLine();
    }
    if (ImGui::Button(tr(Text::Logout, app.lang))) logout(app);
    app.automation.record(ids::kLogout);
    ImGui::SameLine();
  }
  if (ImGui::Button(language)) app.lang = app.lang == Lang::Zh ? Lang::En : Lang::Zh;
  app.automation.record(ids::kLanguage);
}

}  // namespace xueji::client
