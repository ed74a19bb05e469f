#include "xueji/exports.hpp"

#include "xueji/registry_store.hpp"
#include "xueji/text.hpp"
#include "xueji/unit_scope.hpp"

namespace xueji {
namespace {

constexpr const char* kColumns =
    "export_id, requested_by, requester_role, requester_unit, unit_code, format, reason, state, "
    "requested_at, decided_by, decided_at, comment, downloads";

ExportRequest read_request(const Statement& s) {
  return ExportRequest{s.text(0),
                       s.text(1),
                       s.text(2),
                       s.text(3),
                       s.text(4),
                       s.text(5),
                       s.text(6),
                       s.text(7),
                       s.text(8),
                       s.text(9),
                       s.text(10),
                       s.text(11),
                       static_cast<int>(s.integer(12))};
}

Result<std::optional<ExportRequest>> load(Database& db, const std::string& export_id) {
  auto stmt =
      db.prepare(std::string("SELECT ") + kColumns + " FROM export_requests WHERE export_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, export_id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<ExportRequest>();
  return std::optional<ExportRequest>(read_request(*stmt));
}

// Is `actor` the level directly above the requester of `request` (第二十四条: 学籍主管教育行政
// 部门), with the requester's unit in its scope?
Result<bool> approves(Database& db, const Actor& actor, const ExportRequest& request) {
  auto requester_role = role_from_name(request.requester_role);
  if (!requester_role) return false;
  if (actor.role == Role::Admin || actor.role != role_above(*requester_role)) return false;
  auto unit = unit_in_scope(db, actor, request.requester_unit);
  if (!unit) {
    if (unit.error().code == ErrorCode::OutOfScope || unit.error().code == ErrorCode::NotFound)
      return false;
    return unit.error();
  }
  return true;
}

Result<void> audit(Database& db, const Actor& actor, const char* action,
                   const ExportRequest& request, const std::string& result) {
  return append_audit(db, actor.account, actor.device_id, action,
                      request.export_id + " " + request.unit_code, result);
}

std::string status_label(const std::string& status) {
  if (status == "in_school") return "在读";
  if (status == "suspended") return "休学";
  if (status == "abroad") return "出国(境)";
  if (status == "dropout") return "辍学";
  if (status == "graduated") return "毕业";
  if (status == "transferred_out") return "转出";
  if (status == "deceased") return "死亡";
  if (status == "deleted") return "已删除";
  return status;
}

}  // namespace

Result<ExportRequest> request_export(Database& db, const Actor& actor, const std::string& export_id,
                                     const std::string& unit_code, const std::string& format,
                                     const std::string& reason) {
  if (role_above(actor.role) == Role::Admin) return make_error(ErrorCode::OutOfScope, "role");
  if (format != "xlsx" && format != "csv") return make_error(ErrorCode::InvalidInput, "format");
  // 第二十四条: the purpose is part of the written approval.
  if (!is_plain_text(reason, 200) || reason.find_first_not_of(' ') == std::string::npos)
    return make_error(ErrorCode::DetailRequired, "reason");
  auto unit = unit_in_scope(db, actor, unit_code.empty() ? actor.unit_code : unit_code);
  if (!unit) return unit.error();
  auto stmt = db.prepare(
      "INSERT INTO export_requests(export_id, requested_by, requester_role, requester_unit, "
      "unit_code, format, reason, state) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending')");
  if (!stmt) return stmt.error();
  stmt->bind(1, export_id)
      .bind(2, actor.account)
      .bind(3, role_name(actor.role))
      .bind(4, actor.unit_code)
      .bind(5, unit->code)
      .bind(6, format)
      .bind(7, reason);
  if (auto ran = stmt->run(); !ran) return ran.error();
  auto stored = load(db, export_id);
  if (!stored) return stored.error();
  if (auto audited = audit(db, actor, "request_export", **stored, "pending"); !audited)
    return audited.error();
  return **stored;
}

Result<std::vector<ExportRequest>> export_requests_for(Database& db, const Actor& actor) {
  auto stmt = db.prepare(std::string("SELECT ") + kColumns +
                         " FROM export_requests ORDER BY requested_at DESC, export_id");
  if (!stmt) return stmt.error();
  std::vector<ExportRequest> visible;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    ExportRequest request = read_request(*stmt);
    bool mine = request.requested_by == actor.account;
    if (!mine) {
      auto above = approves(db, actor, request);
      if (!above) return above.error();
      if (!*above) continue;
    }
    visible.push_back(std::move(request));
  }
  return visible;
}

Result<ExportRequest> decide_export(Database& db, const Actor& actor, const std::string& export_id,
                                    bool approve, const std::string& comment) {
  auto request = load(db, export_id);
  if (!request) return request.error();
  if (!*request) return make_error(ErrorCode::NotFound, "export_id");
  auto above = approves(db, actor, **request);
  if (!above) return above.error();
  if (!*above) return make_error(ErrorCode::OutOfScope, "export_id");
  if ((*request)->state != "pending") return make_error(ErrorCode::ExportNotPending, "export_id");
  if (!comment.empty() && !is_plain_text(comment, 200))
    return make_error(ErrorCode::InvalidInput, "comment");
  auto stmt = db.prepare(
      "UPDATE export_requests SET state = ?2, decided_by = ?3, "
      "decided_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), comment = ?4 WHERE export_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, export_id).bind(2, approve ? "approved" : "rejected").bind(3, actor.account);
  stmt->bind(4, comment);
  if (auto ran = stmt->run(); !ran) return ran.error();
  auto stored = load(db, export_id);
  if (!stored) return stored.error();
  if (auto audited = audit(db, actor, "decide_export", **stored, (*stored)->state); !audited)
    return audited.error();
  return **stored;
}

Result<ExportFile> export_data(Database& db, const Actor& actor, const std::string& export_id) {
  auto request = load(db, export_id);
  if (!request) return request.error();
  if (!*request) return make_error(ErrorCode::NotFound, "export_id");
  // Only the requester downloads, and still only within its scope today.
  if ((*request)->requested_by != actor.account)
    return make_error(ErrorCode::OutOfScope, "export_id");
  if ((*request)->state != "approved") return make_error(ErrorCode::ExportNotApproved, "export_id");
  auto unit = unit_in_scope(db, actor, (*request)->unit_code);
  if (!unit) return unit.error();
  auto schools = schools_of_unit(db, actor, *unit);
  if (!schools) return schools.error();

  ExportFile file;
  file.header = {"学籍号",   "姓名",     "性别", "出生日期", "证件类型", "证件号码",
                 "学校代码", "学校名称", "年级", "班级",     "入学日期", "学籍状态"};
  for (const auto& school : *schools) {
    auto students = students_of_school(db, school.code);
    if (!students) return students.error();
    for (const auto& s : *students)
      file.rows.push_back({s.registry_number, s.name, gender_label_zh(s.gender),
                           format_date(s.birth_date), s.document_type, s.id_number, school.code,
                           school.name, std::to_string(s.grade), s.class_name,
                           format_date(s.enrollment_date), status_label(s.status)});
  }
  auto counted =
      db.prepare("UPDATE export_requests SET downloads = downloads + 1 WHERE export_id = ?1");
  if (!counted) return counted.error();
  counted->bind(1, export_id);
  if (auto ran = counted->run(); !ran) return ran.error();
  (*request)->downloads += 1;
  file.request = **request;
  if (auto audited = audit(db, actor, "download_export", file.request,
                           std::to_string(file.rows.size()) + " records");
      !audited)
    return audited.error();
  return file;
}

}  // namespace xueji
