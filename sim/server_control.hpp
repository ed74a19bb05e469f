// The xueji-server the simulator started itself (--spawn-server): seeded into a data directory,
// served on a free loopback port, and killed with SIGKILL and restarted on demand (a crash in
// the middle of a push). Native only.
#pragma once
#include <sys/types.h>

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace xueji::sim {

class ServerControl {
 public:
  ServerControl(std::filesystem::path binary, std::filesystem::path data_dir);
  ~ServerControl();

  // `xueji-server seed --data DIR --divisions DIST --seed N`; false (with the output) on failure.
  bool seed(const std::filesystem::path& divisions_dir, std::uint64_t seed, std::string& output);
  // Starts `serve` on 127.0.0.1, port 0; returns the port, or 0 when it did not get ready.
  int start();
  // SIGKILL (no shutdown of any kind), then start again; returns the new port (0 on failure).
  int kill_and_restart();
  void stop();  // SIGTERM, then SIGKILL after 10 s
  int port() const;
  int restarts() const { return restarts_; }
  pid_t pid() const;  // the running server's process id (-1 when none)

 private:
  int start_locked();
  bool seed_now(const std::filesystem::path& divisions_dir, std::uint64_t seed,
                std::string& output);
  // Runs `job` on the supervisor thread and waits. Every server is forked from that one
  // long-lived thread: PR_SET_PDEATHSIG kills a child when the *thread* that forked it ends,
  // and a kill is requested from short-lived proxy threads.
  void on_supervisor(const std::function<void()>& job);
  std::filesystem::path binary_;
  std::filesystem::path data_dir_;
  mutable std::mutex mutex_;
  pid_t pid_ = -1;
  int port_ = 0;
  int restarts_ = 0;
  std::mutex jobs_mutex_;
  std::condition_variable jobs_changed_;
  const std::function<void()>* job_ = nullptr;
  bool quit_ = false;
  std::thread supervisor_;
};

}  // namespace xueji::sim
