// Password rules for passwords people choose (等级保护 level 3, GB/T 22239-2019 8.1.4.1:
// identification with complexity requirements and regular change).
#pragma once
#include <string_view>

#include "xueji/result.hpp"

namespace xueji::server {

inline constexpr int kMinPasswordLength = 10;   // code points
inline constexpr int kMaxPasswordBytes = 256;   // Argon2id takes any length; bound the work
inline constexpr int kMinCharacterClasses = 3;  // of: upper, lower, digit, other
inline constexpr int kPasswordHistory = 5;      // the current one and the 4 before it

// PASSWORD_TOO_WEAK (field "new_password") unless the password has at least 10 characters from
// at least 3 of the 4 classes, is valid UTF-8 text, and does not contain the user name (case
// ignored). Reuse of an earlier password is checked against the stored hashes elsewhere.
Result<void> check_password_strength(std::string_view password, std::string_view username);

}  // namespace xueji::server
