// xueji-gen: writes a generated population (bench/population.hpp) into a server data
// directory, e.g. `xueji-gen --students 100000 --data bench/data/county-100k` (issue 7). The
// result is an ordinary server database: `xueji-server serve --data DIR` can serve it.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "population.hpp"
#include "src/server_database.hpp"

using namespace xueji;

namespace {

[[noreturn]] void usage() {
  std::cerr << "usage: xueji-gen --students N --data DIR [--seed S] [--divisions DIR]\n"
               "  writes N students (real Henan counties, ~95,000 per county) into DIR/xueji.db;\n"
               "  DIR must not hold a database yet\n";
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  bench::PopulationOptions options;
  std::filesystem::path data;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (i + 1 >= argc) usage();
    std::string value = argv[++i];
    if (arg == "--students")
      options.students = std::stoll(value);
    else if (arg == "--data")
      data = value;
    else if (arg == "--seed")
      options.seed = std::stoull(value);
    else if (arg == "--divisions")
      options.divisions = value;
    else
      usage();
  }
  if (data.empty() || options.students < 1) usage();
  if (std::filesystem::exists(server::ServerDatabase::file_in(data))) {
    std::cerr << "xueji-gen: " << server::ServerDatabase::file_in(data) << " exists\n";
    return 1;
  }
  std::filesystem::create_directories(data);
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  options.progress = [&](std::int64_t done) {
    std::fprintf(stderr, "xueji-gen: %lld students, %.0f s\n", static_cast<long long>(done),
                 elapsed());
  };
  auto server = server::ServerDatabase::open(data);
  if (!server) {
    std::cerr << "xueji-gen: cannot open " << data << "\n";
    return 1;
  }
  auto summary = (*server)->with([&](Database& db) -> Result<bench::PopulationSummary> {
    // A larger page cache for the bulk load only (random-key indexes at millions of rows).
    if (auto ok = db.exec("PRAGMA cache_size = -6291456;"); !ok) return ok.error();
    return bench::generate_population(db, options);
  });
  if (!summary) {
    std::cerr << "xueji-gen: " << code_name(summary.error().code) << " " << summary.error().field
              << " " << summary.error().detail << "\n";
    return 1;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "students %lld\ncounties %zu\nschools %zu\nguardians %lld\narchive_entries %lld\n"
      "paper_items %lld\nworkflows %lld\npending_steps %lld\nseconds %.1f\nstudents_per_s %.0f\n"
      "peak_rss_mb %.0f\n",
      static_cast<long long>(summary->students), summary->counties.size(), summary->schools.size(),
      static_cast<long long>(summary->guardians), static_cast<long long>(summary->archive_entries),
      static_cast<long long>(summary->paper_items), static_cast<long long>(summary->workflows),
      static_cast<long long>(summary->pending_steps), elapsed(),
      static_cast<double>(summary->students) / elapsed(),
      static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
