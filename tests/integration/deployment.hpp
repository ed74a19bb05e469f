// A complete server deployment for one test: a fresh data directory seeded by the real
// `xueji-server seed`, a small web root, and the real `xueji-server serve` on loopback.
#pragma once
#include <httplib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "server_process.hpp"
#include "temp_dir.hpp"

namespace xueji::it {

struct Credential {
  std::string username;
  std::string password;
  std::string role;
  std::string unit_code;
  std::string unit_name;
};

// DIR/demo-accounts.txt as the seed wrote it (tab-separated, '#' comments).
std::vector<Credential> read_demo_accounts(const std::filesystem::path& file);

class Deployment {
 public:
  explicit Deployment(const std::vector<std::string>& serve_args = {});

  httplib::Client client() const;
  ServerProcess& server() { return *server_; }
  // A new server process on the same data directory (after kill_hard(), say); new port.
  void restart_server();
  const std::filesystem::path& data_dir() const { return data_dir_; }
  const std::filesystem::path& web_root() const { return web_root_; }
  // The n-th school registrar (each of a different school), the county officer.
  const Credential& registrar(size_t n) const;
  const Credential& county() const;
  // The first account of a role ("city", "province", "admin", …).
  const Credential& account(const std::string& role) const;
  const std::vector<Credential>& accounts() const { return accounts_; }

 private:
  TempDir dir_;
  std::filesystem::path data_dir_;
  std::filesystem::path web_root_;
  std::vector<Credential> accounts_;
  std::vector<std::string> serve_args_;
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace xueji::it
