// Counts characters of displayed data that the loaded font atlas cannot draw (they would show
// as U+FFFD). Exposed to tests as missing_glyphs; later it drives on-demand rare-character fonts.
#pragma once
#include <set>
#include <string_view>

namespace xueji::client {

class GlyphCoverage {
 public:
  void add(std::string_view utf8);
  int missing() const { return static_cast<int>(missing_.size()); }
  const std::set<unsigned int>& missing_code_points() const { return missing_; }

 private:
  std::set<unsigned int> missing_;
};

}  // namespace xueji::client
