// 生僻字 on demand. The base font holds GB 2312 and the catalogue; any other character the data
// or an input uses is loaded from chunk files cut out of fuller fonts (Noto Sans CJK, HanaMin,
// BabelStone Han; scripts/make-rare-fonts.py): the chunk index first, then only the chunks that
// hold wanted characters, each fetched once (the browser keeps them in its font cache for offline
// use). Their glyphs are merged into the ImGui atlas between frames, one rebuild per batch of
// arrivals, and only the wanted code points of a chunk are rasterised so the atlas stays small.
#pragma once
#include <bitset>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace xueji::client {

// Whether the font atlas can draw `code_point` (control characters count as drawable).
bool atlas_has_glyph(unsigned int code_point);
// Adds to `out` every code point of `utf8` the atlas cannot draw.
void collect_missing_glyphs(std::string_view utf8, std::set<unsigned int>& out);

class RareFonts {
 public:
  using Clock = std::chrono::steady_clock;

  // Asks for the glyphs of these code points (those the atlas has are ignored).
  void want(const std::set<unsigned int>& code_points);
  // Between frames (the atlas is unlocked): fetches the index and the chunks wanted characters
  // need, and rebuilds the atlas once no fetch is in flight. True when the atlas was rebuilt.
  bool update(Clock::time_point now);

  // While online and idle: puts the chunks of the BMP ideographs (URO beyond GB 2312 and
  // Extension A, ~5.6 MB once) into the browser's font cache one at a time, so that a name typed
  // offline later is drawn at once. Supplementary-plane chunks (Extension B-H, ~30 MB) are
  // fetched only when a character needs them.
  void prefetch(bool online, Clock::time_point now);
  int prefetched() const { return prefetched_; }

  // The network is back: failed fetches are tried again at once rather than after their delay.
  void retry_now();

  int fetching() const { return fetching_; }
  int chunks_loaded() const;
  int rebuilds() const { return rebuilds_; }
  double last_rebuild_ms() const { return last_rebuild_ms_; }
  // Code points no chunk has (not in any of the fonts): they stay missing.
  const std::set<unsigned int>& unavailable() const { return unavailable_; }
  // Wanted code points still waiting for their chunk.
  int waiting() const { return static_cast<int>(waiting_.size()); }

 private:
  enum class Load { NotLoaded, Loading, Loaded };
  struct Chunk {
    std::string file;
    std::bitset<256> code_points;
    Load load = Load::NotLoaded;
    Clock::time_point retry_at{};
    std::string bytes;  // font file; the atlas reads it in place, so never modified once loaded
    std::set<unsigned int> wanted;
    std::vector<unsigned int> ranges;  // ImWchar pairs of `wanted`, 0-terminated
    int config_index = -1;             // its ImFontConfig in the atlas, once merged
    bool dirty = false;                // wanted grew since the last rebuild
  };

  void request_index(Clock::time_point now);
  bool parse_index(const std::string& json);
  void assign_waiting(Clock::time_point now);
  void request_chunk(Chunk& chunk, Clock::time_point now);
  void rebuild_atlas();

  std::set<unsigned int> queued_;   // wanted, not yet looked up in the index
  std::set<unsigned int> waiting_;  // assigned to a chunk, not yet in the atlas
  std::set<unsigned int> unavailable_;
  std::map<std::string, Chunk> chunks_;                      // by file name (stable addresses)
  std::map<unsigned int, std::vector<std::string>> blocks_;  // block -> chunk files
  bool index_loaded_ = false;
  bool index_loading_ = false;
  Clock::time_point index_retry_at_{};
  int fetching_ = 0;
  int prefetched_ = 0;
  bool prefetching_ = false;
  std::map<std::string, Chunk>::iterator prefetch_next_{};
  bool prefetch_started_ = false;
  int rebuilds_ = 0;
  double last_rebuild_ms_ = 0;
};

}  // namespace xueji::client
