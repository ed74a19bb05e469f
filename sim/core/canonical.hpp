// Canonical content of a database: every row as one text line ("table|column=value|…", columns
// in name order, NULL marked), lines sorted, so two databases with the same content give the
// same lines and the same SHA-256 whatever order their rows were written in.
#pragma once
#include <string>
#include <vector>

#include "xueji/actor.hpp"
#include "xueji/database.hpp"

namespace xueji::sim {

// The tables the pull feed carries (docs/SYNC.md): a device's working database must equal the
// server's rows of these for its scope once nothing is pending.
const std::vector<std::string>& fed_tables();

// Every row of the fed tables (a device holds only its scope); `for_hash` leaves out the
// columns all_rows leaves out.
Result<std::vector<std::string>> device_rows(Database& device, bool for_hash = false);
// The server's rows of the fed tables in the scope of a registrar's school or an authority's
// division (第三条), selected here independently of the pull's own scope code.
Result<std::vector<std::string>> server_scope_rows(Database& server, const Actor& actor);
// Every table, volatile columns left out (times the database stamps, random device and
// operation ids): the input of the native/WebAssembly same-hash check.
Result<std::vector<std::string>> all_rows(Database& db);

std::string hash_lines(const std::vector<std::string>& sorted_lines);
// "- " lines only in `expected`, "+ " lines only in `actual`, at most `limit` of them.
std::vector<std::string> diff_lines(const std::vector<std::string>& expected,
                                    const std::vector<std::string>& actual, size_t limit);

}  // namespace xueji::sim
