#include <cstdio>

#include "imgui.h"
#include "platform/window.hpp"

namespace xueji::client::platform {
namespace {

// Wide ranges on purpose: ImGui's atlas builder skips code points the font lacks, so the atlas
// holds exactly the subset make-font.sh chose (~7,700 glyphs) without a list kept in two places.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin, Latin-1
    0x2000, 0x206F,  // General punctuation (“ ” — …)
    0x2190, 0x22FF,  // Arrows, mathematical operators found in GB 2312
    0x2460, 0x27BF,  // Enclosed numbers, box drawing, shapes, symbols
    0x3000, 0x30FF,  // CJK punctuation, kana
    0x3200, 0x33FF,  // Enclosed CJK, CJK compatibility
    0x4E00, 0x9FFF,  // CJK Unified Ideographs (GB 2312's 6,763 and catalogue extras)
    0xFE30, 0xFE4F,  // CJK compatibility forms
    0xFF00, 0xFFEF,  // Half-width and full-width forms
    0,
};

}  // namespace

bool load_fonts(const std::string& font_path, float size) {
  ImGuiIO& io = ImGui::GetIO();
  ImFontConfig config;
  // Oversampling 1 keeps the 7,700-glyph atlas at 1024x2048-ish and its build near 0.4 s.
  config.OversampleH = 1;
  config.OversampleV = 1;
  config.PixelSnapH = true;
  std::FILE* probe = font_path.empty() ? nullptr : std::fopen(font_path.c_str(), "rb");
  if (!probe) {
    std::fprintf(stderr, "xueji: font %s missing, Chinese will not render\n", font_path.c_str());
    io.Fonts->AddFontDefault();
    return false;
  }
  std::fclose(probe);
  // A character the atlas lacks is drawn as '?' (Noto has no U+FFFD) until RareFonts merges
  // it from a chunk (rare_fonts.hpp); until then it counts in missing_glyphs.
  if (!io.Fonts->AddFontFromFileTTF(font_path.c_str(), size, &config, kGlyphRanges)) {
    io.Fonts->AddFontDefault();
    return false;
  }
  return true;
}

void apply_style() {
  ImGui::StyleColorsLight();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowPadding = ImVec2(14, 10);
  style.FramePadding = ImVec2(8, 5);
  style.ItemSpacing = ImVec2(10, 8);
  style.FrameRounding = 3;
  style.FrameBorderSize = 1;
  style.WindowBorderSize = 0;
}

}  // namespace xueji::client::platform
