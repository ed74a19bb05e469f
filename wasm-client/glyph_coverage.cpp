#include "glyph_coverage.hpp"

#include "imgui.h"
#include "imgui_internal.h"  // ImTextCharFromUtf8

namespace xueji::client {

void GlyphCoverage::add(std::string_view utf8) {
  const ImFont* font =
      ImGui::GetIO().Fonts->Fonts.empty() ? nullptr : ImGui::GetIO().Fonts->Fonts[0];
  const char* cursor = utf8.data();
  const char* end = utf8.data() + utf8.size();
  while (cursor < end) {
    unsigned int code_point = 0;
    const int length = ImTextCharFromUtf8(&code_point, cursor, end);
    if (length <= 0) break;
    cursor += length;
    if (code_point < 0x20) continue;
    if (!font || !font->FindGlyphNoFallback(static_cast<ImWchar>(code_point)))
      missing_.insert(code_point);
  }
}

}  // namespace xueji::client
