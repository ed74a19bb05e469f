#include "ledger.hpp"

#include <algorithm>
#include <cmath>

namespace xueji::sim {

void Ledger::submitted(SubmittedOp op) {
  std::lock_guard lock(mutex_);
  ops_.push_back(std::move(op));
}

void Ledger::heard(const OpVerdict& v) {
  HeardVerdict heard{std::string(outcome_name(v.outcome)), v.code, v.registry_number, {}};
  for (const auto& w : v.warnings) heard.warnings += (heard.warnings.empty() ? "" : ",") + w;
  // A "not now" verdict (storage error, update needed) is no verdict: the op is sent again.
  if (v.code == code_name(ErrorCode::StorageError) ||
      v.code == code_name(ErrorCode::UnsupportedVersion))
    return;
  std::lock_guard lock(mutex_);
  auto [it, inserted] = verdicts_.emplace(v.op_id, heard);
  // A held operation is judged again once the case it waited on is decided keep_b/merge
  // (docs/SYNC.md, "Held operations released"): its new verdict replaces the first.
  if (!inserted && !(it->second == heard) && it->second.outcome == "held") {
    it->second = heard;
    return;
  }
  if (!inserted && !(it->second == heard))
    mismatches_.push_back(v.op_id + ": first " + it->second.outcome + " " + it->second.code + " " +
                          it->second.registry_number + ", later " + heard.outcome + " " +
                          heard.code + " " + heard.registry_number);
}

std::vector<SubmittedOp> Ledger::ops() const {
  std::lock_guard lock(mutex_);
  return ops_;
}

std::map<std::string, HeardVerdict> Ledger::verdicts() const {
  std::lock_guard lock(mutex_);
  return verdicts_;
}

std::vector<std::string> Ledger::mismatches() const {
  std::lock_guard lock(mutex_);
  return mismatches_;
}

void Stats::add(const std::string& name, std::int64_t n) {
  std::lock_guard lock(mutex_);
  counters_[name] += n;
}

void Stats::push_latency(double ms) {
  std::lock_guard lock(mutex_);
  push_ms_.push_back(ms);
}

std::map<std::string, std::int64_t> Stats::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

std::int64_t Stats::counter(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto found = counters_.find(name);
  return found == counters_.end() ? 0 : found->second;
}

void Stats::pull_latency(double ms) {
  std::lock_guard lock(mutex_);
  pull_ms_.push_back(ms);
}

namespace {

double percentile_of(std::vector<double> sorted, double p) {
  if (sorted.empty()) return 0;
  std::sort(sorted.begin(), sorted.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace

double Stats::push_percentile(double p) const {
  std::lock_guard lock(mutex_);
  return percentile_of(push_ms_, p);
}

double Stats::pull_percentile(double p) const {
  std::lock_guard lock(mutex_);
  return percentile_of(pull_ms_, p);
}

size_t Stats::pull_count() const {
  std::lock_guard lock(mutex_);
  return pull_ms_.size();
}

size_t Stats::push_count() const {
  std::lock_guard lock(mutex_);
  return push_ms_.size();
}

}  // namespace xueji::sim
