#include "xueji/public_query.hpp"

#include <array>

#include "xueji/masking.hpp"
#include "xueji/registry_store.hpp"

namespace xueji {
namespace {

// Far above any real name or number, low enough that a request cannot make the lookup or the
// audit row large.
constexpr std::size_t kMaxFieldBytes = 64;

// Compares every byte whatever the first difference, so the time a mismatch takes does not
// tell how much of the name was right.
bool same_text(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const std::size_t n = a.size() > b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff = static_cast<unsigned char>(diff | (x ^ y));
  }
  return diff == 0;
}

bool by_registry_number(const PublicQuery& query) {
  return !query.registry_number.empty();
}

}  // namespace

bool registry_is_active(std::string_view status) {
  static constexpr std::array<std::string_view, 3> kActive{"in_school", "suspended", "abroad"};
  for (auto s : kActive)
    if (s == status) return true;
  return false;
}

Result<void> check_public_query(const PublicQuery& query) {
  if (query.name.empty()) return make_error(ErrorCode::InvalidInput, "name");
  if (query.registry_number.empty() == query.id_number.empty())
    return make_error(ErrorCode::InvalidInput, "registry_number");
  if (query.name.size() > kMaxFieldBytes) return make_error(ErrorCode::InvalidInput, "name");
  if (query.registry_number.size() > kMaxFieldBytes)
    return make_error(ErrorCode::InvalidInput, "registry_number");
  if (query.id_number.size() > kMaxFieldBytes)
    return make_error(ErrorCode::InvalidInput, "id_number");
  return {};
}

Result<PublicQueryAnswer> answer_public_query(Database& db, const PublicQuery& query) {
  if (auto checked = check_public_query(query); !checked) return checked.error();
  auto student = by_registry_number(query)
                     ? find_student_by_registry_number(db, query.registry_number)
                     : find_student_by_id_number(db, query.id_number);
  if (!student) return student.error();
  // Every path below does the same work (one school lookup, one name comparison, the masking)
  // so a hit with the wrong name takes as long as an unknown number (R21: no probing).
  const bool exists = student->has_value();
  const Student empty;
  const Student& s = exists ? **student : empty;
  const bool match = exists && same_text(s.name, query.name) && registry_is_active(s.status);
  auto school = find_school(db, s.school_code);
  if (!school) return school.error();
  PublicQueryAnswer answer;
  std::string masked_name = mask_name(s.name);
  std::string masked_number = by_registry_number(query) ? mask_registry_number(s.registry_number)
                                                        : mask_id_number(s.id_number);
  if (!match || !school->has_value()) return answer;
  answer.found = true;
  answer.school_name = (*school)->name;
  answer.masked_name = std::move(masked_name);
  answer.masked_number = std::move(masked_number);
  return answer;
}

std::string masked_public_query_subject(const PublicQuery& query) {
  std::string number = by_registry_number(query)
                           ? "registry_number " + mask_registry_number(query.registry_number)
                           : "id_number " + mask_id_number(query.id_number);
  return number + " name " + mask_name(query.name);
}

Result<void> audit_public_query(Database& db, const PublicQuery& query,
                                const std::string& client_address, const std::string& outcome) {
  // Oversized input is cut before masking so the audit row stays small.
  PublicQuery bounded = query;
  for (std::string* field : {&bounded.registry_number, &bounded.id_number, &bounded.name})
    if (field->size() > kMaxFieldBytes) field->resize(kMaxFieldBytes);
  return append_audit(db, "public", client_address, "public_query",
                      masked_public_query_subject(bounded), outcome);
}

Result<PublicQueryAnswer> run_public_query(Database& db, const PublicQuery& query,
                                           const std::string& client_address) {
  auto answer = answer_public_query(db, query);
  const std::string outcome = !answer         ? (answer.error().code == ErrorCode::InvalidInput
                                                     ? "invalid"
                                                     : std::string(code_name(answer.error().code)))
                              : answer->found ? "found"
                                              : "not_found";
  if (auto audited = audit_public_query(db, query, client_address, outcome); !audited)
    return audited.error();
  return answer;
}

}  // namespace xueji
