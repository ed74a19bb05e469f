#include "sim_device.hpp"

#include <chrono>
#include <cstdio>

#include "sql_rows.hpp"

namespace xueji::sim {
namespace {

std::string target_of(const Command& command, const CommandOutcome& outcome) {
  if (const auto* start = std::get_if<StartWorkflow>(&command)) return start->workflow_id;
  if (const auto* decide = std::get_if<DecideStep>(&command)) return decide->workflow_id;
  if (const auto* withdraw = std::get_if<WithdrawWorkflow>(&command)) return withdraw->workflow_id;
  if (const auto* decide = std::get_if<DecideReviewCase>(&command)) return decide->case_id;
  return outcome.student_id;
}

}  // namespace

Result<std::unique_ptr<SimDevice>> SimDevice::open(const DeviceSetup& setup) {
  auto registry = LocalRegistry::open(setup.path);
  if (!registry) return registry.error();
  return std::unique_ptr<SimDevice>(new SimDevice(setup, std::move(*registry)));
}

Actor SimDevice::actor() {
  return Actor{setup_.account.username, setup_.account.role, setup_.account.unit_code,
               registry_.device_id()};
}

Date SimDevice::today(const Date& server_today) const {
  return civil_from_days(days_from_civil(server_today) + setup_.skew_days);
}

Result<void> SimDevice::login(Transport& transport) {
  auto session = transport.login(setup_.account, registry_.device_id());
  if (!session) return session.error();
  return registry_.save_session(*session);
}

bool SimDevice::act(const World& world, Directory& directory, Ledger& ledger, Stats& stats,
                    SimRandom& rng, const Date& server_today) {
  const Date day = today(server_today);
  const Actor me = actor();
  GenContext context{registry_.database(), me, day, rng, directory, world};
  auto intent = generate(context);
  if (!intent) {
    stats.add("idle");
    return false;
  }
  clock_seconds_ = (clock_seconds_ + 1 + static_cast<int>(rng.below(300))) % 86400;
  char time[32];  // room for any int, so the compiler can prove no truncation
  std::snprintf(time, sizeof time, "T%02d:%02d:%02d", clock_seconds_ / 3600,
                clock_seconds_ / 60 % 60, clock_seconds_ % 60);
  auto outcome = registry_.submit(intent->command, day, format_date(day) + time);
  stats.add("ops_attempted");
  if (!outcome) {
    // Refused by the rules on the device: never an operation, nothing to push.
    stats.add("refused_locally");
    stats.add("refused_locally." + std::string(code_name(outcome.error().code)));
    return true;
  }
  auto last = registry_.database().prepare("SELECT op_id FROM outbox ORDER BY seq DESC LIMIT 1");
  std::string op_id;
  if (last && next_row(*last)) op_id = last->text(0);
  ledger.submitted(SubmittedOp{op_id, setup_.name, intent->kind,
                               std::string(command_kind(intent->command)),
                               target_of(intent->command, *outcome)});
  stats.add("ops");
  stats.add("ops." + intent->kind);
  return true;
}

Reply SimDevice::push_once(Transport& transport, const std::string& body, Stats& stats) {
  auto started = std::chrono::steady_clock::now();
  Reply reply = transport.push(registry_.session() ? registry_.session()->token : "", body);
  if (reply.delivered && reply.status == 200)
    stats.push_latency(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count());
  return reply;
}

bool SimDevice::relogin_on_401(Transport& transport, const Reply& reply, bool& relogged,
                               Stats& stats) {
  if (!reply.delivered || reply.status != 401 || relogged) return false;
  relogged = true;
  stats.add("relogins");
  return login(transport).ok();
}

bool SimDevice::push_all(Transport& transport, Ledger& ledger, Stats& stats, SyncOutcome& out) {
  bool relogged = false;
  for (int round = 0; round < 10000; ++round) {
    auto body = registry_.build_push_body(setup_.push_batch);
    if (!body) return true;
    Reply reply = push_once(transport, *body, stats);
    if (relogin_on_401(transport, reply, relogged, stats)) continue;
    if (!reply.delivered || reply.status != 200) {
      stats.add(reply.delivered ? "errors.push_status_" + std::to_string(reply.status)
                                : "errors.push_no_answer");
      return false;
    }
    auto response = parse_push_response(reply.body);
    if (!response) {
      stats.add("errors.push_unreadable_answer");
      return false;
    }
    for (const auto& v : response->verdicts) ledger.heard(v);
    const int before = registry_.pending_count();
    auto applied = registry_.apply_push_response(reply.body);
    if (!applied) {
      stats.add("errors.push_apply_failed");
      return false;
    }
    const int after = registry_.pending_count();
    out.settled += before - after;
    if (after >= before) {  // nothing settled: the server said "not now" to all of them
      stats.add("errors.push_no_progress");
      return false;
    }
  }
  return false;
}

bool SimDevice::pull_all(Transport& transport, Stats& stats, SyncOutcome& out) {
  bool relogged = false;
  for (int page = 0; page < 100000; ++page) {
    const auto started = std::chrono::steady_clock::now();
    Reply reply = transport.pull(registry_.session() ? registry_.session()->token : "",
                                 registry_.pull_query(setup_.page_bytes));
    if (reply.delivered && reply.status == 200)
      stats.pull_latency(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count());
    if (relogin_on_401(transport, reply, relogged, stats)) continue;
    if (!reply.delivered || reply.status != 200) {
      stats.add(reply.delivered ? "errors.pull_status_" + std::to_string(reply.status)
                                : "errors.pull_no_answer");
      return false;
    }
    auto applied = registry_.apply_pull_page(reply.body);
    if (!applied) {
      stats.add("errors.pull_page_refused." + std::string(code_name(applied.error().code)));
      return false;
    }
    stats.add("pull_pages");
    out.changes += applied->upserted + applied->removed;
    if (applied->pending > 0) stats.add("rebases_with_pending");
    if (!applied->has_more) return true;
  }
  return false;
}

SyncOutcome SimDevice::sync(Transport& transport, Ledger& ledger, Stats& stats) {
  SyncOutcome out;
  stats.add("syncs");
  // Clients differ: most push then pull, and pull only after a clean push; some pull even when
  // the push failed, some pull first — both rebase pending operations on pulled state.
  bool pushed = true, pulled = true;
  switch (setup_.style) {
    case SyncStyle::PushThenPull:
      pushed = push_all(transport, ledger, stats, out);
      pulled = pushed && pull_all(transport, stats, out);
      break;
    case SyncStyle::PushThenPullAnyway:
      pushed = push_all(transport, ledger, stats, out);
      pulled = pull_all(transport, stats, out);
      break;
    case SyncStyle::PullThenPush:
      pulled = pull_all(transport, stats, out);
      pushed = push_all(transport, ledger, stats, out);
      break;
  }
  out.ok = pushed && pulled;
  return out;
}

void SimDevice::publish(Directory& directory) {
  if (setup_.account.role != Role::SchoolRegistrar) return;
  std::vector<KnownStudent> known;
  auto stmt = registry_.database().prepare(
      "SELECT registry_number, name, id_number, grade FROM students WHERE school_code = ?1 "
      "ORDER BY student_id");
  if (!stmt) return;
  stmt->bind(1, setup_.account.unit_code);
  while (next_row(*stmt))
    known.push_back(KnownStudent{stmt->text(0), stmt->text(1), stmt->text(2),
                                 static_cast<int>(stmt->integer(3)), setup_.account.unit_code});
  directory.publish(setup_.account.unit_code, std::move(known));
}

}  // namespace xueji::sim
