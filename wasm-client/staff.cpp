#include "staff.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "app.hpp"
#include "platform/platform.hpp"
#include "xueji/review_case.hpp"
#include "xueji/workflow_store.hpp"

namespace xueji::client {
namespace {

using Json = rapidjson::Value;

std::string text(const Json& object, const char* key) {
  if (!object.IsObject()) return {};
  auto found = object.FindMember(key);
  if (found == object.MemberEnd()) return {};
  const Json& v = found->value;
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  return {};
}

int integer(const Json& object, const char* key) {
  if (!object.IsObject()) return 0;
  auto found = object.FindMember(key);
  return found != object.MemberEnd() && found->value.IsInt() ? found->value.GetInt() : 0;
}

bool boolean(const Json& object, const char* key) {
  if (!object.IsObject()) return false;
  auto found = object.FindMember(key);
  return found != object.MemberEnd() && found->value.IsBool() && found->value.GetBool();
}

// A JSON value as the text a field shows: strings as they are, numbers and booleans printed,
// null as no value.
std::optional<std::string> value_text(const Json& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsDouble()) return std::to_string(v.GetDouble());
  if (v.IsBool()) return std::string(v.GetBool() ? "true" : "false");
  return std::nullopt;
}

Provenance provenance_of(const Json& p) {
  Provenance from;
  from.actor = text(p, "actor");
  from.school_code = text(p, "school_code");
  from.device_id = text(p, "device_id");
  from.time = text(p, "device_time");
  if (from.time.empty()) from.time = text(p, "server_time");
  return from;
}

std::optional<std::string> provenance_value(const Json& p) {
  if (!p.IsObject()) return std::nullopt;
  auto found = p.FindMember("value");
  return found == p.MemberEnd() ? std::nullopt : value_text(found->value);
}

ReviewCaseSummary summary_of(const Json& c) {
  return ReviewCaseSummary{text(c, "case_id"),     text(c, "kind"),
                           text(c, "code"),        text(c, "status"),
                           text(c, "school_code"), text(c, "other_school_code"),
                           text(c, "opened_at"),   text(c, "decision"),
                           text(c, "decided_by"),  text(c, "comment")};
}

bool authority_role(const std::string& role) {
  return role == "county" || role == "city" || role == "province";
}

// Staff screens are online only; a request while offline would only fail later.
bool ready(App& app, Fetch& fetch) {
  if (!app.session || fetch.busy) return false;
  if (!app.online()) {
    fetch.error = tr(Text::StaffOffline, app.lang);
    fetch.error_code = "NETWORK";
    return false;
  }
  fetch.busy = true;
  fetch.error.clear();
  fetch.error_code.clear();
  return true;
}

// A failed answer: the network, or the server's error body with the core's message.
void fail(App& app, Fetch& fetch, const platform::HttpResponse& response) {
  fetch.busy = false;
  if (response.status == 0) app.server_reachable = false;
  if (response.status == 401) app.session_expired = true;
  fetch.error = response_error_text(app, response.status, response.body);
  fetch.error_code = response_error_code(response.status, response.body);
}

void reload_approval_workflow(App& app) {
  StaffState& staff = app.staff;
  staff.approval_workflow.reset();
  if (!app.registry || staff.selected_approval < 0 ||
      staff.selected_approval >= static_cast<int>(staff.approvals.size()))
    return;
  auto loaded =
      load_workflow(app.registry->database(),
                    staff.approvals[static_cast<std::size_t>(staff.selected_approval)].workflow_id);
  if (loaded && *loaded) staff.approval_workflow = **loaded;
}

}  // namespace

int UnitStatistics::in_school() const {
  int sum = 0;
  for (int n : in_school_by_grade) sum += n;
  return sum;
}

bool is_staff(const App& app) {
  return app.session && authority_role(app.session->role);
}

std::optional<std::vector<Approval>> parse_approvals(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("approvals") ||
      !doc["approvals"].IsArray())
    return std::nullopt;
  std::vector<Approval> result;
  for (const Json& a : doc["approvals"].GetArray()) {
    Approval approval;
    approval.workflow_id = text(a, "workflow_id");
    approval.kind = text(a, "kind");
    approval.student_id = text(a, "student_id");
    approval.student_name = text(a, "student_name");
    approval.registry_number = text(a, "registry_number");
    approval.school_code = text(a, "school_code");
    approval.started_unit = text(a, "started_unit");
    approval.started_on = text(a, "started_on");
    approval.position = integer(a, "position");
    approval.party = text(a, "party");
    approval.deadline = text(a, "deadline");
    if (a.HasMember("working_days_left") && a["working_days_left"].IsInt())
      approval.working_days_left = a["working_days_left"].GetInt();
    approval.overdue = boolean(a, "overdue");
    approval.escalated = boolean(a, "escalated");
    result.push_back(std::move(approval));
  }
  return result;
}

std::optional<std::vector<ReviewCaseSummary>> parse_review_cases(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("review_cases") ||
      !doc["review_cases"].IsArray())
    return std::nullopt;
  std::vector<ReviewCaseSummary> result;
  for (const Json& c : doc["review_cases"].GetArray()) result.push_back(summary_of(c));
  return result;
}

std::optional<ReviewCaseDetail> parse_review_case(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  ReviewCaseDetail detail;
  detail.summary = summary_of(doc);
  std::vector<std::string> order;  // fields in the order first met: side B, side A, current
  std::map<std::string, CaseField> fields;
  auto slot = [&](const std::string& name) -> CaseField& {
    auto [it, inserted] = fields.try_emplace(name);
    if (inserted) {
      it->second.field = name;
      order.push_back(name);
    }
    return it->second;
  };

  // Side B: the held operation as pushed — a registration's fields, or an edit's new values.
  if (doc.HasMember("side_b") && doc["side_b"].IsObject()) {
    const Json& op = doc["side_b"];
    detail.b_from = provenance_of(op);
    detail.b_from.school_code = detail.summary.other_school_code;
    if (op.HasMember("registration") && op["registration"].IsObject()) {
      for (const auto& m : op["registration"].GetObject()) {
        const std::string name(m.name.GetString(), m.name.GetStringLength());
        if (name == "student_id") continue;  // side B's own id: never the same, not a field
        if (m.value.IsArray() && name == "guardians") {
          int index = 0;
          for (const Json& g : m.value.GetArray()) {
            if (g.IsObject())
              for (const auto& gm : g.GetObject())
                if (auto v = value_text(gm.value))
                  slot("guardian." + std::to_string(index) + "." + gm.name.GetString()).b = *v;
            ++index;
          }
        } else if (m.value.IsObject()) {
          for (const auto& fm : m.value.GetObject())
            if (auto v = value_text(fm.value)) slot(name + "." + fm.name.GetString()).b = *v;
        } else if (auto v = value_text(m.value)) {
          slot(name).b = *v;
        }
      }
    }
    if (op.HasMember("changes") && op["changes"].IsArray()) {
      for (const Json& change : op["changes"].GetArray()) {
        const std::string name = text(change, "field");
        if (name.empty()) continue;
        auto found = change.FindMember("new_value");
        slot(name).b = found == change.MemberEnd() ? std::nullopt : value_text(found->value);
      }
    }
  }
  // Side A: the server's record with provenance per field.
  if (doc.HasMember("side_a") && doc["side_a"].IsObject()) {
    const Json* side_a = &doc["side_a"];
    if (side_a->HasMember("fields") && (*side_a)["fields"].IsObject()) {
      detail.registry_number = text(*side_a, "registry_number");
      side_a = &(*side_a)["fields"];
    }
    for (const auto& m : side_a->GetObject()) {
      if (!m.value.IsObject()) continue;
      CaseField& f = slot(std::string(m.name.GetString(), m.name.GetStringLength()));
      f.a = provenance_value(m.value);
      f.a_from = provenance_of(m.value);
    }
  }
  if (doc.HasMember("base") && doc["base"].IsObject()) {
    const Json& base = doc["base"];
    for (const auto& m : base.GetObject()) {
      CaseField& f = slot(std::string(m.name.GetString(), m.name.GetStringLength()));
      f.base = provenance_value(m.value);
    }
  }
  if (doc.HasMember("current") && doc["current"].IsArray()) {
    for (const Json& p : doc["current"].GetArray()) {
      const std::string name = text(p, "field");
      if (name.empty()) continue;
      // Only the fields the case is about: a registration lists the record's fields already.
      auto found = fields.find(name);
      if (found == fields.end()) continue;
      found->second.current = provenance_value(p);
      found->second.current_from = provenance_of(p);
    }
  }
  for (const std::string& name : order) {
    CaseField& f = fields[name];
    // A value only side B carries (no record value to weigh it against) is not a conflict.
    const std::optional<std::string>& record = f.a ? f.a : f.current;
    f.differs = f.b.has_value() && record.has_value() && *f.b != *record;
    detail.fields.push_back(f);
  }
  // Differing fields first: they are what the officer decides.
  std::stable_sort(detail.fields.begin(), detail.fields.end(),
                   [](const CaseField& x, const CaseField& y) { return x.differs > y.differs; });
  return detail;
}

bool parse_statistics(const std::string& body, std::optional<UnitStatistics>& total,
                      std::vector<UnitStatistics>& schools) {
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return false;
  auto unit = [](const Json& u) {
    UnitStatistics s;
    s.unit_code = text(u, "unit_code");
    s.unit_name = text(u, "unit_name");
    if (u.HasMember("in_school_by_grade") && u["in_school_by_grade"].IsObject())
      for (const auto& m : u["in_school_by_grade"].GetObject()) {
        const int grade = std::atoi(m.name.GetString());
        if (grade >= 1 && grade <= 9 && m.value.IsInt())
          s.in_school_by_grade[static_cast<std::size_t>(grade - 1)] = m.value.GetInt();
      }
    if (u.HasMember("status_counts") && u["status_counts"].IsObject())
      for (const auto& m : u["status_counts"].GetObject())
        if (m.value.IsInt()) s.status_counts.emplace_back(m.name.GetString(), m.value.GetInt());
    s.transfers_in = integer(u, "transfers_in");
    s.transfers_out = integer(u, "transfers_out");
    s.dropouts = integer(u, "dropouts");
    s.overdue_steps = integer(u, "overdue_steps");
    s.open_problem_records = integer(u, "open_problem_records");
    return s;
  };
  total.reset();
  schools.clear();
  if (doc.HasMember("total") && doc["total"].IsObject()) total = unit(doc["total"]);
  if (doc.HasMember("schools") && doc["schools"].IsArray())
    for (const Json& s : doc["schools"].GetArray()) schools.push_back(unit(s));
  return true;
}

// --- Requests ---------------------------------------------------------------------------------

void load_approvals(App& app) {
  StaffState& staff = app.staff;
  if (!ready(app, staff.approvals_fetch)) return;
  const std::string path = staff.overdue_only ? "/api/approvals?overdue=1" : "/api/approvals";
  platform::http_get(
      path,
      [&app](platform::HttpResponse response) {
        StaffState& s = app.staff;
        if (response.status != 200) return fail(app, s.approvals_fetch, response);
        auto parsed = parse_approvals(response.body);
        s.approvals_fetch.busy = false;
        if (!parsed) {
          s.approvals_fetch.error = error_message(app, "MALFORMED_REQUEST", {});
          return;
        }
        app.server_reachable = true;
        s.approvals_fetch.loaded = true;
        // Keep the selection on the same step if it is still pending.
        std::string selected;
        if (s.selected_approval >= 0 && s.selected_approval < static_cast<int>(s.approvals.size()))
          selected = s.approvals[static_cast<std::size_t>(s.selected_approval)].workflow_id;
        s.approvals = std::move(*parsed);
        s.selected_approval = -1;
        for (std::size_t i = 0; i < s.approvals.size(); ++i)
          if (s.approvals[i].workflow_id == selected) s.selected_approval = static_cast<int>(i);
        reload_approval_workflow(app);
      },
      app.session->token);
}

void select_approval(App& app, int index) {
  app.staff.selected_approval = index;
  app.staff.approval_comment.clear();
  app.staff.approval_error.clear();
  app.staff.approval_error_code.clear();
  reload_approval_workflow(app);
}

void decide_approval(App& app, bool approve) {
  StaffState& staff = app.staff;
  if (!app.session || staff.deciding || staff.selected_approval < 0 ||
      staff.selected_approval >= static_cast<int>(staff.approvals.size()))
    return;
  if (!app.online()) {
    staff.approval_error = tr(Text::StaffOffline, app.lang);
    staff.approval_error_code = "NETWORK";
    return;
  }
  const Approval approval = staff.approvals[static_cast<std::size_t>(staff.selected_approval)];
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("approve");
  w.Bool(approve);
  w.Key("comment");
  w.String(staff.approval_comment.c_str(),
           static_cast<rapidjson::SizeType>(staff.approval_comment.size()));
  // An escalated overdue step of the level below is forced (第十一条(三): 10 working days).
  w.Key("force");
  w.Bool(approval.escalated);
  w.EndObject();
  staff.deciding = true;
  staff.approval_error.clear();
  staff.approval_error_code.clear();
  staff.approval_notice.clear();
  const std::string path = "/api/approvals/" + approval.workflow_id + "/" +
                           std::to_string(approval.position) + "/decide";
  platform::http_post(
      path, buffer.GetString(), app.session->token,
      [&app, approve, approval](platform::HttpResponse response) {
        StaffState& s = app.staff;
        s.deciding = false;
        if (response.status != 200) {
          if (response.status == 0) app.server_reachable = false;
          if (response.status == 401) app.session_expired = true;
          s.approval_error = response_error_text(app, response.status, response.body);
          s.approval_error_code = response_error_code(response.status, response.body);
          return;
        }
        char notice[512];
        std::snprintf(notice, sizeof notice,
                      tr(approve ? Text::ApprovalApproved : Text::ApprovalRejected, app.lang),
                      approval.student_name.c_str());
        s.approval_notice = notice;
        s.approval_comment.clear();
        // The decision is the server's now: the list and this device's copy
        // (pulled) follow.
        load_approvals(app);
        start_sync(app, true);
      });
}

void load_review_cases(App& app) {
  StaffState& staff = app.staff;
  if (!ready(app, staff.cases_fetch)) return;
  platform::http_get(
      "/api/review-cases",
      [&app](platform::HttpResponse response) {
        StaffState& s = app.staff;
        if (response.status != 200) return fail(app, s.cases_fetch, response);
        auto parsed = parse_review_cases(response.body);
        s.cases_fetch.busy = false;
        if (!parsed) {
          s.cases_fetch.error = error_message(app, "MALFORMED_REQUEST", {});
          return;
        }
        app.server_reachable = true;
        s.cases_fetch.loaded = true;
        // Open and escalated cases first (the queue), decided and closed ones after them.
        auto waiting = [](const ReviewCaseSummary& c) {
          return c.status == "open" || c.status == "escalated";
        };
        std::stable_sort(parsed->begin(), parsed->end(),
                         [&](const ReviewCaseSummary& a, const ReviewCaseSummary& b) {
                           return waiting(a) > waiting(b);
                         });
        s.cases = std::move(*parsed);
      },
      app.session->token);
}

void open_review_case(App& app, const std::string& case_id) {
  StaffState& staff = app.staff;
  if (!ready(app, staff.case_fetch)) return;
  staff.case_notice.clear();
  staff.case_error.clear();
  staff.case_error_code.clear();
  platform::http_get(
      "/api/review-cases/" + case_id,
      [&app](platform::HttpResponse response) {
        StaffState& s = app.staff;
        if (response.status != 200) return fail(app, s.case_fetch, response);
        auto parsed = parse_review_case(response.body);
        s.case_fetch.busy = false;
        if (!parsed) {
          s.case_fetch.error = error_message(app, "MALFORMED_REQUEST", {});
          return;
        }
        s.case_fetch.loaded = true;
        const bool same =
            s.case_detail && s.case_detail->summary.case_id == parsed->summary.case_id;
        s.case_detail = std::move(*parsed);
        if (!same) {
          s.case_comment.clear();
          s.choices.clear();
          // A merge starts from the server's side; the officer picks side B field by field.
          for (const CaseField& f : s.case_detail->fields)
            if (f.differs) s.choices[f.field] = "a";
        }
      },
      app.session->token);
}

bool decide_review_case(App& app, const std::string& decision) {
  StaffState& staff = app.staff;
  if (!app.registry || !app.session || !staff.case_detail) return false;
  if (!app.online()) {
    staff.case_error = tr(Text::StaffOffline, app.lang);
    staff.case_error_code = "NETWORK";
    return false;
  }
  DecideReviewCase command;
  command.case_id = staff.case_detail->summary.case_id;
  command.decision = decision;
  command.comment = staff.case_comment;
  if (decision == "merge")
    for (const auto& [field, side] : staff.choices) command.choices.push_back({field, side});
  // The core's rulebook on this device first (scope, case still open, valid choices), then the
  // same operation on the server with the next push.
  auto outcome = app.registry->submit(command, today(), now_iso());
  if (!outcome) {
    staff.case_error_code = std::string(code_name(outcome.error().code));
    staff.case_error = error_message(app, staff.case_error_code, {});
    return false;
  }
  staff.case_error.clear();
  staff.case_error_code.clear();
  char notice[256];
  std::snprintf(notice, sizeof notice, tr(Text::CaseDecisionSent, app.lang),
                review_decision_label(decision, app.lang));
  staff.case_notice = notice;
  staff.case_decision_pending = true;
  user_committed(app);
  refresh(app);
  start_sync(app);
  return true;
}

void load_statistics(App& app) {
  StaffState& staff = app.staff;
  if (!ready(app, staff.statistics_fetch)) return;
  platform::http_get(
      "/api/statistics",
      [&app](platform::HttpResponse response) {
        StaffState& s = app.staff;
        if (response.status != 200) return fail(app, s.statistics_fetch, response);
        s.statistics_fetch.busy = false;
        if (!parse_statistics(response.body, s.total, s.schools)) {
          s.statistics_fetch.error = error_message(app, "MALFORMED_REQUEST", {});
          return;
        }
        app.server_reachable = true;
        s.statistics_fetch.loaded = true;
      },
      app.session->token);
}

void staff_after_sync(App& app) {
  StaffState& staff = app.staff;
  // Only once the decision has left the outbox (a sync already running when it was made did
  // not carry it; auto sync sends it next).
  if (!staff.case_decision_pending || app.sync.in_progress || app.pending > 0) return;
  staff.case_decision_pending = false;
  // A refusal by the server is listed under 需处理 like any operation's; the case is re-read.
  if (staff.case_detail) open_review_case(app, staff.case_detail->summary.case_id);
  load_review_cases(app);
}

}  // namespace xueji::client
