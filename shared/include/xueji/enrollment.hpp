// 统一招生 (R20): the county sets quotas per school, stage and intake year, imports the results
// of its unified enrollment, and — only once it confirms — admits every row in one transaction.
// Each school then sees its admitted list after sync and registers it in bulk
// (AdmitEnrolledStudents, 统一招生录取) through the same registration rules as one student
// (第四条 age, 第七条 学籍号, 第八条 一人一籍).
//
// The files themselves (.xlsx, CSV in UTF-8 or GBK) are read by the server (sync-server/http);
// the core sees rows of text and decides everything about them here.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xueji/actor.hpp"
#include "xueji/database.hpp"
#include "xueji/date.hpp"
#include "xueji/error_code.hpp"

namespace xueji {

// 学段: the stage a school admits into, and the grade it begins with.
enum class Stage { Primary, Junior };
std::string_view stage_name(Stage stage);      // "primary", "junior"
std::string_view stage_label_zh(Stage stage);  // "小学", "初中"
// Accepts the name or the Chinese label (a county's file says 小学/初中).
std::optional<Stage> stage_from_text(std::string_view text);

struct EnrollmentQuota {
  int school_year = 0;  // the autumn intake year (第四条), e.g. 2026
  std::string school_code;
  std::string stage;  // stage_name()
  int quota = 0;
  int admitted = 0;  // confirmed admissions counted against it (read only)
};

// Sets (or replaces) quotas; a county (or city/province) for schools in its scope (第三条), all
// or nothing. Audited.
Result<void> set_enrollment_quotas(Database& db, const Actor& actor, const Date& today,
                                   const std::vector<EnrollmentQuota>& quotas);
// The quotas of the schools in the actor's scope for an intake year, with admitted counts.
Result<std::vector<EnrollmentQuota>> enrollment_quotas(Database& db, const Actor& actor,
                                                       int school_year);

// One row of a result file, as text. `row` is the spreadsheet's row number (the header is row 1).
struct EnrollmentRow {
  int row = 0;
  std::string name;
  std::string id_number;
  std::string school_code;
  std::string stage;
};

// The column headers of the template and the report (docs/API.md).
inline constexpr const char* kColumnName = "姓名";
inline constexpr const char* kColumnIdNumber = "身份证号";
inline constexpr const char* kColumnSchoolCode = "录取学校代码";
inline constexpr const char* kColumnStage = "学段";

struct ImportIssue {
  int row = 0;
  std::string column;  // one of the kColumn* headers
  ErrorCode code = ErrorCode::InvalidInput;
  bool warning = false;  // a row "to confirm" carries warnings, not errors
};

// How a valid row stands against the registry: matched (an existing record it continues, e.g. a
// primary graduate entering junior middle school), to_confirm (a record that may be the same
// child and needs a look), not_found (a new registry). Rows with an error are "error".
struct RowReport {
  int row = 0;
  std::string category;  // matched, to_confirm, not_found, error
  std::string name;
  std::string id_number;  // normalised
  std::string school_code;
  std::string stage;                // stage_name() when valid, else as given
  std::string existing_student_id;  // the record matched or to confirm, if any
  std::string existing_registry_number;
  std::vector<ImportIssue> issues;
};

struct EnrollmentReport {
  std::string import_id;
  int school_year = 0;
  std::string state;  // pending, confirmed
  int matched = 0;
  int to_confirm = 0;
  int not_found = 0;
  int errors = 0;
  std::vector<RowReport> rows;
};

// Validates every row against the core's rules and the registry as it stands: name, ID number
// (check digit, division, birth date), 第四条 age for the stage, school in scope and offering
// the stage, quota, duplicates inside the file, students already registered elsewhere (第八条),
// double admission across schools. Writes nothing.
Result<EnrollmentReport> check_enrollment_rows(Database& db, const Actor& actor, int school_year,
                                               const std::vector<EnrollmentRow>& rows,
                                               const Date& today);

// Keeps an uploaded file's rows as a pending import (server database) and returns its report;
// no admission is written. Audited.
Result<EnrollmentReport> stage_enrollment_import(Database& db, const Actor& actor,
                                                 const std::string& import_id, int school_year,
                                                 const std::string& file_name,
                                                 const std::string& file_format,
                                                 const std::vector<EnrollmentRow>& rows,
                                                 const Date& today);
// The report of a pending or confirmed import, validated again against the registry as it is now.
Result<EnrollmentReport> enrollment_import_report(Database& db, const Actor& actor,
                                                  const std::string& import_id, const Date& today);
// Validates the import again and, when no row has an error, writes every admission and marks the
// import confirmed inside the caller's transaction; any error writes nothing (the caller rolls
// back). IMPORT_HAS_ERRORS names the first bad row in `detail`.
Result<EnrollmentReport> confirm_enrollment_import(Database& db, const Actor& actor,
                                                   const std::string& import_id, const Date& today);

struct Admission {
  std::string admission_id;
  int school_year = 0;
  std::string stage;
  std::string school_code;
  std::string name;
  std::string document_type;
  std::string id_number;
  std::string match;
  std::string existing_student_id;
  std::string state;  // admitted, registered
  std::string student_id;
  std::string import_id;
  std::string admitted_on;
  std::string registered_on;
};

// Admissions of the schools in the actor's scope (a registrar: its own), 0 = every year.
Result<std::vector<Admission>> admissions_in_scope(Database& db, const Actor& actor,
                                                   int school_year);

// Command (member of xueji::Command), by the admitting school's registrar: registers admitted
// students in bulk, all or nothing.
struct AdmittedStudent {
  std::string admission_id;
  std::string student_id;  // client-generated UUID for the new record
  std::string class_name;
};
struct AdmitEnrolledStudents {
  std::vector<AdmittedStudent> students;
};

}  // namespace xueji
