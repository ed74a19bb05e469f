// The xueji-server the simulator started itself (--spawn-server): seeded into a data directory,
// served on a free loopback port, and killed with SIGKILL and restarted on demand (a crash in
// the middle of a push). Native only.
#pragma once
#include <sys/types.h>

#include <filesystem>
#include <mutex>
#include <string>

namespace xueji::sim {

class ServerControl {
 public:
  ServerControl(std::filesystem::path binary, std::filesystem::path data_dir)
      : binary_(std::move(binary)), data_dir_(std::move(data_dir)) {}
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

 private:
  int start_locked();
  std::filesystem::path binary_;
  std::filesystem::path data_dir_;
  mutable std::mutex mutex_;
  pid_t pid_ = -1;
  int port_ = 0;
  int restarts_ = 0;
};

}  // namespace xueji::sim
