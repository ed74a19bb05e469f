// The server core in the same process (ServerRegistry on its own SQLite file), behind the
// same Transport the HTTP mode uses, with the network's faults drawn from a seeded generator:
// a request lost before or after the server acted, a duplicated request, an old request
// arriving late, a truncated answer, an old pull page served again.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "ledger.hpp"
#include "sim_random.hpp"
#include "transport.hpp"
#include "xueji/actor.hpp"
#include "xueji/database.hpp"

namespace xueji::sim {

class InProcessServer : public Transport {
 public:
  InProcessServer(Database& db, std::uint64_t seed, Stats& stats)
      : db_(db), rng_(seed), stats_(stats) {}

  Date today{2026, 10, 12};
  int fault_per_mille = 0;  // 0: a perfect network

  Result<Session> login(const SimAccount& account, const std::string& device_id) override;
  Reply push(const std::string& token, const std::string& body) override;
  Reply pull(const std::string& token, const std::string& query) override;

  // Delivers the requests still held back ("reordered") now, in random order.
  void flush_delayed();

 private:
  std::string fault();
  Reply apply_push(const Actor& actor, const std::string& body);
  Database& db_;
  SimRandom rng_;
  Stats& stats_;
  std::int64_t requests_ = 0;
  std::map<std::string, Actor> sessions_;
  std::vector<std::pair<Actor, std::string>> delayed_;      // pushes that arrive later
  std::map<std::string, std::vector<std::string>> served_;  // pull pages per token
};

}  // namespace xueji::sim
