#include <array>

#include "xueji/error_code.hpp"

namespace xueji {
namespace {

struct Entry {
  ErrorCode code;
  std::string_view name;
  std::string_view zh;
  std::string_view en;
};

// The one catalogue of error messages; docs/ERRORS.md lists the same table.
constexpr std::array kCatalogue{
    Entry{ErrorCode::InvalidInput, "INVALID_INPUT", "输入内容不正确", "The input is not valid"},
    Entry{ErrorCode::MalformedRequest, "MALFORMED_REQUEST", "请求格式错误，无法解析",
          "The request could not be parsed"},
    Entry{ErrorCode::NameRequired, "NAME_REQUIRED", "请填写学生姓名",
          "The student's name is required"},
    Entry{ErrorCode::NameInvalid, "NAME_INVALID", "姓名含有不允许的字符或过长",
          "The name contains characters that are not allowed, or is too long"},
    Entry{ErrorCode::IdFormat, "ID_FORMAT", "身份证号应为18位：17位数字加1位校验码（数字或X）",
          "An ID number has 18 characters: 17 digits and a check character (digit or X)"},
    Entry{ErrorCode::IdDivision, "ID_DIVISION", "身份证号前6位不是有效的行政区划代码",
          "The first 6 digits of the ID number are not a valid division code"},
    Entry{ErrorCode::IdBirthDate, "ID_BIRTH_DATE", "身份证号中的出生日期无效",
          "The birth date inside the ID number is not a valid date"},
    Entry{ErrorCode::IdChecksum, "ID_CHECKSUM", "身份证号校验码错误，请核对后重新输入",
          "The ID number's check character is wrong; please check the number"},
    Entry{ErrorCode::DateInvalid, "DATE_INVALID", "日期无效，请按 YYYY-MM-DD 填写",
          "The date is not valid; use YYYY-MM-DD"},
    Entry{ErrorCode::AgeUnder6, "AGE_UNDER_6",
          "入学当年8月31日前未满6周岁，需经批准方可提前入学（第四条）",
          "The child is not 6 by 31 August of the intake year; early entry needs an approval"},
    Entry{ErrorCode::DuplicateRegistry, "DUPLICATE_REGISTRY",
          "该学生已有在籍学籍，不能重复注册，请办理转学（一人一籍，第八条）",
          "This student already has an active registry; register a transfer instead"},
    Entry{ErrorCode::OutOfScope, "OUT_OF_SCOPE", "超出您的管理范围，无权操作",
          "This is outside your scope"},
    Entry{ErrorCode::Unauthenticated, "UNAUTHENTICATED", "登录已失效，请重新登录",
          "Your session is not valid; please sign in again"},
    Entry{ErrorCode::BadCredentials, "BAD_CREDENTIALS", "用户名或密码错误",
          "Wrong user name or password"},
    Entry{ErrorCode::AccountLocked, "ACCOUNT_LOCKED", "登录失败次数过多，账号已暂时锁定",
          "Too many failed sign-ins; the account is locked for a while"},
    Entry{ErrorCode::DeviceRevoked, "DEVICE_REVOKED", "此设备已被停用，请联系县级管理员",
          "This device has been revoked; contact the county administrator"},
    Entry{ErrorCode::NotFound, "NOT_FOUND", "未找到该记录", "The record was not found"},
    Entry{ErrorCode::UnsupportedVersion, "UNSUPPORTED_VERSION",
          "客户端版本过旧，请更新后再同步（待同步数据已保留）",
          "This client is too old; update it and sync again (pending data is kept)"},
    Entry{ErrorCode::StorageError, "STORAGE_ERROR", "数据存储出错，操作未保存",
          "A storage error occurred; nothing was saved"},
    Entry{ErrorCode::RegistryNumberFormat, "REGISTRY_NUMBER_FORMAT",
          "学籍号格式错误：应为 G、L 或 J 开头的19位编号",
          "A registry number has 19 characters starting with G, L or J"},
    Entry{ErrorCode::DocumentNumberFormat, "DOCUMENT_NUMBER_FORMAT",
          "证件号码与所选证件类型的格式不符", "The document number does not match its type"},
    Entry{ErrorCode::DocumentTypeUnknown, "DOCUMENT_TYPE_UNKNOWN", "请选择有效的证件类型",
          "Choose a valid document type"},
    Entry{ErrorCode::EthnicityUnknown, "ETHNICITY_UNKNOWN", "民族代码无效，请从列表中选择",
          "Unknown ethnic group code; choose one from the list"},
    Entry{ErrorCode::DivisionInvalid, "DIVISION_INVALID", "行政区划代码无效（应为6位有效代码）",
          "The division code is not a valid 6-digit code"},
    Entry{ErrorCode::BirthDateRequired, "BIRTH_DATE_REQUIRED",
          "无居民身份证时须填写出生日期（YYYY-MM-DD）",
          "Without a resident ID the birth date must be entered"},
    Entry{ErrorCode::GenderRequired, "GENDER_REQUIRED", "无居民身份证时须选择性别",
          "Without a resident ID the sex must be chosen"},
    Entry{ErrorCode::RegistryNumberTaken, "REGISTRY_NUMBER_TAKEN",
          "生成的学籍号已被占用，请重新提交",
          "The generated registry number is taken; submit again"},
    Entry{ErrorCode::GradeInvalid, "GRADE_INVALID", "年级应为1至9年级",
          "The grade must be between 1 and 9"},
    Entry{ErrorCode::CalendarOutOfRange, "CALENDAR_OUT_OF_RANGE",
          "该日期超出已公布的节假日安排范围，无法计算工作日期限",
          "This date is outside the published public-holiday calendar; working-day deadlines "
          "cannot be computed"},
    Entry{ErrorCode::WorkflowKindUnknown, "WORKFLOW_KIND_UNKNOWN", "不支持的学籍业务类型",
          "Unknown kind of registry workflow"},
    Entry{ErrorCode::WorkflowNotOpen, "WORKFLOW_NOT_OPEN", "该业务已办结或已撤回，不能再操作",
          "This workflow is already closed"},
    Entry{ErrorCode::NotYourStep, "NOT_YOUR_STEP", "当前环节不由您办理",
          "The current step is not yours to decide"},
    Entry{ErrorCode::StepNotOverdue, "STEP_NOT_OVERDUE",
          "该环节尚未超过办理时限，上级部门不能强制干预（第十一条）",
          "The step is not overdue; the level above may not force it yet"},
    Entry{ErrorCode::ProofRequired, "PROOF_REQUIRED", "缺少必需的证明材料，请上传后再提交",
          "A required proof is missing; attach it and submit again"},
    Entry{ErrorCode::UnfinishedBusiness, "UNFINISHED_BUSINESS",
          "该学生有未办结的学籍业务，请办结后再申请", "The student has an unfinished workflow"},
    Entry{ErrorCode::ProblemRecordOpen, "PROBLEM_RECORD_OPEN",
          "该学生存在未处理的问题学籍，不能办理此业务（第八条）",
          "The student has an open problem record; resolve it first"},
    Entry{ErrorCode::StudentNotInSchool, "STUDENT_NOT_IN_SCHOOL", "该学生当前不是在读状态",
          "The student is not currently in school"},
    Entry{ErrorCode::TransferReasonInvalid, "TRANSFER_REASON_INVALID",
          "转学原因不属于第十一条规定的四种情形",
          "Not one of the four admissible transfer reasons"},
    Entry{ErrorCode::TransferWhileSuspended, "TRANSFER_WHILE_SUSPENDED",
          "学生休学期间不予转学（第十一条(四)）", "No transfer while the student is suspended"},
    Entry{ErrorCode::TransferUnderDiscipline, "TRANSFER_UNDER_DISCIPLINE",
          "学生受处分期间不予转学（第十一条(四)）",
          "No transfer while the student is under discipline"},
    Entry{ErrorCode::TransferGradeMismatch, "TRANSFER_GRADE_MISMATCH", "转学只能转入同一年级",
          "A transfer keeps the student's grade"},
    Entry{ErrorCode::TransferOutsideWindow, "TRANSFER_OUTSIDE_WINDOW",
          "转学一般在新学期开学后两个月内办理；期外办理须说明原因（第十一条(三)）",
          "Transfers are made within two months of term start; give a reason otherwise"},
    Entry{ErrorCode::TransferSameSchool, "TRANSFER_SAME_SCHOOL", "转入学校与学生当前学校相同",
          "The receiving school is the student's current school"},
    Entry{ErrorCode::DetailRequired, "DETAIL_REQUIRED", "缺少必填信息，请补充后再提交",
          "A required detail is missing"},
    Entry{ErrorCode::LikelyDuplicate, "LIKELY_DUPLICATE",
          "已有姓名、性别、出生日期相同且无身份证号的学籍，已列为问题学籍待核查（第八条）",
          "A record with the same name, sex and birth date exists without an ID number; it is "
          "listed as a problem record"},
    Entry{ErrorCode::SuspensionReasonInvalid, "SUSPENSION_REASON_INVALID",
          "休学原因应为因病、连续请假或其他特殊原因之一（第十三条(一)）",
          "Suspension is for illness, long leave or another special reason"},
    Entry{ErrorCode::SuspensionPeriodInvalid, "SUSPENSION_PERIOD_INVALID",
          "休学期限一般为1年：截止日期应晚于原期限且不超过1年，需更长须申请延长（第十三条(三)）",
          "A suspension runs for up to one year at a time; apply for an extension beyond that"},
    Entry{ErrorCode::StudentNotSuspended, "STUDENT_NOT_SUSPENDED", "该学生当前不是休学状态",
          "The student is not suspended"},
    Entry{ErrorCode::StudentNotAbroad, "STUDENT_NOT_ABROAD", "该学生当前不是出国(境)就读状态",
          "The student is not recorded as studying abroad"},
    Entry{ErrorCode::PlacementGradeInvalid, "PLACEMENT_GRADE_INVALID",
          "就读年级应按接续学业原则安排：本学段内、本校开设的年级（第十三条(三)）",
          "The placement grade must continue the student's studies within the stage and be "
          "taught at the school"},
    Entry{ErrorCode::GradeSkipCrossStage, "GRADE_SKIP_CROSS_STAGE",
          "跳级不能跨学段（小学1–6年级、初中7–9年级），且限于本校范围内（第十五条）",
          "A grade skip stays within the stage (primary 1–6, junior 7–9) and the school"},
    Entry{ErrorCode::GradeSkipNotForward, "GRADE_SKIP_NOT_FORWARD",
          "跳级只能升入更高年级；学校不得责令学生留级（第十五条）",
          "A grade skip goes to a higher grade; schools may not order a repetition"},
    Entry{ErrorCode::DropoutTownshipReportRequired, "DROPOUT_TOWNSHIP_REPORT_REQUIRED",
          "辍学情况须同时书面上报当地乡镇人民政府或街道办事处（第十四条）",
          "A dropout must also be reported in writing to the township or street office"},
    Entry{ErrorCode::StatusNotAllowed, "STATUS_NOT_ALLOWED", "学生当前的学籍状态不能办理此业务",
          "This cannot be done for a student in the current registry status"},
    Entry{ErrorCode::SpecialPlacementMismatch, "SPECIAL_PLACEMENT_MISMATCH",
          "学生或目标学校的情况与所选安置方式不符（第十二条）",
          "The student or the target school does not fit the chosen placement"},
    Entry{ErrorCode::RegistrationLate, "REGISTRATION_LATE",
          "学籍档案应在学生入学之日起1个月内建立，本次注册已逾期并已登记（第六条）",
          "The registry should be created within one month of enrollment; this late registration "
          "is recorded"},
    Entry{ErrorCode::SchoolClosed, "SCHOOL_CLOSED",
          "该学校已合并或撤销，不能再办理此业务（第十九条）",
          "The school has been merged or closed; this is no longer possible"},
    Entry{ErrorCode::SchoolSuccessorInvalid, "SCHOOL_SUCCESSOR_INVALID",
          "并入学校或档案接收单位须是另一所在办学校（第十九条）",
          "The surviving school or custodian must be another open school"},
    Entry{ErrorCode::SchoolGradeNotOffered, "SCHOOL_GRADE_NOT_OFFERED",
          "接收学校未开设部分在读学生的年级，请先调整学校类型",
          "The receiving school does not teach the grade of some students in school"},
    Entry{ErrorCode::ArchiveKindInvalid, "ARCHIVE_KIND_INVALID",
          "档案材料类别无效；学籍基础信息只能通过信息变更办理（第六条、第十条）",
          "Not an archive content kind; basic information changes only by a correction"},
    Entry{ErrorCode::ArchiveTextInvalid, "ARCHIVE_TEXT_INVALID",
          "档案材料的名称或备注为空、过长或含有不允许的字符",
          "The archive item's title or note is empty, too long or contains characters that are "
          "not allowed"},
    Entry{ErrorCode::AttachmentHashInvalid, "ATTACHMENT_HASH_INVALID",
          "附件标识无效（应为64位小写十六进制 SHA-256 值）",
          "The attachment reference is not a SHA-256 hash (64 lowercase hex characters)"},
    Entry{ErrorCode::AttachmentTypeNotAllowed, "ATTACHMENT_TYPE_NOT_ALLOWED",
          "附件只能是 JPEG、PNG 图片或 PDF 文件", "Attachments must be JPEG, PNG or PDF files"},
    Entry{ErrorCode::AttachmentTooLarge, "ATTACHMENT_TOO_LARGE", "附件大小应在10MB以内",
          "An attachment may be at most 10 MB"},
    Entry{ErrorCode::AttachmentMismatch, "ATTACHMENT_MISMATCH",
          "同一附件标识已登记为不同大小或类型的文件，请重新上传",
          "This attachment hash is already recorded with another size or type; upload it again"},
    Entry{ErrorCode::ArchiveReadOnly, "ARCHIVE_READ_ONLY",
          "本校保留的是该生学籍档案的只读备份，不能修改（第十九条）",
          "Your school holds a read-only backup of this archive and cannot change it"},
    Entry{ErrorCode::PaperArchiveItemInvalid, "PAPER_ARCHIVE_ITEM_INVALID",
          "纸质档案项目应为学籍基础信息、证明材料、综合素质发展报告或获奖信息之一（第九条）",
          "Paper-archive items are basic information, proofs, quality reports or awards"},
    Entry{ErrorCode::AgeDelayUnapproved, "AGE_DELAY_UNAPPROVED",
          "入学当年8月31日前已满7周岁，推迟入学须经县级以上教育行政部门批准（第四条）",
          "The child is already 7 by 31 August of the intake year; a delayed entry needs the "
          "approval of the county (or a higher authority)"},
    Entry{ErrorCode::AgeExceptionApplied, "AGE_EXCEPTION_APPLIED",
          "已按教育行政部门批准的入学年龄例外办理注册（第四条）",
          "Registered under a recorded enrollment-age approval"},
    Entry{ErrorCode::SchoolYearInvalid, "SCHOOL_YEAR_INVALID",
          "学年应写作“2025-2026”，且只能在该学年结束后（7月1日起）、下一学年结束前办理升级",
          "Write the school year as 2025-2026; promotion is possible from 1 July after it ends "
          "until the next school year ends"},
    Entry{ErrorCode::SchoolYearAlreadyPromoted, "SCHOOL_YEAR_ALREADY_PROMOTED",
          "本校该学年已办理过升级和毕业，本次未作任何改动",
          "This school has already been promoted for that school year; nothing was changed"},
    Entry{ErrorCode::TermInvalid, "TERM_INVALID",
          "学期应写作“2026-spring”或“2026-autumn”，且须已开学（第二十三条）",
          "Write the term as 2026-spring or 2026-autumn; it must have begun"},
    Entry{ErrorCode::RosterChanged, "ROSTER_CHANGED",
          "学籍名册已发生变化，请重新核对后再确认（第二十三条）",
          "The roster has changed since it was reviewed; review it again and confirm"},
    Entry{ErrorCode::TermVerificationIncomplete, "TERM_VERIFICATION_INCOMPLETE",
          "下级单位尚未全部完成本学期学籍复核，暂不能签署（第二十三条）",
          "Not every unit below has completed this term's verification yet"},
    Entry{ErrorCode::TermAlreadySignedOff, "TERM_ALREADY_SIGNED_OFF",
          "本学期学籍复核已签署完成，不能再更改（第二十三条）",
          "This term's verification is already signed off and cannot change"},
    Entry{ErrorCode::RateLimited, "RATE_LIMITED", "查询过于频繁，请稍后再试",
          "Too many requests; try again later"},
    Entry{ErrorCode::ProtectedField, "PROTECTED_FIELD",
          "该项属于受保护信息，须经信息更正（第十条）或相应学籍业务办理，不能直接修改",
          "This field is protected: change it through an information correction (Article 10) or "
          "the matching registry workflow"},
    Entry{ErrorCode::ConcurrentEdit, "CONCURRENT_EDIT",
          "该受保护信息已被他处同时修改，本次修改已提交县级复核",
          "This protected field was changed elsewhere at the same time; the change is held for "
          "county review"},
    Entry{ErrorCode::StudentMovedAway, "STUDENT_MOVED_AWAY",
          "该学生已转至其他学校，本次修改已提交县级复核（第十八条）",
          "The student has moved to another school; the change is held for county review"},
    Entry{ErrorCode::DependsOnRejected, "DEPENDS_ON_REJECTED",
          "前一项相关操作未被接受，本操作暂缓执行，请处理后重新提交",
          "An earlier related operation was not accepted; this one is held back until that is "
          "dealt with"},
    Entry{ErrorCode::ReviewCaseClosed, "REVIEW_CASE_CLOSED", "该复核案例已处理完毕，不能再次决定",
          "This review case has already been decided"},
    Entry{ErrorCode::AutoResolved, "AUTO_RESOLVED",
          "该字段同时被他处修改，已按同步时钟自动取舍，落选的值保留在历史中供县级查看",
          "The field was changed elsewhere at the same time; the change was resolved automatically "
          "by sync clock and the losing value is kept in the history for the county"},
    Entry{ErrorCode::ClockAhead, "CLOCK_AHEAD",
          "设备时钟明显超前，本次操作按服务器收到的时间排序，请校准设备时间",
          "The device clock is far ahead; the operation was ordered by the time the server "
          "received it. Please correct the device clock"},
    Entry{ErrorCode::AccountDisabled, "ACCOUNT_DISABLED", "该账号已停用，请联系上级管理员",
          "This account has been disabled; contact the administrator above you"},
    Entry{ErrorCode::AccountExists, "ACCOUNT_EXISTS", "该用户名已被使用",
          "This user name is already taken"},
    Entry{
        ErrorCode::PasswordTooWeak, "PASSWORD_TOO_WEAK",
        "密码不符合要求：至少10位，包含大写字母、小写字母、数字、符号中的至少3类，且不能包含用户名",
        "The password needs at least 10 characters from at least 3 of: upper case, lower case, "
        "digits, symbols, and must not contain the user name"},
    Entry{ErrorCode::PasswordReused, "PASSWORD_REUSED", "新密码不能与最近使用过的密码相同",
          "The new password must differ from the recently used ones"},
    Entry{ErrorCode::PasswordChangeRequired, "PASSWORD_CHANGE_REQUIRED",
          "首次登录或密码重置后须先修改密码",
          "Change your password first (first sign-in or after a reset)"},
    Entry{ErrorCode::TotpRequired, "TOTP_REQUIRED", "请输入身份验证器中的6位动态验证码",
          "Enter the 6-digit code from your authenticator app"},
    Entry{ErrorCode::TotpInvalid, "TOTP_INVALID", "动态验证码错误或已使用，请输入新的验证码",
          "The code is wrong or already used; enter a new code"},
    Entry{ErrorCode::TotpEnrollmentRequired, "TOTP_ENROLLMENT_REQUIRED",
          "县级及以上管理员须先绑定身份验证器（双因素认证）",
          "Staff accounts must set up an authenticator app (second factor) first"},
    Entry{ErrorCode::ReasonRequired, "REASON_REQUIRED", "请填写查询理由（将记入审计日志）",
          "State the reason for this lookup (it is written to the audit log)"},
    Entry{ErrorCode::PayloadTooLarge, "PAYLOAD_TOO_LARGE", "提交的数据过大",
          "The request body is too large"},
};

const Entry* find(ErrorCode code) {
  for (const auto& entry : kCatalogue)
    if (entry.code == code) return &entry;
  return nullptr;
}

}  // namespace

std::string_view code_name(ErrorCode code) {
  const Entry* entry = find(code);
  return entry ? entry->name : "INVALID_INPUT";
}

std::optional<ErrorCode> code_from_name(std::string_view name) {
  for (const auto& entry : kCatalogue)
    if (entry.name == name) return entry.code;
  return std::nullopt;
}

std::string_view message(ErrorCode code, Lang lang) {
  const Entry* entry = find(code);
  if (!entry) return lang == Lang::Zh ? "未知错误" : "Unknown error";
  return lang == Lang::Zh ? entry->zh : entry->en;
}

}  // namespace xueji
