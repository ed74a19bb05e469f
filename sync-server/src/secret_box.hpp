// TOTP secrets at rest (等级保护 level 3: authentication data stored encrypted). The shared
// secrets of the second factor must be readable by the server (it computes the codes), so
// they cannot be hashed like passwords; they are sealed with libsodium's secretbox
// (XSalsa20-Poly1305) under a key kept outside the database (`totp_key_file`), so a copy of
// xueji.db or of a backup alone does not hand out anyone's second factor.
#pragma once
#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "xueji/result.hpp"

namespace xueji::server {

class SecretBox {
 public:
  static constexpr std::size_t kKeyBytes = 32;  // crypto_secretbox_KEYBYTES
  explicit SecretBox(const std::array<unsigned char, kKeyBytes>& key) : key_(key) {}

  // "sb1:" + base64(random nonce ‖ MAC ‖ ciphertext): a fresh nonce per call.
  std::string seal(std::string_view plain) const;
  // TOTP_KEY_MISMATCH when the text was not sealed under this key or was altered.
  Result<std::string> open(std::string_view sealed) const;
  static bool is_sealed(std::string_view text);

 private:
  std::array<unsigned char, kKeyBytes> key_;
};

// Reads the key file (64 hex digits). When the file is absent, creates it with a random key,
// mode 0600 (owner only), and its directory if needed. TOTP_KEY_FILE_INVALID when it cannot
// be read or written, or does not hold exactly one 32-byte key in hex.
Result<SecretBox> load_or_create_totp_key(const std::filesystem::path& file);

}  // namespace xueji::server
