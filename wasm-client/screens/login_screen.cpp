#include <algorithm>

#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "screens/screens.hpp"

namespace xueji::client {

void draw_login_screen(App& app) {
  LoginForm& form = app.login;
  // A centred 360-px column, narrower on a phone.
  const float available = ImGui::GetContentRegionAvail().x;
  const float width = std::min(360.0f, available);
  const float indent = (available - width) * 0.5f;
  ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight() * 2));
  // Indent(0) would indent by the default spacing and push the column past a phone's edge.
  if (indent > 0) ImGui::Indent(indent);

  ImGui::TextUnformatted(tr(Text::LoginTitle, app.lang));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextDisabled("%s", tr(Text::LoginHint, app.lang));
  ImGui::PopTextWrapPos();
  ImGui::Spacing();

  ImGui::TextUnformatted(tr(Text::Username, app.lang));
  ImGui::SetNextItemWidth(width);
  ImGui::InputText("##username", &form.username, ImGuiInputTextFlags_AutoSelectAll);
  app.automation.record(ids::kLoginUsername);

  ImGui::TextUnformatted(tr(Text::Password, app.lang));
  ImGui::SetNextItemWidth(width);
  const bool enter =
      ImGui::InputText("##password", &form.password,
                       ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  app.automation.record(ids::kLoginPassword);
  ImGui::Spacing();

  ImGui::BeginDisabled(form.busy);
  const char* label = form.busy ? tr(Text::LoggingIn, app.lang) : tr(Text::LoginButton, app.lang);
  if (ImGui::Button(label, ImVec2(width, 0)) || enter) start_login(app);
  app.automation.record(ids::kLoginSubmit);
  ImGui::EndDisabled();

  if (!form.error.empty()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextColored(ImVec4(0.78f, 0.10f, 0.10f, 1.0f), "%s", form.error.c_str());
    ImGui::PopTextWrapPos();
  }
  if (indent > 0) ImGui::Unindent(indent);
}

}  // namespace xueji::client
