#include "xueji/server_registry.hpp"

#include <algorithm>
#include <chrono>
#include <type_traits>

#include "xueji/hlc.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/workflow_store.hpp"

namespace xueji {
namespace {

OpVerdict verdict(const Operation& op, Outcome outcome, ErrorCode code = ErrorCode::InvalidInput,
                  std::string field = {}) {
  OpVerdict v;
  v.op_id = op.op_id;
  v.outcome = outcome;
  if (outcome != Outcome::Applied) {
    v.code = std::string(code_name(code));
    v.field = std::move(field);
    v.message_zh = std::string(message(code, Lang::Zh));
    v.message_en = std::string(message(code, Lang::En));
  }
  return v;
}

OpVerdict rejection(const Operation& op, const Error& error) {
  return verdict(op, Outcome::Rejected, error.code, error.field);
}

// A replayed op_id gets the verdict recorded the first time (exactly-once effect).
Result<std::optional<OpVerdict>> recorded_verdict(Database& db, const Operation& op) {
  auto stmt = db.prepare(
      "SELECT outcome, code, field, registry_number, warnings, case_id, held_by, hlc FROM op_log "
      "WHERE op_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, op.op_id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<OpVerdict>();
  std::string outcome = stmt->text(0);
  OpVerdict v;
  if (outcome == "applied") {
    v = verdict(op, Outcome::Applied);
  } else {
    ErrorCode code = code_from_name(stmt->text(1)).value_or(ErrorCode::InvalidInput);
    v = verdict(op,
                outcome == "conflict" ? Outcome::Conflict
                : outcome == "held"   ? Outcome::Held
                                      : Outcome::Rejected,
                code, stmt->text(2));
  }
  v.registry_number = stmt->text(3);
  // Warnings (LIKELY_DUPLICATE, REGISTRATION_LATE) are part of the verdict: S2 replays it whole.
  const std::string warnings = stmt->text(4);
  for (size_t start = 0; start < warnings.size();) {
    size_t end = warnings.find(',', start);
    if (end == std::string::npos) end = warnings.size();
    v.warnings.push_back(warnings.substr(start, end - start));
    start = end + 1;
  }
  v.case_id = stmt->text(5);
  v.held_by = stmt->text(6);
  v.hlc = stmt->text(7);
  return std::optional<OpVerdict>(v);
}

Result<void> record_verdict(Database& db, const Actor& actor, const Operation& op,
                            const OpVerdict& v) {
  auto stmt = db.prepare(
      "INSERT INTO op_log(op_id, device_id, seq, actor, kind, outcome, code, field, "
      "registry_number, warnings, case_id, held_by, hlc) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
      "?9, ?10, ?11, ?12, ?13)");
  if (!stmt) return stmt.error();
  stmt->bind(1, op.op_id)
      .bind(2, actor.device_id)
      .bind(3, op.seq)
      .bind(4, actor.account)
      .bind(5, command_kind(op.command))
      .bind(6, outcome_name(v.outcome))
      .bind(7, v.code)
      .bind(8, v.field)
      .bind(9, v.registry_number);
  std::string warnings;
  for (const auto& w : v.warnings) warnings += (warnings.empty() ? "" : ",") + w;
  stmt->bind(10, warnings).bind(11, v.case_id).bind(12, v.held_by).bind(13, v.hlc);
  return stmt->run();
}

// The synced entities an operation touched: (entity, id) as the change feed names them.
std::vector<std::pair<std::string, std::string>> touched_entities(Database& db,
                                                                  const Command& command) {
  std::vector<std::pair<std::string, std::string>> touched;
  auto workflow = [&](const std::string& id) {
    touched.emplace_back("workflow", id);
    auto stmt = db.prepare("SELECT student_id FROM workflows WHERE workflow_id = ?1");
    if (!stmt) return;
    stmt->bind(1, id);
    if (auto row = stmt->step(); row && *row && !stmt->text(0).empty())
      touched.emplace_back("student", stmt->text(0));
  };
  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, RegisterStudent>) {
          touched.emplace_back("student", c.registration.student_id);
          // A junior-middle intake may have continued a graduate's record under its own id.
          // Only the holder's id: the whole record (find_student_by_document) cost every
          // registration a row decode and a guardians query here.
          if (!c.registration.id_number.empty()) {
            auto holder = db.prepare(
                "SELECT student_id FROM students WHERE id_number = ?1 AND document_type = ?2");
            if (holder) {
              holder->bind(1, c.registration.id_number).bind(2, c.registration.document_type);
              if (auto row = holder->step(); row && *row)
                touched.emplace_back("student", holder->text(0));
            }
          }
        } else if constexpr (std::is_same_v<T, StartWorkflow> || std::is_same_v<T, DecideStep> ||
                             std::is_same_v<T, ForceStep> || std::is_same_v<T, WithdrawWorkflow>) {
          workflow(c.workflow_id);
        } else if constexpr (std::is_same_v<T, ReportProblemRecord> ||
                             std::is_same_v<T, ResolveProblemRecord>) {
          touched.emplace_back("problem", c.problem_id);
        } else if constexpr (requires { c.student_id; }) {
          touched.emplace_back("student", c.student_id);
        }
      },
      command);
  return touched;
}

// The device runs an applied operation on its mirror when it hears the verdict. Where the
// server's result may differ from that and nothing else would log it, the entities are logged
// for the actor's unit so its next pull re-sends their current state (or "removed"):
// - a replay (its first answer was lost, or a copy arrived again): the device may run it on top
//   of newer pulled state, e.g. a registration re-run after the student had already moved to
//   another school;
// - an edit that lost the three-way merge (AUTO_RESOLVED): the server kept the other value.
// Best effort: the verdict stands either way.
void relog_touched(Database& db, const Actor& actor, const Command& command) {
  for (const auto& [entity, id] : touched_entities(db, command)) {
    if (id.empty()) continue;
    auto stmt =
        db.prepare("INSERT INTO change_log(entity, entity_id, unit_code) VALUES(?1, ?2, ?3)");
    if (!stmt) return;
    stmt->bind(1, entity).bind(2, id).bind(3, actor.unit_code);
    (void)stmt->run();
  }
}

// Item 4 of issue 4: an operation that depends on a refused one (rejected, held for review, or
// itself held) is not run. Dependencies the server has no verdict for (never received, or a
// retryable failure) hold nothing back: the operation is judged on the current state.
// A dependency held for review counts as applied once its case is decided keep_b or merge: side
// B went ahead, so what was held behind it is judged again (docs/SYNC.md, "Held operations").
Result<std::optional<std::string>> refused_dependency(Database& db, const Operation& op) {
  if (op.depends_on.empty()) return std::optional<std::string>();
  auto stmt = db.prepare("SELECT outcome, case_id FROM op_log WHERE op_id = ?1");
  if (!stmt) return stmt.error();
  for (const auto& dependency : op.depends_on) {
    stmt->reset();
    stmt->bind(1, dependency);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row || stmt->text(0) == "applied") continue;
    if (stmt->text(0) == "conflict") {
      auto decided = find_review_case(db, stmt->text(1));
      if (!decided) return decided.error();
      if (*decided && releases_held_operations(**decided)) continue;
    }
    return std::optional<std::string>(dependency);
  }
  return std::optional<std::string>();
}

// Is this operation, recorded as held, free to be judged again (its dependencies released)?
Result<bool> released(Database& db, const Operation& op, const OpVerdict& recorded) {
  if (recorded.outcome != Outcome::Held) return false;
  auto refused = refused_dependency(db, op);
  if (!refused) return refused.error();
  return !*refused;
}

// The students an applied operation may have made a review case stale for (a registration
// made again, a document corrected by a completed workflow or a decision).
std::vector<std::string> stale_case_subjects(Database& db, const Command& command) {
  std::vector<std::string> ids;
  if (std::holds_alternative<EditStudent>(command)) return ids;  // ordinary fields only
  for (const auto& [entity, id] : touched_entities(db, command))
    if (entity == "student") ids.push_back(id);
  return ids;
}

// The provenance triggers (schema.cpp, migration 3) read the running operation from here;
// the workflow feed triggers (migration 9) read feed_seq, the feed's end before the operation,
// to log each workflow once per unit and operation.
Result<void> set_op_context(Database& db, const Actor& actor, const Operation& op,
                            const std::string& hlc) {
  auto stmt = db.prepare(
      "UPDATE op_context SET op_id = ?1, actor = ?2, device_id = ?3, school_code = ?4, "
      "device_time = ?5, hlc = ?6, feed_seq = (SELECT coalesce(max(seq), 0) FROM change_log) "
      "WHERE id = 1");
  if (!stmt) return stmt.error();
  stmt->bind(1, op.op_id)
      .bind(2, actor.account)
      .bind(3, actor.device_id)
      .bind(4, actor.unit_code)
      .bind(5, op.device_time)
      .bind(6, hlc);
  return stmt->run();
}

Result<Hlc> load_server_clock(Database& db) {
  auto stmt = db.prepare("SELECT hlc FROM server_clock WHERE id = 1");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  return *row ? parse_hlc(stmt->text(0)).value_or(Hlc{}) : Hlc{};
}

Result<void> save_server_clock(Database& db, const Hlc& clock) {
  auto stmt = db.prepare("UPDATE server_clock SET hlc = ?1 WHERE id = 1");
  if (!stmt) return stmt.error();
  stmt->bind(1, format_hlc(clock));
  return stmt->run();
}

// Refusals the merge does not settle alone: the operation is held in a review case for the
// county (issue 4) instead of being rejected.
bool opens_review_case(Database& db, const Operation& op, ErrorCode code) {
  if (code == ErrorCode::ConcurrentEdit || code == ErrorCode::StudentMovedAway) return true;
  // 第八条: the same document number registered offline by two schools. 第七条: two offline
  // registrations, each valid alone, that drew the same L/J 学籍号 (a rule violation).
  if (std::holds_alternative<RegisterStudent>(op.command))
    return code == ErrorCode::DuplicateRegistry || code == ErrorCode::RegistryNumberTaken;
  // 第十六条: an edit, valid against the device's base, of a record deregistered meanwhile.
  if (std::holds_alternative<EditStudent>(op.command)) return code == ErrorCode::StatusNotAllowed;
  // 第十一条: a workflow start that met another open workflow of the student, one of the two a
  // transfer — a transfer race (registry status and current school are protected: never
  // last-writer-wins). Two non-transfer workflows of one school stay a plain refusal.
  if (const auto* start = std::get_if<StartWorkflow>(&op.command);
      start && code == ErrorCode::UnfinishedBusiness) {
    if (start->kind == "transfer") return true;
    auto workflows = workflows_of_student(db, start->student_id);
    if (!workflows) return false;
    for (const auto& w : *workflows)
      if (w.state == WorkflowState::Open && w.kind == WorkflowKind::Transfer) return true;
  }
  return false;
}

}  // namespace

Result<School> ServerRegistry::school(const std::string& code) {
  auto found = find_school(db_, code);
  if (!found) return found.error();
  if (!*found) return make_error(ErrorCode::NotFound, "school_code");
  return **found;
}

ServerRegistry::Judged ServerRegistry::apply_one(const Actor& actor, const Operation& op,
                                                 const Date& today, const std::string& hlc) {
  // The server never trusts the client: scope comes from the authenticated actor, not the op.
  if (op.op_id.empty()) return {rejection(op, make_error(ErrorCode::MalformedRequest, "op_id"))};
  if (op.device_id != actor.device_id)
    return {rejection(op, make_error(ErrorCode::OutOfScope, "device_id"))};
  auto held = refused_dependency(db_, op);
  if (!held) return {rejection(op, held.error())};
  if (*held) {
    OpVerdict v = verdict(op, Outcome::Held, ErrorCode::DependsOnRejected, "depends_on");
    v.held_by = **held;
    return {v};
  }
  if (auto set = set_op_context(db_, actor, op, hlc); !set) return {rejection(op, set.error())};
  const OperationStamp stamp{op.op_id, actor.device_id, hlc, op.device_time};
  auto outcome = execute(db_, CommandContext{actor, today, Replica::Server, &stamp}, op.command);
  if (!outcome) {
    if (!opens_review_case(db_, op, outcome.error().code)) return {rejection(op, outcome.error())};
    Judged judged{verdict(op, Outcome::Conflict, outcome.error().code, outcome.error().field)};
    judged.opens_case = true;
    judged.verdict.case_id = review_case_id(op.op_id);
    return judged;
  }
  OpVerdict applied = verdict(op, Outcome::Applied);
  applied.registry_number = outcome->registry_number;
  applied.warnings = outcome->warnings;
  return {applied};
}

PushResponse ServerRegistry::apply_push(const Actor& actor, const PushRequest& request,
                                        const Date& today) {
  PushResponse response;
  // The whole batch is one transaction (atomic on disk); each operation runs in a savepoint so
  // a storage failure undoes only that operation's partial effect.
  auto tx = Transaction::begin(db_);
  Hlc clock;
  if (tx) {
    auto loaded = load_server_clock(db_);
    if (loaded) clock = *loaded;
  }
  const std::int64_t now = now_ms();
  for (const auto& op : request.ops) {
    if (!tx) {
      response.verdicts.push_back(rejection(op, tx.error()));
      continue;
    }
    // Not recorded: the client updates and sends the operation again (it stays on the device).
    if (request.protocol_version != kProtocolVersion) {
      response.verdicts.push_back(rejection(op, make_error(ErrorCode::UnsupportedVersion)));
      continue;
    }
    Operation upgraded = op;
    if (auto upgrade = upgrade_operation(upgraded); !upgrade) {
      response.verdicts.push_back(rejection(op, upgrade.error()));
      continue;
    }
    auto recorded = recorded_verdict(db_, op);
    // Held behind an operation whose case has since been decided keep_b/merge: judged again,
    // once (the new verdict replaces the recorded one; replays then get the new one).
    bool rejudge = false;
    if (recorded && *recorded) {
      auto free = released(db_, upgraded, **recorded);
      rejudge = free && *free;
    }
    if (recorded && *recorded && !rejudge) {
      if ((*recorded)->outcome == Outcome::Applied) relog_touched(db_, actor, op.command);
      response.verdicts.push_back(**recorded);
      continue;
    }
    // The operation's place in the merge order (hlc.hpp): the device's stamp when it is not
    // ahead of the server's clock, else the server's own (a device 30 days ahead must not win).
    std::vector<std::string> clock_warnings;
    std::string stamp;
    if (upgraded.hlc.empty()) {
      clock = hlc_tick(clock, now);  // format 1: stamped on receipt
      stamp = format_hlc(clock);
    } else if (auto device_hlc = parse_hlc(upgraded.hlc); !device_hlc) {
      response.verdicts.push_back(rejection(op, make_error(ErrorCode::MalformedRequest, "hlc")));
      continue;
    } else if (device_hlc->wall_ms > now + kMaxClockLeadMs) {
      clock = hlc_tick(clock, now);
      stamp = format_hlc(clock);
      clock_warnings.push_back(std::string(code_name(ErrorCode::ClockAhead)));
    } else {
      clock = hlc_receive(clock, *device_hlc, now);
      stamp = upgraded.hlc;
    }
    (void)db_.exec("SAVEPOINT op;");
    Judged judged = recorded ? apply_one(actor, upgraded, today, stamp)
                             : Judged{rejection(op, recorded.error())};
    OpVerdict& v = judged.verdict;
    v.hlc = stamp;
    v.warnings.insert(v.warnings.begin(), clock_warnings.begin(), clock_warnings.end());
    bool storage_failed = v.code == code_name(ErrorCode::StorageError);
    if (storage_failed) {
      (void)db_.exec("ROLLBACK TO op; RELEASE op;");
    } else {
      if (v.outcome != Outcome::Applied)
        (void)db_.exec("ROLLBACK TO op;");  // a refused op leaves nothing behind but its verdict
      Result<void> kept;
      if (judged.opens_case) kept = open_review_case(db_, actor, upgraded, v, today);
      // An edit that lost the merge changed nothing here, so nothing logged it; the device,
      // which runs it on its mirror when it hears "applied", must hear the current values.
      if (v.outcome == Outcome::Applied &&
          std::find(v.warnings.begin(), v.warnings.end(), code_name(ErrorCode::AutoResolved)) !=
              v.warnings.end())
        relog_touched(db_, actor, op.command);
      // A registration made again, or a document corrected: cases it made stale close.
      if (kept && v.outcome == Outcome::Applied)
        kept = close_stale_review_cases(db_, op.op_id, stale_case_subjects(db_, op.command));
      // A re-judged operation's first verdict gives way to the new one (after the rollback
      // above, which would otherwise bring the old row back).
      if (kept && rejudge) {
        auto forget = db_.prepare("DELETE FROM op_log WHERE op_id = ?1");
        if (forget) {
          forget->bind(1, op.op_id);
          kept = forget->run();
        } else {
          kept = forget.error();
        }
      }
      if (kept) kept = record_verdict(db_, actor, upgraded, v);
      if (!kept) {
        (void)db_.exec("ROLLBACK TO op;");
        v = rejection(op, kept.error());
      }
      (void)db_.exec("RELEASE op;");
    }
    response.verdicts.push_back(std::move(v));
  }
  if (tx) {
    // Changes made outside a push (seeding, tools) carry no operation's provenance.
    auto saved = save_server_clock(db_, clock);
    if (saved)
      saved = db_.exec(
          "UPDATE op_context SET op_id = '', actor = '', device_id = '', "
          "school_code = '', device_time = '', hlc = '', feed_seq = NULL WHERE id = 1;");
    auto committed = saved ? tx->commit() : Result<void>(saved.error());
    if (!committed) {
      for (auto& v : response.verdicts) {
        Operation op;
        op.op_id = v.op_id;
        v = rejection(op, committed.error());
      }
    }
  }
  response.server_hlc = format_hlc(clock);
  return response;
}

std::int64_t ServerRegistry::now_ms() const {
  if (now_ms_) return now_ms_();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::vector<ReviewCase>> ServerRegistry::review_cases(const Actor& actor,
                                                             const std::string& status) {
  return review_cases_in_scope(db_, actor, status);
}

Result<ReviewCaseDetail> ServerRegistry::review_case(const Actor& actor,
                                                     const std::string& case_id) {
  // Only a case the actor may list: another scope's case is "not found", never described.
  auto visible = review_cases_in_scope(db_, actor);
  if (!visible) return visible.error();
  for (auto& c : *visible) {
    if (c.case_id != case_id) continue;
    ReviewCaseDetail detail{std::move(c), {}};
    auto current = student_provenance(db_, detail.review_case.student_id);
    if (!current) return current.error();
    detail.current = std::move(*current);
    return detail;
  }
  return make_error(ErrorCode::NotFound, "case_id");
}

Result<std::vector<FieldHistoryEntry>> ServerRegistry::auto_resolutions(const Actor& actor,
                                                                        int limit) {
  if (actor.role == Role::SchoolRegistrar || actor.role == Role::Admin)
    return make_error(ErrorCode::OutOfScope);
  return xueji::auto_resolutions(db_, actor.unit_code, limit);
}

Result<std::vector<Student>> ServerRegistry::students_in_scope(const Actor& actor) {
  if (actor.role == Role::SchoolRegistrar) {
    auto home = school(actor.unit_code);
    if (!home) return home.error();
    if (!in_scope(actor, home->code, home->division_code)) return make_error(ErrorCode::OutOfScope);
    return students_of_school(db_, home->code);
  }
  auto schools = schools_in_division(db_, actor.unit_code);
  if (!schools) return schools.error();
  std::vector<Student> all;
  for (const auto& s : *schools) {
    if (!in_scope(actor, s.code, s.division_code)) continue;
    auto students = students_of_school(db_, s.code);
    if (!students) return students.error();
    all.insert(all.end(), students->begin(), students->end());
  }
  return all;
}

}  // namespace xueji
