// Text a person types into the registry: valid UTF-8 without control characters.
#pragma once
#include <string_view>

namespace xueji {

// Valid UTF-8 (no overlong forms or surrogates), no control characters; counts code points (a
// character outside the BMP such as 𠈌 counts as one).
bool valid_utf8_text(std::string_view text, int& code_points);
// valid_utf8_text and at most `max_code_points` code points.
bool is_plain_text(std::string_view text, int max_code_points);

}  // namespace xueji
