#include "test_state.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <utility>

#include "platform/platform.hpp"

namespace xueji::client {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void put(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}
void put(Writer& w, const char* key, const char* value) {
  w.Key(key);
  w.String(value);
}
void put(Writer& w, const char* key, int value) {
  w.Key(key);
  w.Int(value);
}
void put(Writer& w, const char* key, bool value) {
  w.Key(key);
  w.Bool(value);
}

void write_last_sync(Writer& w, const SyncStatus& sync) {
  w.Key("last_sync");
  if (!sync.attempted && !sync.in_progress) {
    w.Null();
    return;
  }
  w.StartObject();
  put(w, "in_progress", sync.in_progress);
  put(w, "ok", sync.ok);
  put(w, "finished_at", sync.finished_at);
  put(w, "applied", sync.summary.applied);
  put(w, "rejected", sync.summary.rejected);
  put(w, "conflicts", sync.summary.conflicts);
  put(w, "automatic", sync.automatic);
  put(w, "pulled", sync.pulled);
  put(w, "remaining", static_cast<int>(sync.remaining));
  put(w, "error_code", sync.error_code);
  put(w, "error", sync.error);
  w.EndObject();
}

void write_form(Writer& w, const App& app) {
  w.Key("form");
  w.StartObject();
  put(w, "name", app.form.name);
  put(w, "id_number", app.form.id_number);
  put(w, "enrollment_date", app.form.enrollment_date);
  put(w, "grade", app.form.grade);
  put(w, "class_name", app.form.class_name);
  put(w, "code_point", app.form.code_point.text);
  put(w, "code_point_error", app.form.code_point.error_code);
  const std::string code = form_error_code(app);
  put(w, "error_code", code);
  put(w, "error", code.empty() ? std::string() : error_message(app, code, {}));
  w.EndObject();
}

void write_fetch(Writer& w, const char* key, const Fetch& fetch) {
  w.Key(key);
  w.StartObject();
  put(w, "busy", fetch.busy);
  put(w, "loaded", fetch.loaded);
  put(w, "error", fetch.error);
  put(w, "error_code", fetch.error_code);
  w.EndObject();
}

// The staff screens' data (S4): what the officer sees, for the tests to follow.
void write_staff(Writer& w, const App& app) {
  const StaffState& staff = app.staff;
  w.Key("staff");
  w.StartObject();
  put(w, "is_staff", is_staff(app));
  write_fetch(w, "approvals_fetch", staff.approvals_fetch);
  put(w, "overdue_only", staff.overdue_only);
  w.Key("approvals");
  w.StartArray();
  for (const Approval& a : staff.approvals) {
    w.StartObject();
    put(w, "workflow_id", a.workflow_id);
    put(w, "kind", a.kind);
    put(w, "student_name", a.student_name);
    put(w, "registry_number", a.registry_number);
    put(w, "position", a.position);
    put(w, "party", a.party);
    put(w, "deadline", a.deadline);
    w.Key("working_days_left");
    if (a.working_days_left)
      w.Int(*a.working_days_left);
    else
      w.Null();
    put(w, "overdue", a.overdue);
    put(w, "escalated", a.escalated);
    w.EndObject();
  }
  w.EndArray();
  put(w, "selected_approval", staff.selected_approval);
  put(w, "approval_workflow_loaded", staff.approval_workflow.has_value());
  put(w, "approval_proofs",
      staff.approval_workflow ? static_cast<int>(staff.approval_workflow->proofs.size()) : 0);
  put(w, "deciding", staff.deciding);
  put(w, "approval_notice", staff.approval_notice);
  put(w, "approval_error", staff.approval_error);
  put(w, "approval_error_code", staff.approval_error_code);
  write_fetch(w, "cases_fetch", staff.cases_fetch);
  w.Key("cases");
  w.StartArray();
  for (const ReviewCaseSummary& c : staff.cases) {
    w.StartObject();
    put(w, "case_id", c.case_id);
    put(w, "kind", c.kind);
    put(w, "code", c.code);
    put(w, "status", c.status);
    put(w, "decision", c.decision);
    put(w, "school_code", c.school_code);
    put(w, "other_school_code", c.other_school_code);
    w.EndObject();
  }
  w.EndArray();
  write_fetch(w, "case_fetch", staff.case_fetch);
  w.Key("case_detail");
  if (!staff.case_detail) {
    w.Null();
  } else {
    const ReviewCaseDetail& d = *staff.case_detail;
    w.StartObject();
    put(w, "case_id", d.summary.case_id);
    put(w, "kind", d.summary.kind);
    put(w, "status", d.summary.status);
    put(w, "decision", d.summary.decision);
    put(w, "registry_number", d.registry_number);
    w.Key("fields");
    w.StartArray();
    for (const CaseField& f : d.fields) {
      w.StartObject();
      put(w, "field", f.field);
      put(w, "a", f.a.value_or(""));
      put(w, "b", f.b.value_or(""));
      put(w, "current", f.current.value_or(""));
      put(w, "a_school", f.a_from.school_code);
      put(w, "differs", f.differs);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  put(w, "case_notice", staff.case_notice);
  put(w, "case_error", staff.case_error);
  put(w, "case_error_code", staff.case_error_code);
  put(w, "case_decision_pending", staff.case_decision_pending);
  write_fetch(w, "statistics_fetch", staff.statistics_fetch);
  put(w, "statistics_schools", static_cast<int>(staff.schools.size()));
  put(w, "statistics_in_school", staff.total ? staff.total->in_school() : 0);
  w.EndObject();
}

}  // namespace

std::string state_json(const App& app) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  put(w, "screen", screen_name(app.screen));
  put(w, "lang", app.lang == Lang::Zh ? "zh" : "en");
  put(w, "storage_loaded", platform::storage_loaded());
  put(w, "logged_in", app.session.has_value());
  put(w, "account", app.session ? app.session->account : std::string());
  put(w, "unit_code", app.session ? app.session->unit_code : std::string());
  put(w, "device_id", app.device_id);
  put(w, "online", app.online());
  put(w, "session_expired", app.session_expired);
  put(w, "student_count", app.student_count);
  put(w, "pending", app.pending);
  put(w, "fully_synced", app.fully_synced());
  w.Key("storage");
  w.StartObject();
  const platform::StorageEstimate estimate = platform::storage_estimate();
  put(w, "persisted", estimate.persisted);
  w.Key("usage");
  w.Double(estimate.usage);
  w.Key("quota");
  w.Double(estimate.quota);
  put(w, "warn", storage_nearly_full());
  w.EndObject();
  put(w, "saved", app.saved());
  put(w, "save_failed", app.save_failed);
  put(w, "commits", static_cast<int>(app.commits));
  put(w, "durable_commits", static_cast<int>(app.durable_commits));
  put(w, "text_input_focused", platform::text_input_focused());
  put(w, "missing_glyphs", app.missing_glyphs);
  w.Key("fonts");
  w.StartObject();
  put(w, "fetching", app.rare_fonts.fetching());
  put(w, "waiting", app.rare_fonts.waiting());
  put(w, "chunks_loaded", app.rare_fonts.chunks_loaded());
  put(w, "unavailable", static_cast<int>(app.rare_fonts.unavailable().size()));
  put(w, "rebuilds", app.rare_fonts.rebuilds());
  put(w, "prefetched", app.rare_fonts.prefetched());
  w.Key("last_rebuild_ms");
  w.Double(app.rare_fonts.last_rebuild_ms());
  w.EndObject();
  put(w, "login_username", app.login.username);
  put(w, "login_error", app.login.error);
  put(w, "login_busy", app.login.busy);
  put(w, "notice", registered_notice(app));
  put(w, "search", app.search);
  put(w, "search_code_point_error", app.search_code_point.error_code);
  w.Key("perf");
  w.StartObject();
  w.Key("filter_ms");
  w.Double(app.filter_ms);
  w.Key("last_frame_ms");
  w.Double(app.last_frame_ms);
  w.Key("max_search_frame_ms");
  w.Double(app.max_search_frame_ms);
  w.Key("last_search_frame_ms");
  w.Double(app.last_search_frame_ms);
  put(w, "search_frames", static_cast<int>(app.search_frames));
  for (const auto& [key, phases] : {std::pair{"last_phases", &app.phases},
                                    std::pair{"max_search_phases", &app.max_search_phases},
                                    std::pair{"last_search_phases", &app.last_search_phases}}) {
    w.Key(key);
    w.StartObject();
    for (const auto& [name, ms] :
         {std::pair{"tick", phases->tick}, std::pair{"draw", phases->draw},
          std::pair{"after", phases->after}, std::pair{"render", phases->render},
          std::pair{"started_at", phases->started_at}}) {
      w.Key(name);
      w.Double(ms);
    }
    put(w, "vertices", phases->vertices);
    put(w, "indices", phases->indices);
    put(w, "draw_calls", phases->draw_calls);
    put(w, "submitted", phases->submitted);
    w.EndObject();
  }
  w.Key("registration_commit");
  w.StartObject();
  w.Key("local_ms");
  w.Double(app.registration_commit.local_ms);
  w.Key("durable_ms");
  w.Double(app.registration_commit.durable_ms);
  put(w, "generation", static_cast<int>(app.registration_commit.generation));
  w.EndObject();
  w.EndObject();
  write_last_sync(w, app.sync);
  put(w, "workflow_notice", app.workflow_notice);
  w.Key("uploads");
  w.StartObject();
  put(w, "pending", app.uploads.pending);
  put(w, "in_progress", app.uploads.in_progress);
  put(w, "sent_bytes", static_cast<int>(app.uploads.sent_bytes));
  put(w, "error_code", app.uploads.error_code);
  w.EndObject();
  w.Key("offline_unlocked");
  w.Bool(app.offline_unlocked);
  w.Key("compact");
  w.Bool(app.compact);
  w.Key("school");
  w.StartObject();
  put(w, "notice", app.school.notice);
  put(w, "error_code", app.school.error_code);
  put(w, "roster", static_cast<int>(app.school.roster.size()));
  put(w, "admissions", static_cast<int>(app.school.admissions.size()));
  put(w, "term_confirmed", app.school.term_status && app.school.term_status->confirmed ? 1 : 0);
  put(w, "edit_notice", app.school.edit.notice);
  put(w, "edit_error_code", app.school.edit.error_code);
  w.EndObject();
  w.Key("draft");
  w.StartObject();
  put(w, "kind", std::string(workflow_kind_name(app.draft.kind)));
  put(w, "proofs", static_cast<int>(app.draft.proofs.size()));
  put(w, "error_code", app.draft.error_code);
  put(w, "error_field", app.draft.error_field);
  w.EndObject();
  w.Key("detail");
  w.StartObject();
  put(w, "student_id", app.detail_student_id);
  w.Key("workflows");
  w.StartArray();
  for (const Workflow& workflow : app.detail_workflows) {
    w.StartObject();
    put(w, "kind", std::string(workflow_kind_name(workflow.kind)));
    put(w, "state", std::string(workflow_state_name(workflow.state)));
    w.Key("steps");
    w.StartArray();
    for (const WorkflowStep& step : workflow.steps) {
      w.StartObject();
      put(w, "party", std::string(party_name(step.party)));
      put(w, "state", std::string(step_state_name(step.state)));
      put(w, "deadline", step.deadline);
      put(w, "deadline_text", deadline_text(app, step));
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  write_form(w, app);

  w.Key("rejections");
  w.StartArray();
  for (const Rejection& rejection : app.rejections) {
    w.StartObject();
    put(w, "op_id", rejection.op_id);
    put(w, "student_name", rejection.student_name);
    put(w, "code", rejection.code);
    put(w, "message",
        error_message(app, rejection.code,
                      app.lang == Lang::Zh ? rejection.message_zh : rejection.message_en));
    put(w, "message_zh", rejection.message_zh);
    put(w, "outcome", rejection.outcome);
    put(w, "case_id", rejection.case_id);
    w.EndObject();
  }
  w.EndArray();

  // Review cases of this device's scope as last pulled: a school sees the county's decision.
  w.Key("review_cases");
  w.StartArray();
  for (const ReviewCase& c : app.review_cases) {
    w.StartObject();
    put(w, "case_id", c.case_id);
    put(w, "kind", c.kind);
    put(w, "code", c.code);
    put(w, "status", c.status);
    put(w, "decision", c.decision);
    put(w, "decided_by", c.decided_by);
    w.EndObject();
  }
  w.EndArray();
  write_staff(w, app);

  // The visible (search-filtered) list, as the table shows it.
  w.Key("students");
  w.StartArray();
  for (const LocalStudent& entry : app.students) {
    w.StartObject();
    put(w, "student_id", entry.student.student_id);
    put(w, "name", entry.student.name);
    put(w, "registry_number", entry.student.registry_number);
    put(w, "id_number", entry.student.id_number);
    put(w, "grade", entry.student.grade);
    put(w, "class_name", entry.student.class_name);
    put(w, "sync_state", entry.sync_state);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buffer.GetString();
}

std::string widget_rect_json(const App& app, const std::string& id) {
  const auto& rects = app.automation.last_frame();
  auto found = rects.find(id);
  if (found == rects.end()) return "null";
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  const WidgetRect& r = found->second;
  w.StartObject();
  w.Key("x");
  w.Double(r.x);
  w.Key("y");
  w.Double(r.y);
  w.Key("width");
  w.Double(r.width);
  w.Key("height");
  w.Double(r.height);
  w.EndObject();
  return buffer.GetString();
}

std::string widget_ids_json(const App& app) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartArray();
  for (const auto& [id, rect] : app.automation.last_frame()) w.String(id.c_str());
  w.EndArray();
  return buffer.GetString();
}

}  // namespace xueji::client
