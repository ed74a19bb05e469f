// Review cases (review_case.hpp): opened by the server's merge, listed per scope, decided by a
// county (or, escalated, city) officer through DecideReviewCase — an operation like any other.
#include "xueji/review_case.hpp"

#include <array>
#include <cstdio>

#include "xueji/command_handlers.hpp"
#include "xueji/operation.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/workflow_policy.hpp"
#include "xueji/workflow_store.hpp"

namespace xueji {
namespace {

constexpr std::array<std::pair<ReviewCaseKind, std::string_view>, 5> kKinds{{
    {ReviewCaseKind::ProtectedField, "protected_field"},
    {ReviewCaseKind::DuplicateRegistration, "duplicate_registration"},
    {ReviewCaseKind::MovedAway, "moved_away"},
    {ReviewCaseKind::TransferRace, "transfer_race"},
    {ReviewCaseKind::RuleViolation, "rule_violation"},
}};
constexpr std::array<std::pair<ReviewDecision, std::string_view>, 4> kDecisions{{
    {ReviewDecision::KeepA, "keep_a"},
    {ReviewDecision::KeepB, "keep_b"},
    {ReviewDecision::Merge, "merge"},
    {ReviewDecision::Escalate, "escalate"},
}};

constexpr std::string_view kCaseColumns =
    "case_id, kind, code, status, student_id, school_code, other_school_code, division_code, "
    "base, side_a, side_b, op_id, opened_at, decision, choices, decided_by, decided_at, comment, "
    "close_reason, other_student_id";

ReviewCase read_case(const Statement& row) {
  ReviewCase c;
  std::string* fields[] = {&c.case_id,
                           &c.kind,
                           &c.code,
                           &c.status,
                           &c.student_id,
                           &c.school_code,
                           &c.other_school_code,
                           &c.division_code,
                           &c.base,
                           &c.side_a,
                           &c.side_b,
                           &c.op_id,
                           &c.opened_at,
                           &c.decision,
                           &c.choices,
                           &c.decided_by,
                           &c.decided_at,
                           &c.comment,
                           &c.close_reason,
                           &c.other_student_id};
  for (int i = 0; i < 20; ++i) *fields[i] = row.text(i);
  return c;
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", ch);
          out += escaped;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string json_value(const std::optional<std::string>& value) {
  return value ? json_string(*value) : "null";
}

std::string provenance_json(const FieldProvenance& p) {
  return "{\"value\":" + json_value(p.value) + ",\"version\":" + std::to_string(p.version) +
         ",\"op_id\":" + json_string(p.op_id) + ",\"actor\":" + json_string(p.actor) +
         ",\"device_id\":" + json_string(p.device_id) +
         ",\"school_code\":" + json_string(p.school_code) +
         ",\"device_time\":" + json_string(p.device_time) +
         ",\"server_time\":" + json_string(p.server_time) + ",\"hlc\":" + json_string(p.hlc) + "}";
}

// A field's value at a past version, from the history (version 1: as created).
Result<std::optional<std::string>> value_at_version(Database& db, const std::string& student_id,
                                                    const std::string& field,
                                                    std::int64_t version) {
  const bool guardian = field.rfind("guardian.", 0) == 0;
  const std::string owner = guardian ? field.substr(0, field.rfind('.')) : "*";
  const std::string key = guardian ? field.substr(field.rfind('.') + 1) : field;
  auto stmt = db.prepare(
      version <= 1
          ? "SELECT json_extract(value, '$.' || ?3) FROM field_history WHERE entity = 'student' "
            "AND entity_id = ?1 AND field = ?2 AND status = 'created' ORDER BY id DESC LIMIT 1"
          : "SELECT value FROM field_history WHERE entity = 'student' AND entity_id = ?1 AND "
            "field = ?2 AND version = ?4 AND status = 'applied' ORDER BY id DESC LIMIT 1");
  if (!stmt) return stmt.error();
  stmt->bind(1, student_id).bind(4, version);
  if (version <= 1)
    stmt->bind(2, owner).bind(3, key);
  else
    stmt->bind(2, field);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row || stmt->is_null(0)) return std::optional<std::string>();
  return std::optional<std::string>(stmt->text(0));
}

// base: {"field": {"version": n, "value": v}}; side A: {"field": provenance of the current value}
Result<void> describe_fields(Database& db, const std::string& student_id,
                             const std::vector<std::pair<std::string, std::int64_t>>& fields,
                             ReviewCase& c) {
  c.base = "{";
  c.side_a = "{";
  for (const auto& [field, base_version] : fields) {
    auto at_base = value_at_version(db, student_id, field, base_version);
    if (!at_base) return at_base.error();
    auto all = student_provenance(db, student_id);
    if (!all) return all.error();
    FieldProvenance current;
    current.field = field;
    for (const auto& p : *all)
      if (p.field == field) current = p;
    const std::string sep = c.base.size() > 1 ? "," : "";
    c.base += sep + json_string(field) + ":{\"version\":" + std::to_string(base_version) +
              ",\"value\":" + json_value(*at_base) + "}";
    c.side_a += sep + json_string(field) + ":" + provenance_json(current);
  }
  c.base += "}";
  c.side_a += "}";
  return {};
}

Result<void> describe_record(Database& db, const Student& s, ReviewCase& c) {
  auto all = student_provenance(db, s.student_id);
  if (!all) return all.error();
  c.side_a = "{\"student_id\":" + json_string(s.student_id) +
             ",\"registry_number\":" + json_string(s.registry_number) +
             ",\"school_code\":" + json_string(s.school_code) +
             ",\"status\":" + json_string(s.status) + ",\"fields\":{";
  bool first = true;
  for (const auto& p : *all) {
    c.side_a += (first ? "" : ",") + json_string(p.field) + ":" + provenance_json(p);
    first = false;
  }
  c.side_a += "}}";
  return {};
}

// The student a raced workflow start is about: its student_id, or for a transfer (the
// receiving school's device does not hold the record) the 学籍号 it names.
Result<std::optional<Student>> race_subject(Database& db, const StartWorkflow& w) {
  if (!w.student_id.empty()) {
    auto found = find_student(db, w.student_id);
    if (!found || *found) return found;
  }
  const auto number = w.details.find("registry_number");
  if (number == w.details.end()) return std::optional<Student>();
  return find_student_by_registry_number(db, number->second);
}

// Side A of a transfer race: the record and the open workflow(s) side B met.
Result<void> describe_open_workflows(Database& db, const Student& s, ReviewCase& c,
                                     std::string& other_unit) {
  auto workflows = workflows_of_student(db, s.student_id);
  if (!workflows) return workflows.error();
  c.side_a = "{\"student_id\":" + json_string(s.student_id) +
             ",\"registry_number\":" + json_string(s.registry_number) +
             ",\"school_code\":" + json_string(s.school_code) +
             ",\"status\":" + json_string(s.status) + ",\"open_workflows\":[";
  bool first = true;
  for (const auto& w : *workflows) {
    if (w.state != WorkflowState::Open) continue;
    if (other_unit.empty() && w.started_unit != s.school_code) other_unit = w.started_unit;
    c.side_a += std::string(first ? "" : ",") + "{\"workflow_id\":" + json_string(w.workflow_id) +
                ",\"kind\":" + json_string(workflow_kind_name(w.kind)) +
                ",\"started_unit\":" + json_string(w.started_unit) +
                ",\"started_by\":" + json_string(w.started_by) +
                ",\"started_on\":" + json_string(w.started_on) + "}";
    first = false;
  }
  c.side_a += "]}";
  return {};
}

Result<void> insert_case(Database& db, const ReviewCase& c) {
  // INSERT OR IGNORE: the same operation always opens the same case, once.
  auto stmt = db.prepare(
      "INSERT OR IGNORE INTO review_cases(case_id, kind, code, status, student_id, school_code, "
      "other_school_code, division_code, base, side_a, side_b, op_id, opened_at, "
      "other_student_id) VALUES(?1, ?2, ?3, 'open', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
      "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?12)");
  if (!stmt) return stmt.error();
  stmt->bind(1, c.case_id)
      .bind(2, c.kind)
      .bind(3, c.code)
      .bind(4, c.student_id)
      .bind(5, c.school_code)
      .bind(6, c.other_school_code)
      .bind(7, c.division_code)
      .bind(8, c.base)
      .bind(9, c.side_a)
      .bind(10, c.side_b)
      .bind(11, c.op_id)
      .bind(12, c.other_student_id);
  return stmt->run();
}

// May the actor decide this case? 第三条: the county of the record's school; once escalated,
// the city or province above it.
bool may_decide(const Actor& actor, const ReviewCase& c) {
  if (actor.role == Role::SchoolRegistrar || actor.role == Role::Admin) return false;
  if (c.status == "escalated" && actor.role == Role::County) return false;
  return in_scope(actor, c.school_code, c.division_code);
}

std::string choices_json(const std::vector<FieldChoice>& choices) {
  std::string out = "[";
  for (const auto& choice : choices)
    out += (out.size() > 1 ? "," : "") + std::string("{\"field\":") + json_string(choice.field) +
           ",\"side\":" + json_string(choice.side) + "}";
  return out + "]";
}

bool takes_b(const DecideReviewCase& command, ReviewDecision decision, const std::string& field) {
  if (decision == ReviewDecision::KeepB) return true;
  if (decision != ReviewDecision::Merge) return false;
  for (const auto& choice : command.choices)
    if (choice.field == field) return choice.side == "b";
  return false;
}

// Side B's effect, as the county decided it (keep_b, or the fields a merge gives to B).
Result<void> apply_side_b(Database& db, const CommandContext& context, const ReviewCase& c,
                          const DecideReviewCase& command, ReviewDecision decision) {
  auto op = parse_operation(c.side_b);
  if (!op) return op.error();
  if (auto upgraded = upgrade_operation(*op); !upgraded) return upgraded;
  auto found = find_student(db, c.student_id);
  if (!found) return found.error();
  if (!*found) return make_error(ErrorCode::NotFound, "student_id");
  const Student before = **found;
  Student after = before;

  if (const auto* edit = std::get_if<EditStudent>(&op->command)) {
    // 第十六条: a deregistered record takes no further changes, whoever decides.
    if (before.status == "deleted" || before.status == "deceased")
      return make_error(ErrorCode::StatusNotAllowed, "student_id");
    for (const auto& change : edit->changes)
      if (takes_b(command, decision, change.field))
        if (auto set = set_student_field(after, change.field, change.new_value); !set) return set;
    return save_student_fields(db, before, after);
  }
  if (const auto* registration = std::get_if<RegisterStudent>(&op->command);
      registration && c.kind == review_case_kind_name(ReviewCaseKind::RuleViolation)) {
    // 第七条: two offline registrations drew the same L/J 学籍号. keep_b registers side B's
    // child too, under the next free number (the device-drawn digits moved on); a merge has no
    // field to choose.
    if (decision != ReviewDecision::KeepB) return make_error(ErrorCode::InvalidInput, "decision");
    const Actor school{op->actor, Role::SchoolRegistrar, c.other_school_code, op->device_id};
    RegisterStudent again = *registration;
    for (int step = 1; step <= 100; ++step) {
      again.registration.serial = (registration->registration.serial + step) % 10000;
      auto registered =
          execute(db, CommandContext{school, context.today, Replica::Server, context.stamp}, again);
      if (registered) return {};
      if (registered.error().code != ErrorCode::RegistryNumberTaken) return registered.error();
    }
    return make_error(ErrorCode::RegistryNumberTaken, "registry_number");
  }
  if (const auto* registration = std::get_if<RegisterStudent>(&op->command)) {
    const StudentRegistration& r = registration->registration;
    // 一人一籍 (第八条): one registry stays, with its 学籍号. keep_b: the child is at side B's
    // school — the record moves there with B's grade and class. A merge takes B's values of
    // the fields chosen, the record staying where it is.
    if (decision == ReviewDecision::KeepB && before.school_code != c.other_school_code) {
      if (before.status != "in_school")
        return make_error(ErrorCode::StudentNotInSchool, "student_id", before.status);
      after.school_code = c.other_school_code;
      after.grade = r.grade;
      after.class_name = r.class_name;
      if (auto saved = save_student_fields(db, before, after); !saved) return saved;
      return append_history(
          db, before.student_id,
          HistoryEntry{"school_code", before.school_code, after.school_code,
                       format_date(context.today), context.actor.account, c.case_id});
    }
    const std::pair<const char*, std::string> values[] = {
        {"class_name", r.class_name},       {"ethnicity", r.ethnicity},
        {"nationality", r.nationality},     {"hukou_division", r.hukou_division},
        {"hukou_address", r.hukou_address},
    };
    for (const auto& [field, value] : values)
      if (takes_b(command, decision, field))
        if (auto set = set_student_field(after, field, value); !set) return set;
    return save_student_fields(db, before, after);
  }
  if (const auto* start = std::get_if<StartWorkflow>(&op->command);
      start && c.kind == review_case_kind_name(ReviewCaseKind::TransferRace)) {
    // 第十一条: one open business per student. keep_b: the open workflow(s) side A holds are
    // withdrawn (their steps closed with the case id), then side B's start runs on the record
    // as it now is. Its school: a transfer is started by the receiving school (side B's), any
    // other workflow by the student's own.
    if (decision != ReviewDecision::KeepB) return make_error(ErrorCode::InvalidInput, "decision");
    const bool transfer = start->kind == "transfer";
    const Actor school{op->actor, Role::SchoolRegistrar,
                       transfer ? c.other_school_code : c.school_code, op->device_id};
    if (auto withdrawn = withdraw_open_workflows_for_case(db, context, c.student_id, c.case_id);
        !withdrawn)
      return withdrawn.error();
    auto started =
        execute(db, CommandContext{school, context.today, Replica::Server, context.stamp}, *start);
    if (!started) return started.error();
    return {};
  }
  if (const auto* start = std::get_if<StartWorkflow>(&op->command)) {
    // The correction request goes ahead as the school made it, on the record as it now is.
    const auto field = start->details.find("field");
    if (decision == ReviewDecision::Merge &&
        !takes_b(command, decision, field == start->details.end() ? "" : field->second))
      return {};
    StartWorkflow again = *start;
    again.details.erase("base_version");
    const Actor school{op->actor, Role::SchoolRegistrar, c.other_school_code, op->device_id};
    auto started =
        execute(db, CommandContext{school, context.today, Replica::Server, context.stamp}, again);
    if (!started) return started.error();
    return {};
  }
  return make_error(ErrorCode::MalformedRequest, "side_b");
}

}  // namespace

std::string_view review_case_kind_name(ReviewCaseKind kind) {
  for (const auto& [k, name] : kKinds)
    if (k == kind) return name;
  return "protected_field";
}

std::optional<ReviewCaseKind> review_case_kind_from_name(std::string_view name) {
  for (const auto& [k, n] : kKinds)
    if (n == name) return k;
  return std::nullopt;
}

std::string_view review_decision_name(ReviewDecision decision) {
  for (const auto& [d, name] : kDecisions)
    if (d == decision) return name;
  return "keep_a";
}

std::optional<ReviewDecision> review_decision_from_name(std::string_view name) {
  for (const auto& [d, n] : kDecisions)
    if (n == name) return d;
  return std::nullopt;
}

std::string review_case_id(const std::string& op_id) {
  return "case-" + op_id;
}

Result<void> open_review_case(Database& db, const Actor& actor, const Operation& op,
                              const OpVerdict& verdict, const Date& today) {
  ReviewCase c;
  c.case_id = review_case_id(op.op_id);
  c.code = verdict.code;
  c.op_id = op.op_id;
  c.side_b = to_json(op);
  c.other_school_code = actor.unit_code;
  std::optional<Student> subject;
  const bool rule_violation = verdict.code == code_name(ErrorCode::RegistryNumberTaken) ||
                              verdict.code == code_name(ErrorCode::StatusNotAllowed);
  if (const auto* r = std::get_if<RegisterStudent>(&op.command)) {
    c.other_student_id = r->registration.student_id;
    c.kind = review_case_kind_name(rule_violation ? ReviewCaseKind::RuleViolation
                                                  : ReviewCaseKind::DuplicateRegistration);
    // Side A: the registry that already holds this document number (or 学籍号).
    auto existing = rule_violation ? Result<std::optional<Student>>(std::optional<Student>())
                                   : find_student_by_document(db, r->registration.document_type,
                                                              r->registration.id_number);
    if (!existing) return existing.error();
    if (!*existing && rule_violation) {
      auto mine = validate_registration(r->registration, actor.unit_code, today, true);
      if (!mine) return mine.error();
      existing = find_student_by_registry_number(db, mine->registry_number);
      if (!existing) return existing.error();
    }
    if (!*existing) {
      existing = find_student_by_id_number(db, r->registration.id_number);
      if (!existing) return existing.error();
    }
    if (!*existing) return make_error(ErrorCode::NotFound, "id_number");
    subject = **existing;
    if (auto described = describe_record(db, *subject, c); !described) return described;
  } else if (const auto* e = std::get_if<EditStudent>(&op.command)) {
    c.kind = review_case_kind_name(rule_violation ? ReviewCaseKind::RuleViolation
                                                  : ReviewCaseKind::MovedAway);
    auto found = find_student(db, e->student_id);
    if (!found) return found.error();
    if (!*found) return make_error(ErrorCode::NotFound, "student_id");
    subject = **found;
    std::vector<std::pair<std::string, std::int64_t>> fields;
    for (const auto& change : e->changes) fields.emplace_back(change.field, change.base_version);
    if (auto described = describe_fields(db, subject->student_id, fields, c); !described)
      return described;
  } else if (const auto* w = std::get_if<StartWorkflow>(&op.command);
             w && verdict.code == code_name(ErrorCode::UnfinishedBusiness)) {
    c.kind = review_case_kind_name(ReviewCaseKind::TransferRace);
    auto found = race_subject(db, *w);
    if (!found) return found.error();
    if (!*found) return make_error(ErrorCode::NotFound, "student_id");
    subject = **found;
    std::string first_other_unit;
    if (auto described = describe_open_workflows(db, *subject, c, first_other_unit); !described)
      return described;
    // Both schools hear of the case: side B's, and — when side B is the student's own school
    // (a dropout against a transfer in flight) — the school whose transfer is in flight.
    if (c.other_school_code == subject->school_code && !first_other_unit.empty())
      c.other_school_code = first_other_unit;
  } else if (const auto* w = std::get_if<StartWorkflow>(&op.command)) {
    c.kind = review_case_kind_name(ReviewCaseKind::ProtectedField);
    auto found = find_student(db, w->student_id);
    if (!found) return found.error();
    if (!*found) return make_error(ErrorCode::NotFound, "student_id");
    subject = **found;
    auto field = w->details.find("field");
    auto base = w->details.find("base_version");
    std::vector<std::pair<std::string, std::int64_t>> fields{
        {field == w->details.end() ? "" : field->second,
         base == w->details.end() ? 0 : std::atoll(base->second.c_str())}};
    if (auto described = describe_fields(db, subject->student_id, fields, c); !described)
      return described;
  } else {
    return make_error(ErrorCode::MalformedRequest, "kind");
  }
  c.student_id = subject->student_id;
  c.school_code = subject->school_code;
  auto school = find_school(db, subject->school_code);
  if (!school) return school.error();
  c.division_code = *school ? (*school)->division_code : std::string();
  return insert_case(db, c);
}

Result<std::vector<ReviewCase>> review_cases_in_scope(Database& db, const Actor& actor,
                                                      const std::string& status) {
  std::vector<ReviewCase> cases;
  const bool registrar = actor.role == Role::SchoolRegistrar;
  const size_t length = actor.role == Role::County     ? 6
                        : actor.role == Role::City     ? 4
                        : actor.role == Role::Province ? 2
                                                       : 0;
  if (!registrar && (length == 0 || actor.unit_code.size() < length)) return cases;
  auto stmt = db.prepare(
      "SELECT " + std::string(kCaseColumns) + " FROM review_cases WHERE (?3 = '' OR status = ?3) " +
      (registrar ? "AND (school_code = ?1 OR other_school_code = ?1) "
                 : "AND (substr(division_code, 1, ?2) = ?1 OR school_code IN (SELECT code FROM "
                   "schools WHERE substr(division_code, 1, ?2) = ?1) OR other_school_code IN "
                   "(SELECT code FROM schools WHERE substr(division_code, 1, ?2) = ?1)) ") +
      "ORDER BY opened_at DESC, case_id");
  if (!stmt) return stmt.error();
  stmt->bind(1, registrar ? actor.unit_code : actor.unit_code.substr(0, length))
      .bind(2, static_cast<int>(length))
      .bind(3, status);
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return cases;
    cases.push_back(read_case(*stmt));
  }
}

Result<std::optional<ReviewCase>> find_review_case(Database& db, const std::string& case_id) {
  auto stmt =
      db.prepare("SELECT " + std::string(kCaseColumns) + " FROM review_cases WHERE case_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, case_id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<ReviewCase>();
  return std::optional<ReviewCase>(read_case(*stmt));
}

Result<CommandOutcome> execute_decide_review_case(Database& db, const CommandContext& context,
                                                  const DecideReviewCase& command) {
  auto found = find_review_case(db, command.case_id);
  if (!found) return found.error();
  if (!*found) return make_error(ErrorCode::NotFound, "case_id");
  const ReviewCase& c = **found;
  if (c.status == "decided" || c.status == "closed")
    return make_error(ErrorCode::ReviewCaseClosed, "case_id");
  if (!may_decide(context.actor, c)) return make_error(ErrorCode::OutOfScope, "case_id");
  auto decision = review_decision_from_name(command.decision);
  if (!decision) return make_error(ErrorCode::InvalidInput, "decision");
  for (const auto& choice : command.choices)
    if (choice.side != "a" && choice.side != "b")
      return make_error(ErrorCode::InvalidInput, "choices");
  if (*decision == ReviewDecision::Merge && command.choices.empty())
    return make_error(ErrorCode::DetailRequired, "choices");

  // The device records the decision at once; its effect on the record comes with the pull.
  if (context.replica == Replica::Server &&
      (*decision == ReviewDecision::KeepB || *decision == ReviewDecision::Merge))
    if (auto applied = apply_side_b(db, context, c, command, *decision); !applied)
      return applied.error();

  auto stmt = db.prepare(
      "UPDATE review_cases SET status = ?2, decision = ?3, choices = ?4, decided_by = ?5, "
      "decided_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), comment = ?6 WHERE case_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, c.case_id)
      .bind(2, *decision == ReviewDecision::Escalate ? "escalated" : "decided")
      .bind(3, command.decision)
      .bind(4, choices_json(command.choices))
      .bind(5, context.actor.account)
      .bind(6, command.comment);
  if (auto ran = stmt->run(); !ran) return ran.error();
  if (auto audited = append_audit(db, context.actor.account, context.actor.device_id,
                                  "decide_review_case", c.case_id + ":" + command.decision,
                                  context.replica == Replica::Server ? "applied" : "pending");
      !audited)
    return audited.error();
  CommandOutcome outcome;
  outcome.student_id = c.student_id;
  outcome.case_id = c.case_id;
  return outcome;
}

}  // namespace xueji

namespace xueji {
namespace {

// Why a case about a registration (side B) no longer stands, or "" while it does.
Result<std::string> stale_reason(Database& db, const ReviewCase& c) {
  if (!c.other_student_id.empty()) {
    auto again = find_student(db, c.other_student_id);
    if (!again) return again.error();
    // Side B's school registered the child after all (e.g. the mistyped ID number corrected):
    // the registration the case holds is settled.
    if (*again) return std::string("registered_again");
  }
  auto op = parse_operation(c.side_b);
  if (!op) return std::string();
  if (auto upgraded = upgrade_operation(*op); !upgraded) return std::string();
  const auto* r = std::get_if<RegisterStudent>(&op->command);
  if (!r) return std::string();
  auto a = find_student(db, c.student_id);
  if (!a) return a.error();
  if (!*a) return std::string("side_a_gone");
  const Student& holder = **a;
  if (c.code == code_name(ErrorCode::DuplicateRegistry)) {
    // 第八条: no longer one child twice — side A's document was corrected, or its registry
    // ended (deleted as a duplicate).
    if (!is_active_registry(holder)) return std::string("side_a_inactive");
    auto normalized =
        find_student_by_document(db, r->registration.document_type, r->registration.id_number);
    if (!normalized) return normalized.error();
    if (!*normalized || (*normalized)->student_id != holder.student_id)
      return std::string("document_corrected");
    return std::string();
  }
  if (c.code == code_name(ErrorCode::RegistryNumberTaken)) {
    // 第七条: side A's 学籍号 changed (an L number replaced by the G number once the ID arrived).
    auto b = validate_registration(r->registration, c.other_school_code, Date{9999, 12, 31}, true);
    if (b && holder.registry_number != b->registry_number) return std::string("number_free");
  }
  return std::string();
}

}  // namespace

Result<void> close_stale_review_cases(Database& db, const std::string& op_id,
                                      const std::vector<std::string>& student_ids) {
  auto find = db.prepare("SELECT " + std::string(kCaseColumns) +
                         " FROM review_cases WHERE (student_id = ?1 OR other_student_id = ?1) "
                         "AND status IN ('open', 'escalated') "
                         "AND kind IN ('duplicate_registration', 'rule_violation')");
  if (!find) return find.error();
  std::vector<ReviewCase> candidates;
  for (const auto& id : student_ids) {
    if (id.empty()) continue;
    find->reset();
    find->bind(1, id);
    while (true) {
      auto row = find->step();
      if (!row) return row.error();
      if (!*row) break;
      candidates.push_back(read_case(*find));
    }
  }
  for (const auto& c : candidates) {
    auto reason = stale_reason(db, c);
    if (!reason) return reason.error();
    if (reason->empty()) continue;
    auto close = db.prepare(
        "UPDATE review_cases SET status = 'closed', close_reason = ?2, decided_at = "
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE case_id = ?1 AND status IN ('open', "
        "'escalated')");
    if (!close) return close.error();
    close->bind(1, c.case_id)
        .bind(2, "{\"reason\":" + json_string(*reason) + ",\"op_id\":" + json_string(op_id) + "}");
    if (auto closed = close->run(); !closed) return closed;
  }
  return {};
}

bool releases_held_operations(const ReviewCase& c) {
  return c.status == "decided" && (c.decision == "keep_b" || c.decision == "merge");
}

}  // namespace xueji
