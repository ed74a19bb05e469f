// Several devices pushing at once: every operation gets its verdict, none is lost or doubled.
#include <catch2/catch.hpp>

#include <set>
#include <thread>

#include "api.hpp"

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
