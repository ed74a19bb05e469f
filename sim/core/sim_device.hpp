// One simulated device: a real LocalRegistry (its own SQLite files: working database and
// mirror) used by one account, with its own clock (skewed up to ±30 days) and offline periods.
#pragma once
#include <memory>
#include <string>

#include "ledger.hpp"
#include "op_generator.hpp"
#include "transport.hpp"
#include "world.hpp"
#include "xueji/local_registry.hpp"

namespace xueji::sim {

enum class SyncStyle { PushThenPull, PushThenPullAnyway, PullThenPush };

struct DeviceSetup {
  std::string name;  // "d03-2411625001"
  SimAccount account;
  std::string path;  // working database file; the mirror is path + "-mirror"
  int skew_days = 0;
  int push_batch = 100;                        // operations per push
  std::size_t page_bytes = kDefaultPullBytes;  // pull page budget
  SyncStyle style = SyncStyle::PushThenPull;
};

struct SyncOutcome {
  bool ok = false;  // pushed and pulled to the end without a failure
  int changes = 0;  // entities the pull brought
  int settled = 0;  // operations that left the outbox
};

class SimDevice {
 public:
  static Result<std::unique_ptr<SimDevice>> open(const DeviceSetup& setup);

  const DeviceSetup& setup() const { return setup_; }
  LocalRegistry& registry() { return registry_; }
  Actor actor();
  Date today(const Date& server_today) const;  // the device's clock, skew included

  Result<void> login(Transport& transport);
  // One operation from the generator, as the registrar's screen would make it: run by the
  // core on the device and queued, or refused at once by the same rules (counted). False when
  // the device had nothing to do (an officer with no step waiting for it).
  bool act(const World& world, Directory& directory, Ledger& ledger, Stats& stats, SimRandom& rng,
           const Date& server_today);
  // Pushes until the outbox is empty, then pulls until no page is left. Stops at the first
  // failure (the next sync resumes).
  SyncOutcome sync(Transport& transport, Ledger& ledger, Stats& stats);
  // Tells the directory about this school's students (a family can bring the certificate).
  void publish(Directory& directory);

  int offline_actions = 0;  // > 0: the device is offline for that many more actions

 private:
  SimDevice(DeviceSetup setup, LocalRegistry registry)
      : setup_(std::move(setup)), registry_(std::move(registry)) {}
  Reply push_once(Transport& transport, const std::string& body, Stats& stats);
  bool push_all(Transport& transport, Ledger& ledger, Stats& stats, SyncOutcome& out);
  bool pull_all(Transport& transport, Stats& stats, SyncOutcome& out);
  bool relogin_on_401(Transport& transport, const Reply& reply, bool& relogged, Stats& stats);
  DeviceSetup setup_;
  LocalRegistry registry_;
  int clock_seconds_ = 8 * 3600;
};

}  // namespace xueji::sim
