// The review screens of county/city/province staff (S4): 审批, 冲突队列 side by side, 统计.
// Online only. They draw App::staff and call the functions of staff.hpp; the rules (who may
// decide, what a decision does) are the core's and the server's.
#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <initializer_list>
#include <string>

#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "screens/screens.hpp"
#include "workflow_forms.hpp"

namespace xueji::client {
namespace {

// The staff screens' tables: bordered, striped, scrolling under a frozen header row of
// catalogue texts with relative widths. Returns BeginTable's answer (EndTable when true).
struct Column {
  Text title;
  float weight;
};
bool begin_staff_table(App& app, const char* id, std::initializer_list<Column> columns,
                       ImVec2 size = ImVec2(0, 0)) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                     ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable(id, static_cast<int>(columns.size()), kFlags, size)) return false;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const Column& c : columns) ImGui::TableSetupColumn(tr(c.title, app.lang), 0, c.weight);
  ImGui::TableHeadersRow();
  return true;
}

const ImVec4 kErrorColor(0.78f, 0.10f, 0.10f, 1.0f);
const ImVec4 kOkColor(0.05f, 0.45f, 0.15f, 1.0f);
const ImVec4 kOverdueColor(0.80f, 0.25f, 0.05f, 1.0f);
const ImVec4 kOfflineColor(0.60f, 0.40f, 0.05f, 1.0f);
const ImU32 kDiffer = IM_COL32(255, 226, 160, 255);  // fields side B would change

// Staff screens need the server: a clear notice instead of requests bound to fail.
bool offline_notice(App& app) {
  if (app.online()) return false;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(kOfflineColor, "%s", tr(Text::StaffOffline, app.lang));
  ImGui::PopTextWrapPos();
  app.automation.record(ids::kStaffOffline);
  return true;
}

void fetch_status(App& app, const Fetch& fetch) {
  if (fetch.busy) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr(Text::StaffLoading, app.lang));
  }
  if (!fetch.error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(kErrorColor, "%s", fetch.error.c_str());
    ImGui::PopTextWrapPos();
  }
}

const char* kind_text(const std::string& kind, Lang lang) {
  auto parsed = workflow_kind_from_name(kind);
  return parsed ? kind_label(*parsed, lang) : kind.c_str();
}

const char* party_text(const std::string& party, Lang lang) {
  auto parsed = party_from_name(party);
  return parsed ? party_label(*parsed, lang) : party.c_str();
}

std::string days_left_text(const App& app, const Approval& a) {
  if (!a.working_days_left) return "—";
  char text[96];
  if (*a.working_days_left >= 0)
    std::snprintf(text, sizeof text, tr(Text::DaysLeft, app.lang), *a.working_days_left);
  else
    std::snprintf(text, sizeof text, tr(Text::OverdueDays, app.lang), -*a.working_days_left);
  return text;
}

void draw_approval_detail(App& app) {
  StaffState& staff = app.staff;
  if (staff.selected_approval < 0 ||
      staff.selected_approval >= static_cast<int>(staff.approvals.size()))
    return;
  const Approval a = staff.approvals[static_cast<std::size_t>(staff.selected_approval)];
  ImGui::Separator();
  ImGui::TextUnformatted(tr(Text::ApprovalDetail, app.lang));
  ImGui::Text("%s · %s · %s", kind_text(a.kind, app.lang), a.student_name.c_str(),
              a.registry_number.c_str());
  ImGui::TextDisabled(tr(Text::StartedBy, app.lang), a.started_unit.c_str(), a.started_on.c_str());
  // The decision first, so it stays on screen above a long workflow.
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24);
  ImGui::InputTextWithHint("##approval_comment", tr(Text::Comment, app.lang),
                           &staff.approval_comment);
  app.automation.record(ids::kApprovalComment);
  ImGui::BeginDisabled(staff.deciding);
  if (ImGui::Button(tr(a.escalated ? Text::ForceApprove : Text::Approve, app.lang)))
    decide_approval(app, true);
  app.automation.record(ids::kApprovalApprove);
  ImGui::SameLine();
  if (ImGui::Button(tr(a.escalated ? Text::ForceReject : Text::Reject, app.lang)))
    decide_approval(app, false);
  app.automation.record(ids::kApprovalReject);
  ImGui::EndDisabled();
  if (!staff.approval_error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(kErrorColor, "%s", staff.approval_error.c_str());
    ImGui::PopTextWrapPos();
  }
  if (staff.approval_workflow) {
    const Workflow& workflow = *staff.approval_workflow;
    for (const auto& [key, value] : workflow.details)
      ImGui::BulletText("%s: %s", key.c_str(), value.c_str());
    ImGui::TextUnformatted(tr(Text::Proofs, app.lang));
    if (workflow.proofs.empty()) ImGui::TextDisabled("%s", tr(Text::NoProofs, app.lang));
    for (const Proof& proof : workflow.proofs)
      ImGui::BulletText("%s  %.12s…", proof.kind.c_str(), proof.content_hash.c_str());
    for (const WorkflowStep& step : workflow.steps) {
      ImGui::Text(tr(Text::StepLine, app.lang), step.position, party_label(step.party, app.lang),
                  step_state_label(step.state, app.lang));
      if (const std::string deadline = deadline_text(app, step); !deadline.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", deadline.c_str());
      }
    }
  } else {
    ImGui::TextDisabled("%s", tr(Text::WorkflowNotPulled, app.lang));
  }
}

const char* case_status_text(const std::string& status, Lang lang) {
  if (status == "open") return tr(Text::CaseStatusOpen, lang);
  if (status == "escalated") return tr(Text::CaseStatusEscalated, lang);
  if (status == "decided") return tr(Text::CaseStatusDecided, lang);
  if (status == "closed") return tr(Text::CaseStatusClosed, lang);
  return status.c_str();
}

const char* case_kind_text(const std::string& kind, Lang lang) {
  if (kind == "duplicate_registration") return tr(Text::CaseKindDuplicate, lang);
  if (kind == "protected_field") return tr(Text::CaseKindProtected, lang);
  if (kind == "moved_away") return tr(Text::CaseKindMovedAway, lang);
  return kind.c_str();
}

void provenance_tooltip(const Provenance& from) {
  if (!ImGui::IsItemHovered() || (from.actor.empty() && from.device_id.empty())) return;
  ImGui::SetTooltip("%s\n%s · %s\n%s", from.actor.c_str(), from.school_code.c_str(),
                    from.device_id.c_str(), from.time.c_str());
}

void value_cell(const std::optional<std::string>& value, const Provenance* from) {
  if (value)
    ImGui::TextUnformatted(value->empty() ? "\"\"" : value->c_str());
  else
    ImGui::TextDisabled("—");
  if (from) {
    provenance_tooltip(*from);
    if (!from->school_code.empty() || !from->time.empty())
      ImGui::TextDisabled("%s %s", from->school_code.c_str(), from->time.substr(0, 19).c_str());
  }
}

void draw_case_detail(App& app) {
  StaffState& staff = app.staff;
  if (!staff.case_detail) {
    ImGui::TextDisabled("%s", tr(Text::SelectCase, app.lang));
    return;
  }
  const ReviewCaseDetail& detail = *staff.case_detail;
  const ReviewCaseSummary& c = detail.summary;
  ImGui::Text("%s · %s · %s", tr(Text::CaseDetailTitle, app.lang), case_kind_text(c.kind, app.lang),
              case_status_text(c.status, app.lang));
  ImGui::TextDisabled("%s · %s", c.code.c_str(), error_message(app, c.code, {}).c_str());
  if (!detail.registry_number.empty()) ImGui::Text("%s", detail.registry_number.c_str());
  ImGui::TextDisabled(tr(Text::SideBFrom, app.lang), detail.b_from.school_code.c_str(),
                      detail.b_from.device_id.c_str(), detail.b_from.time.c_str());
  const bool open = c.status == "open" || c.status == "escalated";

  const float table_height =
      ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 4;
  if (begin_staff_table(app, "##case_fields",
                        {{Text::ColField, 1.2f},
                         {Text::ColBase, 1.0f},
                         {Text::ColSideA, 1.6f},
                         {Text::ColSideB, 1.6f},
                         {Text::ColCurrent, 1.6f},
                         {Text::ColChoice, 1.0f}},
                        ImVec2(0, std::max(120.0f, table_height)))) {
    int row = 0;
    for (const CaseField& f : detail.fields) {
      ImGui::TableNextRow();
      if (f.differs) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, kDiffer);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(f.field.c_str());
      ImGui::TableNextColumn();
      value_cell(f.base, nullptr);
      ImGui::TableNextColumn();
      value_cell(f.a, &f.a_from);
      ImGui::TableNextColumn();
      value_cell(f.b, nullptr);
      ImGui::TableNextColumn();
      value_cell(f.current, &f.current_from);
      ImGui::TableNextColumn();
      if (f.differs && open) {
        ImGui::PushID(row);
        std::string& side = staff.choices[f.field];
        if (ImGui::RadioButton("A", side == "a")) side = "a";
        app.automation.record(("case.choice." + f.field + ".a").c_str());
        ImGui::SameLine();
        if (ImGui::RadioButton("B", side == "b")) side = "b";
        app.automation.record(("case.choice." + f.field + ".b").c_str());
        ImGui::PopID();
      }
      ++row;
    }
    ImGui::EndTable();
  }
  app.automation.record(ids::kCaseTable);

  if (!open) {
    ImGui::TextColored(kOkColor, tr(Text::CaseDecided, app.lang),
                       review_decision_label(c.decision, app.lang), c.decided_by.c_str());
    if (!c.comment.empty()) ImGui::TextDisabled("%s", c.comment.c_str());
  } else {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24);
    ImGui::InputTextWithHint("##case_comment", tr(Text::Comment, app.lang), &staff.case_comment);
    app.automation.record(ids::kCaseComment);
    // One decision at a time; a sync running now sends it right after (auto sync).
    ImGui::BeginDisabled(staff.case_decision_pending);
    for (const char* decision : {"keep_a", "keep_b", "merge", "escalate"}) {
      if (ImGui::Button(review_decision_label(decision, app.lang)))
        decide_review_case(app, decision);
      app.automation.record((std::string("case.decide.") + decision).c_str());
      ImGui::SameLine();
    }
    ImGui::EndDisabled();
    ImGui::NewLine();
  }
  if (!staff.case_notice.empty()) ImGui::TextColored(kOkColor, "%s", staff.case_notice.c_str());
  if (!staff.case_error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(kErrorColor, "%s", staff.case_error.c_str());
    ImGui::PopTextWrapPos();
  }
}

void draw_unit_row(App& app, const UnitStatistics& s, bool total) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(total ? tr(Text::Total, app.lang) : s.unit_name.c_str());
  ImGui::TableNextColumn();
  ImGui::Text("%d", s.in_school());
  // Grades as a small bar chart in the row (ImGui's histogram).
  ImGui::TableNextColumn();
  float grades[9];
  for (std::size_t i = 0; i < 9; ++i) grades[i] = static_cast<float>(s.in_school_by_grade[i]);
  ImGui::PushID(s.unit_code.c_str());
  ImGui::PlotHistogram("##grades", grades, 9, 0, nullptr, 0.0f, FLT_MAX,
                       ImVec2(ImGui::GetFontSize() * 9, ImGui::GetFontSize() * 1.6f));
  if (ImGui::IsItemHovered()) {
    std::string tip;
    for (std::size_t i = 0; i < 9; ++i) {
      char line[64];
      std::snprintf(line, sizeof line, tr(Text::GradeN, app.lang), static_cast<int>(i + 1));
      tip += std::string(line) + ": " + std::to_string(s.in_school_by_grade[i]) + "\n";
    }
    for (const auto& [status, count] : s.status_counts)
      tip += status + ": " + std::to_string(count) + "\n";
    ImGui::SetTooltip("%s", tip.c_str());
  }
  ImGui::PopID();
  for (int value : {s.transfers_in, s.transfers_out, s.dropouts}) {
    ImGui::TableNextColumn();
    ImGui::Text("%d", value);
  }
  ImGui::TableNextColumn();
  if (s.overdue_steps > 0)
    ImGui::TextColored(kOverdueColor, "%d", s.overdue_steps);
  else
    ImGui::Text("%d", s.overdue_steps);
  ImGui::TableNextColumn();
  ImGui::Text("%d", s.open_problem_records);
}

}  // namespace

void draw_approvals_screen(App& app) {
  StaffState& staff = app.staff;
  ImGui::TextUnformatted(tr(Text::ApprovalsTitle, app.lang));
  ImGui::SameLine();
  if (ImGui::Checkbox(tr(Text::OverdueOnly, app.lang), &staff.overdue_only)) load_approvals(app);
  app.automation.record(ids::kApprovalsOverdue);
  ImGui::SameLine();
  if (ImGui::SmallButton(tr(Text::Refresh, app.lang))) load_approvals(app);
  app.automation.record(ids::kApprovalsRefresh);
  fetch_status(app, staff.approvals_fetch);
  if (offline_notice(app)) return;
  if (!staff.approval_notice.empty())
    ImGui::TextColored(kOkColor, "%s", staff.approval_notice.c_str());
  if (staff.approvals_fetch.loaded && staff.approvals.empty()) {
    ImGui::TextDisabled("%s", tr(Text::NoApprovals, app.lang));
    return;
  }
  const float list_height = staff.selected_approval >= 0 ? ImGui::GetContentRegionAvail().y * 0.45f
                                                         : ImGui::GetContentRegionAvail().y;
  if (begin_staff_table(app, "##approvals",
                        {{Text::ColKind, 1.2f},
                         {Text::ColStudent, 1.6f},
                         {Text::ColSchool, 1.2f},
                         {Text::ColStep, 1.4f},
                         {Text::ColDeadline, 1.0f},
                         {Text::ColDaysLeft, 1.2f}},
                        ImVec2(0, list_height))) {
    for (int i = 0; i < static_cast<int>(staff.approvals.size()); ++i) {
      const Approval& a = staff.approvals[static_cast<std::size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      if (ImGui::Selectable(kind_text(a.kind, app.lang), staff.selected_approval == i,
                            ImGuiSelectableFlags_SpanAllColumns))
        select_approval(app, i);
      app.automation.record(("approvals.row." + std::to_string(i)).c_str());
      ImGui::PopID();
      ImGui::TableNextColumn();
      ImGui::Text("%s %s", a.student_name.c_str(), a.registry_number.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(a.school_code.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%d · %s%s", a.position, party_text(a.party, app.lang),
                  a.escalated ? tr(Text::Escalated, app.lang) : "");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(a.deadline.c_str());
      ImGui::TableNextColumn();
      const std::string left = days_left_text(app, a);
      if (a.overdue)
        ImGui::TextColored(kOverdueColor, "%s", left.c_str());
      else
        ImGui::TextUnformatted(left.c_str());
    }
    ImGui::EndTable();
  }
  app.automation.record(ids::kApprovalsTable);
  draw_approval_detail(app);
}

void draw_review_cases_screen(App& app) {
  StaffState& staff = app.staff;
  ImGui::TextUnformatted(tr(Text::CasesTitle, app.lang));
  ImGui::SameLine();
  if (ImGui::SmallButton(tr(Text::Refresh, app.lang))) load_review_cases(app);
  app.automation.record(ids::kCasesRefresh);
  fetch_status(app, staff.cases_fetch);
  if (offline_notice(app)) return;
  fetch_status(app, staff.case_fetch);
  if (staff.cases_fetch.loaded && staff.cases.empty()) {
    ImGui::TextDisabled("%s", tr(Text::NoCases, app.lang));
    return;
  }
  // The queue on the left, the chosen case side by side on the right (stacked on a phone).
  const float available = ImGui::GetContentRegionAvail().x;
  const bool narrow = available < ImGui::GetFontSize() * 50;
  const float list_width = narrow ? 0.0f : available * 0.32f;
  const float list_height = narrow ? ImGui::GetContentRegionAvail().y * 0.3f : 0.0f;
  ImGui::BeginChild("##case_list", ImVec2(list_width, list_height), true);
  for (int i = 0; i < static_cast<int>(staff.cases.size()); ++i) {
    const ReviewCaseSummary& c = staff.cases[static_cast<std::size_t>(i)];
    const bool selected = staff.case_detail && staff.case_detail->summary.case_id == c.case_id;
    ImGui::PushID(i);
    char label[256];
    std::snprintf(label, sizeof label, "%s · %s\n%s · %s → %s", case_kind_text(c.kind, app.lang),
                  case_status_text(c.status, app.lang), c.code.c_str(), c.other_school_code.c_str(),
                  c.school_code.c_str());
    const bool clicked = ImGui::Selectable(label, selected);
    app.automation.record(("cases.row." + std::to_string(i)).c_str());
    ImGui::PopID();
    if (clicked) open_review_case(app, c.case_id);  // answers later: the list stays valid
  }
  ImGui::EndChild();
  if (!narrow) ImGui::SameLine();
  ImGui::BeginChild("##case_detail", ImVec2(0, 0), false);
  draw_case_detail(app);
  ImGui::EndChild();
}

void draw_statistics_screen(App& app) {
  StaffState& staff = app.staff;
  const std::string unit = staff.total   ? staff.total->unit_name
                           : app.session ? app.session->unit_name
                                         : std::string();
  ImGui::Text(tr(Text::StatisticsTitle, app.lang), unit.c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton(tr(Text::Refresh, app.lang))) load_statistics(app);
  app.automation.record(ids::kStatisticsRefresh);
  fetch_status(app, staff.statistics_fetch);
  if (offline_notice(app)) return;
  if (!staff.statistics_fetch.loaded) return;

  // Charts: the scope by grade, and each school's students in school.
  if (staff.total) {
    float grades[9];
    for (std::size_t i = 0; i < 9; ++i)
      grades[i] = static_cast<float>(staff.total->in_school_by_grade[i]);
    ImGui::PlotHistogram(tr(Text::ByGrade, app.lang), grades, 9, 0, nullptr, 0.0f, FLT_MAX,
                         ImVec2(ImGui::GetFontSize() * 20, ImGui::GetFontSize() * 5));
    app.automation.record(ids::kStatisticsChart);
  }
  if (!staff.schools.empty()) {
    std::vector<float> per_school;
    for (const UnitStatistics& s : staff.schools)
      per_school.push_back(static_cast<float>(s.in_school()));
    ImGui::PlotHistogram(tr(Text::InSchoolPerSchool, app.lang), per_school.data(),
                         static_cast<int>(per_school.size()), 0, nullptr, 0.0f, FLT_MAX,
                         ImVec2(ImGui::GetFontSize() * 20, ImGui::GetFontSize() * 5));
  }
  if (begin_staff_table(app, "##statistics",
                        {{Text::ColSchool, 2.4f},
                         {Text::ColInSchool, 0.8f},
                         {Text::ByGrade, 2.0f},
                         {Text::ColTransfersIn, 0.8f},
                         {Text::ColTransfersOut, 0.8f},
                         {Text::ColDropouts, 0.8f},
                         {Text::ColOverdueSteps, 0.8f},
                         {Text::ColProblemRecords, 0.8f}})) {
    for (const UnitStatistics& s : staff.schools) draw_unit_row(app, s, false);
    if (staff.total) draw_unit_row(app, *staff.total, true);
    ImGui::EndTable();
  }
  app.automation.record(ids::kStatisticsTable);
}

}  // namespace xueji::client
