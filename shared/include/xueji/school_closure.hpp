// 第十九条: 学校合并的，其学籍档案移交并入的学校管理；学校撤销的，其学籍档案移交县级教育行政部门
// 指定的单位管理. Both are decided by the county; the old school ceases and registers no one.
#pragma once
#include <optional>
#include <string>

#include "xueji/database.hpp"

namespace xueji {

// Commands (members of xueji::Command), for a county actor whose scope holds both schools.
struct MergeSchools {
  std::string merged_school;     // ceases
  std::string surviving_school;  // receives students and archives
  std::string decision;          // the county's decision (文号), informational
};

struct CloseSchool {
  std::string school_code;     // ceases
  std::string custodian_code;  // the school the county names to keep the archives
  std::string decision;
};

struct SchoolClosure {
  std::string closed_on;
  std::string reason;  // "merger" or "closure"
  std::string archives_to;
};
// nullopt for an open (or unknown) school.
Result<std::optional<SchoolClosure>> school_closure(Database& db, const std::string& school_code);

}  // namespace xueji
