// `xueji-server verify-audit --data DIR`: walks the audit log's hash chain (R18) and prints OK
// or the first broken entry; exits 1 when the chain is broken, 2 when it cannot be read.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace xueji::server {

struct VerifyAuditOptions {
  std::filesystem::path data_dir;
};

std::optional<VerifyAuditOptions> parse_verify_audit_options(const std::vector<std::string>& args);
int run_verify_audit(const VerifyAuditOptions& options);

}  // namespace xueji::server
