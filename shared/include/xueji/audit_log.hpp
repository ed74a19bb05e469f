// The tamper-evident audit log (R18: "no unattributed alteration is possible"). Each entry
// stores the SHA-256 of the previous entry's hash and its own fields, so changing or removing
// any entry breaks every hash after it. Computed by the core, so device and server agree.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "xueji/database.hpp"
#include "xueji/result.hpp"

namespace xueji {

struct AuditEntry {
  std::int64_t id = 0;
  std::string at;
  std::string actor;
  std::string device_id;
  std::string action;
  std::string object;
  std::string result;
};

// sha256 over the previous hash and every field, each length-prefixed so no two different
// entries share an input ("ab"+"c" vs "a"+"bc"). The first entry's previous hash is "".
std::string audit_entry_hash(const std::string& prev_hash, const AuditEntry& entry);

struct AuditChainCheck {
  std::int64_t entries = 0;
  std::optional<std::int64_t> first_broken_id;  // empty when every entry verifies
};

// Walks audit_log in id order and recomputes each hash from the previous entry's. An altered
// entry is reported at its own id; a deleted one at the entry that followed it. Removing the
// newest entries leaves a shorter valid chain: that needs an outside copy of the last hash.
Result<AuditChainCheck> verify_audit_chain(Database& db);

}  // namespace xueji
