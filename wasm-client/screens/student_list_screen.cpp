#include <algorithm>
#include <string>

#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "screens/screens.hpp"
#include "xueji/date.hpp"

namespace xueji::client {
namespace {

const char* sync_state_label(const std::string& state, Lang lang) {
  if (state == "synced") return tr(Text::SyncSynced, lang);
  if (state == "rejected") return tr(Text::SyncRejected, lang);
  return tr(Text::SyncPending, lang);
}

const char* gender_label(Gender gender, Lang lang) {
  return tr(gender == Gender::Female ? Text::Female : Text::Male, lang);
}

// A phone: one column, two lines a student (name and class; 学籍号 and sync state), each row
// one tall touch target.
void draw_compact_list(App& app) {
  ImGui::BeginChild("##students", ImVec2(0, 0), true);
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float row_height = line * 2 + ImGui::GetStyle().FramePadding.y;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(app.students.size()), row_height);
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const LocalStudent& entry = app.students[static_cast<size_t>(row)];
      const Student& student = entry.student;
      ImGui::PushID(row);
      const ImVec2 start = ImGui::GetCursorPos();
      if (ImGui::Selectable("##row", false, 0,
                            ImVec2(0, row_height - ImGui::GetStyle().ItemSpacing.y)))
        open_student(app, student.student_id);
      app.automation.record(("students.row." + student.registry_number).c_str());
      ImGui::SetCursorPos(start);
      ImGui::Text("%s  %d · %s", student.name.c_str(), student.grade, student.class_name.c_str());
      ImGui::TextDisabled("%s · %s", student.registry_number.c_str(),
                          sync_state_label(entry.sync_state, app.lang));
      ImGui::SetCursorPos(ImVec2(start.x, start.y + row_height));
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
  app.automation.record(ids::kStudentTable);
}

}  // namespace

void draw_student_list_screen(App& app) {
  ImGui::SetNextItemWidth(std::min(ImGui::GetFontSize() * 22, ImGui::GetContentRegionAvail().x));
  // Filtering is in memory (apply_search): a keystroke costs no database work.
  if (ImGui::InputTextWithHint("##search", tr(Text::SearchHint, app.lang), &app.search))
    apply_search(app);
  app.automation.record(ids::kSearch);
  if (!app.compact) ImGui::SameLine();
  if (draw_code_point_entry(app, app.search_code_point, app.search, ids::kSearchCodePoint,
                            ids::kSearchCodePointInsert))
    apply_search(app);
  if (!app.compact) ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::Text(tr(Text::StudentCount, app.lang), app.student_count);
  if (const std::string notice = registered_notice(app); !notice.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.05f, 0.45f, 0.15f, 1.0f), "%s", notice.c_str());
  }

  if (app.students.empty()) {
    ImGui::TextDisabled("%s", tr(Text::NoStudents, app.lang));
    return;
  }
  if (app.compact) return draw_compact_list(app);
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                     ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                     ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("##students", 7, kFlags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr(Text::ColRegistryNumber, app.lang), 0, 2.6f);
  ImGui::TableSetupColumn(tr(Text::ColName, app.lang), 0, 1.4f);
  ImGui::TableSetupColumn(tr(Text::ColGender, app.lang), 0, 0.6f);
  ImGui::TableSetupColumn(tr(Text::ColBirthDate, app.lang), 0, 1.3f);
  ImGui::TableSetupColumn(tr(Text::ColGrade, app.lang), 0, 0.6f);
  ImGui::TableSetupColumn(tr(Text::ColClass, app.lang), 0, 1.0f);
  ImGui::TableSetupColumn(tr(Text::ColSyncState, app.lang), 0, 1.0f);
  ImGui::TableHeadersRow();

  // Only visible rows are drawn, so a school of thousands scrolls at frame rate.
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(app.students.size()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const LocalStudent& entry = app.students[static_cast<size_t>(row)];
      const Student& student = entry.student;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(student.registry_number.c_str());
      ImGui::TableNextColumn();
      // The name opens the student's detail (history, registry changes).
      ImGui::PushID(row);
      if (ImGui::Selectable(student.name.c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
        open_student(app, student.student_id);
      app.automation.record(("students.row." + student.registry_number).c_str());
      ImGui::PopID();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(gender_label(student.gender, app.lang));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(format_date(student.birth_date).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%d", student.grade);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(student.class_name.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(sync_state_label(entry.sync_state, app.lang));
    }
  }
  ImGui::EndTable();
  app.automation.record(ids::kStudentTable);
}

}  // namespace xueji::client
