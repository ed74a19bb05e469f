// The school's screens beyond registration: 修改学生信息 (EditStudent), and 学校事务 with three
// tabs — 学籍管理员 (R16), 学期复核 (R17), 招生录取 (R20). They draw App state and call
// school.hpp; every refusal shown is the core's code and message.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "screens/screens.hpp"
#include "xueji/date.hpp"
#include "xueji/working_days.hpp"

namespace xueji::client {
namespace {

const ImVec4 kErrorColor(0.78f, 0.10f, 0.10f, 1.0f);
const ImVec4 kOkColor(0.05f, 0.45f, 0.15f, 1.0f);

void draw_outcome(const App& app, const std::string& code, const std::string& field,
                  const std::string& notice) {
  if (!code.empty()) {
    std::string message = error_message(app, code, {});
    if (!field.empty()) {
      char suffix[96];
      std::snprintf(suffix, sizeof suffix, tr(Text::ErrorField, app.lang), field.c_str());
      message += suffix;
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(kErrorColor, "%s", message.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!notice.empty()) ImGui::TextColored(kOkColor, "%s", notice.c_str());
}

// Label above the field on a narrow screen, beside it otherwise.
void labelled(const char* label, float label_width) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  if (ImGui::GetContentRegionAvail().x > label_width * 2.5f) ImGui::SameLine(label_width);
  ImGui::SetNextItemWidth(std::min(ImGui::GetFontSize() * 16, ImGui::GetContentRegionAvail().x));
}

const char* field_label(const std::string& field, Lang lang) {
  struct Label {
    const char* field;
    Text text;
  };
  static const Label kLabels[] = {
      {"class_name", Text::ColClass},
      {"ethnicity", Text::FieldEthnicity},
      {"nationality", Text::FieldNationality},
      {"hukou_division", Text::FieldHukouDivision},
      {"hukou_address", Text::FieldHukouAddress},
      {"migrant_child", Text::FieldMigrantChild},
      {"left_behind", Text::FieldLeftBehind},
      {"inclusive_class", Text::FieldInclusiveClass},
      {"home_delivery", Text::FieldHomeDelivery},
      {"disability", Text::FieldDisability},
      {"under_discipline", Text::FieldUnderDiscipline},
  };
  for (const Label& label : kLabels) {
    if (field == label.field) return tr(label.text, lang);
  }
  return nullptr;
}

bool is_flag(const std::string& field) {
  return field == "migrant_child" || field == "left_behind" || field == "inclusive_class" ||
         field == "home_delivery" || field == "under_discipline";
}

void draw_roster_tab(App& app) {
  SchoolState& school = app.school;
  ImGui::TextWrapped("%s", tr(Text::RosterHint, app.lang));
  if (school.roster.empty()) ImGui::TextDisabled("%s", tr(Text::RosterEmpty, app.lang));
  for (std::size_t i = 0; i < school.roster.size(); ++i) {
    const Registrar registrar = school.roster[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::Separator();
    ImGui::Text("%s  %s", registrar.name.c_str(), registrar.phone.c_str());
    const std::string suffix = "." + std::to_string(i);
    if (!registrar.active) {
      ImGui::TextDisabled("%s", tr(Text::RegistrarInactive, app.lang));
    } else if (registrar.trained_on.empty()) {
      ImGui::TextColored(kErrorColor, "%s", tr(Text::RegistrarUntrained, app.lang));
    } else {
      ImGui::TextColored(kOkColor, tr(Text::RegistrarTrained, app.lang),
                         registrar.trained_on.c_str());
    }
    if (registrar.filed_with.empty()) {
      ImGui::TextDisabled("%s", tr(Text::RegistrarNotFiled, app.lang));
    } else {
      ImGui::TextDisabled(tr(Text::RegistrarFiled, app.lang), registrar.filed_with.c_str(),
                          registrar.filed_on.c_str());
    }
    if (registrar.active) {
      std::string& date = school.training_dates[registrar.registrar_id];
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
      ImGui::InputTextWithHint("##trained_on", "YYYY-MM-DD", &date);
      app.automation.record(("roster.trained_on" + suffix).c_str());
      ImGui::SameLine();
      if (ImGui::Button(tr(Text::RecordTraining, app.lang))) record_training(app, registrar);
      app.automation.record(("roster.train" + suffix).c_str());
      ImGui::SameLine();
      if (ImGui::Button(tr(Text::DeactivateRegistrar, app.lang)))
        deactivate_registrar(app, registrar);
      app.automation.record(("roster.deactivate" + suffix).c_str());
    }
    ImGui::PopID();
  }
  ImGui::Separator();
  ImGui::TextUnformatted(tr(Text::AddRegistrar, app.lang));
  const float label_width = ImGui::GetFontSize() * 5;
  labelled(tr(Text::FieldName, app.lang), label_width);
  ImGui::InputText("##registrar_name", &school.new_registrar_name);
  app.automation.record("roster.name");
  labelled(tr(Text::FieldPhone, app.lang), label_width);
  ImGui::InputText("##registrar_phone", &school.new_registrar_phone,
                   ImGuiInputTextFlags_CharsDecimal);
  app.automation.record("roster.phone");
  if (ImGui::Button(tr(Text::AddRegistrar, app.lang))) add_registrar(app);
  app.automation.record("roster.add");
}

void draw_term_tab(App& app) {
  SchoolState& school = app.school;
  ImGui::Text(tr(Text::TermLabel, app.lang), school.term.c_str());
  ImGui::TextWrapped("%s", tr(Text::TermHint, app.lang));
  if (school.summary) {
    ImGui::Text(tr(Text::TermCounts, app.lang), school.summary->in_school_count,
                school.summary->roster_count);
  }
  const bool confirmed = school.term_status && school.term_status->confirmed;
  if (confirmed) {
    const SchoolTermStatus& status = *school.term_status;
    ImGui::TextColored(kOkColor, tr(Text::TermConfirmedOn, app.lang), status.confirmed_on.c_str(),
                       status.confirmed_by.c_str());
    if (school.summary && status.roster_digest != school.summary->digest)
      ImGui::TextColored(kErrorColor, "%s", tr(Text::TermChangedSince, app.lang));
  } else {
    ImGui::TextColored(kErrorColor, "%s", tr(Text::TermNotConfirmed, app.lang));
  }
  ImGui::BeginDisabled(!school.summary);
  if (ImGui::Button(tr(Text::ConfirmTermRoster, app.lang))) confirm_term_roster(app);
  app.automation.record("term.confirm");
  ImGui::EndDisabled();
}

void draw_enrollment_tab(App& app) {
  SchoolState& school = app.school;
  ImGui::TextWrapped("%s", tr(Text::EnrollmentHint, app.lang));
  int waiting = 0;
  for (const Admission& admission : school.admissions) waiting += admission.state == "admitted";
  ImGui::Text(tr(Text::AdmissionCounts, app.lang), static_cast<int>(school.admissions.size()),
              waiting);
  if (school.admissions.empty()) {
    ImGui::TextDisabled("%s", tr(Text::NoAdmissions, app.lang));
    return;
  }
  if (ImGui::Button(tr(Text::SelectAllAdmitted, app.lang))) {
    for (const Admission& admission : school.admissions) {
      if (admission.state == "admitted") school.selected.insert(admission.admission_id);
    }
  }
  app.automation.record("enrollment.select_all");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::InputTextWithHint("##class", tr(Text::ColClass, app.lang), &school.admission_class);
  app.automation.record("enrollment.class");
  for (std::size_t i = 0; i < school.admissions.size(); ++i) {
    const Admission& admission = school.admissions[i];
    ImGui::PushID(static_cast<int>(i));
    const bool open = admission.state == "admitted";
    bool ticked = school.selected.count(admission.admission_id) > 0;
    ImGui::BeginDisabled(!open);
    if (ImGui::Checkbox("##pick", &ticked)) {
      if (ticked)
        school.selected.insert(admission.admission_id);
      else
        school.selected.erase(admission.admission_id);
    }
    app.automation.record(("enrollment.pick." + std::to_string(i)).c_str());
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Text("%s  %s  %d %s", admission.name.c_str(), admission.id_number.c_str(),
                admission.school_year, admission.stage.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s",
                        tr(open ? Text::AdmissionWaiting : Text::AdmissionRegistered, app.lang));
    ImGui::PopID();
  }
  ImGui::BeginDisabled(school.selected.empty());
  if (ImGui::Button(tr(Text::AdmitSelected, app.lang))) admit_selected(app);
  app.automation.record("enrollment.admit");
  ImGui::EndDisabled();
}

}  // namespace

void draw_school_screen(App& app) {
  SchoolState& school = app.school;
  struct Tab {
    SchoolTab tab;
    Text label;
    const char* id;
  };
  static const Tab kTabs[] = {
      {SchoolTab::Roster, Text::TabRoster, "school.tab.roster"},
      {SchoolTab::TermVerification, Text::TabTerm, "school.tab.term"},
      {SchoolTab::Enrollment, Text::TabEnrollment, "school.tab.enrollment"}};
  for (const Tab& tab : kTabs) {
    const bool current = school.tab == tab.tab;
    if (current)
      ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(tr(tab.label, app.lang))) open_school(app, tab.tab);
    if (current) ImGui::PopStyleColor();
    app.automation.record(tab.id);
    ImGui::SameLine();
  }
  ImGui::NewLine();
  ImGui::Separator();
  ImGui::BeginChild("##school", ImVec2(0, 0), false);
  switch (school.tab) {
    case SchoolTab::Roster:
      draw_roster_tab(app);
      break;
    case SchoolTab::TermVerification:
      draw_term_tab(app);
      break;
    case SchoolTab::Enrollment:
      draw_enrollment_tab(app);
      break;
  }
  draw_outcome(app, school.error_code, school.error_field, school.notice);
  ImGui::EndChild();
}

void draw_edit_student_screen(App& app) {
  EditStudentForm& form = app.school.edit;
  if (ImGui::Button(tr(Text::BackToDetail, app.lang))) open_student(app, form.student_id);
  app.automation.record("edit.back");
  const Student* student = nullptr;
  for (const LocalStudent& entry : app.all_students) {
    if (entry.student.student_id == form.student_id) student = &entry.student;
  }
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%s · %s", tr(Text::EditStudentTitle, app.lang),
              student ? student->name.c_str() : "");
  ImGui::BeginChild("##edit", ImVec2(0, 0), false);
  // 第十条: the name and the identity document change only through 信息更正 (R7).
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s", tr(Text::ProtectedFieldsHint, app.lang));
  ImGui::PopTextWrapPos();
  const float label_width = ImGui::GetFontSize() * 8;
  for (auto& [field, value] : form.values) {
    ImGui::PushID(field.c_str());
    std::string label_text;
    const char* label = field_label(field, app.lang);
    if (!label && field.rfind("guardian.", 0) == 0) {
      // "guardian.N.phone" -> 监护人N phone (positions from 0 in the data, from 1 on screen).
      const std::size_t dot = field.find('.', 9);
      char text[96];
      std::snprintf(text, sizeof text, tr(Text::FieldGuardian, app.lang),
                    std::atoi(field.c_str() + 9) + 1,
                    dot == std::string::npos ? "" : field.c_str() + dot + 1);
      label_text = text;
      label = label_text.c_str();
    }
    const std::string id = "edit.field." + field;
    if (is_flag(field)) {
      bool on = value == "1";
      if (ImGui::Checkbox(label ? label : field.c_str(), &on)) {
        value = on ? "1" : "0";
        form.error_code.clear();
      }
    } else {
      labelled(label ? label : field.c_str(), label_width);
      if (ImGui::InputText("##value", &value)) form.error_code.clear();
    }
    app.automation.record(id.c_str());
    ImGui::PopID();
  }
  if (ImGui::Button(tr(Text::SaveEdit, app.lang), ImVec2(ImGui::GetFontSize() * 8, 0)))
    save_edit_student(app);
  app.automation.record("edit.save");
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::StartCorrection, app.lang))) {
    open_student(app, form.student_id);
    choose_workflow_kind(app, WorkflowKind::InfoCorrection);
  }
  app.automation.record("edit.correction");
  draw_outcome(app, form.error_code, form.error_field, form.notice);
  ImGui::EndChild();
}

}  // namespace xueji::client
