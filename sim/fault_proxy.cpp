#include "fault_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace xueji::sim {
namespace {

constexpr int kSlowBytesPerSecond = 256 * 1000 / 8;  // 256 kbit/s
constexpr int kSlowLatencyMs = 400;

void sleep_ms(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

bool wait_readable(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, timeout_ms) > 0;
}

bool send_all(int fd, const std::string& data, bool slow) {
  size_t sent = 0;
  const size_t chunk = slow ? 1024 : data.size();
  while (sent < data.size()) {
    size_t n = std::min(chunk, data.size() - sent);
    ssize_t w = ::send(fd, data.data() + sent, n, MSG_NOSIGNAL);
    if (w <= 0) return false;
    sent += static_cast<size_t>(w);
    if (slow) sleep_ms(static_cast<int>(1000 * static_cast<long>(w) / kSlowBytesPerSecond));
  }
  return true;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Content-Length of a header block, -1 when absent.
long content_length(const std::string& headers) {
  std::string h = lower(headers);
  auto at = h.find("\r\ncontent-length:");
  if (at == std::string::npos) return -1;
  return std::atol(h.c_str() + at + 17);
}

// One HTTP message (request or response): headers and a Content-Length body, or up to EOF
// when there is no length (`until_eof`). "" on a timeout or a closed connection.
std::string read_message(int fd, bool until_eof, int timeout_ms) {
  std::string data;
  size_t header_end = std::string::npos;
  long length = -1;
  char buffer[16384];
  while (true) {
    if (header_end != std::string::npos) {
      if (length >= 0 && data.size() >= header_end + 4 + static_cast<size_t>(length)) return data;
      if (length < 0 && !until_eof) return data;
    }
    if (!wait_readable(fd, timeout_ms)) return {};
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return header_end != std::string::npos && length < 0 ? data : std::string();
    data.append(buffer, static_cast<size_t>(n));
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end != std::string::npos) length = content_length(data.substr(0, header_end + 2));
    }
  }
}

int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

}  // namespace

FaultProxy::~FaultProxy() {
  stop();
}

int FaultProxy::start() {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener_ < 0) return 0;
  int one = 1;
  setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 128) != 0)
    return 0;
  socklen_t size = sizeof addr;
  getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &size);
  acceptor_ = std::thread([this] { accept_loop(); });
  return ntohs(addr.sin_port);
}

void FaultProxy::stop() {
  if (stopping_.exchange(true)) return;
  if (listener_ >= 0) ::shutdown(listener_, SHUT_RDWR);
  if (acceptor_.joinable()) acceptor_.join();
  if (listener_ >= 0) ::close(listener_);
  listener_ = -1;
  wait_idle();
}

void FaultProxy::begin_work() {
  std::lock_guard lock(work_mutex_);
  ++in_flight_;
}

void FaultProxy::end_work() {
  std::lock_guard lock(work_mutex_);
  if (--in_flight_ == 0) work_done_.notify_all();
}

void FaultProxy::wait_idle() {
  std::unique_lock lock(work_mutex_);
  work_done_.wait(lock, [this] { return in_flight_ == 0; });
}

void FaultProxy::accept_loop() {
  while (!stopping_) {
    if (!wait_readable(listener_, 200)) continue;
    int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    begin_work();
    std::thread([this, client] {
      serve(client);
      ::close(client);
      end_work();
    }).detach();
  }
}

int FaultProxy::upstream_port() const {
  return control_ ? control_->port() : fixed_port_;
}

std::string FaultProxy::draw_fault(bool is_push) {
  std::lock_guard lock(rng_mutex_);
  if (is_push && control_ && forced_kills_ > 0 &&
      std::chrono::steady_clock::now() - last_kill_ >= std::chrono::milliseconds(1500)) {
    --forced_kills_;
    last_kill_ = std::chrono::steady_clock::now();
    return "kill_server";
  }
  if (!rng_.chance(fault_per_mille_)) return {};
  // Weights: the answer lost after the server acted is the case that matters most.
  struct Weighted {
    const char* kind;
    int weight;
  };
  static const Weighted kFaults[] = {{"drop_before", 2}, {"drop_after", 4}, {"duplicate", 2},
                                     {"reorder", 2},     {"truncate", 2},   {"slow", 1},
                                     {"kill_server", 1}};
  int total = 0;
  for (const auto& f : kFaults) total += f.weight;
  int draw = static_cast<int>(rng_.below(static_cast<std::uint64_t>(total)));
  std::string kind;
  for (const auto& f : kFaults) {
    if (draw < f.weight) {
      kind = f.kind;
      break;
    }
    draw -= f.weight;
  }
  if (kind == "kill_server") {
    // Only a push is worth crashing for, only a server we started, and not in a tight loop:
    // it must come up again between two kills.
    const auto now = std::chrono::steady_clock::now();
    if (!is_push || !control_ || now - last_kill_ < std::chrono::milliseconds(1500))
      kind = "drop_after";
    else
      last_kill_ = now;
  }
  return kind;
}

std::string FaultProxy::forward(const std::string& request, bool slow, bool kill_midway) {
  if (slow) sleep_ms(kSlowLatencyMs);
  int port = upstream_port();
  int fd = port > 0 ? connect_loopback(port) : -1;
  if (fd < 0) {
    stats_.add("proxy.server_unreachable");
    return {};
  }
  std::string answer;
  if (send_all(fd, request, slow)) {
    if (kill_midway) {
      // The server has the request and is working on it: crash it now.
      int jitter = 0;
      {
        std::lock_guard lock(rng_mutex_);
        jitter = static_cast<int>(rng_.below(4));
      }
      sleep_ms(jitter);
      control_->kill_and_restart();
    } else {
      answer = read_message(fd, true, 120000);
    }
  }
  ::close(fd);
  if (slow && !answer.empty()) sleep_ms(kSlowLatencyMs);
  return answer;
}

void FaultProxy::late_copy(std::string request, int delay_ms) {
  begin_work();
  std::thread([this, request = std::move(request), delay_ms] {
    sleep_ms(delay_ms);
    (void)forward(request, false, false);
    end_work();
  }).detach();
}

void FaultProxy::serve(int client) {
  const std::string request = read_message(client, false, 60000);
  if (request.empty()) return;
  const bool is_login = request.rfind("POST /api/login", 0) == 0;
  const bool is_push = request.rfind("POST /api/sync/push", 0) == 0;
  std::string kind = is_login ? std::string() : draw_fault(is_push);
  if (!kind.empty()) {
    stats_.add("faults");
    stats_.add("faults." + kind);
  }
  const bool slow = slow_all_ || kind == "slow";
  if (kind == "drop_before") return;
  if (kind == "kill_server") {
    (void)forward(request, false, true);
    return;
  }
  int delay = 0, late = 0;
  if (kind == "reorder") {
    std::lock_guard lock(rng_mutex_);
    delay = 100 + static_cast<int>(rng_.below(700));
    late = 500 + static_cast<int>(rng_.below(2500));
  }
  if (delay) sleep_ms(delay);
  std::string answer = forward(request, slow, false);
  if (kind == "duplicate") {
    std::string second = forward(request, slow, false);
    if (!second.empty()) answer = second;
  }
  if (late) late_copy(request, late);
  if (answer.empty() || kind == "drop_after") return;
  if (kind == "truncate") {
    size_t header_end = answer.find("\r\n\r\n");
    size_t body = header_end == std::string::npos ? 0 : header_end + 4;
    size_t cut;
    {
      std::lock_guard lock(rng_mutex_);
      cut = body + static_cast<size_t>(rng_.below(std::max<size_t>(1, answer.size() - body)));
    }
    answer.resize(cut);
  }
  (void)send_all(client, answer, slow);
}

}  // namespace xueji::sim
