#include "server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace xueji::it {
namespace {

using Clock = std::chrono::steady_clock;

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// fork + exec with stdout to `stdout_fd` and stderr to `stderr_fd`. The child dies with the
// test process (PR_SET_PDEATHSIG), so a crashed test leaves no server behind.
pid_t spawn(const std::vector<std::string>& args, int stdout_fd, int stderr_fd) {
  std::vector<char*> argv;
  std::string binary = server_binary().string();
  argv.push_back(binary.data());
  std::vector<std::string> copies(args);
  for (auto& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the parent died before prctl took effect
    dup2(stdout_fd, STDOUT_FILENO);
    dup2(stderr_fd, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// Waits up to `seconds` for the child; -1 when it is still running or died of a signal.
bool wait_for(pid_t pid, double seconds, int& exit_code) {
  auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  while (true) {
    int status = 0;
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      return true;
    }
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

std::filesystem::path server_binary() {
  return XUEJI_SERVER_BIN;
}
std::filesystem::path divisions_dir() {
  return XUEJI_DIVISIONS_DIR;
}

ProcessResult run_server_command(const std::vector<std::string>& args, int timeout_seconds) {
  char log_name[] = "/tmp/xueji-it-cmd-XXXXXX";
  int log_fd = mkstemp(log_name);
  if (log_fd < 0) throw std::runtime_error("mkstemp failed");
  pid_t pid = spawn(args, log_fd, log_fd);
  close(log_fd);
  ProcessResult result;
  if (!wait_for(pid, timeout_seconds, result.exit_code)) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    result.exit_code = -1;
  }
  result.output = read_file(log_name);
  unlink(log_name);
  return result;
}

void seed_data_dir(const std::filesystem::path& data_dir) {
  auto seeded = run_server_command({"seed", "--data", data_dir.string(), "--divisions",
                                    divisions_dir().string(), "--seed", "7"});
  INFO(seeded.output);
  REQUIRE(seeded.exit_code == 0);
}

ServerProcess::ServerProcess(const std::filesystem::path& data_dir,
                             const std::filesystem::path& web_root,
                             const std::vector<std::string>& extra_args)
    : log_file_(data_dir / "server.log") {
  std::vector<std::string> args{"serve",     "--data",          data_dir.string(),
                                "--web",     web_root.string(), "--host",
                                "127.0.0.1", "--port",          "0"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  int ready_pipe[2];
  if (pipe2(ready_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  int log_fd = open(log_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  pid_ = spawn(args, ready_pipe[1], log_fd);
  close(ready_pipe[1]);
  close(log_fd);

  // Read stdout until "listening on http(s)://127.0.0.1:PORT\n" (10 s at most).
  std::string out;
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (out.find('\n') == std::string::npos && Clock::now() < deadline) {
    pollfd p{ready_pipe[0], POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buffer[256];
    ssize_t n = read(ready_pipe[0], buffer, sizeof buffer);
    if (n <= 0) break;  // the server exited
    out.append(buffer, static_cast<size_t>(n));
  }
  close(ready_pipe[0]);
  for (std::string marker : {"listening on http://127.0.0.1:", "listening on https://127.0.0.1:"}) {
    auto at = out.find(marker);
    if (at != std::string::npos) port_ = std::atoi(out.c_str() + at + marker.size());
  }
  if (port_ <= 0) {
    stop();
    throw std::runtime_error("xueji-server did not start: " + out + "\n" + log());
  }
}

ServerProcess::~ServerProcess() {
  // A failed REQUIRE unwinds through here: show what the server logged.
  if (std::uncaught_exceptions() > 0)
    std::fprintf(stderr, "--- server log ---\n%s\n", log().c_str());
  stop();
}

std::string ServerProcess::log() const {
  return read_file(log_file_);
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  int exit_code = -1;
  kill(pid_, SIGTERM);
  if (!wait_for(pid_, 10, exit_code)) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    exit_code = -1;
  }
  pid_ = -1;
  return exit_code;
}

}  // namespace xueji::it
