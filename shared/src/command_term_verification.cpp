// 第二十三条: 省辖市、县(市、区)教育行政部门和学校应当每学期复核学生学籍信息. Each term every
// school confirms its roster (with the count and a digest of exactly what it confirmed), then the
// county signs off once all its schools have, the city once all its counties have, the province
// once all its cities have; term_verification_status() shows the progress upward.
#include <algorithm>
#include <set>

#include "unit_levels.hpp"
#include "xueji/command_handlers.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/school_closure.hpp"
#include "xueji/sha256.hpp"
#include "xueji/term_verification.hpp"

namespace xueji {
namespace {

bool on_the_books(const std::string& status) {
  return status != "graduated" && status != "deceased" && status != "transferred_out" &&
         status != "deleted";
}

// The schools that must confirm: every school of the division that has not ceased (第十九条: a
// merged or closed school's students are on the successor's roster).
Result<std::vector<School>> open_schools(Database& db, const std::string& division_prefix) {
  auto schools = schools_in_division(db, division_prefix);
  if (!schools) return schools.error();
  std::vector<School> open;
  for (auto& school : *schools) {
    auto closed = school_closure(db, school.code);
    if (!closed) return closed.error();
    if (!*closed) open.push_back(std::move(school));
  }
  return open;
}

Result<bool> confirmed(Database& db, const std::string& school_code, const std::string& term) {
  auto stmt = db.prepare(
      "SELECT count(*) FROM term_roster_confirmations WHERE school_code = ?1 AND term = ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, school_code).bind(2, term);
  auto row = stmt->step();
  if (!row) return row.error();
  return stmt->integer(0) > 0;
}

Result<bool> signed_off(Database& db, const std::string& prefix, const std::string& term) {
  auto stmt = db.prepare("SELECT count(*) FROM term_signoffs WHERE prefix = ?1 AND term = ?2");
  if (!stmt) return stmt.error();
  stmt->bind(1, prefix).bind(2, term);
  auto row = stmt->step();
  if (!row) return row.error();
  return stmt->integer(0) > 0;
}

// The units one level below an authority that must be done first: for a county its open schools
// (done = confirmed), for a city its counties, for a province its cities (done = signed off).
// Counties and cities are those that have schools in the registry.
struct UnitBelow {
  std::string code;
  bool done = false;
};
Result<std::vector<UnitBelow>> units_below(Database& db, const std::string& prefix, int level,
                                           const std::string& term) {
  auto schools = open_schools(db, prefix);
  if (!schools) return schools.error();
  std::vector<UnitBelow> units;
  if (level == 3) {
    for (const auto& school : *schools) {
      if (school.division_code != prefix) continue;
      auto done = confirmed(db, school.code, term);
      if (!done) return done.error();
      units.push_back(UnitBelow{school.code, *done});
    }
    return units;
  }
  std::set<std::string> codes;
  for (const auto& school : *schools) {
    std::string below = level_prefix(school.division_code, level + 1);
    if (!below.empty()) codes.insert(below);
  }
  for (const auto& code : codes) {
    auto done = signed_off(db, code, term);
    if (!done) return done.error();
    units.push_back(UnitBelow{code, *done});
  }
  return units;
}

}  // namespace

std::optional<Date> term_start(std::string_view term) {
  if (term.size() < 6 || term[4] != '-') return std::nullopt;
  int year = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (term[i] < '0' || term[i] > '9') return std::nullopt;
    year = year * 10 + (term[i] - '0');
  }
  if (year < 2000) return std::nullopt;
  const std::string_view season = term.substr(5);
  if (season == "spring") return Date{year, 2, 1};
  if (season == "autumn") return Date{year, 9, 1};
  return std::nullopt;
}

Result<RosterSummary> school_roster_summary(Database& db, const std::string& school_code) {
  auto students = students_of_school(db, school_code);
  if (!students) return students.error();
  std::sort(students->begin(), students->end(), [](const Student& a, const Student& b) {
    return a.registry_number < b.registry_number;
  });
  // One line per record, tab-separated (validated text holds no control characters), over the
  // fields the verification is about: identity, grade and class, status.
  RosterSummary summary;
  std::string text;
  for (const auto& s : *students) {
    if (!on_the_books(s.status)) continue;
    ++summary.roster_count;
    if (s.status == "in_school") ++summary.in_school_count;
    for (const std::string& field :
         {s.student_id, s.registry_number, s.name, s.document_type, s.id_number,
          std::to_string(static_cast<int>(s.gender)), format_date(s.birth_date),
          format_date(s.enrollment_date), std::to_string(s.grade), s.class_name, s.status}) {
      text += field;
      text += '\t';
    }
    text += '\n';
  }
  summary.digest = sha256_hex(text);
  return summary;
}

Result<CommandOutcome> execute_confirm_term_roster(Database& db, const CommandContext& context,
                                                   const ConfirmTermRoster& command) {
  // The school confirms its own roster (学校…每学期复核).
  if (context.actor.role != Role::SchoolRegistrar || context.actor.unit_code != command.school_code)
    return make_error(ErrorCode::OutOfScope, "school_code");
  auto found = find_school(db, command.school_code);
  if (!found) return found.error();
  // A device may not hold its own school's reference row yet; the registrar's scope needs only
  // the code, and the server (which has the division) checks the sign-off below as well.
  const School school = *found ? **found : School{command.school_code, "", "", ""};
  if (!in_scope(context.actor, school.code, school.division_code))
    return make_error(ErrorCode::OutOfScope, "school_code");
  auto closed = school_closure(db, school.code);
  if (!closed) return closed.error();
  if (*closed) return make_error(ErrorCode::SchoolClosed, "school_code");
  auto start = term_start(command.term);
  if (!start || context.today < *start) return make_error(ErrorCode::TermInvalid, "term");
  if (command.roster_digest.empty()) return make_error(ErrorCode::DetailRequired, "roster_digest");
  // Once the county has signed the term off, its schools' confirmations are final.
  if (!school.division_code.empty()) {
    auto county_done = signed_off(db, school.division_code, command.term);
    if (!county_done) return county_done.error();
    if (*county_done) return make_error(ErrorCode::TermAlreadySignedOff, "term");
  }
  // The registrar confirms the roster it reviewed: if the registry's differs (a change synced or
  // decided meanwhile), it must be reviewed again.
  auto roster = school_roster_summary(db, school.code);
  if (!roster) return roster.error();
  if (roster->digest != command.roster_digest)
    return make_error(ErrorCode::RosterChanged, "roster_digest");

  // A second confirmation in the same term (after corrections) replaces the first.
  auto stmt = db.prepare(
      "INSERT INTO term_roster_confirmations(school_code, term, confirmed_on, confirmed_by, "
      "in_school_count, roster_count, roster_digest) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) "
      "ON CONFLICT(school_code, term) DO UPDATE SET confirmed_on = ?3, confirmed_by = ?4, "
      "in_school_count = ?5, roster_count = ?6, roster_digest = ?7");
  if (!stmt) return stmt.error();
  stmt->bind(1, school.code)
      .bind(2, command.term)
      .bind(3, format_date(context.today))
      .bind(4, context.actor.account)
      .bind(5, roster->in_school_count)
      .bind(6, roster->roster_count)
      .bind(7, roster->digest);
  if (auto ran = stmt->run(); !ran) return ran.error();
  if (auto audited = append_audit(db, context.actor.account, context.actor.device_id,
                                  "confirm_term_roster", school.code + " " + command.term,
                                  std::to_string(roster->in_school_count) + " in school");
      !audited)
    return audited.error();
  return CommandOutcome{};
}

Result<CommandOutcome> execute_sign_off_term_verification(Database& db,
                                                          const CommandContext& context,
                                                          const SignOffTermVerification& command) {
  // Each authority signs off for its own division only (第三条: it acts inside its unit).
  const int level = authority_level(context.actor.role);
  if (level == 0) return make_error(ErrorCode::OutOfScope, "division_code");
  if (!all_digits(command.division_code))
    return make_error(ErrorCode::InvalidInput, "division_code");
  const std::string prefix = level_prefix(command.division_code, level);
  if (prefix.empty() || prefix != level_prefix(context.actor.unit_code, level))
    return make_error(ErrorCode::OutOfScope, "division_code");
  auto start = term_start(command.term);
  if (!start || context.today < *start) return make_error(ErrorCode::TermInvalid, "term");
  auto done = signed_off(db, prefix, command.term);
  if (!done) return done.error();
  if (*done) return make_error(ErrorCode::TermAlreadySignedOff, "term");

  auto below = units_below(db, prefix, level, command.term);
  if (!below) return below.error();
  int missing = 0;
  std::string first_missing;
  for (const auto& unit : *below)
    if (!unit.done && missing++ == 0) first_missing = unit.code;
  // The field names the first unit still missing; the detail how many.
  if (missing > 0)
    return make_error(ErrorCode::TermVerificationIncomplete, first_missing,
                      std::to_string(missing) + " unit(s) not done");

  auto stmt = db.prepare(
      "INSERT INTO term_signoffs(prefix, term, level, signed_off_on, signed_off_by) "
      "VALUES(?1, ?2, ?3, ?4, ?5)");
  if (!stmt) return stmt.error();
  stmt->bind(1, prefix)
      .bind(2, command.term)
      .bind(3, level)
      .bind(4, format_date(context.today))
      .bind(5, context.actor.account);
  if (auto ran = stmt->run(); !ran) return ran.error();
  if (auto audited = append_audit(db, context.actor.account, context.actor.device_id,
                                  "sign_off_term_verification", prefix + " " + command.term,
                                  std::to_string(below->size()) + " unit(s) done");
      !audited)
    return audited.error();
  return CommandOutcome{};
}

Result<TermVerificationStatus> term_verification_status(Database& db,
                                                        const std::string& division_prefix,
                                                        const std::string& term) {
  TermVerificationStatus status;
  status.term = term;
  auto schools = open_schools(db, division_prefix);
  if (!schools) return schools.error();
  auto stmt = db.prepare(
      "SELECT confirmed_on, confirmed_by, in_school_count, roster_count, roster_digest "
      "FROM term_roster_confirmations WHERE school_code = ?1 AND term = ?2");
  if (!stmt) return stmt.error();
  for (const auto& school : *schools) {
    SchoolTermStatus row;
    row.school_code = school.code;
    row.school_name = school.name;
    row.division_code = school.division_code;
    stmt->bind(1, school.code).bind(2, term);
    auto found = stmt->step();
    if (!found) return found.error();
    if (*found) {
      row.confirmed = true;
      row.confirmed_on = stmt->text(0);
      row.confirmed_by = stmt->text(1);
      row.in_school_count = static_cast<int>(stmt->integer(2));
      row.roster_count = static_cast<int>(stmt->integer(3));
      row.roster_digest = stmt->text(4);
    }
    stmt->reset();
    status.schools.push_back(std::move(row));
  }

  // The authorities at or below the prefix's level, counties first: e.g. for "4116" every
  // county of the city that has schools, then the city itself.
  auto signoff = db.prepare(
      "SELECT signed_off_on, signed_off_by FROM term_signoffs WHERE prefix = ?1 AND term = ?2");
  if (!signoff) return signoff.error();
  for (int level = 3; level >= 1; --level) {
    if (division_prefix.size() > prefix_length(level)) break;
    std::set<std::string> prefixes;
    for (const auto& school : *schools) {
      std::string prefix = level_prefix(school.division_code, level);
      if (!prefix.empty()) prefixes.insert(prefix);
    }
    for (const auto& prefix : prefixes) {
      AuthorityTermStatus row;
      row.prefix = prefix;
      row.level = level;
      auto below = units_below(db, prefix, level, term);
      if (!below) return below.error();
      row.units_total = static_cast<int>(below->size());
      row.units_done = static_cast<int>(
          std::count_if(below->begin(), below->end(), [](const UnitBelow& u) { return u.done; }));
      signoff->bind(1, prefix).bind(2, term);
      auto found = signoff->step();
      if (!found) return found.error();
      if (*found) {
        row.signed_off = true;
        row.signed_off_on = signoff->text(0);
        row.signed_off_by = signoff->text(1);
      }
      signoff->reset();
      status.authorities.push_back(std::move(row));
    }
  }
  return status;
}

}  // namespace xueji
