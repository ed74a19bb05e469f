#include "demo_accounts.hpp"

#include "account_store.hpp"
#include "password.hpp"

namespace xueji::server {

Result<std::vector<DemoAccount>> ensure_demo_accounts(
    Database& db, std::vector<DemoAccount> wanted, const std::map<std::string, std::string>& known,
    std::int64_t now) {
  for (auto& account : wanted) {
    auto existing = find_account(db, account.username);
    if (!existing) return existing.error();
    if (*existing) {
      auto it = known.find(account.username);
      account.password = it != known.end() ? it->second : std::string();
      continue;
    }
    account.password = generate_password();
    auto hash = hash_password(account.password);
    if (!hash) return hash.error();
    Account row;
    row.username = account.username;
    row.password_hash = *hash;
    row.role = account.role;
    row.unit_code = account.unit_code;
    row.display_name = account.display_name;
    if (auto stored = insert_account(db, row, now); !stored) return stored.error();
    account.created = true;
  }
  return wanted;
}

}  // namespace xueji::server
