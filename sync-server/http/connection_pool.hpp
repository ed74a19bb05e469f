// httplib's worker pool with a connection limit: `threads` connections are served at once and
// at most `max_waiting` more are accepted and wait; past that the listener stops accepting
// (enqueue blocks), so further clients wait in the kernel's listen backlog instead of growing
// an unbounded queue in memory. httplib 0.11's own ThreadPool queues without limit.
#pragma once
#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace xueji::server::http {

class ConnectionPool : public httplib::TaskQueue {
 public:
  ConnectionPool(size_t threads, size_t max_waiting);
  ~ConnectionPool() override;
  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

 private:
  void work();
  size_t max_waiting_;
  std::mutex mutex_;
  std::condition_variable has_job_;
  std::condition_variable has_room_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  bool shutdown_ = false;
};

}  // namespace xueji::server::http
