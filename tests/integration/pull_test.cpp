// GET /api/sync/pull against the real server: pages within max_bytes, the caller's scope only
// (第三条), 401 without a token, a device bootstrapped and kept current through it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "api.hpp"
#include "temp_dir.hpp"
#include "xueji/local_registry.hpp"
#include "xueji/pull.hpp"

using namespace xueji;
using namespace xueji::it;

namespace {

httplib::Result get_page(httplib::Client& client, const std::string& token, std::int64_t cursor,
                         std::size_t max_bytes) {
  return get_with_token(
      client,
      "/api/sync/pull?cursor=" + std::to_string(cursor) + "&max_bytes=" + std::to_string(max_bytes),
      token);
}

// Pulls every page over HTTP into a fresh device database; returns the page bodies.
std::vector<std::string> pull_all(httplib::Client& client, LocalRegistry& device,
                                  const std::string& token, std::size_t max_bytes) {
  std::vector<std::string> bodies;
  for (int guard = 0; guard < 10000; ++guard) {
    auto res = get_page(client, token, device.pull_cursor(), max_bytes);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(res->get_header_value("Cache-Control") == "no-store");
    bodies.push_back(res->body);
    auto applied = device.apply_pull_page(res->body);
    REQUIRE(applied.ok());
    if (!applied->has_more) break;
  }
  return bodies;
}

LocalRegistry device_for(const TempDir& dir, const std::string& file, const Session& session) {
  auto opened = LocalRegistry::open((dir.path() / file).string());
  REQUIRE(opened.ok());
  Session kept = session;
  REQUIRE(opened->save_session(kept).ok());
  return std::move(*opened);
}

}  // namespace

TEST_CASE("a school's device bootstraps through small pages and holds exactly its school",
          "[pull]") {
  Deployment deployment;
  auto client = deployment.client();
  const auto& registrar = deployment.registrar(0);
  Session session = login(client, registrar, "device-a");
  TempDir dir;
  LocalRegistry device = device_for(dir, "device-a.db", session);

  auto bodies = pull_all(client, device, session.token, 4096);
  CHECK(bodies.size() > 2);  // the seeded school does not fit in 4 KB
  std::int64_t last_remaining = -1;
  for (const auto& body : bodies) {
    auto page = parse_pull_page(body);
    REQUIRE(page.ok());
    if (page->changes.size() > 1) CHECK(body.size() <= 4096);
    if (last_remaining >= 0) CHECK(page->remaining < last_remaining);  // the progress moves
    last_remaining = page->remaining;
    for (const auto& change : page->changes) {
      CHECK_FALSE(change.removed);
      for (const auto& row : change.rows)
        if (row.values.count("school_code"))
          CHECK(row.values.at("school_code") == registrar.unit_code);  // 第三条
    }
  }
  CHECK(last_remaining == 0);

  std::set<std::string> local;
  for (const auto& s : device.list_students("")) local.insert(s.student.id_number);
  auto listed = listed_id_numbers(client, session.token);
  CHECK(local == std::set<std::string>(listed.begin(), listed.end()));
  CHECK_FALSE(local.empty());

  // Nothing new: one small page that leaves the cursor where it is.
  auto res = get_page(client, session.token, device.pull_cursor(), kDefaultPullBytes);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->body.size() < 1024);
  CHECK(parse_pull_page(res->body)->next_cursor == device.pull_cursor());
}

TEST_CASE("a registration pushed by one device reaches the school's other device by pull",
          "[pull][push]") {
  Deployment deployment;
  auto client = deployment.client();
  Session first = login(client, deployment.registrar(0), "device-a");
  Session second = login(client, deployment.registrar(0), "device-b");
  Session other_school = login(client, deployment.registrar(1), "device-c");
  TempDir dir;
  LocalRegistry b = device_for(dir, "b.db", second);
  LocalRegistry c = device_for(dir, "c.db", other_school);
  pull_all(client, b, second.token, kDefaultPullBytes);
  pull_all(client, c, other_school.token, kDefaultPullBytes);
  const auto c_cursor = c.pull_cursor();

  const std::string id = unseeded_id_number(7);
  auto pushed = parse_push(post_push(
      client, first.token, to_json(registration_batch(first, {first_grader("周拉取", id)}))));
  REQUIRE(pushed.verdicts.size() == 1);
  REQUIRE(pushed.verdicts[0].outcome == Outcome::Applied);

  pull_all(client, b, second.token, kDefaultPullBytes);
  CHECK(b.list_students(id).size() == 1);
  // The other school hears nothing of it.
  auto bodies = pull_all(client, c, other_school.token, kDefaultPullBytes);
  for (const auto& body : bodies) CHECK(body.find(id) == std::string::npos);
  CHECK(c.pull_cursor() == c_cursor);
  CHECK(c.list_students(id).empty());
}

TEST_CASE("the pull refuses a request without a token and a malformed cursor", "[pull][auth]") {
  Deployment deployment;
  auto client = deployment.client();
  auto anonymous = client.Get("/api/sync/pull?cursor=0");
  REQUIRE(anonymous);
  CHECK(anonymous->status == 401);
  CHECK(parse_error(anonymous).code == "UNAUTHENTICATED");

  Session session = login(client, deployment.registrar(0), "device-a");
  for (const char* path : {"/api/sync/pull?cursor=-1", "/api/sync/pull?cursor=abc",
                           "/api/sync/pull?cursor=0&max_bytes=x"}) {
    auto res = get_with_token(client, path, session.token);
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(parse_error(res).code == "MALFORMED_REQUEST");
  }
}

TEST_CASE("a pull page is gzip-compressed for a client that accepts it", "[pull]") {
  Deployment deployment;
  auto client = deployment.client();
  Session session = login(client, deployment.registrar(0), "device-a");
  httplib::Headers headers{{"Authorization", "Bearer " + session.token},
                           {"Accept-Encoding", "gzip"}};
  auto res = client.Get("/api/sync/pull?cursor=0", headers);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Content-Encoding") == "gzip");
  CHECK(parse_pull_page(res->body).ok());  // httplib inflated it again
}
