#include "tabular_file.hpp"

#include <expat.h>
#include <iconv.h>
#include <zlib.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace xueji::server {
namespace {

// A workbook part larger than this after inflation is refused (a zip bomb stays a small upload).
constexpr std::size_t kMaxPartBytes = 64 * 1024 * 1024;
constexpr int kMaxColumns = 64;
constexpr int kMaxRows = 100000;

Error unreadable(std::string detail) {
  return make_error(ErrorCode::FileUnreadable, "file", std::move(detail));
}

std::uint32_t le16(std::string_view b, std::size_t at) {
  return static_cast<std::uint8_t>(b[at]) | static_cast<std::uint8_t>(b[at + 1]) << 8;
}
std::uint32_t le32(std::string_view b, std::size_t at) {
  return le16(b, at) | le16(b, at + 2) << 16;
}

// --- zip (PKWARE APPNOTE): central directory, stored or deflated entries, no zip64 ---

struct ZipEntry {
  std::string name;
  std::uint32_t method = 0;
  std::uint32_t compressed = 0;
  std::uint32_t size = 0;
  std::uint32_t local_offset = 0;
};

Result<std::vector<ZipEntry>> zip_directory(std::string_view zip) {
  constexpr std::size_t kEocd = 22;
  if (zip.size() < kEocd) return unreadable("not a zip");
  std::size_t at = zip.size() - kEocd;
  const std::size_t lowest = zip.size() > kEocd + 0xFFFF ? zip.size() - kEocd - 0xFFFF : 0;
  while (le32(zip, at) != 0x06054b50) {
    if (at == lowest) return unreadable("no zip directory");
    --at;
  }
  const std::uint32_t count = le16(zip, at + 10);
  std::size_t cd = le32(zip, at + 16);
  std::vector<ZipEntry> entries;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (cd + 46 > zip.size() || le32(zip, cd) != 0x02014b50) return unreadable("bad zip entry");
    ZipEntry e;
    e.method = le16(zip, cd + 10);
    e.compressed = le32(zip, cd + 20);
    e.size = le32(zip, cd + 24);
    const std::size_t name_length = le16(zip, cd + 28);
    const std::size_t extra = le16(zip, cd + 30);
    const std::size_t comment = le16(zip, cd + 32);
    e.local_offset = le32(zip, cd + 42);
    if (cd + 46 + name_length > zip.size()) return unreadable("bad zip entry");
    e.name = std::string(zip.substr(cd + 46, name_length));
    entries.push_back(std::move(e));
    cd += 46 + name_length + extra + comment;
  }
  return entries;
}

Result<std::optional<std::string>> zip_part(std::string_view zip,
                                            const std::vector<ZipEntry>& entries,
                                            std::string_view name) {
  const ZipEntry* entry = nullptr;
  for (const auto& e : entries)
    if (e.name == name) entry = &e;
  if (!entry) return std::optional<std::string>();
  if (entry->size > kMaxPartBytes) return unreadable("part too large");
  const std::size_t local = entry->local_offset;
  if (local + 30 > zip.size() || le32(zip, local) != 0x04034b50)
    return unreadable("bad local header");
  // Sizes come from the central directory: writers that stream (exceljs) leave the local
  // header's sizes zero and put them in a data descriptor.
  const std::size_t data = local + 30 + le16(zip, local + 26) + le16(zip, local + 28);
  if (data + entry->compressed > zip.size()) return unreadable("truncated part");
  std::string_view packed = zip.substr(data, entry->compressed);
  if (entry->method == 0) return std::optional<std::string>(std::string(packed));
  if (entry->method != 8) return unreadable("unsupported compression");

  std::string out(entry->size, '\0');
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return unreadable("inflate");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  z.avail_in = static_cast<uInt>(packed.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int status = inflate(&z, Z_FINISH);
  const std::size_t produced = z.total_out;
  inflateEnd(&z);
  // The declared size is the limit: a part that inflates to more is refused, not truncated.
  if (status != Z_STREAM_END || produced != entry->size) return unreadable("corrupt part");
  return std::optional<std::string>(std::move(out));
}

// --- XML through expat ---

struct XmlHandler {
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const char** attributes) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view data) = 0;
};

std::string_view local_name(const char* name) {
  std::string_view n(name);
  auto colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const char* attribute(const char** attributes, std::string_view wanted) {
  for (int i = 0; attributes[i]; i += 2)
    if (local_name(attributes[i]) == wanted) return attributes[i + 1];
  return nullptr;
}

Result<void> parse_xml(const std::string& xml, XmlHandler& handler) {
  XML_Parser parser = XML_ParserCreate("UTF-8");
  if (!parser) return unreadable("xml parser");
  XML_SetUserData(parser, &handler);
  XML_SetElementHandler(
      parser,
      [](void* h, const XML_Char* name, const XML_Char** attributes) {
        static_cast<XmlHandler*>(h)->start(local_name(name), attributes);
      },
      [](void* h, const XML_Char* name) { static_cast<XmlHandler*>(h)->end(local_name(name)); });
  XML_SetCharacterDataHandler(parser, [](void* h, const XML_Char* data, int length) {
    static_cast<XmlHandler*>(h)->text(std::string_view(data, static_cast<std::size_t>(length)));
  });
  const bool ok = XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
  XML_ParserFree(parser);
  if (!ok) return unreadable("malformed xml");
  return {};
}

// xl/workbook.xml: the relationship id of the first sheet.
struct WorkbookHandler : XmlHandler {
  std::string first_sheet_rid;
  void start(std::string_view name, const char** a) override {
    if (name == "sheet" && first_sheet_rid.empty())
      if (const char* id = attribute(a, "id")) first_sheet_rid = id;
  }
  void end(std::string_view) override {}
  void text(std::string_view) override {}
};

// xl/_rels/workbook.xml.rels: relationship id → part.
struct RelsHandler : XmlHandler {
  std::map<std::string, std::string> targets;
  void start(std::string_view name, const char** a) override {
    if (name != "Relationship") return;
    const char* id = attribute(a, "Id");
    const char* target = attribute(a, "Target");
    if (id && target) targets[id] = target;
  }
  void end(std::string_view) override {}
  void text(std::string_view) override {}
};

// xl/sharedStrings.xml: one string per <si>, the text of its <t> runs; phonetic guides
// (<rPh>, e.g. furigana) are not part of the value.
struct SharedStringsHandler : XmlHandler {
  std::vector<std::string> strings;
  std::string current;
  bool in_t = false;
  int phonetic = 0;
  void start(std::string_view name, const char**) override {
    if (name == "si") current.clear();
    if (name == "rPh") ++phonetic;
    if (name == "t") in_t = true;
  }
  void end(std::string_view name) override {
    if (name == "t") in_t = false;
    if (name == "rPh") --phonetic;
    if (name == "si") strings.push_back(current);
  }
  void text(std::string_view data) override {
    if (in_t && phonetic == 0) current += data;
  }
};

// "AB12" → column 27 (0-based), or -1.
int column_of(std::string_view ref) {
  int column = 0;
  std::size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i)
    column = column * 26 + (ref[i] - 'A' + 1);
  return i == 0 ? -1 : column - 1;
}

// A number as Excel stores it; integers written in exponent form ("4.11625E+9") back to digits.
std::string number_text(const std::string& v) {
  if (v.find_first_of("eE") == std::string::npos) {
    if (v.size() > 2 && v.compare(v.size() - 2, 2, ".0") == 0) return v.substr(0, v.size() - 2);
    return v;
  }
  char* end = nullptr;
  double value = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0') return v;
  if (value >= 0 && value < 1e15 && value == static_cast<double>(static_cast<long long>(value)))
    return std::to_string(static_cast<long long>(value));
  return v;
}

struct SheetHandler : XmlHandler {
  const std::vector<std::string>& shared;
  std::vector<TableRow> rows;
  bool too_big = false;
  int row_number = 0;
  int next_column = 0;
  int column = 0;
  std::string type;
  std::string value;
  bool in_value = false;  // <v>, or <t> of an inline string
  explicit SheetHandler(const std::vector<std::string>& s) : shared(s) {}

  void start(std::string_view name, const char** a) override {
    if (name == "row") {
      const char* r = attribute(a, "r");
      row_number = r ? std::atoi(r) : row_number + 1;
      next_column = 0;
      if (row_number <= 0 || row_number > kMaxRows) too_big = true;
      rows.push_back(TableRow{row_number, {}});
    } else if (name == "c") {
      const char* r = attribute(a, "r");
      const char* t = attribute(a, "t");
      column = r ? column_of(r) : next_column;
      next_column = column + 1;
      type = t ? t : "n";
      value.clear();
    } else if (name == "v" || (name == "t" && type == "inlineStr")) {
      in_value = true;
    }
  }
  void end(std::string_view name) override {
    if (name == "v" || name == "t") in_value = false;
    if (name != "c" || rows.empty()) return;
    if (column < 0 || column >= kMaxColumns) return;  // beyond any template column
    std::string text;
    if (type == "s") {
      char* end = nullptr;
      long index = std::strtol(value.c_str(), &end, 10);
      if (end != value.c_str() && index >= 0 && static_cast<std::size_t>(index) < shared.size())
        text = shared[static_cast<std::size_t>(index)];
    } else if (type == "n") {
      text = number_text(value);
    } else {
      text = value;  // str, inlineStr, b, e: as written
    }
    auto& cells = rows.back().cells;
    if (cells.size() <= static_cast<std::size_t>(column)) cells.resize(column + 1);
    cells[static_cast<std::size_t>(column)] = std::move(text);
  }
  void text(std::string_view data) override {
    if (in_value) value += data;
  }
};

bool blank(const TableRow& row) {
  for (const auto& c : row.cells)
    if (c.find_first_not_of(" \t\r\n") != std::string::npos) return false;
  return true;
}

std::vector<TableRow> without_blank_rows(std::vector<TableRow> rows) {
  std::vector<TableRow> kept;
  for (auto& r : rows)
    if (!blank(r)) kept.push_back(std::move(r));
  return kept;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + static_cast<std::size_t>(extra) >= s.size()) return false;
    for (int k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = cp << 6 | (cc & 0x3F);
    }
    // No overlong forms, surrogates or code points past U+10FFFF.
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return false;
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

Result<std::string> decode_text(std::string_view bytes, std::string& encoding) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    encoding = "utf8";
    bytes.remove_prefix(3);
    if (!is_valid_utf8(bytes)) return unreadable("invalid UTF-8 after BOM");
    return std::string(bytes);
  }
  if (is_valid_utf8(bytes)) {
    encoding = "utf8";
    return std::string(bytes);
  }
  // Not UTF-8: Excel's "CSV" on Chinese Windows is GBK; GB18030 decodes every GBK byte sequence
  // the same and four-byte sequences besides.
  encoding = "gbk";
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return unreadable("iconv GB18030 unavailable");
  std::string in(bytes);
  std::string out(in.size() * 2 + 16, '\0');
  char* in_ptr = in.data();
  std::size_t in_left = in.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  const std::size_t converted = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  iconv_close(cd);
  if (converted == static_cast<std::size_t>(-1) || in_left != 0)
    return unreadable("neither UTF-8 nor GBK");
  out.resize(out.size() - out_left);
  return out;
}

Result<Table> read_csv(std::string_view bytes) {
  Table table;
  std::string encoding;
  auto text = decode_text(bytes, encoding);
  if (!text) return text.error();
  table.format = "csv-" + encoding;
  // RFC 4180: commas, double quotes around fields that hold commas, quotes or line breaks,
  // "" for a quote inside; CRLF or LF between records.
  TableRow row{1, {}};
  std::string cell;
  bool quoted = false;
  bool field_started = false;
  int record = 1;
  const std::string& s = *text;
  auto end_record = [&] {
    row.cells.push_back(std::move(cell));
    cell.clear();
    field_started = false;
    table.rows.push_back(std::move(row));
    row = TableRow{++record, {}};
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cell += c;
      }
    } else if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      row.cells.push_back(std::move(cell));
      cell.clear();
      field_started = false;
      if (row.cells.size() > static_cast<std::size_t>(kMaxColumns)) return unreadable("too wide");
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      end_record();
      if (record > kMaxRows) return unreadable("too many rows");
    } else {
      cell += c;
      field_started = true;
    }
  }
  if (quoted) return unreadable("unterminated quote");
  if (field_started || !cell.empty() || !row.cells.empty()) end_record();
  table.rows = without_blank_rows(std::move(table.rows));
  return table;
}

Result<Table> read_xlsx(std::string_view bytes) {
  auto entries = zip_directory(bytes);
  if (!entries) return entries.error();
  std::string sheet_part = "xl/worksheets/sheet1.xml";
  auto workbook = zip_part(bytes, *entries, "xl/workbook.xml");
  if (!workbook) return workbook.error();
  if (!*workbook) return unreadable("no workbook");
  WorkbookHandler wb;
  if (auto parsed = parse_xml(**workbook, wb); !parsed) return parsed.error();
  auto rels = zip_part(bytes, *entries, "xl/_rels/workbook.xml.rels");
  if (!rels) return rels.error();
  if (*rels && !wb.first_sheet_rid.empty()) {
    RelsHandler rh;
    if (auto parsed = parse_xml(**rels, rh); !parsed) return parsed.error();
    if (auto t = rh.targets.find(wb.first_sheet_rid); t != rh.targets.end()) {
      // Targets are relative to xl/ unless absolute ("/xl/worksheets/sheet1.xml").
      sheet_part = t->second.front() == '/' ? t->second.substr(1) : "xl/" + t->second;
    }
  }
  std::vector<std::string> shared;
  auto strings = zip_part(bytes, *entries, "xl/sharedStrings.xml");
  if (!strings) return strings.error();
  if (*strings) {
    SharedStringsHandler sh;
    if (auto parsed = parse_xml(**strings, sh); !parsed) return parsed.error();
    shared = std::move(sh.strings);
  }
  auto sheet = zip_part(bytes, *entries, sheet_part);
  if (!sheet) return sheet.error();
  if (!*sheet) return unreadable("no worksheet");
  SheetHandler handler(shared);
  if (auto parsed = parse_xml(**sheet, handler); !parsed) return parsed.error();
  if (handler.too_big) return unreadable("too many rows");
  Table table;
  table.format = "xlsx";
  table.rows = without_blank_rows(std::move(handler.rows));
  return table;
}

Result<Table> read_table(std::string_view bytes) {
  if (bytes.empty()) return unreadable("empty file");
  if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return read_xlsx(bytes);
  return read_csv(bytes);
}

}  // namespace xueji::server
