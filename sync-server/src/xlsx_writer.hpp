// Writing .xlsx files with libxlsxwriter (R20 template, R18 exports). Every cell is written as
// text in a text-formatted column, so an 18-digit ID number never becomes a rounded number.
#pragma once
#include <string>
#include <vector>

#include "xueji/result.hpp"

namespace xueji::server {

struct XlsxSheet {
  std::string name;
  std::vector<std::vector<std::string>> rows;
  int header_row = 0;          // this row (0-based) is bold and frozen; -1 for none
  std::vector<double> widths;  // column widths in characters, by column
  // A drop-down list offered on a column below the header (e.g. 学段: 小学/初中); -1 for none.
  int list_column = -1;
  std::vector<std::string> list_values;
};

struct XlsxProperties {
  std::string title;
  std::string subject;
  std::string author;
  std::string company;
  std::string comments;  // R18: who requested, who approved, when
};

// The workbook's bytes. STORAGE_ERROR when the library or the temporary file fails.
Result<std::string> write_xlsx(const std::vector<XlsxSheet>& sheets,
                               const XlsxProperties& properties);

}  // namespace xueji::server
