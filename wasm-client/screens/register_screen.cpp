#include <algorithm>

#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "screens/screens.hpp"
#include "xueji/student.hpp"

namespace xueji::client {
namespace {

const ImVec4 kErrorColor(0.78f, 0.10f, 0.10f, 1.0f);
const ImVec4 kOkColor(0.05f, 0.45f, 0.15f, 1.0f);

// One labelled row: the label in a fixed column, the widget after it.
// On a phone the label goes above a full-width field.
void field_label(const char* label, float label_width) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  const float width = ImGui::GetFontSize() * 18;
  if (ImGui::GetContentRegionAvail().x >= label_width + width) {
    ImGui::SameLine(label_width);
    ImGui::SetNextItemWidth(width);
  } else {
    ImGui::SetNextItemWidth(-1.0f);
  }
}

// A phone: the field being typed into moves to the top of the screen, above the soft keyboard,
// with the fields and the button after it in view.
void keep_in_view(const App& app) {
  if (app.compact && ImGui::IsItemActivated()) ImGui::SetScrollHereY(0.1f);
}

}  // namespace

void draw_register_screen(App& app) {
  RegisterForm& form = app.form;
  ImGui::TextUnformatted(tr(Text::RegisterTitle, app.lang));
  ImGui::Spacing();
  const float label_width = ImGui::GetFontSize() * 6;
  bool changed = false;

  field_label(tr(Text::FieldName, app.lang), label_width);
  changed |= ImGui::InputText("##name", &form.name);
  app.automation.record(ids::kRegisterName);
  keep_in_view(app);
  ImGui::SameLine();
  changed |= draw_code_point_entry(app, form.code_point, form.name, ids::kRegisterCodePoint,
                                   ids::kRegisterCodePointInsert);

  field_label(tr(Text::FieldIdNumber, app.lang), label_width);
  changed |= ImGui::InputText("##id_number", &form.id_number, ImGuiInputTextFlags_CharsUppercase);
  app.automation.record(ids::kRegisterIdNumber);
  keep_in_view(app);

  field_label(tr(Text::FieldEnrollmentDate, app.lang), label_width);
  changed |= ImGui::InputTextWithHint("##enrollment_date", "YYYY-MM-DD", &form.enrollment_date);
  app.automation.record(ids::kRegisterEnrollmentDate);
  keep_in_view(app);

  field_label(tr(Text::FieldGrade, app.lang), label_width);
  if (ImGui::InputInt("##grade", &form.grade, 0, 0)) {
    form.grade = std::clamp(form.grade, 1, 9);
    changed = true;
  }
  app.automation.record(ids::kRegisterGrade);
  keep_in_view(app);

  field_label(tr(Text::FieldClass, app.lang), label_width);
  changed |= ImGui::InputText("##class_name", &form.class_name);
  app.automation.record(ids::kRegisterClass);
  keep_in_view(app);

  if (changed) {
    form.touched = true;
    form.error_code.clear();  // a refusal from the last submit no longer applies
    form.error_field.clear();
  }

  // Live validation: the core's own rules and messages, re-run on the current input.
  ImGui::Spacing();
  if (!app.compact) {
    ImGui::Dummy(ImVec2(label_width - ImGui::GetStyle().ItemSpacing.x, 0));
    ImGui::SameLine();
  }
  ImGui::BeginGroup();
  // Valid input shows what the core derives from the ID number (sex and birth date are locked).
  const std::string error_code = form_error_code(app);
  if (error_code.empty() && app.session) {
    if (auto checked =
            validate_registration(registration_of(form), app.session->unit_code, today())) {
      ImGui::TextColored(
          kOkColor, tr(Text::DerivedFromId, app.lang), checked->registry_number.c_str(),
          tr(checked->gender == Gender::Female ? Text::Female : Text::Male, app.lang),
          format_date(checked->birth_date).c_str());
    }
  }
  const std::string message =
      error_code.empty() ? std::string() : error_message(app, error_code, {});
  if (!message.empty()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetFontSize() * 24);
    ImGui::TextColored(kErrorColor, "%s", message.c_str());
    ImGui::PopTextWrapPos();
  }

  if (ImGui::Button(tr(Text::SubmitRegistration, app.lang),
                    ImVec2(app.compact ? -1.0f : ImGui::GetFontSize() * 8, 0))) {
    if (submit_registration(app)) app.screen = Screen::Students;
  }
  app.automation.record(ids::kRegisterSubmit);
  ImGui::EndGroup();
}

}  // namespace xueji::client
