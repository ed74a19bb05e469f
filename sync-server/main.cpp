// xueji-server: the sync server of Xueji. `seed` prepares a data directory, `serve` runs,
// `backup` copies the database online, `verify-audit` checks the audit log's hash chain.
#include <cstdio>
#include <string>
#include <vector>

#include "src/backup_command.hpp"
#include "src/options.hpp"
#include "src/seed_command.hpp"
#include "src/serve_command.hpp"
#include "src/verify_audit_command.hpp"

int main(int argc, char** argv) {
  using namespace xueji::server;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_usage();
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "seed") {
    auto options = parse_seed_options(args);
    return options ? run_seed(*options) : 2;
  }
  if (command == "verify-audit") {
    auto options = parse_verify_audit_options(args);
    return options ? run_verify_audit(*options) : 2;
  }
  if (command == "backup") {
    auto options = parse_backup_options(args);
    return options ? run_backup(*options) : 2;
  }
  if (command == "serve") {
    auto options = parse_serve_options(args);
    return options ? run_serve(*options) : 2;
  }
  std::fprintf(stderr, "xueji-server: unknown command %s\n", command.c_str());
  print_usage();
  return 2;
}
