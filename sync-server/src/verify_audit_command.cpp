#include "verify_audit_command.hpp"

#include <cstdio>

#include "server_database.hpp"
#include "xueji/audit_log.hpp"

namespace xueji::server {

std::optional<VerifyAuditOptions> parse_verify_audit_options(const std::vector<std::string>& args) {
  if (args.size() != 2 || args[0] != "--data" || args[1].empty()) {
    std::fputs("usage: xueji-server verify-audit --data DIR\n", stderr);
    return std::nullopt;
  }
  return VerifyAuditOptions{args[1]};
}

int run_verify_audit(const VerifyAuditOptions& options) {
  const auto file = ServerDatabase::file_in(options.data_dir);
  std::error_code ec;
  // Never create a database here: a wrong path must not verify as an empty, intact chain.
  if (!std::filesystem::exists(file, ec)) {
    std::fprintf(stderr, "xueji-server: no database at %s\n", file.string().c_str());
    return 2;
  }
  auto db = Database::open(file.string());
  if (!db) {
    std::fprintf(stderr, "xueji-server: cannot open %s\n", file.string().c_str());
    return 2;
  }
  auto check = verify_audit_chain(*db);
  if (!check) {
    std::fprintf(stderr, "xueji-server: cannot read the audit log: %s\n",
                 check.error().detail.c_str());
    return 2;
  }
  if (check->first_broken_id) {
    std::printf("BROKEN at audit entry %lld (%lld entries verified before it)\n",
                static_cast<long long>(*check->first_broken_id),
                static_cast<long long>(check->entries));
    return 1;
  }
  std::printf("OK %lld entries\n", static_cast<long long>(check->entries));
  return 0;
}

}  // namespace xueji::server
