// 统一招生 (R20): quotas, the .xlsx template, result imports (.xlsx, CSV in UTF-8 or GBK) that
// write nothing until the county confirms, and the admitted lists. The file formats are read
// here (src/tabular_file.cpp); every rule about the rows is the core's (xueji/enrollment.hpp).
#include <algorithm>

#include "../src/clock.hpp"
#include "../src/log.hpp"
#include "../src/tabular_file.hpp"
#include "../src/xlsx_writer.hpp"
#include "endpoints.hpp"
#include "json_writer.hpp"
#include "responses.hpp"
#include "review_support.hpp"
#include "xueji/enrollment.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/unit_scope.hpp"
#include "xueji/uuid.hpp"

namespace xueji::server::http {
namespace {

constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The intake year: ?school_year=2026, or the coming autumn's (from July on, this year's).
std::optional<int> school_year_param(const httplib::Request& req) {
  const Date today = china_today();
  auto year = int_param(req, "school_year", intake_year(today) + (today.month >= 7 ? 0 : 1));
  if (!year || *year < 2000 || *year > 2100) return std::nullopt;
  return static_cast<int>(*year);
}

std::string report_json(const EnrollmentReport& report) {
  JsonWriter w;
  w.begin_object()
      .field("import_id", report.import_id)
      .field("school_year", report.school_year)
      .field("state", report.state)
      .key("summary")
      .begin_object()
      .field("rows", static_cast<int>(report.rows.size()))
      .field("matched", report.matched)
      .field("to_confirm", report.to_confirm)
      .field("not_found", report.not_found)
      .field("errors", report.errors)
      .end_object()
      .begin_array("rows");
  for (const auto& row : report.rows) {
    w.begin_object()
        .field("row", row.row)
        .field("category", row.category)
        .field("name", row.name)
        .field("id_number", row.id_number)
        .field("school_code", row.school_code)
        .field("stage", row.stage)
        .field("existing_student_id", row.existing_student_id)
        .field("existing_registry_number", row.existing_registry_number)
        .begin_array("issues");
    for (const auto& issue : row.issues)
      w.begin_object()
          .field("row", issue.row)
          .field("column", issue.column)
          .field("code", code_name(issue.code))
          .field("severity", issue.warning ? "warning" : "error")
          .field("message_zh", message(issue.code, Lang::Zh))
          .field("message_en", message(issue.code, Lang::En))
          .end_object();
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.str();
}

// Maps the header row to the template's columns (a few usual synonyms accepted); COLUMN_MISSING
// names the first missing one.
Result<std::vector<EnrollmentRow>> rows_of(const Table& table) {
  if (table.rows.empty()) return make_error(ErrorCode::ColumnMissing, kColumnName);
  const TableRow& header = table.rows.front();
  auto find = [&](std::initializer_list<const char*> names) -> int {
    for (std::size_t c = 0; c < header.cells.size(); ++c) {
      std::string h = header.cells[c];
      h.erase(std::remove_if(h.begin(), h.end(), [](char ch) { return ch == ' '; }), h.end());
      if (h.size() >= 3 && h.compare(0, 3, "\xEF\xBB\xBF") == 0) h.erase(0, 3);
      for (const char* n : names)
        if (h == n) return static_cast<int>(c);
    }
    return -1;
  };
  const int name = find({kColumnName, "学生姓名"});
  const int id = find({kColumnIdNumber, "身份证件号", "身份证号码", "证件号码"});
  const int school = find({kColumnSchoolCode, "学校代码", "学校标识码"});
  const int stage = find({kColumnStage, "录取学段"});
  for (auto [column, title] :
       {std::pair{name, kColumnName}, std::pair{id, kColumnIdNumber},
        std::pair{school, kColumnSchoolCode}, std::pair{stage, kColumnStage}})
    if (column < 0) return make_error(ErrorCode::ColumnMissing, title);
  auto cell = [](const TableRow& row, int column) {
    return static_cast<std::size_t>(column) < row.cells.size() ? row.cells[column] : std::string();
  };
  std::vector<EnrollmentRow> rows;
  for (std::size_t i = 1; i < table.rows.size(); ++i) {
    const TableRow& r = table.rows[i];
    rows.push_back(
        EnrollmentRow{r.number, cell(r, name), cell(r, id), cell(r, school), cell(r, stage)});
  }
  return rows;
}

}  // namespace

// GET /api/enrollment/quotas?school_year=2026
void handle_get_quotas(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  auto year = school_year_param(req);
  if (!year) return reply_error(res, make_error(ErrorCode::SchoolYearInvalid, "school_year"));
  auto quotas = ctx.db.with([&](Database& db) { return enrollment_quotas(db, *actor, *year); });
  if (!quotas) return reply_refusal(ctx, *actor, "enrollment_quotas", "", res, quotas.error());
  JsonWriter w;
  w.begin_object().field("school_year", *year).begin_array("quotas");
  for (const auto& q : *quotas)
    w.begin_object()
        .field("school_code", q.school_code)
        .field("stage", q.stage)
        .field("quota", q.quota)
        .field("admitted", q.admitted)
        .end_object();
  w.end_array().end_object();
  reply_json(res, 200, w.str());
}

// PUT /api/enrollment/quotas {"school_year":2026,"quotas":[{"school_code","stage","quota"}]}
void handle_put_quotas(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  auto body = json_object(req.body);
  if (!body) return reply_error(res, body.error());
  auto year = body->FindMember("school_year");
  auto list = body->FindMember("quotas");
  if (year == body->MemberEnd() || !year->value.IsInt() || list == body->MemberEnd() ||
      !list->value.IsArray())
    return reply_error(res, make_error(ErrorCode::MalformedRequest, "quotas"));
  std::vector<EnrollmentQuota> quotas;
  for (const auto& q : list->value.GetArray()) {
    if (!q.IsObject()) return reply_error(res, make_error(ErrorCode::MalformedRequest, "quotas"));
    auto school = string_member(q, "school_code");
    auto stage = string_member(q, "stage");
    auto quota = q.FindMember("quota");
    if (!school || !stage || quota == q.MemberEnd() || !quota->value.IsInt())
      return reply_error(res, make_error(ErrorCode::MalformedRequest, "quotas"));
    quotas.push_back(
        EnrollmentQuota{year->value.GetInt(), *school, *stage, quota->value.GetInt(), 0});
  }
  auto saved = ctx.db.in_transaction([&](Database& db) -> Result<std::vector<EnrollmentQuota>> {
    if (auto set = set_enrollment_quotas(db, *actor, china_today(), quotas); !set)
      return set.error();  // all or nothing
    return enrollment_quotas(db, *actor, year->value.GetInt());
  });
  if (!saved) return reply_refusal(ctx, *actor, "set_enrollment_quota", "", res, saved.error());
  JsonWriter w;
  w.begin_object().field("school_year", year->value.GetInt()).begin_array("quotas");
  for (const auto& q : *saved)
    w.begin_object()
        .field("school_code", q.school_code)
        .field("stage", q.stage)
        .field("quota", q.quota)
        .field("admitted", q.admitted)
        .end_object();
  w.end_array().end_object();
  reply_json(res, 200, w.str());
}

// GET /api/enrollment/template?school_year=2026 → .xlsx: sheet 1 the result columns with
// Chinese headers, sheet 2 the county's schools with their stages and quotas.
void handle_enrollment_template(ApiContext& ctx, const httplib::Request& req,
                                httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  auto year = school_year_param(req);
  if (!year) return reply_error(res, make_error(ErrorCode::SchoolYearInvalid, "school_year"));
  if (actor->role != Role::County)
    return reply_refusal(ctx, *actor, "enrollment_template", actor->unit_code, res,
                         make_error(ErrorCode::OutOfScope, "role"));
  struct Listed {
    std::vector<School> schools;
    std::vector<EnrollmentQuota> quotas;
    std::string county;
  };
  auto listed = ctx.db.with([&](Database& db) -> Result<Listed> {
    auto unit = own_unit(db, *actor);
    if (!unit) return unit.error();
    auto schools = schools_of_unit(db, *actor, *unit);
    if (!schools) return schools.error();
    auto quotas = enrollment_quotas(db, *actor, *year);
    if (!quotas) return quotas.error();
    return Listed{std::move(*schools), std::move(*quotas), unit->name};
  });
  if (!listed)
    return reply_refusal(ctx, *actor, "enrollment_template", actor->unit_code, res, listed.error());
  XlsxSheet results{
      "录取结果", {{kColumnName, kColumnIdNumber, kColumnSchoolCode, "录取学校名称", kColumnStage}},
      0,          {14, 24, 16, 30, 10},
      4,          {"小学", "初中"}};
  XlsxSheet schools{
      "学校列表",
      {{"学校代码", "学校名称", "办学类型", "区划代码", "小学招生计划", "初中招生计划"}},
      0,
      {16, 30, 12, 12, 14, 14},
      -1,
      {}};
  auto quota_of = [&](const std::string& code, const char* stage) {
    for (const auto& q : listed->quotas)
      if (q.school_code == code && q.stage == stage) return std::to_string(q.quota);
    return std::string();
  };
  for (const auto& s : listed->schools)
    schools.rows.push_back({s.code, s.name, s.kind, s.division_code, quota_of(s.code, "primary"),
                            quota_of(s.code, "junior")});
  auto bytes =
      write_xlsx({results, schools},
                 XlsxProperties{listed->county + std::to_string(*year) + "年统一招生录取结果",
                                "统一招生录取结果模板", actor->account, listed->county,
                                "模板 " + iso_utc(unix_now())});
  if (!bytes) return reply_error(res, bytes.error());
  (void)ctx.db.with([&](Database& db) {
    return append_audit(db, actor->account, actor->device_id, "enrollment_template",
                        actor->unit_code, std::to_string(listed->schools.size()) + " schools");
  });
  res.status = 200;
  res.set_header("Cache-Control", "no-store");
  res.set_header("Content-Disposition",
                 "attachment; filename=\"enrollment-template-" + std::to_string(*year) + ".xlsx\"");
  res.set_content(*bytes, kXlsxType);
}

// POST /api/enrollment/imports?school_year=2026&file_name=… with the file as the body
// (.xlsx or CSV) → the row-by-row report and an import id; nothing is admitted yet.
void handle_post_import(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  auto year = school_year_param(req);
  if (!year) return reply_error(res, make_error(ErrorCode::SchoolYearInvalid, "school_year"));
  if (actor->role != Role::County)
    return reply_refusal(ctx, *actor, "stage_enrollment_import", actor->unit_code, res,
                         make_error(ErrorCode::OutOfScope, "role"));
  auto table = read_table(req.body);
  if (!table) return reply_error(res, table.error());
  auto rows = rows_of(*table);
  if (!rows) return reply_error(res, rows.error());
  std::string file_name = text_param(req, "file_name");
  if (file_name.size() > 200 || !is_valid_utf8(file_name)) file_name.clear();
  const std::string import_id = new_uuid();
  auto report = ctx.db.in_transaction([&](Database& db) -> Result<EnrollmentReport> {
    return stage_enrollment_import(db, *actor, import_id, *year, file_name, table->format, *rows,
                                   china_today());
  });
  log_info("enrollment_import",
           {{"account", actor->account},
            {"format", table->format},
            {"rows", std::to_string(rows->size())},
            {"result", report ? "staged" : std::string(code_name(report.error().code))}});
  if (!report)
    return reply_refusal(ctx, *actor, "stage_enrollment_import", import_id, res, report.error());
  reply_json(res, 200, report_json(*report));
}

// GET /api/enrollment/imports/{id}: the report again, checked against the registry as it is now.
void handle_get_import(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  const std::string import_id = req.matches[1];
  auto report = ctx.db.with(
      [&](Database& db) { return enrollment_import_report(db, *actor, import_id, china_today()); });
  if (!report)
    return reply_refusal(ctx, *actor, "enrollment_import", import_id, res, report.error());
  reply_json(res, 200, report_json(*report));
}

// POST /api/enrollment/imports/{id}/confirm: every row admitted in one transaction, or none.
void handle_confirm_import(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  const std::string import_id = req.matches[1];
  auto report = ctx.db.in_transaction([&](Database& db) -> Result<EnrollmentReport> {
    return confirm_enrollment_import(db, *actor, import_id, china_today());
  });
  log_info("enrollment_confirm",
           {{"account", actor->account},
            {"import", import_id},
            {"result", report ? "confirmed" : std::string(code_name(report.error().code))}});
  if (!report)
    return reply_refusal(ctx, *actor, "confirm_enrollment_import", import_id, res, report.error());
  reply_json(res, 200, report_json(*report));
}

// GET /api/enrollment/admissions?school_year=2026 (0: every year)
void handle_admissions(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  auto year = int_param(req, "school_year", 0);
  if (!year || *year > 2100)
    return reply_error(res, make_error(ErrorCode::SchoolYearInvalid, "school_year"));
  auto admissions = ctx.db.with([&](Database& db) -> Result<std::vector<Admission>> {
    auto found = admissions_in_scope(db, *actor, static_cast<int>(*year));
    if (!found) return found;
    if (auto audited = append_audit(db, actor->account, actor->device_id, "list_admissions",
                                    actor->unit_code, std::to_string(found->size()) + " records");
        !audited)
      return audited.error();
    return found;
  });
  if (!admissions)
    return reply_refusal(ctx, *actor, "list_admissions", actor->unit_code, res, admissions.error());
  JsonWriter w;
  w.begin_object().begin_array("admissions");
  for (const auto& a : *admissions)
    w.begin_object()
        .field("admission_id", a.admission_id)
        .field("school_year", a.school_year)
        .field("stage", a.stage)
        .field("school_code", a.school_code)
        .field("name", a.name)
        .field("id_number", a.id_number)
        .field("match", a.match)
        .field("existing_student_id", a.existing_student_id)
        .field("state", a.state)
        .field("student_id", a.student_id)
        .field("import_id", a.import_id)
        .field("admitted_on", a.admitted_on)
        .field("registered_on", a.registered_on)
        .end_object();
  w.end_array().end_object();
  reply_json(res, 200, w.str());
}

}  // namespace xueji::server::http
