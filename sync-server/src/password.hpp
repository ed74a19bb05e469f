// Passwords: generated at random, stored only as Argon2id hashes (libsodium), 等级保护 level 3:
// no default and no plain-text passwords anywhere.
#pragma once
#include <string>
#include <string_view>

#include "xueji/result.hpp"

namespace xueji::server {

// libsodium must be initialised once before any other call here; false if it cannot be.
bool init_crypto();
// 16 characters from an alphabet without look-alikes (0/O, 1/l/I): about 94 bits of entropy,
// and still possible to read aloud or copy from a printed sheet.
std::string generate_password();
Result<std::string> hash_password(std::string_view password);
// Constant-time verification. At most two run at once: each Argon2id check takes 64 MiB and
// ~0.1 s of a core, and a burst of logins must not exhaust a small server's memory.
bool verify_password(const std::string& hash, std::string_view password);
// Burns the same time as a real verification, so unknown user names answer no faster than
// known ones (no account enumeration by timing).
void verify_dummy_password(std::string_view password);

}  // namespace xueji::server
