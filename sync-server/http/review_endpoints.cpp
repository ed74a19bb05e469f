// County review (S4): pending approvals with escalation, term re-verification status (R17),
// registrar rosters (R16), problem records (问题学籍), statistics. Each read is scoped by the
// core (unit_scope.hpp → in_scope, 第三条) and audited when it carries personal data (R18).
#include "../src/clock.hpp"
#include "../src/log.hpp"
#include "endpoints.hpp"
#include "json_writer.hpp"
#include "responses.hpp"
#include "review_support.hpp"
#include "xueji/approvals.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/review_views.hpp"
#include "xueji/statistics.hpp"
#include "xueji/term_verification.hpp"
#include "xueji/workflow_store.hpp"

namespace xueji::server::http {
namespace {

// The unit a read is about: `?unit=` or the actor's own.
Result<ScopedUnit> requested_unit(Database& db, const Actor& actor, const httplib::Request& req) {
  const std::string unit = text_param(req, "unit");
  return unit_in_scope(db, actor, unit.empty() ? actor.unit_code : unit);
}

std::string unit_object(const Actor& actor, const httplib::Request& req) {
  const std::string unit = text_param(req, "unit");
  return unit.empty() ? actor.unit_code : unit;
}

void write_step(JsonWriter& w, const WorkflowStep& step) {
  w.field("position", step.position)
      .field("party", party_name(step.party))
      .field("role", role_name(step.role))
      .field("unit_code", step.unit_code)
      .field("opened_on", step.opened_on)
      .field("deadline", step.deadline)
      .field("deadline_provisional", step.deadline_provisional);
}

std::string approvals_json(const std::vector<PendingApproval>& items) {
  JsonWriter w;
  w.begin_object().begin_array("approvals");
  for (const auto& a : items) {
    w.begin_object()
        .field("workflow_id", a.workflow_id)
        .field("kind", workflow_kind_name(a.kind))
        .field("student_id", a.student_id)
        .field("student_name", a.student_name)
        .field("registry_number", a.registry_number)
        .field("school_code", a.school_code)
        .field("started_unit", a.started_unit)
        .field("started_on", a.started_on);
    write_step(w, a.step);
    w.field("working_days_left", a.working_days_left)
        .field("overdue", a.overdue)
        .field("escalated", a.escalated)
        .field("action", a.escalated ? "force" : "decide")
        .end_object();
  }
  w.end_array().end_object();
  return w.str();
}

}  // namespace

void handle_approvals(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  auto overdue = int_param(req, "overdue", 0);
  if (!overdue || *overdue > 1)
    return reply_error(res, make_error(ErrorCode::MalformedRequest, "overdue"));
  auto items = ctx.db.with([&](Database& db) -> Result<std::vector<PendingApproval>> {
    auto found = pending_approvals(db, *actor, china_today(), *overdue == 1);
    if (!found) return found;
    // R18: the list names students.
    if (auto audited = append_audit(db, actor->account, actor->device_id, "list_approvals",
                                    actor->unit_code, std::to_string(found->size()) + " steps");
        !audited)
      return audited.error();
    return found;
  });
  if (!items)
    return reply_refusal(ctx, *actor, "list_approvals", actor->unit_code, res, items.error());
  reply_json(res, 200, approvals_json(*items));
}

// POST /api/approvals/{workflow_id}/{position}/decide  {"approve", "comment", "force"}
// The same DecideStep (or, for an escalated overdue step, ForceStep) a device pushes.
void handle_decide_approval(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  const std::string workflow_id = req.matches[1];
  const int position = std::stoi(req.matches[2]);  // the route allows 1–4 digits only
  auto body = json_object(req.body);
  if (!body) return reply_error(res, body.error());
  auto approve = bool_member(*body, "approve", true);
  auto force = bool_member(*body, "force", false);
  auto comment = string_member(*body, "comment");
  if (!approve) return reply_error(res, approve.error());
  if (!force) return reply_error(res, force.error());
  if (!comment) return reply_error(res, comment.error());
  Command command = *force ? Command{ForceStep{workflow_id, position, *approve, *comment}}
                           : Command{DecideStep{workflow_id, position, *approve, *comment, {}}};
  auto outcome = run_command(ctx, *actor, command);
  log_info("decide_step",
           {{"account", actor->account},
            {"workflow", workflow_id},
            {"position", std::to_string(position)},
            {"result", outcome ? "ok" : std::string(code_name(outcome.error().code))}});
  if (!outcome)
    return reply_refusal(ctx, *actor, *force ? "force_step" : "decide_step", workflow_id, res,
                         outcome.error());
  auto workflow = ctx.db.with([&](Database& db) { return load_workflow(db, workflow_id); });
  JsonWriter w;
  w.begin_object().field("workflow_id", workflow_id).field("position", position);
  if (workflow && *workflow) w.field("state", workflow_state_name((*workflow)->state));
  w.field("warnings", outcome->warnings).end_object();
  reply_json(res, 200, w.str());
}

void handle_term_verification(ApiContext& ctx, const httplib::Request& req,
                              httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  // ?term=2026-autumn, or ?school_year=2026-2027&term=autumn|spring.
  std::string term = text_param(req, "term");
  const std::string year = text_param(req, "school_year");
  if (!year.empty()) {
    if (year.size() != 9 || year[4] != '-' || (term != "autumn" && term != "spring"))
      return reply_error(res, make_error(ErrorCode::TermInvalid, "term"));
    term = (term == "autumn" ? year.substr(0, 4) : year.substr(5, 4)) + "-" + term;
  }
  if (!term_start(term)) return reply_error(res, make_error(ErrorCode::TermInvalid, "term"));
  auto status = ctx.db.with([&](Database& db) -> Result<TermVerificationStatus> {
    auto unit = requested_unit(db, *actor, req);
    if (!unit) return unit.error();
    // A school's own row, or everything under the division (the core scopes by prefix; the
    // prefix has passed in_scope above).
    auto all =
        term_verification_status(db, unit->is_school ? unit->division_code : unit->code, term);
    if (!all) return all;
    if (unit->is_school) {
      std::erase_if(all->schools,
                    [&](const SchoolTermStatus& s) { return s.school_code != unit->code; });
      all->authorities.clear();
    }
    return all;
  });
  if (!status)
    return reply_refusal(ctx, *actor, "term_verification", unit_object(*actor, req), res,
                         status.error());
  JsonWriter w;
  w.begin_object().field("term", status->term).begin_array("schools");
  for (const auto& s : status->schools)
    w.begin_object()
        .field("school_code", s.school_code)
        .field("school_name", s.school_name)
        .field("division_code", s.division_code)
        .field("confirmed", s.confirmed)
        .field("confirmed_on", s.confirmed_on)
        .field("confirmed_by", s.confirmed_by)
        .field("in_school_count", s.in_school_count)
        .field("roster_count", s.roster_count)
        .end_object();
  w.end_array().begin_array("authorities");
  for (const auto& a : status->authorities)
    w.begin_object()
        .field("prefix", a.prefix)
        .field("level", a.level)
        .field("units_total", a.units_total)
        .field("units_done", a.units_done)
        .field("signed_off", a.signed_off)
        .field("signed_off_on", a.signed_off_on)
        .field("signed_off_by", a.signed_off_by)
        .end_object();
  w.end_array().end_object();
  reply_json(res, 200, w.str());
}

void handle_registrar_roster(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  auto rosters = ctx.db.with([&](Database& db) -> Result<std::vector<UnitRoster>> {
    auto unit = requested_unit(db, *actor, req);
    if (!unit) return unit.error();
    auto found = registrar_rosters_of_unit(db, *actor, *unit);
    if (!found) return found;
    if (auto audited = append_audit(db, actor->account, actor->device_id, "registrar_roster",
                                    unit->code, std::to_string(found->size()) + " units");
        !audited)
      return audited.error();
    return found;
  });
  if (!rosters)
    return reply_refusal(ctx, *actor, "registrar_roster", unit_object(*actor, req), res,
                         rosters.error());
  JsonWriter w;
  w.begin_object().begin_array("units");
  for (const auto& u : *rosters) {
    w.begin_object()
        .field("unit_code", u.unit_code)
        .field("unit_name", u.unit_name)
        .field("is_school", u.is_school)
        .field("on_duty", u.on_duty)
        .field("filed", u.filed)
        .begin_array("registrars");
    for (const auto& r : u.registrars)
      w.begin_object()
          .field("registrar_id", r.registrar_id)
          .field("name", r.name)
          .field("phone", r.phone)
          .field("added_on", r.added_on)
          .field("trained_on", r.trained_on)
          .field("training", r.training)
          .field("filed_with", r.filed_with)
          .field("filed_on", r.filed_on)
          .field("active", r.active)
          .field("on_duty", r.on_duty())
          .end_object();
    w.end_array().end_object();
  }
  w.end_array().end_object();
  reply_json(res, 200, w.str());
}

void handle_problem_records(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  const std::string state = text_param(req, "state");
  if (!state.empty() && state != "open" && state != "resolved")
    return reply_error(res, make_error(ErrorCode::MalformedRequest, "state"));
  auto views = ctx.db.with([&](Database& db) -> Result<std::vector<ProblemRecordView>> {
    auto unit = requested_unit(db, *actor, req);
    if (!unit) return unit.error();
    auto found = problem_records_of_unit(db, *actor, *unit, state);
    if (!found) return found;
    if (auto audited = append_audit(db, actor->account, actor->device_id, "list_problem_records",
                                    unit->code, std::to_string(found->size()) + " records");
        !audited)
      return audited.error();
    return found;
  });
  if (!views)
    return reply_refusal(ctx, *actor, "list_problem_records", unit_object(*actor, req), res,
                         views.error());
  JsonWriter w;
  w.begin_object().begin_array("problem_records");
  for (const auto& v : *views)
    w.begin_object()
        .field("problem_id", v.record.problem_id)
        .field("kind", v.record.kind)
        .field("state", v.record.state)
        .field("student_id", v.record.student_id)
        .field("student_name", v.student_name)
        .field("registry_number", v.registry_number)
        .field("school_code", v.school_code)
        .field("opened_on", v.record.opened_on)
        .field("detail", v.record.detail)
        .field("other_student_id", v.record.other_student_id)
        .field("other_student_name", v.other_student_name)
        .field("resolution", v.record.resolution)
        .field("resolved_on", v.record.resolved_on)
        .field("resolved_by", v.record.resolved_by)
        .field("evidence_divisions", v.record.evidence_divisions)
        .end_object();
  w.end_array().end_object();
  reply_json(res, 200, w.str());
}

// POST /api/problem-records/{id}/resolve {"resolution", "comment", "proofs":[{kind,content_hash}]}
// The existing ResolveProblemRecord command, run as if pushed.
void handle_resolve_problem_record(ApiContext& ctx, const httplib::Request& req,
                                   httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  const std::string problem_id = req.matches[1];
  auto body = json_object(req.body);
  if (!body) return reply_error(res, body.error());
  ResolveProblemRecord command;
  command.problem_id = problem_id;
  auto resolution = string_member(*body, "resolution");
  auto comment = string_member(*body, "comment");
  if (!resolution) return reply_error(res, resolution.error());
  if (!comment) return reply_error(res, comment.error());
  command.resolution = *resolution;
  command.comment = *comment;
  if (auto proofs = body->FindMember("proofs"); proofs != body->MemberEnd()) {
    if (!proofs->value.IsArray())
      return reply_error(res, make_error(ErrorCode::MalformedRequest, "proofs"));
    for (const auto& p : proofs->value.GetArray()) {
      if (!p.IsObject()) return reply_error(res, make_error(ErrorCode::MalformedRequest, "proofs"));
      auto kind = string_member(p, "kind");
      auto hash = string_member(p, "content_hash");
      if (!kind || !hash)
        return reply_error(res, make_error(ErrorCode::MalformedRequest, "proofs"));
      command.proofs.push_back(Proof{*kind, *hash});
    }
  }
  auto outcome = run_command(ctx, *actor, Command{command});
  if (!outcome)
    return reply_refusal(ctx, *actor, "resolve_problem_record", problem_id, res, outcome.error());
  auto record = ctx.db.with([&](Database& db) { return load_problem_record(db, problem_id); });
  JsonWriter w;
  w.begin_object().field("problem_id", problem_id);
  if (record && *record)
    w.field("state", (*record)->state).field("resolution", (*record)->resolution);
  w.end_object();
  reply_json(res, 200, w.str());
}

void handle_statistics(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  const std::string school_year = text_param(req, "school_year");
  auto stats = ctx.db.with([&](Database& db) -> Result<Statistics> {
    auto unit = requested_unit(db, *actor, req);
    if (!unit) return unit.error();
    return unit_statistics(db, *actor, *unit, china_today(), school_year);
  });
  if (!stats)
    return reply_refusal(ctx, *actor, "statistics", unit_object(*actor, req), res, stats.error());
  JsonWriter w;
  auto unit_json = [&](const UnitStatistics& s) {
    w.begin_object().field("unit_code", s.unit_code).field("unit_name", s.unit_name);
    w.key("in_school_by_grade").begin_object();
    for (size_t g = 0; g < s.in_school_by_grade.size(); ++g)
      w.field(std::to_string(g + 1).c_str(), s.in_school_by_grade[g]);
    w.end_object().key("status_counts").begin_object();
    for (const auto& [status, count] : s.status_counts) w.field(status.c_str(), count);
    w.end_object()
        .field("transfers_in", s.transfers_in)
        .field("transfers_out", s.transfers_out)
        .field("dropouts", s.dropouts)
        .field("overdue_steps", s.overdue_steps)
        .field("open_problem_records", s.open_problem_records)
        .end_object();
  };
  w.begin_object().field("school_year", school_year).key("total");
  unit_json(stats->total);
  w.begin_array("schools");
  for (const auto& s : stats->schools) unit_json(s);
  w.end_array().end_object();
  reply_json(res, 200, w.str());
}

}  // namespace xueji::server::http
