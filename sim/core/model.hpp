// The whole simulation in one process and one thread, deterministic from a seed: a server
// database (ServerRegistry), school devices and county officers (LocalRegistry each), random
// operations, random sync order, offline periods, clock skew, network faults; then faults stop,
// every device syncs until quiet, and the checks run. Used by the property tests and by
// xueji-dbhash (the same run must give the same database hash natively and in WebAssembly).
#pragma once
#include <cstdint>
#include <map>
#include <string>

#include "checks.hpp"
#include "ledger.hpp"

namespace xueji::sim {

struct ModelOptions {
  std::uint64_t seed = 1;
  int school_devices = 6;  // spread over the schools; one county officer device per county
  int steps = 300;         // device actions (an operation or a sync)
  int fault_per_mille = 100;
  int sync_per_mille = 150;    // chance an online device's action is a sync
  int offline_per_mille = 30;  // chance an action starts an offline period
  int max_skew_days = 30;      // device clocks off by up to ± this
  std::string dir;             // where the SQLite files go (must exist)
  std::string dump_file;       // if set: the server's canonical lines (what is hashed)
};

struct ModelResult {
  CheckReport report;
  std::map<std::string, std::int64_t> counters;  // Stats of the run
  std::int64_t counter(const std::string& name) const {
    auto found = counters.find(name);
    return found == counters.end() ? 0 : found->second;
  }
  std::string server_hash;   // canonical content of the server database (all_rows)
  std::string devices_hash;  // canonical content of every device's fed tables, in device order
  int final_rounds = 0;      // sync rounds until quiet
};

ModelResult run_model(const ModelOptions& options);

}  // namespace xueji::sim
