#include "secret_box.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

namespace xueji::server {
namespace {

constexpr std::string_view kPrefix = "sb1:";
constexpr int kBase64 = sodium_base64_VARIANT_ORIGINAL;

static_assert(SecretBox::kKeyBytes == crypto_secretbox_KEYBYTES);

Error key_file_error(const std::filesystem::path& file, const std::string& why) {
  return make_error(ErrorCode::TotpKeyFileInvalid, "totp_key_file", file.string() + ": " + why);
}

Result<SecretBox> create_key_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  std::array<unsigned char, SecretBox::kKeyBytes> key{};
  crypto_secretbox_keygen(key.data());
  char hex[SecretBox::kKeyBytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, key.data(), key.size());
  // O_EXCL: never overwrite a key that appeared meanwhile; 0600 from the start, not chmod
  // after writing.
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return key_file_error(file, "cannot create");
  std::string text = std::string(hex) + "\n";
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  written = ::fsync(fd) == 0 && written;
  ::close(fd);
  sodium_memzero(hex, sizeof hex);
  if (!written) return key_file_error(file, "cannot write");
  SecretBox box(key);
  sodium_memzero(key.data(), key.size());
  return box;
}

}  // namespace

std::string SecretBox::seal(std::string_view plain) const {
  std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                 plain.size());
  unsigned char* nonce = box.data();
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), nonce,
                        key_.data());
  std::string encoded(sodium_base64_ENCODED_LEN(box.size(), kBase64), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), box.data(), box.size(), kBase64);
  encoded.resize(encoded.size() - 1);  // the terminating NUL
  return std::string(kPrefix) + encoded;
}

bool SecretBox::is_sealed(std::string_view text) {
  return text.substr(0, kPrefix.size()) == kPrefix;
}

Result<std::string> SecretBox::open(std::string_view sealed) const {
  auto mismatch = make_error(ErrorCode::TotpKeyMismatch, "totp_key_file");
  if (!is_sealed(sealed)) return mismatch;
  const std::string_view encoded = sealed.substr(kPrefix.size());
  std::vector<unsigned char> box(encoded.size());
  size_t length = 0;
  if (sodium_base642bin(box.data(), box.size(), encoded.data(), encoded.size(), nullptr, &length,
                        nullptr, kBase64) != 0 ||
      length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return mismatch;
  const size_t cipher = length - crypto_secretbox_NONCEBYTES;
  std::string plain(cipher - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 box.data() + crypto_secretbox_NONCEBYTES, cipher, box.data(),
                                 key_.data()) != 0)
    return mismatch;
  return plain;
}

Result<SecretBox> load_or_create_totp_key(const std::filesystem::path& file) {
  if (sodium_init() < 0) return key_file_error(file, "libsodium init failed");
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return create_key_file(file);
  std::ifstream in(file);
  if (!in) return key_file_error(file, "cannot read");
  std::stringstream text;
  text << in.rdbuf();
  std::string hex = text.str();
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' '))
    hex.pop_back();
  std::array<unsigned char, SecretBox::kKeyBytes> key{};
  size_t length = 0;
  const char* end = nullptr;
  if (hex.size() != SecretBox::kKeyBytes * 2 ||
      sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &length, &end) != 0 ||
      length != key.size())
    return key_file_error(file, "expected 64 hex digits (a 32-byte key)");
  sodium_memzero(hex.data(), hex.size());
  SecretBox box(key);
  sodium_memzero(key.data(), key.size());
  return box;
}

}  // namespace xueji::server
