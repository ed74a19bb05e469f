// What the simulator remembers to check at the end: every operation a device queued, every
// verdict a device heard (a replayed verdict must equal the first, S2), and figures for the
// summary. Thread-safe.
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "xueji/operation.hpp"

namespace xueji::sim {

struct SubmittedOp {
  std::string op_id;
  std::string device;  // the simulator's device name
  std::string intent;  // the generator's kind ("register_twin", "decide"…)
  std::string command_kind;
  std::string target;  // student_id or workflow_id
};

struct HeardVerdict {
  std::string outcome;
  std::string code;
  std::string registry_number;
  std::string warnings;
  bool operator==(const HeardVerdict&) const = default;
};

class Ledger {
 public:
  void submitted(SubmittedOp op);
  void heard(const OpVerdict& verdict);
  std::vector<SubmittedOp> ops() const;
  std::map<std::string, HeardVerdict> verdicts() const;
  std::vector<std::string> mismatches() const;

 private:
  mutable std::mutex mutex_;
  std::vector<SubmittedOp> ops_;
  std::map<std::string, HeardVerdict> verdicts_;
  std::vector<std::string> mismatches_;
};

// Counters and latencies for the `name value unit` summary.
class Stats {
 public:
  void add(const std::string& name, std::int64_t n = 1);
  void push_latency(double ms);
  void pull_latency(double ms);
  std::map<std::string, std::int64_t> counters() const;
  std::int64_t counter(const std::string& name) const;
  // Percentile (0–100) of the push round trips in ms; 0 when none.
  double push_percentile(double p) const;
  size_t push_count() const;
  // The same for pull pages.
  double pull_percentile(double p) const;
  size_t pull_count() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::int64_t> counters_;
  std::vector<double> push_ms_;
  std::vector<double> pull_ms_;
};

}  // namespace xueji::sim
