// Exports of personal data (R18, 第二十四条): request → approval by the level above →
// download by the requester. The file says who requested, who approved and when: the first row
// of the sheet / CSV, and the .xlsx document properties. Every step is audited by the core.
#include "../src/clock.hpp"
#include "../src/log.hpp"
#include "../src/xlsx_writer.hpp"
#include "endpoints.hpp"
#include "json_writer.hpp"
#include "responses.hpp"
#include "review_support.hpp"
#include "xueji/exports.hpp"
#include "xueji/uuid.hpp"

namespace xueji::server::http {
namespace {

void write_request(JsonWriter& w, const ExportRequest& r) {
  w.begin_object()
      .field("export_id", r.export_id)
      .field("requested_by", r.requested_by)
      .field("requester_role", r.requester_role)
      .field("requester_unit", r.requester_unit)
      .field("unit_code", r.unit_code)
      .field("format", r.format)
      .field("reason", r.reason)
      .field("state", r.state)
      .field("requested_at", r.requested_at)
      .field("decided_by", r.decided_by)
      .field("decided_at", r.decided_at)
      .field("comment", r.comment)
      .field("downloads", r.downloads)
      .end_object();
}

std::string request_json(const ExportRequest& r) {
  JsonWriter w;
  write_request(w, r);
  return w.str();
}

std::string csv_cell(const std::string& value) {
  // Quoted when needed (RFC 4180); a leading = + - @ is prefixed with ' so a spreadsheet never
  // runs it as a formula (CSV injection).
  std::string v = value;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string quoted = "\"";
  for (char c : v) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

// POST /api/exports {"unit_code", "format": "xlsx"|"csv", "reason"}
void handle_request_export(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  auto body = json_object(req.body);
  if (!body) return reply_error(res, body.error());
  auto unit = string_member(*body, "unit_code");
  auto format = string_member(*body, "format");
  auto reason = string_member(*body, "reason");
  if (!unit) return reply_error(res, unit.error());
  if (!format) return reply_error(res, format.error());
  if (!reason) return reply_error(res, reason.error());
  const std::string id = new_uuid();
  auto request = ctx.db.in_transaction([&](Database& db) -> Result<ExportRequest> {
    return request_export(db, *actor, id, *unit, *format, *reason);
  });
  if (!request)
    return reply_refusal(ctx, *actor, "request_export", unit->empty() ? actor->unit_code : *unit,
                         res, request.error());
  reply_json(res, 201, request_json(*request));
}

// GET /api/exports: the caller's own requests and those awaiting its approval.
void handle_list_exports(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  auto requests = ctx.db.with([&](Database& db) { return export_requests_for(db, *actor); });
  if (!requests) return reply_error(res, requests.error());
  JsonWriter w;
  w.begin_object().begin_array("exports");
  for (const auto& r : *requests) write_request(w, r);
  w.end_array().end_object();
  reply_json(res, 200, w.str());
}

// POST /api/exports/{id}/decide {"approve": true|false, "comment"}
void handle_decide_export(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  const std::string id = req.matches[1];
  auto body = json_object(req.body);
  if (!body) return reply_error(res, body.error());
  auto approve = bool_member(*body, "approve", false);
  auto comment = string_member(*body, "comment");
  if (!approve) return reply_error(res, approve.error());
  if (!comment) return reply_error(res, comment.error());
  auto decided = ctx.db.in_transaction([&](Database& db) -> Result<ExportRequest> {
    return decide_export(db, *actor, id, *approve, *comment);
  });
  if (!decided) return reply_refusal(ctx, *actor, "decide_export", id, res, decided.error());
  reply_json(res, 200, request_json(*decided));
}

// GET /api/exports/{id}/download → the .xlsx or CSV, for the requester once approved.
void handle_download_export(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  const std::string id = req.matches[1];
  const std::string now = iso_utc(unix_now());
  auto file = ctx.db.in_transaction(
      [&](Database& db) -> Result<ExportFile> { return export_data(db, *actor, id); });
  if (!file) return reply_refusal(ctx, *actor, "download_export", id, res, file.error());
  const ExportRequest& r = file->request;
  // R18: the file itself carries who exported it, who approved it and when.
  const std::vector<std::string> stamp = {"导出人", r.requested_by, "导出时间", now,
                                          "批准人", r.decided_by,   "批准时间", r.decided_at,
                                          "用途",   r.reason,       "申请编号", r.export_id};
  log_info("export_download", {{"account", actor->account},
                               {"export", id},
                               {"records", std::to_string(file->rows.size())}});
  res.status = 200;
  res.set_header("Cache-Control", "no-store");
  const std::string base = "xueji-export-" + r.unit_code + "-" + now.substr(0, 10);
  if (r.format == "csv") {
    std::string csv = "\xEF\xBB\xBF";  // a BOM: Excel then opens the UTF-8 file correctly
    auto line = [&](const std::vector<std::string>& cells) {
      for (std::size_t i = 0; i < cells.size(); ++i) csv += (i ? "," : "") + csv_cell(cells[i]);
      csv += "\r\n";
    };
    line(stamp);
    line(file->header);
    for (const auto& row : file->rows) line(row);
    res.set_header("Content-Disposition", "attachment; filename=\"" + base + ".csv\"");
    res.set_content(csv, "text/csv; charset=utf-8");
    return;
  }
  XlsxSheet sheet{
      "学籍信息", {stamp, file->header}, 1, {22, 10, 6, 12, 12, 22, 14, 28, 6, 10, 12, 10}, -1, {}};
  for (const auto& row : file->rows) sheet.rows.push_back(row);
  auto bytes =
      write_xlsx({sheet}, XlsxProperties{"学籍信息导出 " + r.unit_code, "申请编号 " + r.export_id,
                                         r.requested_by, r.unit_code,
                                         "导出人 " + r.requested_by + "；导出时间 " + now +
                                             "；批准人 " + r.decided_by + "；批准时间 " +
                                             r.decided_at + "；用途 " + r.reason});
  if (!bytes) return reply_error(res, bytes.error());
  res.set_header("Content-Disposition", "attachment; filename=\"" + base + ".xlsx\"");
  res.set_content(*bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

}  // namespace xueji::server::http
