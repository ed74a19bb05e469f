#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "screens/screens.hpp"

namespace xueji::client {

bool draw_code_point_entry(App& app, CodePointEntry& entry, std::string& target,
                           const char* field_id, const char* button_id) {
  bool inserted = false;
  ImGui::PushID(field_id);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  const bool enter = ImGui::InputTextWithHint(
      "##code_point", "U+2020C", &entry.text,
      ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CharsNoBlank);
  app.automation.record(field_id);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Text::CodePointHelp, app.lang));
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::InsertCharacter, app.lang)) || enter) {
    inserted = insert_code_point(entry, target);
  }
  app.automation.record(button_id);
  if (!entry.error_code.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.78f, 0.10f, 0.10f, 1.0f), "%s",
                       tr(Text::InvalidCodePoint, app.lang));
  }
  ImGui::PopID();
  return inserted;
}

}  // namespace xueji::client
