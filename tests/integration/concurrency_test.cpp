// Several devices pushing at once: every operation gets its verdict, none is lost or doubled.
#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <thread>

#include "api.hpp"
#include "temp_dir.hpp"
#include "xueji/local_registry.hpp"
#include "xueji/pull.hpp"

using namespace xueji;
using namespace xueji::it;

TEST_CASE("devices of several schools pushing at the same time all get their registrations applied",
          "[push][concurrency]") {
  Deployment deployment;
  constexpr int kDevices = 4, kBatches = 10, kOpsPerBatch = 5;
  std::vector<Session> sessions;
  {
    auto client = deployment.client();
    for (int d = 0; d < kDevices; ++d)
      sessions.push_back(login(client, deployment.registrar(static_cast<size_t>(d) % 2),
                               "device-" + std::to_string(d)));
  }
  std::vector<int> applied(kDevices, 0);
  std::vector<std::thread> threads;
  for (int d = 0; d < kDevices; ++d) {
    threads.emplace_back([&, d] {
      // No Catch2 assertions off the main thread (they are not thread-safe): count, check after.
      auto client = deployment.client();
      for (int b = 0; b < kBatches; ++b) {
        std::vector<StudentRegistration> batch;
        for (int k = 0; k < kOpsPerBatch; ++k) {
          int n = 1000 + (d * kBatches + b) * kOpsPerBatch + k;
          batch.push_back(first_grader("并发" + std::to_string(n), unseeded_id_number(n)));
        }
        auto res = post_push(client, sessions[static_cast<size_t>(d)].token,
                             to_json(registration_batch(sessions[static_cast<size_t>(d)], batch)));
        if (!res || res->status != 200) continue;
        auto response = parse_push_response(res->body);
        if (!response) continue;
        for (const auto& v : response->verdicts)
          applied[static_cast<size_t>(d)] += v.outcome == Outcome::Applied;
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int d = 0; d < kDevices; ++d)
    CHECK(applied[static_cast<size_t>(d)] == kBatches * kOpsPerBatch);

  auto client = deployment.client();
  Session county = login(client, deployment.county(), "device-county");
  auto listed = listed_id_numbers(client, county.token);
  std::set<std::string> unique(listed.begin(), listed.end());
  CHECK(unique.size() == listed.size());
  int pushed = 0;
  for (const auto& id : listed) pushed += id.rfind("110101", 0) == 0;
  CHECK(pushed == kDevices * kBatches * kOpsPerBatch);
}

TEST_CASE("a device pulling while another pushes gets consistent pages, each one audited",
          "[pull][push][concurrency]") {
  // Pulls are read on the server's read connections beside the writer (ServerDatabase::read):
  // pages built while pushes commit must still apply cleanly, end with every pushed student,
  // and leave one audit row per page that carried data (R18, 第二十四条).
  Deployment deployment;
  Session pusher, puller;
  {
    auto client = deployment.client();
    pusher = login(client, deployment.registrar(0), "device-push");
    puller = login(client, deployment.registrar(0), "device-pull");
  }
  const auto audited_before = audit_rows(deployment.data_dir(), "pull").size();
  constexpr int kBatches = 10, kOpsPerBatch = 5;
  std::atomic<bool> pushing{true};
  int applied = 0;
  std::thread push_thread([&] {
    auto client = deployment.client();
    for (int b = 0; b < kBatches; ++b) {
      std::vector<StudentRegistration> batch;
      for (int k = 0; k < kOpsPerBatch; ++k) {
        int n = 2000 + b * kOpsPerBatch + k;
        batch.push_back(first_grader("并读" + std::to_string(n), unseeded_id_number(n)));
      }
      auto res = post_push(client, pusher.token, to_json(registration_batch(pusher, batch)));
      if (!res || res->status != 200) continue;
      if (auto response = parse_push_response(res->body))
        for (const auto& v : response->verdicts) applied += v.outcome == Outcome::Applied;
    }
    pushing = false;
  });

  TempDir dir;
  auto device = LocalRegistry::open((dir.path() / "pull.db").string());
  REQUIRE(device.ok());
  REQUIRE(device->save_session(puller).ok());
  auto client = deployment.client();
  int pages = 0, pages_with_data = 0, refused = 0;
  // Small pages, pulled until the pushes are over and one more pass brings nothing new.
  for (bool last_pass = false; !last_pass;) {
    last_pass = !pushing;
    for (int guard = 0; guard < 10000; ++guard) {
      auto res = get_with_token(
          client,
          "/api/sync/pull?cursor=" + std::to_string(device->pull_cursor()) + "&max_bytes=4096",
          puller.token);
      if (!res || res->status != 200) {
        ++refused;
        break;
      }
      auto page = parse_pull_page(res->body);
      auto applied_page = device->apply_pull_page(res->body);
      if (!page || !applied_page) {
        ++refused;
        break;
      }
      ++pages;
      pages_with_data += !page->changes.empty();
      if (!applied_page->has_more) break;
    }
  }
  push_thread.join();
  CHECK(refused == 0);
  CHECK(applied == kBatches * kOpsPerBatch);
  int held = 0;
  for (int n = 2000; n < 2000 + kBatches * kOpsPerBatch; ++n)
    held += static_cast<int>(device->list_students(unseeded_id_number(n)).size());
  CHECK(held == kBatches * kOpsPerBatch);
  CHECK(pages > 0);
  CHECK(audit_rows(deployment.data_dir(), "pull").size() - audited_before ==
        static_cast<size_t>(pages_with_data));
}
