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
