// xueji-sim: plays school devices and county officers against a running xueji-server (or one
// it starts itself) through its own fault-injecting proxy, then checks convergence,
// exactly-once accounting and uniqueness (issue 4; docs/SYNC.md "Verifying: xueji-sim").
#include <cstdio>
#include <cstdlib>
#include <string>

#include "http_run.hpp"

namespace {

void usage() {
  std::fputs(
      "usage: xueji-sim (--spawn-server PATH [--data DIR] | --server URL --data DIR)\n"
      "                 [--devices N] [--ops N] [--faults RATE] [--seed N] [--kills N]\n"
      "                 [--divisions DIR] [--work DIR] [--skew-days D] [--slow-link] [--keep]\n"
      "                 [--duration S] [--pace S] [--direct] [--nice N]\n"
      "  --spawn-server PATH  xueji-server binary: seeds DIR (a temp dir by default) when it has\n"
      "                       no database, serves it on loopback, may kill -9 and restart it\n"
      "  --server URL         a server already running (no kills); --data is its data dir\n"
      "                       (demo-accounts.txt, and its database is read for the checks)\n"
      "  --devices N          school devices, spread over the schools (default 8); one county\n"
      "                       officer device per county account comes on top\n"
      "  --ops N              operations to queue in all (default 1000)\n"
      "  --faults RATE        share of requests the proxy spoils, 0–1 (default 0.1)\n"
      "  --kills N            at least N kill -9 of the server mid-push (spawned; default 0)\n"
      "  --slow-link          every request at 256 kbit/s with 400 ms latency\n"
      "  --duration S         end the run phase after S seconds even if --ops is not reached\n"
      "                       (the concurrency benchmark: many devices for a fixed time)\n"
      "  --pace S             each device acts once every S seconds on average and syncs like\n"
      "                       the web client (3 s after the last commit, every 5 min); without\n"
      "                       it (stress) every device acts and syncs as fast as it can\n"
      "  --direct             no proxy: keep-alive connections straight to the server, as a\n"
      "                       browser makes (needs --faults 0, no --kills, no --slow-link)\n"
      "  --nice N             run the devices at nice N, the spawned server at its own\n"
      "exit status: 0 all checks passed, 1 a check failed, 2 usage or setup error\n",
      stderr);
}

}  // namespace

int main(int argc, char** argv) {
  xueji::sim::HttpRunOptions o;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "xueji-sim: %s needs a value\n", flag.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (flag == "--spawn-server")
      o.spawn_server = value();
    else if (flag == "--server")
      o.server_url = value();
    else if (flag == "--data")
      o.data_dir = value();
    else if (flag == "--divisions")
      o.divisions_dir = value();
    else if (flag == "--work")
      o.work_dir = value();
    else if (flag == "--devices")
      o.devices = std::atoi(value().c_str());
    else if (flag == "--ops")
      o.ops = std::atoi(value().c_str());
    else if (flag == "--duration")
      o.duration_s = std::atof(value().c_str());
    else if (flag == "--faults")
      o.fault_per_mille = static_cast<int>(std::atof(value().c_str()) * 1000 + 0.5);
    else if (flag == "--seed")
      o.seed = std::strtoull(value().c_str(), nullptr, 10);
    else if (flag == "--kills")
      o.min_kills = std::atoi(value().c_str());
    else if (flag == "--skew-days")
      o.max_skew_days = std::atoi(value().c_str());
    else if (flag == "--pace")
      o.pace_s = std::atof(value().c_str());
    else if (flag == "--direct")
      o.direct = true;
    else if (flag == "--nice")
      o.nice = std::atoi(value().c_str());
    else if (flag == "--slow-link")
      o.slow_link = true;
    else if (flag == "--keep")
      o.keep = true;
    else if (flag == "--help" || flag == "-h") {
      usage();
      return 0;
    } else {
      std::fprintf(stderr, "xueji-sim: unknown option %s\n", flag.c_str());
      usage();
      return 2;
    }
  }
  if (o.spawn_server.empty() == o.server_url.empty() ||
      (!o.server_url.empty() && o.data_dir.empty()) || o.devices < 1 || o.ops < 0 ||
      o.duration_s < 0 || o.fault_per_mille < 0 || o.fault_per_mille > 1000 || o.pace_s < 0 ||
      o.nice < 0 || o.nice > 19 ||
      (o.direct && (o.fault_per_mille != 0 || o.min_kills != 0 || o.slow_link))) {
    usage();
    return 2;
  }
  return xueji::sim::run_http(o);
}
