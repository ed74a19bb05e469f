// The server's table readers (src/tabular_file.cpp), without a server: CSV as Excel writes it,
// encodings told apart, and damaged files refused rather than half read.
#include <catch2/catch.hpp>

#include <iconv.h>

#include "../../sync-server/src/tabular_file.hpp"

using namespace xueji;
using namespace xueji::server;

namespace {

std::string to_gb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string in = utf8, out(utf8.size() * 2 + 8, '\0');
  char* ip = in.data();
  char* op = out.data();
  std::size_t il = in.size(), ol = out.size();
  REQUIRE(iconv(cd, &ip, &il, &op, &ol) != static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - ol);
  return out;
}

}  // namespace

TEST_CASE("CSV: quoted fields, doubled quotes, line breaks inside quotes, CRLF, blank lines",
          "[tabular]") {
  auto table =
      read_csv("姓名,备注\r\n\"张三\",\"a,b\"\r\n\r\n李四,\"说\"\"好\"\"\n第二行\"\r\n,\r\n");
  REQUIRE(table.ok());
  CHECK(table->format == "csv-utf8");
  REQUIRE(table->rows.size() == 3);
  CHECK(table->rows[1].number == 2);
  CHECK(table->rows[1].cells == std::vector<std::string>{"张三", "a,b"});
  CHECK(table->rows[2].number == 4);  // the blank record 3 is skipped, numbers stay the file's
  CHECK(table->rows[2].cells[1] == "说\"好\"\n第二行");
  CHECK(read_csv("a,\"b\n").error().code == ErrorCode::FileUnreadable);
}

TEST_CASE("CSV encodings: UTF-8 with or without BOM, else GBK/GB18030 — rare characters too",
          "[tabular]") {
  std::string encoding;
  CHECK(decode_text("\xEF\xBB\xBF张三", encoding).value() == "张三");
  CHECK(encoding == "utf8");
  // 𠈌 (U+2020C, CJK Extension B) has no GBK code; GB18030 gives it four bytes.
  const std::string gb = to_gb18030("王𠈌,䶮");
  CHECK_FALSE(is_valid_utf8(gb));
  CHECK(decode_text(gb, encoding).value() == "王𠈌,䶮");
  CHECK(encoding == "gbk");
  CHECK(decode_text("\xEF\xBB\xBF\xC0\xAF", encoding).error().code == ErrorCode::FileUnreadable);
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  CHECK(is_valid_utf8("𠈌"));
}

TEST_CASE("xlsx: a damaged or foreign zip is refused whole", "[tabular]") {
  CHECK(read_table(std::string("PK\x03\x04", 4)).error().code == ErrorCode::FileUnreadable);
  CHECK(read_table("").error().code == ErrorCode::FileUnreadable);
}
