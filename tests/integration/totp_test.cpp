// TOTP (RFC 6238) and HOTP (RFC 4226) against the RFCs' own test vectors, the ±1 step window
// and the replay rule; the password rules (等级保护 level 3). In process: these are functions of
// the server core, no HTTP needed (the HTTP path is in account_test).
#include <catch2/catch.hpp>

#include "src/password_policy.hpp"
#include "src/totp.hpp"

using namespace xueji;
using namespace xueji::server;

namespace {
const std::string kRfcKey = "12345678901234567890";  // RFC 4226 App. D, RFC 6238 App. B (SHA-1)
}

TEST_CASE("HOTP matches RFC 4226 appendix D", "[totp]") {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t counter = 0; counter < 10; ++counter)
    CHECK(hotp(kRfcKey, counter) == expected[counter]);
}

TEST_CASE("TOTP matches RFC 6238 appendix B (SHA-1, 8 digits)", "[totp]") {
  const std::pair<std::int64_t, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& [time, code] : vectors) {
    INFO("T = " << time);
    CHECK(hotp(kRfcKey, static_cast<std::uint64_t>(totp_step(time)), 8) == code);
  }
}

TEST_CASE("base32 matches RFC 4648 section 10 (without padding)", "[totp]") {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "MY"},
                                                         {"fo", "MZXQ"},
                                                         {"foo", "MZXW6"},
                                                         {"foob", "MZXW6YQ"},
                                                         {"fooba", "MZXW6YTB"},
                                                         {"foobar", "MZXW6YTBOI"}};
  for (const auto& [plain, encoded] : vectors) {
    CHECK(base32_encode(plain) == encoded);
    CHECK(base32_decode(encoded) == std::optional<std::string>(plain));
  }
  CHECK(base32_decode("mzxw6ytboi======") == std::optional<std::string>("foobar"));
  CHECK_FALSE(base32_decode("MZXW1").has_value());  // '1' is not in the alphabet
}

TEST_CASE("a TOTP code is accepted one step either side, once", "[totp]") {
  const std::string secret = base32_encode(kRfcKey);
  const std::int64_t now = 1111111111;
  const std::int64_t step = totp_step(now);
  auto code_at = [&](std::int64_t s) { return hotp(kRfcKey, static_cast<std::uint64_t>(s)); };

  CHECK(verify_totp(secret, code_at(step), now, 0) == step);
  CHECK(verify_totp(secret, code_at(step - 1), now, 0) == step - 1);  // phone clock behind
  CHECK(verify_totp(secret, code_at(step + 1), now, 0) == step + 1);  // phone clock ahead
  CHECK_FALSE(verify_totp(secret, code_at(step - 2), now, 0));
  CHECK_FALSE(verify_totp(secret, code_at(step + 2), now, 0));

  SECTION("the same code, or an older one, is refused after it was used") {
    CHECK_FALSE(verify_totp(secret, code_at(step), now, step));
    CHECK_FALSE(verify_totp(secret, code_at(step - 1), now + 1, step));
    CHECK(verify_totp(secret, code_at(step + 1), now + 30, step) == step + 1);
  }
  SECTION("malformed codes are refused, not crashed on") {
    for (const char* bad : {"", "12345", "1234567", "12345a", "１２３４５６", "' OR 1=1"})
      CHECK_FALSE(verify_totp(secret, bad, now, 0));
    CHECK_FALSE(verify_totp("not base32!", code_at(step), now, 0));
  }
}

TEST_CASE("otpauth URIs name the issuer, the account and the parameters", "[totp]") {
  CHECK(otpauth_uri("county.411625", "JBSWY3DPEHPK3PXP") ==
        "otpauth://totp/Xueji:county.411625?secret=JBSWY3DPEHPK3PXP&issuer=Xueji"
        "&algorithm=SHA1&digits=6&period=30");
  auto secret = new_totp_secret();
  CHECK(secret.size() == 32);  // 160 bits in base32
  CHECK(base32_decode(secret)->size() == 20);
  CHECK(new_totp_secret() != secret);
}

TEST_CASE("password rules: length, three character classes, not the user name", "[password]") {
  auto weak = [](const char* password, const char* user = "county.411625") {
    auto checked = check_password_strength(password, user);
    return !checked && checked.error().code == ErrorCode::PasswordTooWeak;
  };
  CHECK_FALSE(weak("Xueji-2025-ok"));
  CHECK_FALSE(weak("river7Stone9"));                // upper, lower, digit
  CHECK_FALSE(weak("学籍管理系统2025abc"));         // CJK counts as "other", plus digits and lower
  CHECK(weak("Short7!a"));                          // 8 characters
  CHECK(weak("alllowercaseletters"));               // one class
  CHECK(weak("lowercase123456"));                   // two classes
  CHECK(weak("ABCDEFGH12345"));                     // two classes
  CHECK(weak("xCounty.411625!"));                   // contains the user name
  CHECK(weak("XCOUNTY.411625a", "county.411625"));  // case ignored
  CHECK(weak("bad\x01password12A"));                // control character
  CHECK(weak(std::string(300, 'a').append("A1").c_str()));  // over the byte limit
}
