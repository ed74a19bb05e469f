// R20 统一招生 against the real server: the .xlsx template read by another tool (exceljs), an
// import of an .xlsx written by exceljs and of a GBK CSV made with iconv, both with bad rows; the
// report row by row; nothing written before the county confirms; confirm writing every row in one
// transaction, a failed confirm writing nothing; the school's list by pull and its bulk admission.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "api.hpp"
#include "json.hpp"
#include "temp_dir.hpp"
#include "xueji/id_number.hpp"
#include "xueji/local_registry.hpp"
#include "xueji/uuid.hpp"

using namespace xueji;
using namespace xueji::it;

namespace {

// The autumn intake the server picks by default (this calendar year's, in China's time zone).
int coming_intake() {
  std::time_t now = std::time(nullptr) + 8 * 3600;
  return civil_from_days(static_cast<long>(now / 86400)).year;
}

// A child who is 6 by 31 August of the intake year (第四条), born in a real Henan county.
std::string six_year_old(int year, int n) {
  return make_id_number("411625", Date{year - 6, 1 + n % 8, 1 + n % 28}, 200 + n);
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void write_file(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary) << bytes;
}

// Runs a command line; REQUIREs exit status 0.
void run(const std::string& command) {
  INFO(command);
  REQUIRE(std::system(command.c_str()) == 0);
}

std::string tool() {
  return std::string("node '") + XUEJI_INTEGRATION_DIR + "/xlsx_tool.cjs'";
}

// An .xlsx written by exceljs from rows of cells (strings; {"number": …} for a numeric cell).
std::string exceljs_workbook(const TempDir& dir, const std::string& rows_json) {
  write_file(dir.path() / "rows.json", rows_json);
  run(tool() + " write '" + (dir.path() / "results.xlsx").string() + "' '" +
      (dir.path() / "rows.json").string() + "'");
  return read_file(dir.path() / "results.xlsx");
}

rapidjson::Document exceljs_read(const TempDir& dir, const std::string& xlsx) {
  write_file(dir.path() / "read.xlsx", xlsx);
  const std::string command = tool() + " read '" + (dir.path() / "read.xlsx").string() + "'";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  std::string out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  REQUIRE(pclose(pipe) == 0);
  return parse_json(out);
}

httplib::Result upload(httplib::Client& client, const std::string& token, int year,
                       const std::string& bytes, const std::string& type) {
  return post_with_token(
      client, "/api/enrollment/imports?school_year=" + std::to_string(year) + "&file_name=results",
      token, bytes, type);
}

rapidjson::Document report_of(const httplib::Result& res) {
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
  return parse_json(res->body);
}

// "category" and the issue codes of a report row, by row number.
std::map<int, std::string> rows_by_number(const rapidjson::Document& report) {
  std::map<int, std::string> rows;
  for (const auto& r : report["rows"].GetArray()) {
    std::string text = r["category"].GetString();
    for (const auto& issue : r["issues"].GetArray()) {
      text += std::string(" ") + issue["code"].GetString();
      CHECK(issue["row"].GetInt() == r["row"].GetInt());
      CHECK(std::string(issue["message_zh"].GetString()).size() > 0);
      CHECK(std::string(issue["column"].GetString()).size() > 0);
    }
    rows[r["row"].GetInt()] = text;
  }
  return rows;
}

int admissions_count(httplib::Client& client, const std::string& token, int year) {
  auto res = get_with_token(
      client, "/api/enrollment/admissions?school_year=" + std::to_string(year), token);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return static_cast<int>(parse_json(res->body)["admissions"].Size());
}

void set_quotas(httplib::Client& client, const std::string& token, int year,
                const std::string& primary_a, const std::string& primary_b, int quota) {
  const std::string body = "{\"school_year\":" + std::to_string(year) + ",\"quotas\":[" +
                           "{\"school_code\":\"" + primary_a +
                           "\",\"stage\":\"小学\",\"quota\":" + std::to_string(quota) +
                           "},{\"school_code\":\"" + primary_b +
                           "\",\"stage\":\"primary\",\"quota\":" + std::to_string(quota) + "}]}";
  auto res = put_with_token(client, "/api/enrollment/quotas", token, body);
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
}

}  // namespace

TEST_CASE("the enrollment template is a real .xlsx with Chinese headers and the county's schools",
          "[enrollment][xlsx]") {
  Deployment deployment;
  auto client = deployment.client();
  Session county = login(client, deployment.county(), "device-county");
  const int year = coming_intake();
  set_quotas(client, county.token, year, deployment.registrar(0).unit_code,
             deployment.registrar(1).unit_code, 40);
  auto res = get_with_token(client, "/api/enrollment/template?school_year=" + std::to_string(year),
                            county.token);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Content-Type") ==
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  CHECK(res->get_header_value("Content-Disposition").find(".xlsx") != std::string::npos);
  TempDir dir;
  auto book = exceljs_read(dir, res->body);
  REQUIRE(book["sheets"].Size() == 2);
  const auto& header = book["sheets"][0]["rows"][0];
  CHECK(std::string(header[0].GetString()) == "姓名");
  CHECK(std::string(header[1].GetString()) == "身份证号");
  CHECK(std::string(header[2].GetString()) == "录取学校代码");
  CHECK(std::string(header[4].GetString()) == "学段");
  const auto& schools = book["sheets"][1]["rows"];
  std::set<std::string> listed;
  for (rapidjson::SizeType i = 1; i < schools.Size(); ++i) {
    listed.insert(schools[i][0].GetString());
    if (deployment.registrar(0).unit_code == schools[i][0].GetString())
      CHECK(std::string(schools[i][4].GetString()) == "40");  // its primary quota
  }
  std::set<std::string> expected;
  for (const auto& a : deployment.accounts())
    if (a.role == "school_registrar") expected.insert(a.unit_code);
  CHECK(listed == expected);
}

TEST_CASE("an .xlsx written by exceljs is checked row by row and written only on confirm",
          "[enrollment][xlsx]") {
  Deployment deployment;
  auto client = deployment.client();
  Session county = login(client, deployment.county(), "device-county");
  Session school = login(client, deployment.registrar(0), "device-a");
  const std::string a = deployment.registrar(0).unit_code;
  const std::string b = deployment.registrar(1).unit_code;
  const int year = coming_intake();
  set_quotas(client, county.token, year, a, b, 3);

  std::string bad_check = six_year_old(year, 3);
  bad_check.back() = bad_check.back() == '1' ? '2' : '1';
  const std::string twice = six_year_old(year, 4);
  // Row 2 has the school code as a numeric cell, as Excel stores a typed-in number.
  const std::string rows =
      "[[\"姓名\",\"身份证号\",\"录取学校代码\",\"录取学校名称\",\"学段\"],"
      "[\"周一\",\"" +
      six_year_old(year, 1) + "\",{\"number\":\"" + a +
      "\"},\"\",\"小学\"],"
      "[\"周二\",\"" +
      six_year_old(year, 2) + "\",\"" + a +
      "\",\"\",\"小学\"],"
      "[\"郑校验\",\"" +
      bad_check + "\",\"" + a +
      "\",\"\",\"小学\"],"
      "[\"陈重复\",\"" +
      twice + "\",\"" + b +
      "\",\"\",\"小学\"],"
      "[\"陈重复\",\"" +
      twice + "\",\"" + b +
      "\",\"\",\"小学\"],"
      "[\"\",\"" +
      six_year_old(year, 5) + "\",\"" + b +
      "\",\"\",\"高中\"],"
      "[\"周三\",\"" +
      six_year_old(year, 6) + "\",\"" + a +
      "\",\"\",\"小学\"],"
      "[\"周四\",\"" +
      six_year_old(year, 7) + "\",\"" + a +
      "\",\"\",\"小学\"],"
      "[\"<script>'; DROP TABLE students;--\",\"" +
      six_year_old(year, 8) + "\",\"" + b + "\",\"\",\"小学\"]]";
  TempDir dir;
  const std::string xlsx = exceljs_workbook(dir, rows);
  auto report =
      report_of(upload(client, county.token, year, xlsx,
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
  const std::string import_id = report["import_id"].GetString();
  CHECK(std::string(report["state"].GetString()) == "pending");
  auto by_row = rows_by_number(report);
  CHECK(by_row[2] == "not_found");
  CHECK(by_row[3] == "not_found");
  CHECK(by_row[4] == "error ID_CHECKSUM");
  CHECK(by_row[5] == "not_found");
  CHECK(by_row[6] == "error DUPLICATE_IN_FILE");
  CHECK(by_row[7] == "error NAME_REQUIRED STAGE_INVALID");
  CHECK(by_row[8] == "not_found");
  CHECK(by_row[9] == "error QUOTA_EXCEEDED");  // the fourth admission to a school of quota 3
  CHECK(by_row[10] == "not_found");            // text is data: stored and returned verbatim
  CHECK(report["summary"]["errors"].GetInt() == 4);
  CHECK(report["summary"]["not_found"].GetInt() == 5);
  CHECK(std::string(report["rows"][8]["name"].GetString()) == "<script>'; DROP TABLE students;--");

  // Nothing is admitted yet, and a file with errors cannot be confirmed.
  CHECK(admissions_count(client, county.token, year) == 0);
  auto refused = post_with_token(client, "/api/enrollment/imports/" + import_id + "/confirm",
                                 county.token, "");
  REQUIRE(refused);
  CHECK(refused->status == 409);
  CHECK(parse_error(refused).code == "IMPORT_HAS_ERRORS");
  CHECK(admissions_count(client, county.token, year) == 0);
  // Someone else's import: neither a school nor the city may read or confirm it.
  auto by_school = get_with_token(client, "/api/enrollment/imports/" + import_id, school.token);
  REQUIRE(by_school);
  CHECK(by_school->status == 403);
  auto again = get_with_token(client, "/api/enrollment/imports/" + import_id, county.token);
  REQUIRE(again);
  CHECK(again->status == 200);
}

TEST_CASE("a GBK CSV made with iconv imports, confirms in one transaction and reaches the school",
          "[enrollment][csv][pull]") {
  Deployment deployment;
  auto client = deployment.client();
  Session county = login(client, deployment.county(), "device-county");
  Session school = login(client, deployment.registrar(0), "device-a");
  Session other = login(client, deployment.registrar(1), "device-b");
  const std::string a = deployment.registrar(0).unit_code;
  const std::string b = deployment.registrar(1).unit_code;
  const int year = coming_intake();
  set_quotas(client, county.token, year, a, b, 10);

  TempDir dir;
  // Excel on Chinese Windows saves CSV as GBK, with CRLF and quoted fields.
  std::string csv = "姓名,身份证号,录取学校代码,学段\r\n";
  std::vector<std::string> ids;
  const char* names[] = {"欧阳娜娜", "司马懿", "王小丫", "李四"};
  for (int i = 0; i < 4; ++i) {
    ids.push_back(six_year_old(year, 20 + i));
    csv += std::string("\"") + names[i] + "\"," + ids.back() + "," + (i < 3 ? a : b) + ",小学\r\n";
  }
  write_file(dir.path() / "utf8.csv", csv);
  run("iconv -f UTF-8 -t GBK '" + (dir.path() / "utf8.csv").string() + "' > '" +
      (dir.path() / "gbk.csv").string() + "'");
  const std::string gbk = read_file(dir.path() / "gbk.csv");
  REQUIRE(gbk != csv);  // really re-encoded

  auto report = report_of(upload(client, county.token, year, gbk, "text/csv"));
  CHECK(report["summary"]["errors"].GetInt() == 0);
  CHECK(report["summary"]["not_found"].GetInt() == 4);
  CHECK(std::string(report["rows"][0]["name"].GetString()) == "欧阳娜娜");  // decoded from GBK
  const std::string import_id = report["import_id"].GetString();

  // A second file admits the first child to the other school as well (double admission).
  std::string clash =
      "\xEF\xBB\xBF姓名,身份证号,录取学校代码,学段\n欧阳娜娜," + ids[0] + "," + b + ",小学\n";
  auto second = report_of(upload(client, county.token, year, clash, "text/csv"));
  CHECK(second["summary"]["not_found"].GetInt() == 1);  // no conflict while both are pending
  const std::string second_id = second["import_id"].GetString();

  TempDir devices;
  auto opened = LocalRegistry::open((devices.path() / "a.db").string());
  REQUIRE(opened.ok());
  LocalRegistry device = std::move(*opened);
  Session kept = school;
  REQUIRE(device.save_session(kept).ok());
  auto pull_page = [&]() {
    auto res = get_with_token(
        client,
        "/api/sync/pull?cursor=" + std::to_string(device.pull_cursor()) + "&max_bytes=1048576",
        school.token);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    REQUIRE(device.apply_pull_page(res->body).ok());
    return res->body;
  };
  while (parse_pull_page(pull_page())->has_more) {
  }

  // Confirm: all four rows, in one transaction.
  auto confirmed = report_of(post_with_token(
      client, "/api/enrollment/imports/" + import_id + "/confirm", county.token, ""));
  CHECK(std::string(confirmed["state"].GetString()) == "confirmed");
  CHECK(admissions_count(client, county.token, year) == 4);
  CHECK(admissions_count(client, school.token, year) == 3);
  CHECK(admissions_count(client, other.token, year) == 1);
  auto twice = post_with_token(client, "/api/enrollment/imports/" + import_id + "/confirm",
                               county.token, "");
  REQUIRE(twice);
  CHECK(parse_error(twice).code == "IMPORT_NOT_PENDING");

  // The second file's confirm now fails on its only row, and writes nothing.
  auto failed = post_with_token(client, "/api/enrollment/imports/" + second_id + "/confirm",
                                county.token, "");
  REQUIRE(failed);
  CHECK(failed->status == 409);
  CHECK(parse_error(failed).code == "IMPORT_HAS_ERRORS");
  CHECK(admissions_count(client, county.token, year) == 4);
  auto recheck =
      report_of(get_with_token(client, "/api/enrollment/imports/" + second_id, county.token));
  CHECK(rows_by_number(recheck)[2] == "error DOUBLE_ADMISSION");

  // The school hears of its admitted list on its next pull — its own three, nobody else's.
  const std::string page = pull_page();
  auto parsed = parse_pull_page(page);
  REQUIRE(parsed.ok());
  std::set<std::string> pulled;
  for (const auto& change : parsed->changes)
    for (const auto& row : change.rows)
      if (row.table == "enrollment_admissions") {
        CHECK(row.values.at("school_code") == a);
        pulled.insert(row.values.at("id_number"));
      }
  CHECK(pulled == std::set<std::string>{ids[0], ids[1], ids[2]});

  // 统一招生录取: the school admits all three in bulk, pushed like any operation.
  auto listed = get_with_token(client, "/api/enrollment/admissions", school.token);
  REQUIRE(listed);
  auto admissions = parse_json(listed->body);
  AdmitEnrolledStudents admit;
  for (const auto& adm : admissions["admissions"].GetArray())
    admit.students.push_back({adm["admission_id"].GetString(), new_uuid(), "一(3)班"});
  REQUIRE(admit.students.size() == 3);
  auto verdict = push_command(client, school, admit);
  INFO(verdict.code);
  REQUIRE(verdict.outcome == Outcome::Applied);
  auto students = listed_id_numbers(client, school.token);
  for (int i = 0; i < 3; ++i)
    CHECK(std::find(students.begin(), students.end(), ids[i]) != students.end());
  auto after = parse_json(get_with_token(client, "/api/enrollment/admissions", school.token)->body);
  for (const auto& adm : after["admissions"].GetArray())
    CHECK(std::string(adm["state"].GetString()) == "registered");
  // Admitting again is refused: the registry exists (一人一籍).
  auto repeat = push_command(client, school, admit);
  CHECK(repeat.outcome == Outcome::Rejected);
  CHECK(repeat.code == "ADMISSION_NOT_OPEN");
}

TEST_CASE("an unreadable file or a file without the template's columns is refused whole",
          "[enrollment]") {
  Deployment deployment;
  auto client = deployment.client();
  Session county = login(client, deployment.county(), "device-county");
  const int year = coming_intake();
  auto broken = upload(client, county.token, year, std::string("PK\x03\x04garbage", 11),
                       "application/octet-stream");
  REQUIRE(broken);
  CHECK(broken->status == 422);
  CHECK(parse_error(broken).code == "FILE_UNREADABLE");
  auto columns = upload(client, county.token, year, "姓名,学校\n张三,1\n", "text/csv");
  REQUIRE(columns);
  CHECK(columns->status == 422);
  auto error = parse_error(columns);
  CHECK(error.code == "COLUMN_MISSING");
  CHECK(error.field == "身份证号");
  auto binary =
      upload(client, county.token, year, std::string("\xff\xfe\x00\x01\x80", 5), "text/csv");
  REQUIRE(binary);
  CHECK(binary->status == 422);
  auto year_bad = post_with_token(client, "/api/enrollment/imports?school_year=abc", county.token,
                                  "x", "text/csv");
  REQUIRE(year_bad);
  CHECK(year_bad->status == 422);
  CHECK(parse_error(year_bad).code == "SCHOOL_YEAR_INVALID");
}
