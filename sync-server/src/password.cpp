#include "password.hpp"

#include <sodium.h>

#include <semaphore>

namespace xueji::server {
namespace {

// Interactive limits: the server answers a login in about a tenth of a second.
constexpr auto kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr auto kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

std::counting_semaphore<2>& hashing_slots() {
  static std::counting_semaphore<2> slots(2);
  return slots;
}

class SlotGuard {
 public:
  SlotGuard() { hashing_slots().acquire(); }
  ~SlotGuard() { hashing_slots().release(); }
  SlotGuard(const SlotGuard&) = delete;
  SlotGuard& operator=(const SlotGuard&) = delete;
};

}  // namespace

bool init_crypto() {
  return sodium_init() >= 0;
}

std::string generate_password() {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  // Drawn again until it has upper, lower and digit, so a generated password always meets the
  // rules people's own passwords must meet (password_policy.hpp); about one draw in ten.
  while (true) {
    std::string password;
    bool upper = false, lower = false, digit = false;
    for (int i = 0; i < 16; ++i) {
      char c = kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      digit |= c >= '0' && c <= '9';
      password.push_back(c);
    }
    if (upper && lower && digit) return password;
  }
}

Result<std::string> hash_password(std::string_view password) {
  char hash[crypto_pwhash_STRBYTES];
  SlotGuard slot;
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return make_error(ErrorCode::StorageError, "password", "out of memory while hashing");
  return std::string(hash);
}

bool verify_password(const std::string& hash, std::string_view password) {
  SlotGuard slot;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void verify_dummy_password(std::string_view password) {
  static const std::string dummy = [] {
    auto hashed = hash_password(generate_password());
    return hashed ? *hashed : std::string();
  }();
  if (!dummy.empty()) (void)verify_password(dummy, password);
}

}  // namespace xueji::server
