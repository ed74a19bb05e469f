#include "rare_fonts.hpp"

#include <rapidjson/document.h>

#include <cstdio>
#include <type_traits>

#include "imgui.h"
#include "imgui_internal.h"  // ImTextCharFromUtf8
#include "platform/platform.hpp"
#include "platform/window.hpp"

namespace xueji::client {
namespace {

static_assert(std::is_same_v<ImWchar, unsigned int>,
              "CJK Extension B-H need 32-bit ImWchar (IMGUI_USE_WCHAR32)");

constexpr const char* kIndexPath = "fonts/rare/index.json";
constexpr const char* kChunkDir = "fonts/rare/";
constexpr unsigned int kBlock = 256;
// A fetch that failed (offline before the chunk was ever cached) is tried again after this.
constexpr std::chrono::seconds kRetryAfter{15};

const ImFont* base_font() {
  const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  return atlas->Fonts.empty() ? nullptr : atlas->Fonts[0];
}

}  // namespace

bool atlas_has_glyph(unsigned int code_point) {
  if (code_point < 0x20) return true;
  const ImFont* font = base_font();
  return font && font->FindGlyphNoFallback(static_cast<ImWchar>(code_point)) != nullptr;
}

void collect_missing_glyphs(std::string_view utf8, std::set<unsigned int>& out) {
  const char* cursor = utf8.data();
  const char* end = utf8.data() + utf8.size();
  while (cursor < end) {
    unsigned int code_point = 0;
    const int length = ImTextCharFromUtf8(&code_point, cursor, end);
    if (length <= 0) break;
    cursor += length;
    if (!atlas_has_glyph(code_point)) out.insert(code_point);
  }
}

void RareFonts::want(const std::set<unsigned int>& code_points) {
  for (unsigned int code_point : code_points) {
    if (waiting_.count(code_point) || unavailable_.count(code_point)) continue;
    if (!atlas_has_glyph(code_point)) queued_.insert(code_point);
  }
}

void RareFonts::prefetch(bool online, Clock::time_point now) {
  if (!online || prefetching_ || fetching_ > 0 || !queued_.empty()) return;
  if (!index_loaded_) {
    if (!index_loading_ && now >= index_retry_at_) request_index(now);
    return;
  }
  if (!prefetch_started_) {
    prefetch_started_ = true;
    prefetch_next_ = chunks_.begin();
  }
  for (; prefetch_next_ != chunks_.end(); ++prefetch_next_) {
    const std::string& file = prefetch_next_->first;
    const unsigned long block = std::stoul(file.substr(0, file.find('-')), nullptr, 16);
    if (block < 0x34 || block > 0x9F || prefetch_next_->second.load != Load::NotLoaded) continue;
    prefetching_ = true;
    const std::string path = kChunkDir + file;
    ++prefetch_next_;
    // Only into the cache: the bytes are dropped, a character that needs them loads them again
    // (from the cache, offline too).
    platform::load_asset(path, [this](bool ok, std::string) {
      prefetching_ = false;
      prefetched_ += ok ? 1 : 0;
    });
    return;
  }
}

void RareFonts::retry_now() {
  index_retry_at_ = {};
  for (auto& [file, chunk] : chunks_) chunk.retry_at = {};
}

int RareFonts::chunks_loaded() const {
  int loaded = 0;
  for (const auto& [file, chunk] : chunks_) loaded += chunk.load == Load::Loaded ? 1 : 0;
  return loaded;
}

bool RareFonts::update(Clock::time_point now) {
  if (!queued_.empty()) {
    if (!index_loaded_) {
      if (!index_loading_ && now >= index_retry_at_) request_index(now);
    } else {
      assign_waiting(now);
    }
  }
  bool dirty = false;
  for (auto& [file, chunk] : chunks_) {
    if (chunk.wanted.empty()) continue;
    if (chunk.load == Load::NotLoaded && now >= chunk.retry_at) request_chunk(chunk, now);
    dirty |= chunk.load == Load::Loaded && chunk.dirty;
  }
  // One rebuild per batch: wait for the chunks in flight (a name's characters often span two).
  if (!dirty || fetching_ > 0) return false;
  rebuild_atlas();
  return true;
}

void RareFonts::request_index(Clock::time_point now) {
  index_loading_ = true;
  ++fetching_;
  platform::load_asset(kIndexPath, [this, now](bool ok, std::string bytes) {
    --fetching_;
    index_loading_ = false;
    if (ok && parse_index(bytes)) {
      index_loaded_ = true;
    } else {
      index_retry_at_ = now + kRetryAfter;
      std::fprintf(stderr, "xueji: %s could not be loaded\n", kIndexPath);
    }
  });
}

bool RareFonts::parse_index(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("chunks") ||
      !doc["chunks"].IsArray()) {
    return false;
  }
  for (const auto& entry : doc["chunks"].GetArray()) {
    // [file, block, 64 hex digits: bit i = code point block * 256 + i]
    if (!entry.IsArray() || entry.Size() != 3 || !entry[0].IsString() || !entry[1].IsUint() ||
        !entry[2].IsString() || entry[2].GetStringLength() != 64) {
      return false;
    }
    Chunk chunk;
    chunk.file = entry[0].GetString();
    const char* hex = entry[2].GetString();
    for (int digit = 0; digit < 64; ++digit) {
      const char c = hex[63 - digit];
      const int value = c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0';
      for (int bit = 0; bit < 4; ++bit) {
        if (value & (1 << bit)) chunk.code_points.set(static_cast<size_t>(digit * 4 + bit));
      }
    }
    blocks_[entry[1].GetUint()].push_back(chunk.file);
    std::string file = chunk.file;
    chunks_.emplace(std::move(file), std::move(chunk));
  }
  return true;
}

void RareFonts::assign_waiting(Clock::time_point now) {
  for (unsigned int code_point : queued_) {
    if (atlas_has_glyph(code_point)) continue;
    Chunk* holder = nullptr;
    if (auto block = blocks_.find(code_point / kBlock); block != blocks_.end()) {
      for (const std::string& file : block->second) {
        Chunk& chunk = chunks_.at(file);
        if (chunk.code_points.test(code_point % kBlock)) {
          holder = &chunk;
          break;
        }
      }
    }
    if (!holder) {
      unavailable_.insert(code_point);
      continue;
    }
    waiting_.insert(code_point);
    if (holder->wanted.insert(code_point).second) holder->dirty = true;
    if (holder->load == Load::NotLoaded && now >= holder->retry_at) request_chunk(*holder, now);
  }
  queued_.clear();
}

void RareFonts::request_chunk(Chunk& chunk, Clock::time_point now) {
  chunk.load = Load::Loading;
  ++fetching_;
  Chunk* target = &chunk;
  platform::load_asset(kChunkDir + chunk.file, [this, target, now](bool ok, std::string bytes) {
    --fetching_;
    if (!ok || bytes.size() < 12) {
      target->load = Load::NotLoaded;
      target->retry_at = now + kRetryAfter;
      return;
    }
    target->bytes = std::move(bytes);
    target->load = Load::Loaded;
  });
}

void RareFonts::rebuild_atlas() {
  const auto started = Clock::now();
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  const float size = atlas->ConfigData.empty() ? 18.0f : atlas->ConfigData[0].SizePixels;
  for (auto& [file, chunk] : chunks_) {
    if (chunk.load != Load::Loaded || chunk.wanted.empty()) continue;
    chunk.ranges.clear();
    for (unsigned int code_point : chunk.wanted) {
      if (!chunk.ranges.empty() && chunk.ranges.back() + 1 == code_point) {
        chunk.ranges.back() = code_point;
      } else {
        chunk.ranges.push_back(code_point);
        chunk.ranges.push_back(code_point);
      }
    }
    chunk.ranges.push_back(0);
    if (chunk.config_index < 0) {
      ImFontConfig config;
      config.MergeMode = true;
      config.FontDataOwnedByAtlas = false;  // `bytes` lives as long as the app
      config.OversampleH = 1;               // as the base font (platform/fonts.cpp)
      config.OversampleV = 1;
      config.PixelSnapH = true;
      atlas->AddFontFromMemoryTTF(chunk.bytes.data(), static_cast<int>(chunk.bytes.size()), size,
                                  &config, chunk.ranges.data());
      chunk.config_index = atlas->ConfigData.Size - 1;
    } else {
      atlas->ConfigData[chunk.config_index].GlyphRanges = chunk.ranges.data();
    }
    chunk.dirty = false;
  }
  atlas->ClearTexData();
  platform::rebuild_font_texture();
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    it = atlas_has_glyph(*it) ? waiting_.erase(it) : std::next(it);
  }
  ++rebuilds_;
  last_rebuild_ms_ = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
}

}  // namespace xueji::client
