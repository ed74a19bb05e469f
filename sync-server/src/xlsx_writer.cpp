#include "xlsx_writer.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace xueji::server {
namespace {

// libxlsxwriter 1.1.4 writes to a file only: a private temporary file, removed on every path.
class TempFile {
 public:
  TempFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "xueji-xlsx-XXXXXX").string();
    int fd = mkstemp(pattern.data());
    if (fd >= 0) {
      close(fd);
      path_ = pattern;
    }
  }
  ~TempFile() {
    if (!path_.empty()) std::filesystem::remove(path_ + ".xlsx");
    if (!path_.empty()) std::filesystem::remove(path_);
  }
  // libxlsxwriter wants the .xlsx name; the mkstemp name reserves it.
  std::string name() const { return path_.empty() ? "" : path_ + ".xlsx"; }

 private:
  std::string path_;
};

char* mutable_text(std::string& s) {
  return s.data();
}

}  // namespace

Result<std::string> write_xlsx(const std::vector<XlsxSheet>& sheets,
                               const XlsxProperties& properties) {
  TempFile file;
  if (file.name().empty()) return make_error(ErrorCode::StorageError, "", "temporary file");
  lxw_workbook* workbook = workbook_new(file.name().c_str());
  if (!workbook) return make_error(ErrorCode::StorageError, "", "xlsx workbook");

  std::string title = properties.title, subject = properties.subject, author = properties.author,
              company = properties.company, comments = properties.comments;
  lxw_doc_properties doc{};
  doc.title = mutable_text(title);
  doc.subject = mutable_text(subject);
  doc.author = mutable_text(author);
  doc.company = mutable_text(company);
  doc.comments = mutable_text(comments);
  workbook_set_properties(workbook, &doc);

  lxw_format* text = workbook_add_format(workbook);
  format_set_num_format(text, "@");
  lxw_format* bold = workbook_add_format(workbook);
  format_set_num_format(bold, "@");
  format_set_bold(bold);

  for (const auto& sheet : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(workbook, sheet.name.c_str());
    if (!ws) {
      workbook_close(workbook);
      return make_error(ErrorCode::StorageError, "", "xlsx worksheet");
    }
    std::size_t columns = sheet.widths.size();
    for (const auto& row : sheet.rows) columns = std::max(columns, row.size());
    for (std::size_t c = 0; c < columns; ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           c < sheet.widths.size() ? sheet.widths[c] : 14, text);
    for (std::size_t r = 0; r < sheet.rows.size(); ++r)
      for (std::size_t c = 0; c < sheet.rows[r].size(); ++c)
        worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                               sheet.rows[r][c].c_str(),
                               static_cast<int>(r) == sheet.header_row ? bold : text);
    if (sheet.header_row >= 0) worksheet_freeze_panes(ws, sheet.header_row + 1, 0);
    if (sheet.list_column >= 0 && !sheet.list_values.empty()) {
      std::vector<std::string> values = sheet.list_values;
      std::vector<char*> list;
      for (auto& v : values) list.push_back(v.data());
      list.push_back(nullptr);
      lxw_data_validation validation{};
      validation.validate = LXW_VALIDATION_TYPE_LIST;
      validation.value_list = list.data();
      worksheet_data_validation_range(ws, static_cast<lxw_row_t>(sheet.header_row + 1),
                                      static_cast<lxw_col_t>(sheet.list_column), 10000,
                                      static_cast<lxw_col_t>(sheet.list_column), &validation);
    }
  }
  if (workbook_close(workbook) != LXW_NO_ERROR)
    return make_error(ErrorCode::StorageError, "", "xlsx close");
  std::ifstream in(file.name(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) return make_error(ErrorCode::StorageError, "", "xlsx read back");
  return bytes;
}

}  // namespace xueji::server
