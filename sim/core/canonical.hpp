// Canonical content of a database: every row as one text line ("table|column=value|…", columns
// in name order, NULL marked), lines sorted, so two databases with the same content give the
// same lines and the same SHA-256 whatever order their rows were written in.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "xueji/actor.hpp"
#include "xueji/database.hpp"

namespace xueji::sim {

// Random ids (operation and device ids, drawn by the core with new_uuid()) → stable names, so
// the same run hashes the same: "op-d3-17", "device-3". Every value is scanned for them.
using IdNames = std::map<std::string, std::string>;

// The tables the pull feed carries (docs/SYNC.md): a device's working database must equal the
// server's rows of these for its scope once nothing is pending.
const std::vector<std::string>& fed_tables();

// Every row of the fed tables (a device holds only its scope). With `names`: as all_rows
// hashes them.
Result<std::vector<std::string>> device_rows(Database& device, const IdNames* names = nullptr);
// The server's rows of the fed tables in the scope of a registrar's school or an authority's
// division (第三条), selected here independently of the pull's own scope code.
Result<std::vector<std::string>> server_scope_rows(Database& server, const Actor& actor);
// Every table, columns stamped from the wall clock left out, random ids renamed by `names`:
// the input of the native/WebAssembly same-hash check.
Result<std::vector<std::string>> all_rows(Database& db, const IdNames* names = nullptr);

std::string hash_lines(const std::vector<std::string>& sorted_lines);
// "- " lines only in `expected`, "+ " lines only in `actual`, at most `limit` of them.
std::vector<std::string> diff_lines(const std::vector<std::string>& expected,
                                    const std::vector<std::string>& actual, size_t limit);

}  // namespace xueji::sim
