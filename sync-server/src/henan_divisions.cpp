#include "henan_divisions.hpp"

#include "rapidjson.hpp"

#include <fstream>
#include <sstream>

namespace xueji::server {
namespace {

Result<rapidjson::Document> read_json_array(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return make_error(ErrorCode::InvalidInput, "divisions", "cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  if (doc.HasParseError() || !doc.IsArray())
    return make_error(ErrorCode::InvalidInput, "divisions", file.string() + " is not a JSON array");
  return doc;
}

std::string member(const rapidjson::Value& item, const char* key) {
  if (!item.IsObject()) return {};
  auto found = item.FindMember(key);
  return found != item.MemberEnd() && found->value.IsString() ? found->value.GetString()
                                                              : std::string();
}

// The statistics bureau's lists carry development zones with county-like codes whose 5th–6th
// digits are 71–80 (e.g. 411671 周口临港开发区). They are not administrative divisions in
// GB/T 2260 and no ID number is issued under them, so they are left out.
bool is_statistical_zone(const std::string& code) {
  if (code.size() != 6) return false;
  int suffix = (code[4] - '0') * 10 + (code[5] - '0');
  return suffix >= 71 && suffix <= 80;
}

}  // namespace

Result<HenanDivisions> load_henan_divisions(const std::filesystem::path& dist_dir) {
  HenanDivisions out;
  auto provinces = read_json_array(dist_dir / "provinces.json");
  if (!provinces) return provinces.error();
  for (const auto& item : provinces->GetArray())
    if (member(item, "code") == kHenanCode)
      out.divisions.push_back(Division{kHenanCode, member(item, "name"), "", 1});
  if (out.divisions.empty())
    return make_error(ErrorCode::InvalidInput, "divisions",
                      "province 41 missing from provinces.json");

  auto cities = read_json_array(dist_dir / "cities.json");
  if (!cities) return cities.error();
  for (const auto& item : cities->GetArray()) {
    if (member(item, "provinceCode") != kHenanCode) continue;
    out.divisions.push_back(Division{member(item, "code"), member(item, "name"), kHenanCode, 2});
    ++out.cities;
  }

  auto areas = read_json_array(dist_dir / "areas.json");
  if (!areas) return areas.error();
  for (const auto& item : areas->GetArray()) {
    std::string code = member(item, "code");
    if (member(item, "provinceCode") != kHenanCode || is_statistical_zone(code)) continue;
    out.divisions.push_back(Division{code, member(item, "name"), member(item, "cityCode"), 3});
    ++out.counties;
  }
  return out;
}

Result<std::vector<std::string>> load_township_names(const std::filesystem::path& dist_dir,
                                                     const std::string& county_code) {
  std::vector<std::string> names;
  if (!std::filesystem::exists(dist_dir / "streets.json")) return names;
  auto streets = read_json_array(dist_dir / "streets.json");
  if (!streets) return streets.error();
  for (const auto& item : streets->GetArray()) {
    if (member(item, "areaCode") != county_code) continue;
    std::string name = member(item, "name");
    if (name.ends_with("镇") || name.ends_with("乡")) names.push_back(std::move(name));
  }
  return names;
}

}  // namespace xueji::server
