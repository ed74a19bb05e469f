// The real xueji-server binary as a child process: seeded into a fresh data directory,
// started on a free loopback port (--port 0; the port is read from its readiness line), and
// always stopped — on scope exit, on a failed REQUIRE (an exception), and, through
// PR_SET_PDEATHSIG, even when the test process itself dies.
#pragma once
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace xueji::it {

std::filesystem::path server_binary();
std::filesystem::path divisions_dir();

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  std::string output;  // stdout and stderr together
};

// Runs `xueji-server args…` to completion (at most `timeout_seconds`).
ProcessResult run_server_command(const std::vector<std::string>& args, int timeout_seconds = 120);
// `xueji-server seed --data DIR --divisions … --seed 7`; REQUIREs success.
void seed_data_dir(const std::filesystem::path& data_dir);

class ServerProcess {
 public:
  // Starts `serve` on 127.0.0.1 with a free port; throws when it does not get ready.
  ServerProcess(const std::filesystem::path& data_dir, const std::filesystem::path& web_root,
                const std::vector<std::string>& extra_args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  std::string log() const;  // the server's stderr so far
  // SIGTERM, then wait (SIGKILL after 10 s). Returns the exit code, -1 if it had to be killed.
  int stop();
  // SIGKILL, no shutdown of any kind (a crash, a power cut of the process); waits for it.
  void kill_hard();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::filesystem::path log_file_;
};

}  // namespace xueji::it
