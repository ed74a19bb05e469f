// The catalogue itself. scripts/make-font.sh reads this file so that every character here is
// in the base font, whatever GB 2312 lacks. Entries with %d/%s are printf formats.
#include "strings.hpp"

#include <cstddef>

namespace xueji::client {
namespace {

struct Entry {
  Text id;
  const char* zh;
  const char* en;
};

constexpr Entry kEntries[] = {
    {Text::AppTitle, "学籍", "Xueji"},
    {Text::Loading, "正在打开本机数据…", "Opening local data…"},
    {Text::StorageFailed, "无法打开本机数据库", "Cannot open the local database"},
    {Text::LanguageToggle, "English", "中文"},
    {Text::LoginTitle, "登录学籍系统", "Sign in to Xueji"},
    {Text::LoginHint, "首次登录需要联网；之后离线也可打开。",
     "The first sign-in needs a connection; later the app opens offline too."},
    {Text::Username, "用户名", "Username"},
    {Text::Password, "密码", "Password"},
    {Text::LoginButton, "登录", "Sign in"},
    {Text::LoggingIn, "正在登录…", "Signing in…"},
    {Text::LoginNeedsNetwork, "无法连接服务器，请联网后登录。",
     "Cannot reach the server: connect to sign in."},
    {Text::ServerError, "服务器错误（HTTP %d）", "Server error (HTTP %d)"},
    {Text::ServerUnreachable, "无法连接服务器，数据已保留在本机，联网后再同步。",
     "Cannot reach the server; the data stays on this device until the next sync."},
    {Text::NavStudents, "学生名单", "Students"},
    {Text::NavRegister, "登记新生", "Register"},
    {Text::Logout, "退出登录", "Sign out"},
    {Text::Relogin, "重新登录", "Sign in again"},
    {Text::SessionExpired, "登录已过期，请重新登录后再同步。",
     "The session has expired: sign in again to sync."},
    {Text::SearchHint, "搜索姓名、拼音首字母、学籍号、身份证号或班级",
     "Search name, pinyin initials, registry no., ID no. or class"},
    {Text::StudentCount, "共 %d 名学生", "%d students"},
    {Text::ColRegistryNumber, "学籍号", "Registry no."},
    {Text::ColName, "姓名", "Name"},
    {Text::ColGender, "性别", "Sex"},
    {Text::ColBirthDate, "出生日期", "Born"},
    {Text::ColGrade, "年级", "Grade"},
    {Text::ColClass, "班级", "Class"},
    {Text::ColSyncState, "同步状态", "Sync"},
    {Text::NoStudents, "暂无学生。", "No students yet."},
    {Text::InsertCharacter, "插入字符", "Insert"},
    {Text::CodePointHelp, "输入法打不出的生僻字：输入它的 Unicode 码位（如 U+2020C）后按插入。",
     "A character no input method offers: type its Unicode code point (e.g. U+2020C), then "
     "Insert."},
    {Text::InvalidCodePoint, "码位无效（示例：U+2020C）", "Not a code point (e.g. U+2020C)"},
    {Text::RegisterTitle, "登记新生学籍", "Register a new student"},
    {Text::FieldName, "姓名", "Name"},
    {Text::FieldIdNumber, "身份证号", "ID number"},
    {Text::FieldEnrollmentDate, "入学日期", "Enrolled on"},
    {Text::FieldGrade, "年级", "Grade"},
    {Text::FieldClass, "班级", "Class"},
    {Text::DerivedFromId, "学籍号 %s · %s · 出生 %s", "Registry no. %s · %s · born %s"},
    {Text::SubmitRegistration, "登记", "Register"},
    {Text::Registered, "已登记：%s（%s）", "Registered: %s (%s)"},
    {Text::SyncPending, "待同步", "pending"},
    {Text::SyncSynced, "已同步", "synced"},
    {Text::SyncRejected, "需处理", "needs attention"},
    {Text::Online, "在线", "Online"},
    {Text::Offline, "离线", "Offline"},
    {Text::CheckingConnection, "正在检查网络…", "Checking the connection…"},
    {Text::PendingCount, "待同步 %d", "%d pending"},
    {Text::Saving, "保存中…", "Saving…"},
    {Text::Saved, "已保存", "Saved"},
    {Text::SaveFailed, "保存失败", "Save failed"},
    {Text::SyncButton, "同步", "Sync"},
    {Text::Syncing, "正在同步…", "Syncing…"},
    {Text::SyncingPulled, "正在同步…已接收 %d 条，剩余 %d 条", "Syncing… %d received, %d to go"},
    {Text::SyncProgress, "已接收 %d 条，剩余 %d 条，约 %d 秒", "%d received, %d to go, ~%d s"},
    {Text::FullySynced, "已同步", "All synced"},
    {Text::StorageNearlyFull, "本机存储已用 %d%%：请尽快同步，并清理浏览器中其他网站的数据。",
     "Device storage %d%% full: sync soon and free browser space used by other sites."},
    {Text::NeverSynced, "尚未同步", "Not synced yet"},
    {Text::LastSyncOk, "上次同步 %s：上传 %d，退回 %d，冲突 %d",
     "Last sync %s: %d sent, %d rejected, %d conflicts"},
    {Text::LastSyncFailed, "上次同步 %s 未完成：%s", "Last sync %s did not finish: %s"},
    {Text::NeedsAttention, "需处理（%d）", "Needs attention (%d)"},
    {Text::RejectionLine, "%s — %s（%s）", "%s — %s (%s)"},
    {Text::Male, "男", "Male"},
    {Text::Female, "女", "Female"},
    {Text::NavTransferIn, "转入申请", "Transfer in"},
    {Text::StudentDetailTitle, "学生详情", "Student"},
    {Text::BackToList, "返回名单", "Back to the list"},
    {Text::FieldStatus, "学籍状态", "Status"},
    {Text::WorkflowHistory, "学籍变动记录", "Registry changes"},
    {Text::NoWorkflows, "暂无学籍变动。", "No registry changes."},
    {Text::StartWorkflowTitle, "办理学籍变动", "Start a registry change"},
    {Text::WorkflowKindLabel, "事项", "Kind"},
    {Text::Proofs, "证明材料", "Proofs"},
    {Text::AttachFile, "选择文件或拍照", "Choose file or photo"},
    {Text::Attached, "已附", "attached"},
    {Text::SubmitWorkflow, "提交", "Submit"},
    {Text::WorkflowStarted, "已提交：%s（待同步后由上级审批）",
     "Submitted: %s (approved after sync)"},
    {Text::StepApproved, "已批准本步", "Step approved"},
    {Text::StepRejected, "已退回", "Step rejected"},
    {Text::WorkflowWithdrawn, "已撤回", "Withdrawn"},
    {Text::Approve, "批准", "Approve"},
    {Text::Reject, "退回", "Reject"},
    {Text::Withdraw, "撤回", "Withdraw"},
    {Text::StepLine, "第 %d 步 · %s · %s", "Step %d · %s · %s"},
    {Text::DeadlineOnly, "截止 %s", "due %s"},
    {Text::DeadlineLeft, "截止 %s，还剩 %d 个工作日", "due %s, %d working days left"},
    {Text::DeadlineOverdue, "截止 %s，已超期 %d 个工作日", "due %s, %d working days overdue"},
    {Text::ErrorField, "（字段：%s）", " (field: %s)"},
    {Text::TransferInTitle, "转学：转入申请", "Transfer: application to receive a student"},
    {Text::TransferInHint,
     "转学由转入学校提出申请（第十一条），转出学校和两地教育行政部门依次审批。",
     "The receiving school applies (article 11); the sending school and both authorities approve "
     "in turn."},
    {Text::StartedOn, "%s 提出", "started %s"},
    {Text::FixRejection, "修改后重新登记", "Correct and register again"},
    {Text::NavSchool, "学校事务", "School"},
    {Text::TabRoster, "学籍管理员", "Registrars"},
    {Text::TabTerm, "学期复核", "Term verification"},
    {Text::TabEnrollment, "招生录取", "Enrollment"},
    {Text::RosterHint,
     "学校指定学籍管理员，先培训后上岗，并报上一级教育行政部门备案（第二十一、二十二条）。",
     "The school designates its registrars; they are trained before duty and filed with the level "
     "above (articles 21, 22)."},
    {Text::RosterEmpty, "尚未登记学籍管理员", "No registrar on the roster yet"},
    {Text::RegistrarInactive, "已离岗", "Left the post"},
    {Text::RegistrarUntrained, "未培训，不能上岗", "Not trained: not on duty"},
    {Text::RegistrarTrained, "%s 已培训，在岗", "Trained %s, on duty"},
    {Text::RegistrarNotFiled, "尚未备案（由上级教育行政部门备案）",
     "Not filed yet (the level above files it)"},
    {Text::RegistrarFiled, "已报 %s 备案（%s）", "Filed with %s (%s)"},
    {Text::RecordTraining, "登记培训", "Record training"},
    {Text::DeactivateRegistrar, "离岗", "Left the post"},
    {Text::AddRegistrar, "添加学籍管理员", "Add a registrar"},
    {Text::FieldPhone, "电话", "Phone"},
    {Text::RegistrarAdded, "已添加学籍管理员", "Registrar added"},
    {Text::TrainingRecorded, "已登记培训", "Training recorded"},
    {Text::RegistrarDeactivated, "已登记离岗", "Marked as left"},
    {Text::TermLabel, "本学期：%s", "This term: %s"},
    {Text::TermHint,
     "每学期学校核对本校学籍名单并确认，县级教育行政部门在全部学校确认后签署（第二十三条）。",
     "Each term the school checks and confirms its roster; the county signs off once every school "
     "has (article 23)."},
    {Text::TermCounts, "在校 %d 人，在册 %d 人", "%d in school, %d on the books"},
    {Text::TermConfirmedOn, "已于 %s 确认（%s）", "Confirmed on %s (%s)"},
    {Text::TermChangedSince, "确认后名单有变化，请重新确认。",
     "The roster changed since: confirm again."},
    {Text::TermNotConfirmed, "本学期尚未确认", "Not confirmed this term"},
    {Text::ConfirmTermRoster, "确认本学期学籍名单", "Confirm this term's roster"},
    {Text::TermConfirmed, "已确认本学期学籍名单", "This term's roster confirmed"},
    {Text::EnrollmentHint,
     "县级统一招生录取的学生，同步后出现在这里；勾选后批量注册学籍（第二十条）。",
     "Students admitted by the county's unified enrollment appear here after sync; tick them to "
     "register them in bulk (article 20)."},
    {Text::AdmissionCounts, "录取 %d 人，待注册 %d 人", "%d admitted, %d to register"},
    {Text::NoAdmissions, "暂无录取名单（需联网同步）", "No admitted list yet (sync online)"},
    {Text::SelectAllAdmitted, "全选待注册", "Select all to register"},
    {Text::AdmissionWaiting, "待注册", "To register"},
    {Text::AdmissionRegistered, "已注册", "Registered"},
    {Text::AdmitSelected, "批量注册学籍", "Register the selected"},
    {Text::AdmittedCount, "已注册 %d 名录取学生", "%d admitted students registered"},
    {Text::EditStudent, "修改信息", "Edit"},
    {Text::EditStudentTitle, "修改学生信息", "Edit student"},
    {Text::BackToDetail, "返回详情", "Back to details"},
    {Text::ProtectedFieldsHint,
     "姓名、身份证件、性别、出生日期、学籍号等受保护信息不能在此修改，须办理信息变更（第十条，R7）"
     "。",
     "Name, identity document, sex, birth date and registry number are protected: they change only "
     "through an information correction (article 10, R7)."},
    {Text::FieldEthnicity, "民族", "Ethnicity"},
    {Text::FieldNationality, "国籍", "Nationality"},
    {Text::FieldHukouDivision, "户籍所在地代码", "Hukou division"},
    {Text::FieldHukouAddress, "户籍地址", "Hukou address"},
    {Text::FieldMigrantChild, "随迁子女", "Migrant child"},
    {Text::FieldLeftBehind, "留守儿童", "Left-behind child"},
    {Text::FieldInclusiveClass, "随班就读", "Inclusive class"},
    {Text::FieldHomeDelivery, "送教上门", "Home delivery"},
    {Text::FieldDisability, "残疾类型", "Disability"},
    {Text::FieldUnderDiscipline, "专门教育", "Under discipline"},
    {Text::FieldGuardian, "监护人%d %s", "Guardian %d %s"},
    {Text::SaveEdit, "保存", "Save"},
    {Text::StartCorrection, "办理信息变更", "Start a correction"},
    {Text::EditSaved, "已保存（待同步）", "Saved (to sync)"},
    {Text::NothingChanged, "没有修改任何信息", "Nothing changed"},
    {Text::OfflineSignedIn, "离线登录", "Signed in offline"},
    {Text::OfflineWrongPassword, "密码错误（离线验证）。请重新输入，或联网后登录。",
     "Wrong password (checked offline). Try again, or connect to sign in."},
    {Text::OfflineUnknownAccount, "此账号未在本机登录过，首次登录需要联网。",
     "This account never signed in on this device: the first sign-in needs a connection."},
};

// Indexed by Text so lookups are O(1); the static_assert keeps the table and enum in step.
constexpr std::size_t kCount = static_cast<std::size_t>(Text::OfflineUnknownAccount) + 1;
static_assert(std::size(kEntries) == kCount, "every Text needs exactly one catalogue entry");

constexpr bool entries_in_enum_order() {
  for (std::size_t i = 0; i < kCount; ++i) {
    if (static_cast<std::size_t>(kEntries[i].id) != i) return false;
  }
  return true;
}
static_assert(entries_in_enum_order(), "catalogue entries must follow the Text enum order");

}  // namespace

const char* tr(Text text, Lang lang) {
  const Entry& entry = kEntries[static_cast<std::size_t>(text)];
  return lang == Lang::En ? entry.en : entry.zh;
}

}  // namespace xueji::client
