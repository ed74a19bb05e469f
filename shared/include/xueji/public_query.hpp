// 学籍查询 (R21): anyone may ask whether a registry is active and where, by 学籍号 or ID
// number plus the exact name. The answer carries masked data only (第二十四条), and a wrong
// name looks exactly like an unknown number, so nobody can probe which numbers exist.
#pragma once
#include <string>
#include <string_view>

#include "xueji/database.hpp"
#include "xueji/result.hpp"

namespace xueji {

// Exactly one of registry_number / id_number, plus the name.
struct PublicQuery {
  std::string registry_number;
  std::string id_number;
  std::string name;
};

// `found == false` keeps every other field empty: one shape for every miss.
struct PublicQueryAnswer {
  bool found = false;
  std::string school_name;
  std::string masked_name;
  std::string masked_number;  // the masked form of the number that was asked about
};

// Statuses with a registry held at a school: in school, suspended (休学) and abroad (出国,
// registry kept). Graduated, transferred-out, dropped-out, deceased and deleted rows are not.
bool registry_is_active(std::string_view status);

// Rejects a request without a name, with both or neither number, or with oversized fields
// (INVALID_INPUT); says nothing about any registry.
Result<void> check_public_query(const PublicQuery& query);

// The lookup and decision, no audit: number AND exact name must match an active registry.
Result<PublicQueryAnswer> answer_public_query(Database& db, const PublicQuery& query);

// What the audit log keeps about a query: the masked number and name, never them in clear
// (R18: the log itself must not become a list of personal data).
std::string masked_public_query_subject(const PublicQuery& query);

// check + answer + append_audit(actor "public", device = client address, outcome). A refused
// request is audited too, with result "invalid".
Result<PublicQueryAnswer> run_public_query(Database& db, const PublicQuery& query,
                                           const std::string& client_address);

// For the caller that refuses before the core runs (the server's rate limit): same audit row.
Result<void> audit_public_query(Database& db, const PublicQuery& query,
                                const std::string& client_address, const std::string& outcome);

}  // namespace xueji
