#include "xueji/audit_log.hpp"

#include "xueji/sha256.hpp"

namespace xueji {
namespace {

void put(std::string& out, const std::string& field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

}  // namespace

std::string audit_entry_hash(const std::string& prev_hash, const AuditEntry& entry) {
  std::string input;
  for (const std::string* field : {&prev_hash, &entry.at, &entry.actor, &entry.device_id,
                                   &entry.action, &entry.object, &entry.result})
    put(input, *field);
  put(input, std::to_string(entry.id));
  return sha256_hex(input);
}

Result<AuditChainCheck> verify_audit_chain(Database& db) {
  auto stmt = db.prepare(
      "SELECT id, at, actor, device_id, action, object, result, prev_hash, hash "
      "FROM audit_log ORDER BY id");
  if (!stmt) return stmt.error();
  AuditChainCheck check;
  std::string prev_hash;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return check;
    AuditEntry entry{stmt->integer(0), stmt->text(1), stmt->text(2), stmt->text(3),
                     stmt->text(4),    stmt->text(5), stmt->text(6)};
    const std::string stored_hash = stmt->text(8);
    if (stmt->text(7) != prev_hash || audit_entry_hash(prev_hash, entry) != stored_hash) {
      check.first_broken_id = entry.id;
      return check;
    }
    ++check.entries;
    prev_hash = stored_hash;
  }
}

}  // namespace xueji
