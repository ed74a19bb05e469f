// Stable automation ids for the widgets a test drives. Screens call record(id) right after a
// widget; the browser exposes the previous frame's rects (window.xueji.widgetRect) so a test
// can click real pixels instead of calling into the app.
#pragma once
#include <map>
#include <string>

namespace xueji::client {

struct WidgetRect {
  float x = 0, y = 0, width = 0, height = 0;  // ImGui display coordinates = canvas CSS px
};

class Automation {
 public:
  void begin_frame() { current_.clear(); }
  void end_frame() { last_frame_.swap(current_); }
  // Records the rect of the last submitted ImGui item under `id`.
  void record(const char* id);
  const std::map<std::string, WidgetRect>& last_frame() const { return last_frame_; }

 private:
  std::map<std::string, WidgetRect> current_;
  std::map<std::string, WidgetRect> last_frame_;
};

// The ids, in one place so TEST-HOOKS.md and the screens cannot drift apart.
namespace ids {
inline constexpr const char* kLanguage = "lang.toggle";
inline constexpr const char* kLoginUsername = "login.username";
inline constexpr const char* kLoginPassword = "login.password";
inline constexpr const char* kLoginSubmit = "login.submit";
inline constexpr const char* kNavStudents = "nav.students";
inline constexpr const char* kNavRegister = "nav.register";
inline constexpr const char* kLogout = "logout";
inline constexpr const char* kRelogin = "relogin";
inline constexpr const char* kSearch = "students.search";
inline constexpr const char* kStudentTable = "students.table";
inline constexpr const char* kSearchCodePoint = "students.code_point";
inline constexpr const char* kSearchCodePointInsert = "students.code_point_insert";
inline constexpr const char* kRegisterCodePoint = "register.code_point";
inline constexpr const char* kRegisterCodePointInsert = "register.code_point_insert";
inline constexpr const char* kRegisterName = "register.name";
inline constexpr const char* kRegisterIdNumber = "register.id_number";
inline constexpr const char* kRegisterEnrollmentDate = "register.enrollment_date";
inline constexpr const char* kRegisterGrade = "register.grade";
inline constexpr const char* kRegisterClass = "register.class_name";
inline constexpr const char* kRegisterSubmit = "register.submit";
inline constexpr const char* kSync = "sync.button";
inline constexpr const char* kSyncBadge = "sync.badge";
inline constexpr const char* kSyncProgress = "sync.progress";
// Staff review screens (S4).
inline constexpr const char* kNavApprovals = "nav.approvals";
inline constexpr const char* kNavReviewCases = "nav.review_cases";
inline constexpr const char* kNavStatistics = "nav.statistics";
inline constexpr const char* kStaffOffline = "staff.offline";
inline constexpr const char* kApprovalsOverdue = "approvals.overdue";
inline constexpr const char* kApprovalsRefresh = "approvals.refresh";
inline constexpr const char* kApprovalsTable = "approvals.table";
inline constexpr const char* kApprovalComment = "approval.comment";
inline constexpr const char* kApprovalApprove = "approval.approve";
inline constexpr const char* kApprovalReject = "approval.reject";
inline constexpr const char* kCasesRefresh = "cases.refresh";
inline constexpr const char* kCaseTable = "case.table";
inline constexpr const char* kCaseComment = "case.comment";
inline constexpr const char* kStatisticsRefresh = "statistics.refresh";
inline constexpr const char* kStatisticsChart = "statistics.chart";
inline constexpr const char* kStatisticsTable = "statistics.table";
}  // namespace ids

}  // namespace xueji::client
