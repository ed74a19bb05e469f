// Reading uploaded tables (R20 enrollment results): .xlsx (a zip of XML, read with zlib and
// expat) and CSV in UTF-8 (with or without BOM) or GBK — Excel's default on Chinese Windows,
// decoded as GB18030 (its superset, which also carries rare characters such as 䶮 or 𠈌).
// Platform code: the core only ever sees rows of UTF-8 text.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "xueji/result.hpp"

namespace xueji::server {

struct TableRow {
  int number = 0;                  // 1-based: the spreadsheet row / CSV record number
  std::vector<std::string> cells;  // UTF-8, by column (A = 0)
};

struct Table {
  std::string format;          // "xlsx", "csv-utf8", "csv-gbk"
  std::vector<TableRow> rows;  // non-empty rows only, in order
};

// Detects the format from the bytes (a zip is .xlsx; anything else CSV). FILE_UNREADABLE when
// the file is not a readable workbook or table.
Result<Table> read_table(std::string_view bytes);

// Parts exposed for tests of the readers.
Result<Table> read_xlsx(std::string_view bytes);
Result<Table> read_csv(std::string_view bytes);
// UTF-8 as it is (a BOM dropped), else GB18030 → UTF-8 through iconv. `encoding` says which.
Result<std::string> decode_text(std::string_view bytes, std::string& encoding);
bool is_valid_utf8(std::string_view bytes);

}  // namespace xueji::server
