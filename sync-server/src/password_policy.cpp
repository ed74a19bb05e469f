#include "password_policy.hpp"

#include <algorithm>
#include <string>

#include "xueji/text.hpp"

namespace xueji::server {
namespace {

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

}  // namespace

Result<void> check_password_strength(std::string_view password, std::string_view username) {
  auto weak = [] { return make_error(ErrorCode::PasswordTooWeak, "new_password"); };
  int code_points = 0;
  if (password.size() > static_cast<size_t>(kMaxPasswordBytes) ||
      !valid_utf8_text(password, code_points) || code_points < kMinPasswordLength)
    return weak();
  bool upper = false, lower = false, digit = false, other = false;
  for (unsigned char c : password) {
    if (c >= 'A' && c <= 'Z')
      upper = true;
    else if (c >= 'a' && c <= 'z')
      lower = true;
    else if (c >= '0' && c <= '9')
      digit = true;
    else
      other = true;  // punctuation, spaces, and any non-ASCII character (e.g. 汉字)
  }
  if (upper + lower + digit + other < kMinCharacterClasses) return weak();
  if (!username.empty() && lower_ascii(password).find(lower_ascii(username)) != std::string::npos)
    return weak();
  return {};
}

}  // namespace xueji::server
