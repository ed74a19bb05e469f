// A generated demo county: a few real-shaped schools in one real county, each with a roster
// of students whose ID numbers are valid (GB 11643) and whose ages fit their grades (第四条).
#pragma once
#include <string>
#include <vector>

#include "demo_random.hpp"
#include "xueji/date.hpp"
#include "xueji/registry_store.hpp"

namespace xueji::server {

struct DemoCountyPlan {
  std::string county_code;  // a real county of Henan, e.g. 411625 郸城县
  std::string county_name;
  std::vector<std::string> townships;       // real township names, may be empty
  std::vector<std::string> other_counties;  // real Henan county codes for migrant children
  Date today;
};

struct DemoCounty {
  std::vector<School> schools;
  int students_added = 0;
  int students_kept = 0;  // already present from an earlier run with the same seed
};

Result<DemoCounty> seed_demo_county(Database& db, DemoRandom& random, const DemoCountyPlan& plan);

}  // namespace xueji::server
