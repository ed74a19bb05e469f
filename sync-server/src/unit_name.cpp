#include "unit_name.hpp"

#include "xueji/registry_store.hpp"

namespace xueji::server {
namespace {

// The core has no find_division yet (registry_store.hpp only writes divisions); this is the
// one place the server reads the core's divisions table directly.
Result<std::string> division_name(Database& db, const std::string& code) {
  auto stmt = db.prepare("SELECT name FROM divisions WHERE code = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, code);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return make_error(ErrorCode::NotFound, "unit_code");
  return stmt->text(0);
}

}  // namespace

Result<std::string> unit_name(Database& db, Role role, const std::string& unit_code) {
  if (role != Role::SchoolRegistrar) return division_name(db, unit_code);
  auto school = find_school(db, unit_code);
  if (!school) return school.error();
  if (!*school) return make_error(ErrorCode::NotFound, "unit_code");
  return (*school)->name;
}

}  // namespace xueji::server
