// Demo accounts: one registrar per demo school and the authorities above them. Passwords are
// random per installation, stored only as Argon2id hashes; the plain text exists once, in
// DIR/demo-accounts.txt (mode 0600), for `make run` to print and the tests to read.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "xueji/actor.hpp"
#include "xueji/database.hpp"

namespace xueji::server {

struct DemoAccount {
  std::string username;
  Role role = Role::SchoolRegistrar;
  std::string unit_code;
  std::string unit_name;
  std::string display_name;
  std::string password;  // plain text when known (new now, or read back from the file); else empty
  bool created = false;  // created by this run
};

// Creates the accounts that do not exist yet; existing ones keep their password (re-seeding
// never resets credentials). `known` maps usernames to passwords from an earlier file.
Result<std::vector<DemoAccount>> ensure_demo_accounts(
    Database& db, std::vector<DemoAccount> wanted, const std::map<std::string, std::string>& known,
    std::int64_t now);

std::filesystem::path demo_accounts_file(const std::filesystem::path& data_dir);
std::map<std::string, std::string> read_demo_passwords(const std::filesystem::path& file);
// Written to a temporary file created 0600 and renamed over the old one: the passwords are
// never readable by other users, not even for a moment.
Result<void> write_demo_accounts(const std::filesystem::path& file,
                                 const std::vector<DemoAccount>& accounts);

}  // namespace xueji::server
