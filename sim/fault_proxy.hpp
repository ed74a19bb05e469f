// The simulator's own fault-injecting HTTP proxy on loopback, between the devices and the
// server. Per request, with the configured probability, one fault:
//   drop_before  the connection closes before anything reaches the server;
//   drop_after   the server answers, the device never hears it (the interesting case);
//   duplicate    the request reaches the server twice, the device hears the second answer;
//   reorder      held back 0.1–0.8 s (others overtake it), and a copy arrives again 0.5–3 s
//                after the device heard its answer;
//   truncate     the answer is cut short and the connection closed;
//   slow         256 kbit/s with 400 ms latency each way for this request (--slow-link: all);
//   kill_server  (pushes only, when the simulator started the server) SIGKILL of the server
//                while it is working on the push, then a restart; the device hears nothing.
// Logins pass untouched: they are not what sync has to survive. Native only.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "ledger.hpp"
#include "server_control.hpp"
#include "sim_random.hpp"

namespace xueji::sim {

class FaultProxy {
 public:
  // `control` null: no kills, the upstream port is `fixed_port`.
  FaultProxy(Stats& stats, std::uint64_t seed, ServerControl* control, int fixed_port)
      : stats_(stats), rng_(seed), control_(control), fixed_port_(fixed_port) {}
  ~FaultProxy();

  int start();  // listens on 127.0.0.1, a free port; returns it (0 on failure)
  void stop();
  void set_fault_rate(int per_mille) { fault_per_mille_ = per_mille; }
  void set_slow_all(bool slow) { slow_all_ = slow; }
  // The next `n` pushes (at least 1.5 s apart) kill the server whatever the fault rate.
  void force_kills(int n) { forced_kills_ = n; }
  // Waits until no request and no late copy is in flight.
  void wait_idle();

 private:
  void accept_loop();
  void serve(int client);
  std::string draw_fault(bool is_push);
  int upstream_port() const;
  // One request to the server; the raw answer ("" when the server could not be reached).
  std::string forward(const std::string& request, bool slow, bool kill_midway);
  void late_copy(std::string request, int delay_ms);
  void begin_work();
  void end_work();

  Stats& stats_;
  std::mutex rng_mutex_;
  SimRandom rng_;
  ServerControl* control_;
  int fixed_port_;
  std::atomic<int> fault_per_mille_{0};
  std::atomic<bool> slow_all_{false};
  std::atomic<int> forced_kills_{0};
  std::atomic<bool> stopping_{false};
  int listener_ = -1;
  std::thread acceptor_;
  std::mutex work_mutex_;
  std::condition_variable work_done_;
  int in_flight_ = 0;
  std::chrono::steady_clock::time_point last_kill_{};
};

}  // namespace xueji::sim
