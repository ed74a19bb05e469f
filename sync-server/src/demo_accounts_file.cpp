// DIR/demo-accounts.txt: one account per line, tab-separated:
// username, password, role, unit code, unit name. Lines starting with '#' are comments.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "demo_accounts.hpp"

namespace xueji::server {
namespace {

constexpr const char* kUnknownPassword = "(set earlier; not recoverable — reset it)";

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, '\t');) fields.push_back(field);
  return fields;
}

}  // namespace

std::filesystem::path demo_accounts_file(const std::filesystem::path& data_dir) {
  return data_dir / "demo-accounts.txt";
}

std::map<std::string, std::string> read_demo_passwords(const std::filesystem::path& file) {
  std::map<std::string, std::string> passwords;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto fields = split_tabs(line);
    if (fields.size() >= 2 && fields[1] != kUnknownPassword) passwords[fields[0]] = fields[1];
  }
  return passwords;
}

Result<void> write_demo_accounts(const std::filesystem::path& file,
                                 const std::vector<DemoAccount>& accounts) {
  std::ostringstream text;
  text
      << "# Xueji demo accounts. Passwords were generated at random when the database was seeded;\n"
         "# the server keeps only their Argon2id hashes. Hand them over, then delete this file.\n"
         "# username\tpassword\trole\tunit_code\tunit_name\n";
  for (const auto& a : accounts)
    text << a.username << '\t' << (a.password.empty() ? kUnknownPassword : a.password) << '\t'
         << role_name(a.role) << '\t' << a.unit_code << '\t' << a.unit_name << '\n';
  const std::string body = text.str();

  const std::string temp = file.string() + ".tmp";
  ::unlink(temp.c_str());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return make_error(ErrorCode::StorageError, "demo_accounts", "cannot create " + temp);
  bool ok = ::fchmod(fd, 0600) == 0 &&  // the umask may only remove bits, but be explicit
            ::write(fd, body.data(), body.size()) == static_cast<ssize_t>(body.size()) &&
            ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok || std::rename(temp.c_str(), file.c_str()) != 0) {
    ::unlink(temp.c_str());
    return make_error(ErrorCode::StorageError, "demo_accounts", "cannot write " + file.string());
  }
  return {};
}

}  // namespace xueji::server
