#include "server_control.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

namespace xueji::sim {
namespace {

pid_t spawn(const std::filesystem::path& binary, const std::vector<std::string>& args, int out_fd,
            int err_fd) {
  std::vector<std::string> copies{binary.string()};
  copies.insert(copies.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the simulator
    if (getppid() != parent) _exit(127);
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

bool wait_exit(pid_t pid, double seconds, int& code) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (true) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

ServerControl::ServerControl(std::filesystem::path binary, std::filesystem::path data_dir)
    : binary_(std::move(binary)), data_dir_(std::move(data_dir)) {
  supervisor_ = std::thread([this] {
    std::unique_lock lock(jobs_mutex_);
    while (true) {
      jobs_changed_.wait(lock, [this] { return quit_ || job_ != nullptr; });
      if (quit_) return;
      (*job_)();
      job_ = nullptr;
      jobs_changed_.notify_all();
    }
  });
}

ServerControl::~ServerControl() {
  stop();
  {
    std::lock_guard lock(jobs_mutex_);
    quit_ = true;
  }
  jobs_changed_.notify_all();
  supervisor_.join();
}

void ServerControl::on_supervisor(const std::function<void()>& job) {
  std::unique_lock lock(jobs_mutex_);
  jobs_changed_.wait(lock, [this] { return job_ == nullptr; });
  job_ = &job;
  jobs_changed_.notify_all();
  jobs_changed_.wait(lock, [this, &job] { return job_ != &job; });
}

bool ServerControl::seed(const std::filesystem::path& divisions_dir, std::uint64_t seed,
                         std::string& output) {
  std::filesystem::create_directories(data_dir_);
  bool ok = false;
  on_supervisor([&] { ok = seed_now(divisions_dir, seed, output); });
  return ok;
}

bool ServerControl::seed_now(const std::filesystem::path& divisions_dir, std::uint64_t seed,
                             std::string& output) {
  const auto log = data_dir_ / "seed.log";
  int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  pid_t pid = spawn(binary_,
                    {"seed", "--data", data_dir_.string(), "--divisions", divisions_dir.string(),
                     "--seed", std::to_string(seed)},
                    fd, fd);
  close(fd);
  int code = -1;
  if (!wait_exit(pid, 300, code)) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  FILE* in = fopen(log.c_str(), "r");
  if (in) {
    char buffer[4096];
    size_t n = fread(buffer, 1, sizeof buffer, in);
    output.assign(buffer, n);
    fclose(in);
  }
  return code == 0;
}

int ServerControl::start_locked() {
  std::filesystem::create_directories(data_dir_ / "web");
  int ready[2];
  if (pipe2(ready, O_CLOEXEC) != 0) return 0;
  const auto log = data_dir_ / "server.log";
  int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  pid_ = spawn(binary_,
               {"serve", "--data", data_dir_.string(), "--web", (data_dir_ / "web").string(),
                "--host", "127.0.0.1", "--port", "0"},
               ready[1], log_fd);
  close(ready[1]);
  close(log_fd);
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (out.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{ready[0], POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buffer[256];
    ssize_t n = read(ready[0], buffer, sizeof buffer);
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  close(ready[0]);
  const std::string marker = "listening on http://127.0.0.1:";
  auto at = out.find(marker);
  port_ = at == std::string::npos ? 0 : std::atoi(out.c_str() + at + marker.size());
  return port_;
}

int ServerControl::start() {
  std::lock_guard lock(mutex_);
  int port = 0;
  on_supervisor([&] { port = start_locked(); });
  return port;
}

int ServerControl::kill_and_restart() {
  std::lock_guard lock(mutex_);
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  port_ = 0;
  ++restarts_;
  int port = 0;
  on_supervisor([&] { port = start_locked(); });
  return port;
}

void ServerControl::stop() {
  std::lock_guard lock(mutex_);
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int code = 0;
  if (!wait_exit(pid_, 10, code)) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  pid_ = -1;
  port_ = 0;
}

int ServerControl::port() const {
  std::lock_guard lock(mutex_);
  return port_;
}

pid_t ServerControl::pid() const {
  std::lock_guard lock(mutex_);
  return pid_;
}

}  // namespace xueji::sim
