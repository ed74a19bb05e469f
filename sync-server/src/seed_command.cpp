#include "seed_command.hpp"

#include <chrono>
#include <cstdio>

#include "clock.hpp"
#include "demo_accounts.hpp"
#include "demo_county.hpp"
#include "henan_divisions.hpp"
#include "password.hpp"
#include "server_database.hpp"

namespace xueji::server {
namespace {

int fail(const char* step, const Error& error) {
  std::fprintf(stderr, "xueji-server seed: %s failed: %s %s\n", step,
               std::string(code_name(error.code)).c_str(), error.detail.c_str());
  return 1;
}

// One registrar per demo school (two schools at least, for cross-school 第八条 checks), the
// county officer above them, the city officer above the county, the province officer and the
// system administrator (who creates province accounts). Staff accounts are seeded without a
// second factor: `require_totp_for_staff` is off by default, and a production config turns it
// on, after which each staff member enrols an authenticator at the first login.
std::vector<DemoAccount> wanted_accounts(const DemoCounty& county, const HenanDivisions& henan,
                                         const std::string& county_code) {
  auto name_of = [&](const std::string& code) {
    for (const auto& d : henan.divisions)
      if (d.code == code) return d.name;
    return code;
  };
  std::vector<DemoAccount> accounts;
  for (const auto& school : county.schools)
    accounts.push_back({"registrar." + school.code, Role::SchoolRegistrar, school.code, school.name,
                        school.name + "学籍管理员", "", false});
  std::string county_name = name_of(county_code);
  accounts.push_back({"county." + county_code, Role::County, county_code, county_name,
                      county_name + "教育局学籍管理员", "", false});
  std::string city = county_code.substr(0, 4);
  std::string city_name = name_of(city);
  accounts.push_back(
      {"city." + city, Role::City, city, city_name, city_name + "教育局学籍管理员", "", false});
  const std::string province_name = name_of(kHenanCode);
  accounts.push_back({std::string("province.") + kHenanCode, Role::Province, kHenanCode,
                      province_name, province_name + "教育厅学籍管理员", "", false});
  accounts.push_back({"admin", Role::Admin, kHenanCode, province_name, "系统管理员", "", false});
  return accounts;
}

}  // namespace

int run_seed(const SeedOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  if (!init_crypto()) return fail("libsodium init", make_error(ErrorCode::StorageError));
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec)
    return fail("creating the data directory",
                make_error(ErrorCode::StorageError, "", ec.message()));

  auto henan = load_henan_divisions(options.divisions_dir);
  if (!henan) return fail("reading divisions", henan.error());
  DemoCountyPlan plan;
  plan.county_code = options.county;
  plan.today = options.today.value_or(china_today());
  for (const auto& d : henan->divisions) {
    if (d.level != 3) continue;
    if (d.code == options.county)
      plan.county_name = d.name;
    else
      plan.other_counties.push_back(d.code);
  }
  if (plan.county_name.empty())
    return fail("choosing the demo county",
                make_error(ErrorCode::InvalidInput, "county",
                           options.county + " is not a county of Henan"));
  auto towns = load_township_names(options.divisions_dir, options.county);
  if (!towns) return fail("reading township names", towns.error());
  plan.townships = std::move(*towns);

  auto database = ServerDatabase::open(options.data_dir, options.totp_key_file);
  if (!database) return fail("opening the database", database.error());

  DemoRandom random(options.seed);
  auto county = (*database)->with([&](Database& db) -> Result<DemoCounty> {
    // One transaction: a seed either lands whole or not at all, and runs at bulk speed.
    auto tx = Transaction::begin(db);
    if (!tx) return tx.error();
    for (const auto& division : henan->divisions)
      if (auto stored = upsert_division(db, division); !stored) return stored.error();
    auto seeded = seed_demo_county(db, random, plan);
    if (!seeded) return seeded.error();
    if (auto audited = append_audit(db, "system", "", "seed", options.county,
                                    std::to_string(seeded->students_added) + " students added");
        !audited)
      return audited.error();
    if (auto committed = tx->commit(); !committed) return committed.error();
    return seeded;
  });
  if (!county) return fail("seeding the demo county", county.error());

  const auto file = demo_accounts_file(options.data_dir);
  auto accounts = (*database)->with([&](Database& db) {
    return ensure_demo_accounts(db, wanted_accounts(*county, *henan, options.county),
                                read_demo_passwords(file), unix_now());
  });
  if (!accounts) return fail("creating demo accounts", accounts.error());
  if (auto written = write_demo_accounts(file, *accounts); !written)
    return fail("writing demo-accounts.txt", written.error());

  int created = 0;
  for (const auto& a : *accounts) created += a.created ? 1 : 0;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  std::printf(
      "seeded %s: %zu divisions (1 province, %d cities, %d counties), demo county %s %s: %zu "
      "schools, "
      "%d students added, %d kept; %zu accounts (%d new) in %s; %lld ms\n",
      ServerDatabase::file_in(options.data_dir).c_str(), henan->divisions.size(), henan->cities,
      henan->counties, options.county.c_str(), plan.county_name.c_str(), county->schools.size(),
      county->students_added, county->students_kept, accounts->size(), created, file.c_str(),
      static_cast<long long>(ms));
  return 0;
}

}  // namespace xueji::server
