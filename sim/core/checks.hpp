// The end-of-run checks of issue 4: every device converged to the server's state for its
// scope; every operation accounted for exactly once (applied, rejected or held for review —
// none missing, none applied twice, a replayed verdict equal to the first); document numbers
// and registry numbers unique among active registries.
#pragma once
#include <string>
#include <vector>

#include "ledger.hpp"
#include "sim_device.hpp"
#include "xueji/database.hpp"

namespace xueji::sim {

struct CheckReport {
  std::vector<std::string> failures;
  int devices_converged = 0;
  int ops_accounted = 0;
  int ops_applied = 0;
  int ops_rejected = 0;
  int ops_conflict = 0;  // held for review (a case)
  int ops_held = 0;      // not run: it depends on a refused operation
  bool ok() const { return failures.empty(); }
};

// `server` is the server's database (in process, or the server's file opened beside it).
CheckReport run_checks(Database& server, const std::vector<SimDevice*>& devices,
                       const Ledger& ledger);

}  // namespace xueji::sim
