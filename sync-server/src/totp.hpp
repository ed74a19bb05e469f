// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): the second factor for county,
// city and province staff (等级保护 level 3). HMAC-SHA-1, 30-second steps, 6 digits, as every
// authenticator app expects by default.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xueji::server {

inline constexpr std::int64_t kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;

// RFC 4226 §5.3: HOTP(K, C) truncated to `digits` decimal digits, zero-padded.
std::string hotp(std::string_view key, std::uint64_t counter, int digits = kTotpDigits);
// RFC 6238 §4: the step of a Unix time (T0 = 0, X = 30 s).
std::int64_t totp_step(std::int64_t unix_seconds);

// RFC 4648 base32 (upper case, no padding), the encoding of secrets in otpauth URIs.
std::string base32_encode(std::string_view bytes);
std::optional<std::string> base32_decode(std::string_view text);  // ignores case and '='

// A new secret: 20 random bytes (160 bits, RFC 4226 §4), base32-encoded.
std::string new_totp_secret();
// otpauth://totp/Xueji:USER?secret=…&issuer=Xueji&algorithm=SHA1&digits=6&period=30
std::string otpauth_uri(std::string_view username, std::string_view base32_secret);

// The step whose code equals `code` within ±1 step of `now` (RFC 6238 §5.2: allow one step of
// clock drift) and later than `last_used_step` (§5.2: a code is accepted once); else nullopt.
std::optional<std::int64_t> verify_totp(std::string_view base32_secret, std::string_view code,
                                        std::int64_t now, std::int64_t last_used_step);

}  // namespace xueji::server
