// R17 第二十三条 学籍复核: each term every school confirms its roster (count and digest of what it
// confirmed), then each authority signs off once all units below it are done; the progress is
// visible upward (county → city → province).
#include <catch2/catch.hpp>

#include "policy_helpers.hpp"
#include "xueji/sha256.hpp"
#include "xueji/term_verification.hpp"

using namespace xueji;

namespace {

const std::string kTerm = "2026-autumn";

ConfirmTermRoster confirmation(RegistryFixture& f, const std::string& school_code,
                               const std::string& term = kTerm) {
  auto roster = school_roster_summary(f.db, school_code);
  REQUIRE(roster.ok());
  return ConfirmTermRoster{school_code, term, roster->digest};
}

const AuthorityTermStatus* authority(const TermVerificationStatus& status,
                                     const std::string& prefix) {
  for (const auto& a : status.authorities)
    if (a.prefix == prefix) return &a;
  return nullptr;
}

}  // namespace

TEST_CASE("R17 第二十三条: a school confirms the roster it reviewed, with its count and digest") {
  RegistryFixture f;
  Student a1 = f.enroll(f.school_a, "周复核", 401);
  f.enroll(f.school_a, "吴复核", 403);
  Student away = f.enroll(f.school_a, "郑休学", 405);
  away.status = "suspended";  // on the books, not in school
  REQUIRE(update_student(f.db, away).ok());

  auto roster = school_roster_summary(f.db, "4116230001");
  REQUIRE(roster.ok());
  CHECK(roster->in_school_count == 2);
  CHECK(roster->roster_count == 3);
  CHECK(roster->digest.size() == 64);

  REQUIRE(f.run(f.school_a, ConfirmTermRoster{"4116230001", kTerm, roster->digest}).ok());
  auto status = term_verification_status(f.db, "411623", kTerm);
  REQUIRE(status.ok());
  REQUIRE(status->schools.size() == 2);
  const SchoolTermStatus& first = status->schools[0];
  CHECK(first.school_code == "4116230001");
  CHECK(first.confirmed);
  CHECK(first.confirmed_on == "2026-09-15");
  CHECK(first.confirmed_by == "reg-a");
  CHECK(first.in_school_count == 2);
  CHECK(first.roster_count == 3);
  CHECK(first.roster_digest == roster->digest);
  CHECK_FALSE(status->schools[1].confirmed);

  // Any change of the roster changes its digest; a confirmation of the old one is refused.
  Student renamed = f.student(a1.student_id);
  renamed.class_name = "三(2)班";
  REQUIRE(update_student(f.db, renamed).ok());
  auto refused = refusal_of(f, f.school_a, ConfirmTermRoster{"4116230001", kTerm, roster->digest});
  CHECK(refused.code == ErrorCode::RosterChanged);
  CHECK(refused.field == "roster_digest");
  // A second confirmation in the term replaces the first.
  REQUIRE(f.run(f.school_a, confirmation(f, "4116230001")).ok());
}

TEST_CASE("R17 第二十三条: only the school itself, for a term that has begun") {
  RegistryFixture f;
  f.enroll(f.school_a, "王范围", 411);
  CHECK(refusal(f, f.school_b, confirmation(f, "4116230001")) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.shangshui, confirmation(f, "4116230001")) == ErrorCode::OutOfScope);
  for (const char* bad : {"2026-winter", "2026", "26-autumn", "2027-spring", "2026-autumn "})
    CHECK(refusal(f, f.school_a, confirmation(f, "4116230001", bad)) == ErrorCode::TermInvalid);
  CHECK(refusal(f, f.school_a, ConfirmTermRoster{"4116230001", kTerm, ""}) ==
        ErrorCode::DetailRequired);
  CHECK(f.run(f.school_a, confirmation(f, "4116230001", "2026-spring")).ok());
  CHECK(term_start("2026-spring") == Date{2026, 2, 1});
  CHECK(term_start("2026-autumn") == Date{2026, 9, 1});
}

TEST_CASE("R17 第二十三条: the county signs off only after all its schools confirmed") {
  RegistryFixture f;
  f.enroll(f.school_a, "冯签署", 421);
  f.enroll(f.school_b, "陈签署", 423);
  REQUIRE(f.run(f.school_a, confirmation(f, "4116230001")).ok());

  auto refused = refusal_of(f, f.shangshui, SignOffTermVerification{"411623", kTerm});
  CHECK(refused.code == ErrorCode::TermVerificationIncomplete);
  CHECK(refused.field == "4116230002");  // the first school still missing
  CHECK(refused.detail == "1 unit(s) not done");

  REQUIRE(f.run(f.school_b, confirmation(f, "4116230002")).ok());
  CHECK(refusal(f, f.school_a, SignOffTermVerification{"411623", kTerm}) == ErrorCode::OutOfScope);
  CHECK(refusal(f, f.chuanhui, SignOffTermVerification{"411623", kTerm}) == ErrorCode::OutOfScope);
  REQUIRE(f.run(f.shangshui, SignOffTermVerification{"411623", kTerm}).ok());
  CHECK(refusal(f, f.shangshui, SignOffTermVerification{"411623", kTerm}) ==
        ErrorCode::TermAlreadySignedOff);
  // Signed off: the schools' confirmations for the term are final.
  CHECK(refusal(f, f.school_a, confirmation(f, "4116230001")) == ErrorCode::TermAlreadySignedOff);
  // Another term starts afresh.
  CHECK(refusal(f, f.shangshui, SignOffTermVerification{"411623", "2026-spring"}) ==
        ErrorCode::TermVerificationIncomplete);
}

TEST_CASE("R17 第二十三条: the city after all its counties — completion visible upward") {
  RegistryFixture f;
  Actor henan{"prov", Role::Province, "41", "dev-p"};
  REQUIRE(f.run(f.school_a, confirmation(f, "4116230001")).ok());
  REQUIRE(f.run(f.school_b, confirmation(f, "4116230002")).ok());
  REQUIRE(f.run(f.shangshui, SignOffTermVerification{"411623", kTerm}).ok());

  auto status = term_verification_status(f.db, "4116", kTerm);
  REQUIRE(status.ok());
  CHECK(status->schools.size() == 3);  // 商水 ×2, 川汇 ×1
  const auto* shangshui = authority(*status, "411623");
  REQUIRE(shangshui);
  CHECK(shangshui->level == 3);
  CHECK(shangshui->units_total == 2);
  CHECK(shangshui->units_done == 2);
  CHECK(shangshui->signed_off);
  CHECK(shangshui->signed_off_by == "county-ss");
  const auto* chuanhui = authority(*status, "411602");
  REQUIRE(chuanhui);
  CHECK(chuanhui->units_done == 0);
  CHECK_FALSE(chuanhui->signed_off);
  const auto* city = authority(*status, "4116");
  REQUIRE(city);
  CHECK(city->level == 2);
  CHECK(city->units_total == 2);
  CHECK(city->units_done == 1);
  CHECK_FALSE(authority(*status, "41"));  // above the asked prefix

  auto refused = refusal_of(f, f.zhoukou, SignOffTermVerification{"4116", kTerm});
  CHECK(refused.code == ErrorCode::TermVerificationIncomplete);
  CHECK(refused.field == "411602");
  REQUIRE(f.run(f.school_c, confirmation(f, "4116020001")).ok());
  REQUIRE(f.run(f.chuanhui, SignOffTermVerification{"411602", kTerm}).ok());
  REQUIRE(f.run(f.zhoukou, SignOffTermVerification{"4116", kTerm}).ok());

  // The province sees 周口 done and 郑州 (and Hubei is not Henan's) not yet.
  auto province = term_verification_status(f.db, "41", kTerm);
  REQUIRE(province.ok());
  CHECK(authority(*province, "4116")->signed_off);
  CHECK_FALSE(authority(*province, "4101")->signed_off);
  CHECK_FALSE(authority(*province, "42"));
  REQUIRE(authority(*province, "41"));
  CHECK(authority(*province, "41")->units_total == 2);
  CHECK(authority(*province, "41")->units_done == 1);
  CHECK(refusal(f, henan, SignOffTermVerification{"41", kTerm}) ==
        ErrorCode::TermVerificationIncomplete);
  CHECK(refusal(f, henan, SignOffTermVerification{"42", kTerm}) == ErrorCode::OutOfScope);
}

TEST_CASE("R17: the roster digest is SHA-256 (FIPS 180-4 test vectors)") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
