#include "model.hpp"

#include <cstdio>
#include <memory>

#include "canonical.hpp"
#include "in_process.hpp"
#include "sql_rows.hpp"
#include "xueji/commands.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/schema.hpp"
#include "xueji/server_registry.hpp"

namespace xueji::sim {
namespace {

// Three schools of 郸城县 (411625) and one of 商水县 (411623): transfers within a county (one
// bureau review) and across counties (both bureaus).
World model_world() {
  World world;
  world.schools = {
      {"2411625001", "郸城县实验小学", "411625", "primary"},
      {"2411625002", "郸城县第一初级中学", "411625", "junior"},
      {"2411625003", "郸城县九年一贯制学校", "411625", "nine_year"},
      {"2411623001", "商水县第一小学", "411623", "primary"},
  };
  for (const auto& s : world.schools)
    world.accounts.push_back(
        SimAccount{"registrar." + s.code, "", Role::SchoolRegistrar, s.code, s.name});
  world.accounts.push_back(SimAccount{"county.411625", "", Role::County, "411625", "郸城县"});
  world.accounts.push_back(SimAccount{"county.411623", "", Role::County, "411623", "商水县"});
  return world;
}

Result<void> seed_server(Database& db, const World& world, SimRandom& rng, const Date& today) {
  if (auto migrated = migrate(db, DatabaseRole::Server); !migrated) return migrated.error();
  for (const auto& s : world.schools)
    if (auto stored = upsert_school(db, School{s.code, s.name, s.division, s.kind}); !stored)
      return stored.error();
  // A few students per school, registered through the same execute() as everything else.
  for (const auto& s : world.schools) {
    Actor registrar{"registrar." + s.code, Role::SchoolRegistrar, s.code, "seed"};
    for (int i = 0; i < 6; ++i) {
      auto tx = Transaction::begin(db);
      if (!tx) return tx.error();
      RegisterStudent command{new_child(rng, today, s.kind, rng.pick(birth_divisions()))};
      if (execute(db, CommandContext{registrar, today, Replica::Server}, command))
        if (auto committed = tx->commit(); !committed) return committed.error();
    }
  }
  return {};
}

}  // namespace

ModelResult run_model(const ModelOptions& options) {
  ModelResult result;
  Stats stats;
  SimRandom rng(options.seed);
  const World world = model_world();
  auto server_db = Database::open(options.dir + "/server.db");
  if (!server_db) {
    result.report.failures.push_back("cannot open the server database");
    return result;
  }
  InProcessServer server(*server_db, rng.fork(), stats);
  if (auto seeded = seed_server(*server_db, world, rng, server.today); !seeded) {
    result.report.failures.push_back("cannot seed: " + std::string(code_name(seeded.error().code)) +
                                     " " + seeded.error().detail);
    return result;
  }

  std::vector<std::unique_ptr<SimDevice>> devices;
  const int counties = 2;
  for (int i = 0; i < options.school_devices + counties; ++i) {
    const bool county = i >= options.school_devices;
    const SimAccount& account =
        county
            ? world.accounts[world.schools.size() + static_cast<size_t>(i - options.school_devices)]
            : world.accounts[static_cast<size_t>(i) % world.schools.size()];
    DeviceSetup setup;
    setup.name = "d" + std::to_string(i) + "-" + account.unit_code;
    setup.account = account;
    setup.path = options.dir + "/device-" + std::to_string(i) + ".db";
    setup.skew_days =
        options.max_skew_days > 0 ? rng.between(-options.max_skew_days, options.max_skew_days) : 0;
    setup.push_batch = 1 + static_cast<int>(rng.below(100));
    setup.style = static_cast<SyncStyle>(rng.below(3));
    setup.page_bytes = kMinPullBytes + static_cast<std::size_t>(rng.below(16 * 1024));
    auto device = SimDevice::open(setup);
    if (!device) {
      result.report.failures.push_back("cannot open device " + setup.name);
      return result;
    }
    if (auto in = (*device)->login(server); !in) {
      result.report.failures.push_back("cannot log in " + setup.name);
      return result;
    }
    devices.push_back(std::move(*device));
  }
  Directory directory;
  Ledger ledger;
  // Bootstrap: every device pulls its scope once over a perfect network.
  for (auto& d : devices) {
    d->sync(server, ledger, stats);
    d->publish(directory);
  }

  server.fault_per_mille = options.fault_per_mille;
  for (int step = 0; step < options.steps; ++step) {
    SimDevice& d = *devices[static_cast<size_t>(rng.below(devices.size()))];
    if (d.offline_actions == 0 && rng.chance(options.offline_per_mille)) {
      d.offline_actions = rng.between(3, 30);
      stats.add("offline_periods");
    }
    const bool offline = d.offline_actions > 0;
    if (offline) --d.offline_actions;
    // County officers mostly look at what arrived; anybody with nothing to do syncs.
    const bool officer = d.setup().account.role != Role::SchoolRegistrar;
    bool sync =
        !offline && rng.chance(officer ? 3 * options.sync_per_mille : options.sync_per_mille);
    if (!sync && !d.act(world, directory, ledger, stats, rng, server.today)) sync = !offline;
    if (sync) {
      d.sync(server, ledger, stats);
      d.publish(directory);
    }
    // The school year goes on: now and then a day passes.
    if (rng.chance(20)) server.today = civil_from_days(days_from_civil(server.today) + 1);
  }

  // Faults stop; requests still in flight arrive; everybody syncs until nothing moves.
  server.fault_per_mille = 0;
  server.flush_delayed();
  for (int round = 0; round < 20; ++round) {
    result.final_rounds = round + 1;
    int moved = 0;
    for (auto& d : devices) {
      SyncOutcome out = d->sync(server, ledger, stats);
      moved += out.changes + out.settled + (out.ok ? 0 : 1);
      d->publish(directory);
    }
    if (moved == 0) break;
  }

  // Random ids get stable names for the hash: devices by index, operations by device and order.
  IdNames names;
  for (size_t i = 0; i < devices.size(); ++i)
    names[devices[i]->registry().device_id()] = "device-" + std::to_string(i);
  std::map<std::string, int> per_device;
  for (const auto& op : ledger.ops())
    names[op.op_id] = "op-" + op.device + "-" + std::to_string(++per_device[op.device]);
  std::vector<SimDevice*> views;
  std::vector<std::string> device_hashes;
  for (auto& d : devices) {
    views.push_back(d.get());
    auto rows = device_rows(d->registry().database(), &names);
    device_hashes.push_back(rows ? hash_lines(*rows) : "unreadable");
  }
  result.report = run_checks(*server_db, views, ledger);
  auto all = all_rows(*server_db, &names);
  result.server_hash = all ? hash_lines(*all) : "unreadable";
  if (all && !options.dump_file.empty()) {  // what was hashed, for finding a difference
    const bool to_stdout = options.dump_file == "-";
    if (std::FILE* out = to_stdout ? stdout : std::fopen(options.dump_file.c_str(), "w")) {
      for (const auto& line : *all) std::fprintf(out, "%s\n", line.c_str());
      if (!to_stdout) std::fclose(out);
    }
  }
  result.devices_hash = hash_lines(device_hashes);
  result.counters = stats.counters();
  // What the walk reached on the server, for the verbose report.
  if (auto by_state = server_db->prepare(
          "SELECT kind || '.' || state, count(*) FROM workflows GROUP BY kind, state")) {
    while (next_row(*by_state))
      result.counters["server.workflows." + by_state->text(0)] = by_state->integer(1);
  }
  return result;
}

}  // namespace xueji::sim
