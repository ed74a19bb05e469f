#include "http_run.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "checks.hpp"
#include "fault_proxy.hpp"
#include "http_transport.hpp"
#include "server_control.hpp"
#include "sim_device.hpp"
#include "sql_rows.hpp"
#include "xueji/uuid.hpp"

namespace xueji::sim {
namespace {

using Clock = std::chrono::steady_clock;

// The server's "today" is China's date (UTC+8); device clocks are skewed from it.
Date china_today() {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  return civil_from_days(static_cast<long>((seconds + 8 * 3600) / 86400));
}

// DIR/demo-accounts.txt (username, password, role, unit code, unit name; tab-separated) and
// the schools' divisions and kinds from the server's database.
Result<World> load_world(const std::filesystem::path& data_dir, Database& server) {
  World world;
  std::ifstream in(data_dir / "demo-accounts.txt");
  if (!in) return make_error(ErrorCode::NotFound, "demo-accounts.txt");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string field; std::getline(fields, field, '\t');) f.push_back(field);
    if (f.size() < 5) continue;
    auto role = role_from_name(f[2]);
    if (!role || (*role != Role::SchoolRegistrar && *role != Role::County)) continue;
    if (f[1].rfind("(", 0) == 0)
      return make_error(ErrorCode::InvalidInput, "password",
                        f[0] + ": password not recoverable; seed a fresh data directory");
    world.accounts.push_back(SimAccount{f[0], f[1], *role, f[3], f[4]});
    if (*role != Role::SchoolRegistrar) continue;
    auto stmt = server.prepare("SELECT division_code, kind FROM schools WHERE code = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, f[3]);
    if (!next_row(*stmt))
      return make_error(ErrorCode::NotFound, "school", f[3] + " not in the server's database");
    world.schools.push_back(SimSchool{f[3], f[4], stmt->text(0), stmt->text(1)});
  }
  if (world.schools.empty()) return make_error(ErrorCode::NotFound, "school accounts");
  return world;
}

struct Parsed {
  std::string host;
  int port = 0;
};

Parsed parse_url(const std::string& url) {
  std::string rest = url.rfind("http://", 0) == 0 ? url.substr(7) : url;
  auto colon = rest.find(':');
  Parsed p;
  p.host = rest.substr(0, colon);
  p.port = colon == std::string::npos ? 80 : std::atoi(rest.c_str() + colon + 1);
  return p;
}

void line(const char* name, double value, const char* unit) {
  std::printf("%s %.6g %s\n", name, value, unit);
}

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

// User + system CPU time a process has used so far (/proc/PID/stat fields 14 and 15); 0 when
// it cannot be read.
double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto paren = text.rfind(')');  // the command name may hold spaces
  if (paren == std::string::npos) return 0;
  std::istringstream fields(text.substr(paren + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i)
    if (i >= 14) ticks += std::atof(field.c_str());
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// The server log's time format, "2026-11-29T03:56:00.123Z": comparable as text.
std::string log_time_now() {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  const Date day = civil_from_days(static_cast<long>(ms / 86400000));
  const long in_day = static_cast<long>(ms % 86400000);
  char text[40];
  std::snprintf(text, sizeof text, "%sT%02ld:%02ld:%02ld.%03ldZ", format_date(day).c_str(),
                in_day / 3600000, in_day / 60000 % 60, in_day / 1000 % 60, in_day % 1000);
  return text;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto rank = static_cast<size_t>(std::ceil(p / 100 * static_cast<double>(values.size())));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// The server's own time for each push and pull request of the run phase, from its request
// log ("ms": routing to response written, so without the wait for a free worker thread).
struct ServerTimes {
  std::vector<double> push_ms, pull_ms;
};

ServerTimes server_times(const std::filesystem::path& log, const std::string& from,
                         const std::string& to) {
  ServerTimes times;
  std::ifstream in(log);
  for (std::string row; std::getline(in, row);) {
    if (row.find("\"event\":\"request\"") == std::string::npos) continue;
    auto at = row.find("\"time\":\"");
    if (at == std::string::npos) continue;
    const std::string time = row.substr(at + 8, from.size());
    if (time < from || time >= to) continue;
    const bool push = row.find("\"path\":\"/api/sync/push\"") != std::string::npos;
    const bool pull = row.find("\"path\":\"/api/sync/pull\"") != std::string::npos;
    auto ms = row.find("\"ms\":");
    if ((!push && !pull) || ms == std::string::npos) continue;
    (push ? times.push_ms : times.pull_ms).push_back(std::atof(row.c_str() + ms + 5));
  }
  return times;
}

}  // namespace

int run_http(const HttpRunOptions& o) {
  const auto started = Clock::now();
  Stats stats;
  Ledger ledger;
  Directory directory;
  std::error_code ec;

  // Dozens of SQLite files committed thousands of times: in memory (tmpfs) when the machine
  // has it. A killed server loses nothing there either: kill -9 is a process crash, and the
  // files live in the kernel, not in the process.
  std::filesystem::path work = o.work_dir;
  if (work.empty()) {
    const std::filesystem::path shm = "/dev/shm";
    work = (std::filesystem::is_directory(shm, ec) ? shm : std::filesystem::temp_directory_path()) /
           ("xueji-sim-" + new_uuid().substr(0, 8));
  }
  std::filesystem::create_directories(work, ec);
  std::filesystem::path data = o.data_dir.empty() ? work / "server-data" : o.data_dir;

  std::unique_ptr<ServerControl> control;
  std::string host = "127.0.0.1";
  int server_port = 0;
  if (!o.spawn_server.empty()) {
    control = std::make_unique<ServerControl>(o.spawn_server, data);
    if (!std::filesystem::exists(data / "xueji.db")) {
      std::string output;
      if (!control->seed(o.divisions_dir, o.seed, output)) {
        std::fprintf(stderr, "xueji-sim: seeding %s failed:\n%s\n", data.c_str(), output.c_str());
        return 2;
      }
    }
    server_port = control->start();
    if (server_port <= 0) {
      std::fprintf(stderr, "xueji-sim: the server did not start (see %s/server.log)\n",
                   data.c_str());
      return 2;
    }
  } else {
    Parsed url = parse_url(o.server_url);
    host = url.host;
    server_port = url.port;
  }

  auto server_db = Database::open((data / "xueji.db").string());
  if (!server_db) {
    std::fprintf(stderr, "xueji-sim: cannot open %s/xueji.db\n", data.c_str());
    return 2;
  }
  auto world = load_world(data, *server_db);
  if (!world) {
    std::fprintf(stderr, "xueji-sim: %s %s\n", std::string(code_name(world.error().code)).c_str(),
                 world.error().detail.c_str());
    return 2;
  }

  // The devices stand for other machines: below the server's CPU priority when asked. Linux
  // keeps a nice value per thread, and threads inherit it from the one that creates them: the
  // server's supervisor thread (started above) forks every server at the priority it had.
  const int own_nice = getpriority(PRIO_PROCESS, 0);
  if (o.nice != 0 && setpriority(PRIO_PROCESS, 0, o.nice) != 0)
    std::fprintf(stderr, "xueji-sim: cannot set nice %d\n", o.nice);

  // The proxy forwards to loopback: a remote --server is reached directly (no proxy faults),
  // and so is any server with --direct.
  FaultProxy proxy(stats, o.seed ^ 0x5eedULL, control.get(), server_port);
  const bool proxied = !o.direct && (host == "127.0.0.1" || host == "localhost");
  int port = proxied ? proxy.start() : server_port;
  if (port <= 0) {
    std::fprintf(stderr, "xueji-sim: the proxy did not start\n");
    return 2;
  }

  SimRandom rng(o.seed);
  std::vector<const SimAccount*> registrars, officers;
  for (const auto& a : world->accounts)
    (a.role == Role::SchoolRegistrar ? registrars : officers).push_back(&a);
  std::vector<std::unique_ptr<SimDevice>> devices;
  std::vector<std::unique_ptr<HttpTransport>> links;
  const int total = o.devices + static_cast<int>(officers.size());
  for (int i = 0; i < total; ++i) {
    const SimAccount& account = i < o.devices
                                    ? *registrars[static_cast<size_t>(i) % registrars.size()]
                                    : *officers[static_cast<size_t>(i - o.devices)];
    DeviceSetup setup;
    setup.name = "d" + std::to_string(i) + "-" + account.unit_code;
    setup.account = account;
    setup.path = (work / ("device-" + std::to_string(i) + ".db")).string();
    setup.skew_days = o.max_skew_days > 0 ? rng.between(-o.max_skew_days, o.max_skew_days) : 0;
    setup.push_batch = 1 + static_cast<int>(rng.below(100));
    setup.style = static_cast<SyncStyle>(rng.below(3));
    setup.page_bytes = 4096 + static_cast<std::size_t>(rng.below(kDefaultPullBytes));
    auto device = SimDevice::open(setup);
    if (!device) {
      std::fprintf(stderr, "xueji-sim: cannot open %s\n", setup.path.c_str());
      return 2;
    }
    if (o.pace_s > 0) {  // the web client's own sizes (wasm-client/app.cpp, SyncClient)
      setup.push_batch = 100;
      setup.page_bytes = kDefaultPullBytes;
    }
    links.push_back(std::make_unique<HttpTransport>(host, port, o.direct));
    Result<void> in = make_error(ErrorCode::StorageError);
    for (int attempt = 0; attempt < 5 && !in; ++attempt) in = (*device)->login(*links.back());
    if (!in) {
      std::fprintf(stderr, "xueji-sim: %s cannot log in as %s: %s %s\n", setup.name.c_str(),
                   account.username.c_str(), std::string(code_name(in.error().code)).c_str(),
                   in.error().detail.c_str());
      return 2;
    }
    devices.push_back(std::move(*device));
  }
  std::printf(
      "xueji-sim: %d school devices over %zu schools and %zu county officer device(s), %d "
      "operations, faults %.3f, seed %llu, server %s:%d %s %d, work %s\n",
      o.devices, world->schools.size(), officers.size(), o.ops, o.fault_per_mille / 1000.0,
      static_cast<unsigned long long>(o.seed), host.c_str(), server_port,
      proxied ? "via proxy" : "direct, port", port, work.c_str());
  if (o.pace_s > 0)
    std::printf(
        "xueji-sim: paced: an operation every %.3g s per device on average, sync 3 s "
        "after the last commit and every 5 min\n",
        o.pace_s);
  std::fflush(stdout);

  // Bootstrap over a clean link, then the faults begin.
  for (size_t i = 0; i < devices.size(); ++i) {
    devices[i]->sync(*links[i], ledger, stats);
    devices[i]->publish(directory);
  }
  proxy.set_slow_all(o.slow_link);
  proxy.set_fault_rate(o.fault_per_mille);
  if (control) proxy.force_kills(o.min_kills);
  const auto run_started = Clock::now();
  // --duration: the concurrency benchmark runs many devices for a fixed time, not an op count.
  const auto deadline =
      run_started + std::chrono::duration_cast<Clock::duration>(
                        std::chrono::duration<double>(o.duration_s > 0 ? o.duration_s : 1e9));
  auto running = [&] { return stats.counter("ops") < o.ops && Clock::now() < deadline; };

  std::atomic<int> schools_running{o.devices};
  const pid_t server_pid = control ? control->pid() : -1;
  const double sim_cpu_before = cpu_seconds(getpid());
  const double server_cpu_before = server_pid > 0 ? cpu_seconds(server_pid) : 0;
  const std::string run_from = log_time_now();

  // Stress: act and sync as fast as the machine allows, no think time.
  auto stress = [&](SimDevice& d, Transport& link, SimRandom& own, bool officer) {
    const int sync_pm = officer ? 300 : o.sync_per_mille;
    while (officer ? schools_running > 0 : running()) {
      if (d.offline_actions == 0 && own.chance(o.offline_per_mille)) {
        d.offline_actions = own.between(5, 60);
        stats.add("offline_periods");
      }
      const bool offline = d.offline_actions > 0;
      if (offline) --d.offline_actions;
      // Anybody with nothing to do syncs (an officer waiting for steps), or waits offline.
      bool sync = !offline && own.chance(sync_pm);
      stats.add("acts", sync ? 0 : 1);
      if (!sync && !d.act(*world, directory, ledger, stats, own, china_today())) {
        sync = !offline;
        if (!sync) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      if (sync) {
        stats.add("settled_in_run", d.sync(link, ledger, stats).settled);
        d.publish(directory);
      }
    }
  };
  // Paced (--pace): a person at a screen, one operation every pace_s seconds on average
  // (exponential gaps: independent people), and the web client's auto sync
  // (wasm-client/app.cpp): 3 s after the last commit, debounced; every 5 minutes; on coming
  // back online. An offline period lasts a number of operations, as in stress.
  auto paced = [&](SimDevice& d, Transport& link, SimRandom& own) {
    constexpr auto kAfterCommit = std::chrono::seconds(3);
    constexpr auto kEvery = std::chrono::minutes(5);
    auto gap = [&] {
      const double u = static_cast<double>(own.next() >> 11) / 9007199254740992.0;  // [0, 1)
      return seconds(-std::log(1 - u) * o.pace_s);
    };
    const bool officer = d.setup().account.role != Role::SchoolRegistrar;
    auto next_act = Clock::now() + gap();
    // The devices did not all start at once: the periodic syncs are spread over 5 minutes.
    auto next_periodic = Clock::now() + seconds(static_cast<double>(own.below(300000)) / 1000);
    const auto never = Clock::time_point::max();
    auto after_commit = never;  // no commit waiting for its sync
    bool back_online = false;
    while (officer ? schools_running > 0 : running()) {
      const auto now = Clock::now();
      if (d.offline_actions == 0 && (back_online || now >= next_periodic || now >= after_commit)) {
        stats.add("settled_in_run", d.sync(link, ledger, stats).settled);
        d.publish(directory);
        after_commit = never;
        back_online = false;
        next_periodic = Clock::now() + kEvery;
        continue;
      }
      if (now >= next_act) {
        if (d.offline_actions == 0 && own.chance(o.offline_per_mille)) {
          d.offline_actions = own.between(5, 60);
          stats.add("offline_periods");
        }
        if (d.offline_actions > 0 && --d.offline_actions == 0) back_online = true;
        stats.add("acts");
        const int before = d.registry().pending_count();
        d.act(*world, directory, ledger, stats, own, china_today());
        if (d.registry().pending_count() > before) after_commit = Clock::now() + kAfterCommit;
        next_act = Clock::now() + gap();
        continue;
      }
      const auto wake = std::min(
          {next_act, next_periodic, after_commit, deadline, now + std::chrono::milliseconds(250)});
      std::this_thread::sleep_until(wake);
    }
  };

  std::vector<std::thread> threads;
  for (size_t i = 0; i < devices.size(); ++i) {
    const std::uint64_t seed = rng.fork();
    threads.emplace_back([&, i, seed] {
      SimDevice& d = *devices[i];
      SimRandom own(seed);
      const bool officer = d.setup().account.role != Role::SchoolRegistrar;
      if (o.pace_s > 0)
        paced(d, *links[i], own);
      else
        stress(d, *links[i], own, officer);
      if (!officer) --schools_running;
    });
  }
  for (auto& t : threads) t.join();
  const double run_seconds = std::chrono::duration<double>(Clock::now() - run_started).count();
  const std::string run_to = log_time_now();
  const double sim_cpu = cpu_seconds(getpid()) - sim_cpu_before;
  const double server_cpu = server_pid > 0 && control->pid() == server_pid
                                ? cpu_seconds(server_pid) - server_cpu_before
                                : 0;
  const ServerTimes served = server_times(data / "server.log", run_from, run_to);

  // The run phase's figures now, before the final syncs add their requests (and in case those
  // take long): what the devices offered and got, and what the server saw.
  std::int64_t run_errors = 0;
  for (const auto& [name, value] : stats.counters())
    if (name.rfind("errors.", 0) == 0) run_errors += value;
  line("sim.run_time", run_seconds, "s");
  auto per_s = [&](double n) { return run_seconds > 0 ? n / run_seconds : 0; };
  if (o.pace_s > 0)
    line("sim.offered_ops_per_s", static_cast<double>(o.devices) / o.pace_s, "ops/s");
  line("sim.acts_per_s", per_s(static_cast<double>(stats.counter("acts"))), "ops/s");
  line("sim.ops_per_s", per_s(static_cast<double>(stats.counter("ops"))), "ops/s");
  line("sim.settled_per_s", per_s(static_cast<double>(stats.counter("settled_in_run"))), "ops/s");
  line("sim.push_requests", static_cast<double>(stats.push_count()), "count");
  line("sim.push_p50", stats.push_percentile(50), "ms");
  line("sim.push_p99", stats.push_percentile(99), "ms");
  line("sim.pull_requests", static_cast<double>(stats.pull_count()), "count");
  line("sim.pull_p50", stats.pull_percentile(50), "ms");
  line("sim.pull_p99", stats.pull_percentile(99), "ms");
  line("sim.requests_per_s", per_s(static_cast<double>(stats.push_count() + stats.pull_count())),
       "requests/s");
  line("sim.server_push_p50", percentile(served.push_ms, 50), "ms");
  line("sim.server_push_p99", percentile(served.push_ms, 99), "ms");
  line("sim.server_pull_p50", percentile(served.pull_ms, 50), "ms");
  line("sim.server_pull_p99", percentile(served.pull_ms, 99), "ms");
  line("sim.server_requests_logged",
       static_cast<double>(served.push_ms.size() + served.pull_ms.size()), "count");
  // CPU of the run phase in cores (CPU seconds per second): who had the machine.
  line("sim.cpu.devices", per_s(sim_cpu), "cores");
  line("sim.cpu.server", per_s(server_cpu), "cores");
  line("sim.run_errors", static_cast<double>(run_errors), "count");
  std::fflush(stdout);
  // The final syncs and checks are not measured: back to the priority the run started with
  // (lowering nice may be refused to an unprivileged user; they are then just slower).
  if (o.nice != 0) (void)setpriority(PRIO_PROCESS, 0, own_nice);

  // Faults stop; late copies land; every device syncs until a whole round moves nothing.
  proxy.set_fault_rate(0);
  proxy.force_kills(0);
  proxy.wait_idle();
  // A round syncs every device, eight at a time (200 devices one after the other took
  // minutes). A round that moved nothing pushed nothing, so the server stood still while every
  // device pulled to its end: all have converged.
  int rounds = 0;
  for (; rounds < 30; ++rounds) {
    std::atomic<int> moved{0};
    std::atomic<size_t> next{0};
    std::vector<std::thread> syncing;
    for (int t = 0; t < 8; ++t)
      syncing.emplace_back([&] {
        for (size_t i = next++; i < devices.size(); i = next++) {
          SyncOutcome out = devices[i]->sync(*links[i], ledger, stats);
          moved += out.changes + out.settled + (out.ok ? 0 : 1);
          devices[i]->publish(directory);
        }
      });
    for (auto& t : syncing) t.join();
    if (moved == 0) break;
  }

  std::vector<SimDevice*> views;
  for (auto& d : devices) views.push_back(d.get());
  CheckReport report = run_checks(*server_db, views, ledger);
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

  std::printf("checks: %d/%zu devices converged to the server's state for their scope\n",
              report.devices_converged, devices.size());
  std::printf(
      "checks: %d/%zu operations accounted for (applied %d, rejected %d, review %d, held %d)\n",
      report.ops_accounted, ledger.ops().size(), report.ops_applied, report.ops_rejected,
      report.ops_conflict, report.ops_held);
  for (const auto& f : report.failures) std::printf("FAIL %s\n", f.c_str());
  std::printf("%s\n", report.ok() ? "all checks passed" : "CHECKS FAILED");

  const auto counters = stats.counters();
  std::int64_t errors = 0;
  for (const auto& [name, value] : counters)
    if (name.rfind("errors.", 0) == 0) errors += value;
  const auto ops = stats.counter("ops");
  line("sim.devices", static_cast<double>(devices.size()), "count");
  line("sim.ops", static_cast<double>(ops), "ops");
  line("sim.ops_attempted", static_cast<double>(stats.counter("ops_attempted")), "ops");
  line("sim.refused_locally", static_cast<double>(stats.counter("refused_locally")), "ops");
  line("sim.total_time", seconds, "s");
  line("sim.syncs", static_cast<double>(stats.counter("syncs")), "count");
  line("sim.pull_pages", static_cast<double>(stats.counter("pull_pages")), "count");
  line("sim.offline_periods", static_cast<double>(stats.counter("offline_periods")), "count");
  line("sim.faults", static_cast<double>(stats.counter("faults")), "count");
  for (const char* kind :
       {"drop_before", "drop_after", "duplicate", "reorder", "truncate", "slow", "kill_server"})
    line(("sim.faults." + std::string(kind)).c_str(),
         static_cast<double>(stats.counter("faults." + std::string(kind))), "count");
  line("sim.server_restarts", control ? control->restarts() : 0, "count");
  line("sim.verdicts.applied", report.ops_applied, "ops");
  line("sim.verdicts.rejected", report.ops_rejected, "ops");
  line("sim.verdicts.review", report.ops_conflict, "ops");
  line("sim.verdicts.held", report.ops_held, "ops");
  line("sim.errors", static_cast<double>(errors), "count");
  for (const auto& [name, value] : counters)
    if (name.rfind("errors.", 0) == 0)
      line(("sim." + name).c_str(), static_cast<double>(value), "count");
  line("sim.final_sync_rounds", rounds + 1, "count");
  line("sim.check_failures", static_cast<double>(report.failures.size()), "count");
  std::fflush(stdout);

  proxy.stop();
  if (control) control->stop();
  if (!o.keep && o.work_dir.empty() && report.ok()) std::filesystem::remove_all(work, ec);
  return report.ok() ? 0 : 1;
}

}  // namespace xueji::sim
