// xueji-dbhash: runs the deterministic in-process simulation (sim/core/model.hpp) from a seed
// and prints the canonical hash of the resulting server database and of every device's synced
// tables. Built natively and for WebAssembly; tests/dbhash/compare.sh runs both and compares.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "model.hpp"
#include "xueji/uuid.hpp"

int main(int argc, char** argv) {
  xueji::sim::ModelOptions options;
  options.seed = 7;
  options.steps = 400;
  bool verbose = false;
  std::string keep;  // run in this directory and leave the databases there
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--verbose") {
      verbose = true;
      --i;
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "xueji-dbhash: %s needs a value\n", flag.c_str());
      return 2;
    }
    const long long value = std::atoll(argv[i + 1]);
    if (flag == "--seed")
      options.seed = static_cast<std::uint64_t>(value);
    else if (flag == "--steps")
      options.steps = static_cast<int>(value);
    else if (flag == "--devices")
      options.school_devices = static_cast<int>(value);
    else if (flag == "--faults")
      options.fault_per_mille = static_cast<int>(value);
    else if (flag == "--keep")
      keep = argv[i + 1];
    else if (flag == "--dump")
      options.dump_file = argv[i + 1];
    else {
      std::fprintf(stderr,
                   "usage: xueji-dbhash [--seed N] [--steps N] [--devices N] [--faults PER_MILLE] "
                   "[--verbose] [--keep DIR] [--dump FILE]\n");
      return 2;
    }
  }
  const auto dir =
      keep.empty() ? std::filesystem::temp_directory_path() / ("xueji-dbhash-" + xueji::new_uuid())
                   : std::filesystem::path(keep);
  std::filesystem::create_directories(dir);
  options.dir = dir.string();
  auto result = xueji::sim::run_model(options);
  std::error_code ignored;
  if (keep.empty()) std::filesystem::remove_all(dir, ignored);
  std::printf("seed %llu steps %d devices %d faults %d\n",
              static_cast<unsigned long long>(options.seed), options.steps, options.school_devices,
              options.fault_per_mille);
  std::printf("ops %lld\n", static_cast<long long>(result.counter("ops")));
  std::printf("server %s\n", result.server_hash.c_str());
  std::printf("devices %s\n", result.devices_hash.c_str());
  std::printf("checks %s\n", result.report.ok() ? "ok" : "failed");
  if (verbose) {
    for (const auto& [name, value] : result.counters)
      std::fprintf(stderr, "%s %lld\n", name.c_str(), static_cast<long long>(value));
    std::fprintf(stderr, "applied %d rejected %d review %d held %d final_rounds %d\n",
                 result.report.ops_applied, result.report.ops_rejected, result.report.ops_conflict,
                 result.report.ops_held, result.final_rounds);
  }
  for (const auto& f : result.report.failures) std::fprintf(stderr, "FAIL %s\n", f.c_str());
  return result.report.ok() ? 0 : 1;
}
