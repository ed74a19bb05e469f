// Session timeouts and lock-out expiry need time to pass; the Authenticator takes the time as
// an argument, so these run it against a real SQLite database with chosen clocks instead of
// waiting (the HTTP path to the same code is covered by login_test and push_test).
#include <catch2/catch.hpp>

#include "src/account_store.hpp"
#include "src/authenticator.hpp"
#include "src/password.hpp"
#include "temp_dir.hpp"
#include "xueji/registry_store.hpp"

using namespace xueji;
using namespace xueji::server;

namespace {

struct Fixture {
  it::TempDir dir;
  std::unique_ptr<ServerDatabase> db;
  SessionPolicy policy;
  std::unique_ptr<Authenticator> auth;
  static constexpr std::int64_t t0 = 1'750'000'000;

  Fixture() {
    REQUIRE(init_crypto());
    auto opened = ServerDatabase::open(dir.path());
    REQUIRE(opened.ok());
    db = std::move(*opened);
    auto hash = hash_password("correct horse");
    REQUIRE(hash.ok());
    db->with([&](Database& d) {
      REQUIRE(upsert_division(d, {"41", "河南省", "", 1}).ok());
      REQUIRE(upsert_division(d, {"4116", "周口市", "41", 2}).ok());
      REQUIRE(upsert_division(d, {"411625", "郸城县", "4116", 3}).ok());
      REQUIRE(upsert_school(d, {"2411625001", "测试小学", "411625", "primary"}).ok());
      Account reg;
      reg.username = "reg";
      reg.password_hash = *hash;
      reg.role = Role::SchoolRegistrar;
      reg.unit_code = "2411625001";
      reg.display_name = "测试";
      REQUIRE(insert_account(d, reg, t0).ok());
    });
    auth = std::make_unique<Authenticator>(*db, policy);
  }

  Session login_at(std::int64_t now) {
    auto session = auth->login({"reg", "correct horse", "device-a"}, now);
    REQUIRE(session.ok());
    return *session;
  }
};

}  // namespace

TEST_CASE("a session dies after its idle timeout", "[session]") {
  Fixture f;
  Session s = f.login_at(Fixture::t0);
  CHECK(f.auth->authenticate(s.token, Fixture::t0 + f.policy.idle_seconds - 1).ok());
  CHECK(f.auth->authenticate(s.token, Fixture::t0 + 2 * f.policy.idle_seconds).error().code ==
        ErrorCode::Unauthenticated);
}

TEST_CASE("a session in steady use still ends at its maximum age", "[session]") {
  Fixture f;
  Session s = f.login_at(Fixture::t0);
  std::int64_t now = Fixture::t0;
  // Used every 30 minutes: never idle, but not immortal.
  while (now + 1800 < Fixture::t0 + f.policy.max_seconds) {
    now += 1800;
    REQUIRE(f.auth->authenticate(s.token, now).ok());
  }
  CHECK_FALSE(f.auth->authenticate(s.token, Fixture::t0 + f.policy.max_seconds).ok());
}

TEST_CASE("a lock-out lifts after the lock period and the count starts again", "[session]") {
  Fixture f;
  for (int i = 0; i < f.policy.max_failures; ++i)
    (void)f.auth->login({"reg", "wrong", "device-a"}, Fixture::t0);
  CHECK(f.auth->login({"reg", "correct horse", "device-a"}, Fixture::t0 + 60).error().code ==
        ErrorCode::AccountLocked);
  CHECK(f.login_at(Fixture::t0 + f.policy.lock_seconds + 1).account == "reg");
}

TEST_CASE("only a digest of the token is stored", "[session]") {
  Fixture f;
  Session s = f.login_at(Fixture::t0);
  int matches = f.db->with([&](Database& d) {
    auto stmt = d.prepare("SELECT count(*) FROM sessions WHERE token_hash = ?1 OR account = ?1");
    REQUIRE(stmt.ok());
    stmt->bind(1, s.token);
    REQUIRE(*stmt->step());
    return static_cast<int>(stmt->integer(0));
  });
  CHECK(matches == 0);
}
