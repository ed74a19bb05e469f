// 学生详情: the record, its registry changes (workflows with their steps and working-day
// deadlines, decisions that are this school's), and the form to start one. The transfer-in
// screen reuses the form. Everything goes through app.hpp; the rules are the core's.
#include <string>

#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "screens/screens.hpp"
#include "workflow_forms.hpp"
#include "xueji/date.hpp"

namespace xueji::client {
namespace {

const ImVec4 kErrorColor(0.78f, 0.10f, 0.10f, 1.0f);
const ImVec4 kOkColor(0.05f, 0.45f, 0.15f, 1.0f);

const char* pick(Lang lang, const char* zh, const char* en) {
  return lang == Lang::En ? en : zh;
}

void wrap_buttons_same_line(float next_width) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + next_width < right)
    ImGui::SameLine();
}

void draw_field_row(const char* label, const std::string& value) {
  ImGui::TextDisabled("%s", label);
  ImGui::SameLine(ImGui::GetFontSize() * 6);
  ImGui::TextUnformatted(value.c_str());
}

void draw_workflow(App& app, const Workflow& workflow, int index) {
  ImGui::PushID(index);
  ImGui::Separator();
  ImGui::Text("%s · %s", kind_label(workflow.kind, app.lang),
              workflow_state_label(workflow.state, app.lang));
  ImGui::SameLine();
  ImGui::TextDisabled(tr(Text::StartedOn, app.lang), workflow.started_on.c_str());
  for (const WorkflowStep& step : workflow.steps) {
    ImGui::Bullet();
    ImGui::Text(tr(Text::StepLine, app.lang), step.position + 1, party_label(step.party, app.lang),
                step_state_label(step.state, app.lang));
    if (step.state == StepState::Open) {
      if (const std::string deadline = deadline_text(app, step); !deadline.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", deadline.c_str());
      }
    }
    if (!step.comment.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", step.comment.c_str());
    }
  }
  // Its proofs: the hash the operation carried, and whether this device still has to upload it.
  for (const Proof& proof : workflow.proofs) {
    ImGui::Bullet();
    ImGui::TextDisabled("%s %s %.8s…", tr(Text::Proofs, app.lang), proof.kind.c_str(),
                        proof.content_hash.c_str());
    if (const char* state = attachment_state_label(app, proof.content_hash)) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", state);
    }
  }
  if (workflow.state == WorkflowState::Open) {
    const WorkflowStep* open = workflow.open_step();
    const std::string suffix = "." + std::to_string(index);
    if (open && step_is_mine(app, *open)) {
      if (ImGui::Button(tr(Text::Approve, app.lang))) decide_open_step(app, workflow, true);
      app.automation.record(("workflow.approve" + suffix).c_str());
      ImGui::SameLine();
      if (ImGui::Button(tr(Text::Reject, app.lang))) decide_open_step(app, workflow, false);
      app.automation.record(("workflow.reject" + suffix).c_str());
      ImGui::SameLine();
    }
    if (app.session && workflow.started_unit == app.session->unit_code) {
      if (ImGui::Button(tr(Text::Withdraw, app.lang))) withdraw_workflow(app, workflow);
      app.automation.record(("workflow.withdraw" + suffix).c_str());
    }
  }
  ImGui::PopID();
}

}  // namespace

void draw_workflow_form(App& app, bool choose_kind) {
  WorkflowDraft& draft = app.draft;
  if (choose_kind) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(Text::WorkflowKindLabel, app.lang));
    ImGui::SameLine();
    for (const WorkflowForm& form : school_workflow_forms()) {
      const char* label = pick(app.lang, form.zh, form.en);
      if (ImGui::RadioButton(label, draft.kind == form.kind)) choose_workflow_kind(app, form.kind);
      app.automation.record(
          ("workflow.kind." + std::string(workflow_kind_name(form.kind))).c_str());
      wrap_buttons_same_line(ImGui::CalcTextSize(label).x + ImGui::GetFontSize() * 2);
    }
    ImGui::NewLine();
  }
  const WorkflowForm* form = form_for(draft.kind);
  if (!form) return;
  const float label_width = ImGui::GetFontSize() * 11;
  for (const DetailField& field : form->fields) {
    ImGui::PushID(field.key);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(pick(app.lang, field.zh, field.en));
    ImGui::SameLine(label_width);
    std::string& value = draft.details[field.key];
    const std::string id = std::string("workflow.field.") + field.key;
    if (field.choices.empty()) {
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
      if (ImGui::InputTextWithHint("##value", field.hint, &value)) draft.error_code.clear();
      app.automation.record(id.c_str());
    } else {
      for (const Choice& choice : field.choices) {
        const char* label = pick(app.lang, choice.zh, choice.en);
        if (ImGui::RadioButton(label, value == choice.value)) {
          value = choice.value;
          draft.error_code.clear();
        }
        app.automation.record((id + "." + choice.value).c_str());
        wrap_buttons_same_line(ImGui::CalcTextSize(label).x + ImGui::GetFontSize() * 2);
      }
      ImGui::NewLine();
    }
    ImGui::PopID();
  }
  if (!form->proofs.empty()) {
    ImGui::TextUnformatted(tr(Text::Proofs, app.lang));
    for (const ProofSlot& slot : form->proofs) {
      ImGui::PushID(slot.kind);
      ImGui::Bullet();
      ImGui::TextUnformatted(pick(app.lang, slot.zh, slot.en));
      ImGui::SameLine(label_width);
      ImGui::BeginDisabled(draft.picking);
      if (ImGui::SmallButton(tr(Text::AttachFile, app.lang))) attach_proof(app, slot.kind);
      app.automation.record((std::string("workflow.proof.") + slot.kind).c_str());
      ImGui::SameLine();
      if (ImGui::SmallButton(tr(Text::TakePhoto, app.lang))) attach_proof(app, slot.kind, true);
      app.automation.record((std::string("workflow.photo.") + slot.kind).c_str());
      ImGui::EndDisabled();
      for (const Proof& proof : draft.proofs) {
        if (proof.kind != slot.kind) continue;
        ImGui::SameLine();
        ImGui::TextColored(kOkColor, "%s %.8s…", tr(Text::Attached, app.lang),
                           proof.content_hash.c_str());
        if (const char* state = attachment_state_label(app, proof.content_hash)) {
          ImGui::SameLine();
          ImGui::TextDisabled("%s", state);
        }
      }
      ImGui::PopID();
    }
  }
  if (ImGui::Button(tr(Text::SubmitWorkflow, app.lang), ImVec2(ImGui::GetFontSize() * 8, 0)))
    submit_workflow(app);
  app.automation.record("workflow.submit");
  if (!draft.error_code.empty()) {
    std::string message = error_message(app, draft.error_code, {});
    if (!draft.error_field.empty()) {
      char field[96];
      std::snprintf(field, sizeof field, tr(Text::ErrorField, app.lang), draft.error_field.c_str());
      message += field;
    }
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetFontSize() * 30);
    ImGui::TextColored(kErrorColor, "%s", message.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!app.workflow_notice.empty()) ImGui::TextColored(kOkColor, "%s", app.workflow_notice.c_str());
}

void draw_student_detail_screen(App& app) {
  if (ImGui::Button(tr(Text::BackToList, app.lang))) app.screen = Screen::Students;
  app.automation.record("detail.back");
  const Student* student = detail_student(app);
  if (!student) return;
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%s · %s", tr(Text::StudentDetailTitle, app.lang), student->name.c_str());
  ImGui::SameLine();
  if (ImGui::Button(tr(Text::EditStudent, app.lang))) open_edit_student(app, student->student_id);
  app.automation.record("detail.edit");
  ImGui::BeginChild("##detail", ImVec2(0, 0), false);
  draw_field_row(tr(Text::FieldName, app.lang), student->name);
  draw_field_row(tr(Text::ColRegistryNumber, app.lang), student->registry_number);
  draw_field_row(tr(Text::FieldIdNumber, app.lang), student->id_number);
  draw_field_row(tr(Text::ColGender, app.lang),
                 tr(student->gender == Gender::Female ? Text::Female : Text::Male, app.lang));
  draw_field_row(tr(Text::ColBirthDate, app.lang), format_date(student->birth_date));
  draw_field_row(tr(Text::ColClass, app.lang),
                 std::to_string(student->grade) + " · " + student->class_name);
  draw_field_row(tr(Text::FieldStatus, app.lang), student->status);
  ImGui::Spacing();
  ImGui::TextUnformatted(tr(Text::WorkflowHistory, app.lang));
  if (app.detail_workflows.empty()) ImGui::TextDisabled("%s", tr(Text::NoWorkflows, app.lang));
  for (int i = 0; i < static_cast<int>(app.detail_workflows.size()); ++i) {
    // A decision reloads the list: stop drawing the old one.
    const std::size_t before = app.detail_workflows.size();
    const Workflow workflow = app.detail_workflows[static_cast<std::size_t>(i)];
    draw_workflow(app, workflow, i);
    if (app.detail_workflows.size() != before) break;
  }
  ImGui::Separator();
  ImGui::Spacing();
  ImGui::TextUnformatted(tr(Text::StartWorkflowTitle, app.lang));
  draw_workflow_form(app, true);
  ImGui::EndChild();
}

void draw_transfer_in_screen(App& app) {
  ImGui::TextUnformatted(tr(Text::TransferInTitle, app.lang));
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40);
  ImGui::TextDisabled("%s", tr(Text::TransferInHint, app.lang));
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  draw_workflow_form(app, false);
}

}  // namespace xueji::client
