// Whole rows as PulledRow images: read on the server, written into the device's mirror.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "xueji/database.hpp"
#include "xueji/pull.hpp"

namespace xueji {

// The rows of `table` whose `key_column` equals `id`, every column.
Result<std::vector<PulledRow>> read_rows(Database& db, std::string_view table,
                                         std::string_view key_column, const std::string& id);
// Inserts one row image; column names are checked against the table's own columns first, so a
// page can never name anything else.
Result<void> insert_row(Database& db, const PulledRow& row);

}  // namespace xueji

namespace xueji {

// Rewrites an existing row in place (found by `key_column`), or inserts it. In place, not
// delete-and-insert: deleting a student would cascade into rows the feed does not carry yet
// (archive entries, paper checklist) and lose them.
Result<void> upsert_row(Database& db, const PulledRow& row, std::string_view key_column);

}  // namespace xueji
