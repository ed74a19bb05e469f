#include "checks.hpp"

#include <map>
#include <set>

#include "canonical.hpp"
#include "sql_rows.hpp"

namespace xueji::sim {
namespace {

struct LoggedOp {
  std::string outcome, code, registry_number, warnings, device_id;
};

void fail(CheckReport& report, std::string message) {
  if (report.failures.size() < 200) report.failures.push_back(std::move(message));
}

// Rows of a query as lines "a b c" (for reports).
std::vector<std::string> query_lines(Database& db, const std::string& sql) {
  std::vector<std::string> out;
  auto stmt = db.prepare(sql);
  if (!stmt) return {"query failed: " + sql};
  while (next_row(*stmt)) {
    std::string line;
    for (int i = 0; i < stmt->column_count(); ++i) line += (i ? " " : "") + stmt->text(i);
    out.push_back(line);
  }
  return out;
}

void check_unique(Database& db, const std::string& where, CheckReport& report) {
  for (const auto& l : query_lines(db,
                                   "SELECT registry_number, count(*) FROM students GROUP BY "
                                   "registry_number HAVING count(*) > 1"))
    fail(report, where + ": registry number held twice: " + l);
  // 第八条 一人一籍: one active registry per document.
  for (const auto& l : query_lines(
           db,
           "SELECT document_type, id_number, count(*) FROM students WHERE id_number IS NOT NULL "
           "AND id_number <> '' AND status NOT IN ('graduated', 'deceased', 'transferred_out', "
           "'deleted') GROUP BY document_type, id_number HAVING count(*) > 1"))
    fail(report, where + ": document number active twice: " + l);
  // One open workflow per student (a death report may stand beside another, 第十六条).
  for (const auto& l : query_lines(
           db,
           "SELECT student_id, count(*) FROM workflows WHERE state = 'open' AND kind <> 'death' "
           "AND student_id <> '' GROUP BY student_id HAVING count(*) > 1"))
    fail(report, where + ": student with two open workflows: " + l);
}

void check_converged(Database& server, SimDevice& device, CheckReport& report) {
  const std::string name = device.setup().name;
  if (int pending = device.registry().pending_count(); pending > 0)
    fail(report, name + ": " + std::to_string(pending) + " operations still pending");
  auto expected = server_scope_rows(server, device.actor());
  auto actual = device_rows(device.registry().database());
  if (!expected || !actual) {
    fail(report, name + ": cannot read rows");
    return;
  }
  if (*expected == *actual) {
    ++report.devices_converged;
  } else {
    std::string text = name + " (" + device.setup().account.unit_code +
                       ") diverged from the server: " + std::to_string(expected->size()) +
                       " server rows, " + std::to_string(actual->size()) + " device rows";
    for (const auto& line : diff_lines(*expected, *actual, 12)) text += "\n      " + line;
    fail(report, text);
  }
  check_unique(device.registry().database(), name, report);
}

std::map<std::string, LoggedOp> op_log(Database& server) {
  std::map<std::string, LoggedOp> logged;
  auto stmt = server.prepare(
      "SELECT op_id, outcome, code, registry_number, warnings, device_id FROM op_log");
  if (!stmt) return logged;
  while (next_row(*stmt))
    logged[stmt->text(0)] =
        LoggedOp{stmt->text(1), stmt->text(2), stmt->text(3), stmt->text(4), stmt->text(5)};
  return logged;
}

// 需处理 on a device: op_id → (outcome, held_by).
std::map<std::string, std::pair<std::string, std::string>> device_rejections(SimDevice& device) {
  std::map<std::string, std::pair<std::string, std::string>> listed;
  for (const auto& r : device.registry().rejections()) listed[r.op_id] = {r.outcome, r.held_by};
  return listed;
}

bool exists(Database& db, const std::string& sql, const std::string& key) {
  auto stmt = db.prepare(sql);
  if (!stmt) return false;
  stmt->bind(1, key);
  return next_row(*stmt);
}

std::int64_t number(Database& db, const std::string& sql, const std::string& key) {
  auto stmt = db.prepare(sql);
  if (!stmt) return -1;
  stmt->bind(1, key);
  return next_row(*stmt) ? stmt->integer(0) : -1;
}

void check_accounting(Database& server, const std::vector<SimDevice*>& devices,
                      const Ledger& ledger, CheckReport& report) {
  const auto logged = op_log(server);
  const auto heard = ledger.verdicts();
  std::map<std::string, SimDevice*> by_name;
  std::map<std::string, std::map<std::string, std::pair<std::string, std::string>>> rejected_on;
  std::set<std::string> device_ids;
  for (SimDevice* d : devices) {
    by_name[d->setup().name] = d;
    rejected_on[d->setup().name] = device_rejections(*d);
    device_ids.insert(d->registry().device_id());
  }
  std::set<std::string> submitted;
  std::map<std::string, int> applied_decisions;  // workflow_id → applied DecideStep ops
  for (const auto& op : ledger.ops()) {
    submitted.insert(op.op_id);
    auto found = logged.find(op.op_id);
    if (found == logged.end()) {
      // Held on the device without being sent: it depends on an operation the server refused
      // (or on one held itself), and it is listed under 需处理.
      auto listed = rejected_on[op.device].find(op.op_id);
      if (listed != rejected_on[op.device].end() && listed->second.first == "held" &&
          !listed->second.second.empty()) {
        auto by = logged.find(listed->second.second);
        const bool refused = by != logged.end()
                                 ? by->second.outcome != "applied"
                                 : rejected_on[op.device].count(listed->second.second);
        if (refused) {
          ++report.ops_accounted;
          ++report.ops_held;
          continue;
        }
      }
      fail(report, "op " + op.op_id + " (" + op.intent + " on " + op.device +
                       ") missing: the server has no verdict for it");
      continue;
    }
    const LoggedOp& log = found->second;
    ++report.ops_accounted;
    auto told = heard.find(op.op_id);
    if (told == heard.end()) {
      fail(report, "op " + op.op_id + " (" + op.intent + "): the device never heard its verdict");
    } else if (told->second.outcome != log.outcome || told->second.code != log.code ||
               told->second.registry_number != log.registry_number ||
               told->second.warnings != log.warnings) {
      fail(report, "op " + op.op_id + ": device heard " + told->second.outcome + " " +
                       told->second.code + ", server recorded " + log.outcome + " " + log.code);
    }
    const bool listed = rejected_on[op.device].count(op.op_id) > 0;
    if (log.outcome == "applied") {
      ++report.ops_applied;
      if (listed) fail(report, "op " + op.op_id + " applied but listed under 需处理");
    } else {
      log.outcome == "conflict" ? ++report.ops_conflict
      : log.outcome == "held"   ? ++report.ops_held
                                : ++report.ops_rejected;
      if (!listed)
        fail(report, "op " + op.op_id + " " + log.outcome + " (" + log.code +
                         ") but not listed under 需处理 on " + op.device);
    }
    // Effects exactly once: an applied start made its workflow, a refused one left nothing —
    // unless the county decided its case keep_b and that ran side B itself (a transfer race's
    // start, a 学籍号 clash's registration, a protected-field correction).
    const bool applied =
        log.outcome == "applied" ||
        (log.outcome == "conflict" &&
         exists(server,
                "SELECT 1 FROM review_cases WHERE case_id = 'case-' || ?1 AND status = 'decided' "
                "AND decision = 'keep_b' AND kind IN ('transfer_race', 'rule_violation', "
                "'protected_field')",
                op.op_id));
    if (op.command_kind == "start_workflow") {
      bool there = exists(server, "SELECT 1 FROM workflows WHERE workflow_id = ?1", op.target);
      if (there != applied)
        fail(report, "op " + op.op_id + " " + log.outcome + " but workflow " + op.target +
                         (there ? " exists" : " does not exist"));
    } else if (op.command_kind == "register_student" && !op.target.empty()) {
      bool there = exists(server, "SELECT 1 FROM students WHERE student_id = ?1", op.target);
      if (there != applied)
        fail(report, "op " + op.op_id + " " + log.outcome + " but student " + op.target +
                         (there ? " exists" : " does not exist"));
    } else if (op.command_kind == "decide_step" && applied) {
      ++applied_decisions[op.target];
    }
  }
  // A step decided twice, or decided without an applied operation, shows here.
  for (const auto& [workflow, count] : applied_decisions) {
    auto decided = number(server,
                          "SELECT count(*) FROM workflow_steps WHERE workflow_id = ?1 AND forced "
                          "= 0 AND state IN ('approved', 'rejected')",
                          workflow);
    if (decided != count)
      fail(report, "workflow " + workflow + ": " + std::to_string(count) +
                       " applied decisions but " + std::to_string(decided) + " decided steps");
  }
  for (const auto& [op_id, log] : logged)
    if (device_ids.count(log.device_id) && !submitted.count(op_id))
      fail(report, "op " + op_id + " in the server's log was never submitted by a device");
  for (const auto& m : ledger.mismatches())
    fail(report, "a replayed verdict differs from the first: " + m);
}

}  // namespace

CheckReport run_checks(Database& server, const std::vector<SimDevice*>& devices,
                       const Ledger& ledger) {
  CheckReport report;
  for (SimDevice* d : devices) check_converged(server, *d, report);
  check_accounting(server, devices, ledger, report);
  check_unique(server, "server", report);
  return report;
}

}  // namespace xueji::sim
