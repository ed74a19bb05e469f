// 第二十三条 学籍复核: every term each school confirms its roster, then each authority signs off
// (county after all its schools, city after all its counties, province after all its cities), so
// that completion is visible upward.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xueji/database.hpp"
#include "xueji/date.hpp"

namespace xueji {

// Commands (members of xueji::Command).
struct ConfirmTermRoster {  // by the school's registrar
  std::string school_code;
  std::string term;           // "2026-autumn", "2027-spring"
  std::string roster_digest;  // school_roster_summary().digest of the roster the registrar saw
};
struct SignOffTermVerification {  // by the county, city or province for its own division
  std::string division_code;
  std::string term;
};

// "YYYY-spring" / "YYYY-autumn" and the day it begins (1 February, 1 September).
std::optional<Date> term_start(std::string_view term);

// The roster a school confirms: every record the school holds that is still on its books
// (graduated, transferred-out, deceased and deleted records are not), and its digest over the
// fields 复核 is about. Identical on device and server for identical records.
struct RosterSummary {
  int in_school_count = 0;  // status in_school
  int roster_count = 0;     // every record on the books (suspended, abroad… included)
  std::string digest;       // SHA-256 hex
};
Result<RosterSummary> school_roster_summary(Database& db, const std::string& school_code);

struct SchoolTermStatus {
  std::string school_code;
  std::string school_name;
  std::string division_code;
  bool confirmed = false;
  std::string confirmed_on;
  std::string confirmed_by;
  int in_school_count = 0;
  int roster_count = 0;
  std::string roster_digest;
};
struct AuthorityTermStatus {
  std::string prefix;   // "411623" county, "4116" city, "41" province
  int level = 3;        // 1 province, 2 city, 3 county
  int units_total = 0;  // schools of a county, counties of a city, cities of a province
  int units_done = 0;   // of those: confirmed / signed off
  bool signed_off = false;
  std::string signed_off_on;
  std::string signed_off_by;
};
struct TermVerificationStatus {
  std::string term;
  std::vector<SchoolTermStatus> schools;
  std::vector<AuthorityTermStatus> authorities;  // counties, then cities, then the province
};
// Every open school whose division starts with `division_prefix`, and every authority at or
// below the prefix's level. The caller scopes the prefix to the actor (第三条).
Result<TermVerificationStatus> term_verification_status(Database& db,
                                                        const std::string& division_prefix,
                                                        const std::string& term);

}  // namespace xueji
