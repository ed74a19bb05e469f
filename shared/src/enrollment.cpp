// 统一招生 (R20): quotas, validation of result files, staged imports and their confirmation.
#include "xueji/enrollment.hpp"

#include <map>
#include <set>

#include "school_year_support.hpp"
#include "xueji/id_number.hpp"
#include "xueji/problem_record.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/school_closure.hpp"
#include "xueji/text.hpp"

namespace xueji {
namespace {

constexpr size_t kMaxImportRows = 20000;

// Spreadsheet cells arrive with stray spaces, also the ideographic one (U+3000).
std::string trim(std::string_view text) {
  auto is_space = [](std::string_view t, size_t at) -> size_t {
    if (at < t.size() && (t[at] == ' ' || t[at] == '\t' || t[at] == '\r' || t[at] == '\n'))
      return 1;
    if (t.substr(at, 3) == "\xE3\x80\x80") return 3;
    return 0;
  };
  size_t begin = 0;
  while (size_t n = is_space(text, begin)) begin += n;
  size_t end = text.size();
  while (end > begin) {
    if (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r' ||
        text[end - 1] == '\n') {
      --end;
    } else if (end - begin >= 3 && text.substr(end - 3, 3) == "\xE3\x80\x80") {
      end -= 3;
    } else {
      break;
    }
  }
  return std::string(text.substr(begin, end - begin));
}

bool is_county(const Actor& actor) {
  return actor.role == Role::County && actor.unit_code.size() == 6;
}

bool active_registry(const std::string& status) {
  // 第八条 一人一籍: a registry stays active unless graduated, deregistered or moved out.
  return status != "graduated" && status != "deceased" && status != "transferred_out" &&
         status != "deleted";
}

bool offers(const School& school, Stage stage) {
  const GradeSpan span = grade_span(school);
  return stage == Stage::Primary ? span.first == 1 : span.last > school.primary_years;
}

int first_grade(const School& school, Stage stage) {
  return stage == Stage::Primary ? 1 : school.primary_years + 1;
}

const char* column_of_field(const std::string& field) {
  if (field == "name") return kColumnName;
  if (field == "school_code") return kColumnSchoolCode;
  return kColumnIdNumber;
}

struct QuotaKey {
  std::string school_code;
  std::string stage;
  bool operator<(const QuotaKey& o) const {
    return school_code != o.school_code ? school_code < o.school_code : stage < o.stage;
  }
};

struct QuotaUse {
  int quota = 0;
  int admitted = 0;
  bool set = false;  // a quota row exists (admissions may exist without one: quota removed)
};

// Quotas of an intake year and the admissions already counted against them, leaving out one
// import's own admissions (a confirmed import's report is checked without itself).
Result<std::map<QuotaKey, QuotaUse>> quota_table(Database& db, int school_year,
                                                 const std::string& except_import) {
  std::map<QuotaKey, QuotaUse> table;
  auto quotas =
      db.prepare("SELECT school_code, stage, quota FROM enrollment_quotas WHERE school_year = ?1");
  if (!quotas) return quotas.error();
  quotas->bind(1, school_year);
  while (true) {
    auto row = quotas->step();
    if (!row) return row.error();
    if (!*row) break;
    auto& use = table[{quotas->text(0), quotas->text(1)}];
    use.quota = static_cast<int>(quotas->integer(2));
    use.set = true;
  }
  auto admitted = db.prepare(
      "SELECT school_code, stage, count(*) FROM enrollment_admissions WHERE school_year = ?1 AND "
      "import_id <> ?2 GROUP BY school_code, stage");
  if (!admitted) return admitted.error();
  admitted->bind(1, school_year).bind(2, except_import);
  while (true) {
    auto row = admitted->step();
    if (!row) return row.error();
    if (!*row) break;
    table[{admitted->text(0), admitted->text(1)}].admitted = static_cast<int>(admitted->integer(2));
  }
  return table;
}

// The school an existing admission of this child (this intake year) was made to, if any.
Result<std::optional<std::string>> admitted_elsewhere(Database& db, const std::string& id_number,
                                                      int school_year,
                                                      const std::string& except_import) {
  auto stmt = db.prepare(
      "SELECT school_code FROM enrollment_admissions WHERE document_type = 'resident_id' AND "
      "id_number = ?1 AND school_year = ?2 AND import_id <> ?3 LIMIT 1");
  if (!stmt) return stmt.error();
  stmt->bind(1, id_number).bind(2, school_year).bind(3, except_import);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(stmt->text(0));
}

class RowChecker {
 public:
  RowChecker(Database& db, const Actor& actor, int school_year, const Date& today,
             std::map<QuotaKey, QuotaUse> quotas, std::string except_import)
      : db_(db),
        actor_(actor),
        year_(school_year),
        today_(today),
        quotas_(std::move(quotas)),
        except_import_(std::move(except_import)) {}

  Result<RowReport> check(const EnrollmentRow& input) {
    RowReport report;
    report.row = input.row;
    report.name = trim(input.name);
    report.id_number = trim(input.id_number);
    report.school_code = trim(input.school_code);
    report.stage = trim(input.stage);
    auto issue = [&](const char* column, ErrorCode code, bool warning = false) {
      report.issues.push_back(ImportIssue{input.row, column, code, warning});
    };

    if (report.name.empty())
      issue(kColumnName, ErrorCode::NameRequired);
    else if (!is_plain_text(report.name, 50))
      issue(kColumnName, ErrorCode::NameInvalid);

    auto stage = stage_from_text(report.stage);
    if (!stage)
      issue(kColumnStage, ErrorCode::StageInvalid);
    else
      report.stage = std::string(stage_name(*stage));

    std::optional<School> school;
    if (report.school_code.empty()) {
      issue(kColumnSchoolCode, ErrorCode::InvalidInput);
    } else {
      auto found = find_school(db_, report.school_code);
      if (!found) return found.error();
      if (!*found) {
        issue(kColumnSchoolCode, ErrorCode::NotFound);
      } else if (!in_scope(actor_, (*found)->code, (*found)->division_code)) {
        issue(kColumnSchoolCode, ErrorCode::OutOfScope);  // 第三条: the county's own schools
      } else {
        auto closed = school_closure(db_, (*found)->code);
        if (!closed) return closed.error();
        if (*closed)
          issue(kColumnSchoolCode, ErrorCode::SchoolClosed);  // 第十九条
        else if (stage && !offers(**found, *stage))
          issue(kColumnStage, ErrorCode::StageInvalid);
        else
          school = **found;
      }
    }

    auto id = parse_id_number(report.id_number, today_);
    if (report.id_number.empty())
      issue(kColumnIdNumber, ErrorCode::IdFormat);
    else if (!id)
      issue(kColumnIdNumber, id.error().code);
    else
      report.id_number = id->normalized;

    // 第四条 age, through the registration's own rules (recorded approvals included).
    if (id && school && stage && report.issues.empty()) {
      StudentRegistration registration;
      registration.name = report.name;
      registration.id_number = report.id_number;
      registration.enrollment_date = format_date(Date{year_, 9, 1});
      registration.grade = first_grade(*school, *stage);
      std::optional<AgeApproval> applied;
      auto valid = validate_with_age_exceptions(db_, *school, registration, today_, applied);
      if (!valid) issue(column_of_field(valid.error().field), valid.error().code);
    }

    if (id) {
      // Duplicates inside the file: the same school twice, or two schools (double admission).
      auto seen = seen_.find(report.id_number);
      if (seen != seen_.end())
        issue(kColumnIdNumber, seen->second == report.school_code ? ErrorCode::DuplicateInFile
                                                                  : ErrorCode::DoubleAdmission);
      else
        seen_.emplace(report.id_number, report.school_code);
      // Admitted already this year by an earlier confirmed import, at any school.
      auto earlier = admitted_elsewhere(db_, report.id_number, year_, except_import_);
      if (!earlier) return earlier.error();
      if (*earlier) issue(kColumnIdNumber, ErrorCode::DoubleAdmission);
    }

    std::string category = "not_found";
    if (id && stage) {
      auto matched = match_existing(report, *id, *stage, issue);
      if (!matched) return matched.error();
      category = *matched;
    }

    bool has_error = false;
    for (const auto& i : report.issues) has_error = has_error || !i.warning;
    // The quota counts only rows that will be admitted.
    if (!has_error && school && stage) {
      auto quota = quotas_.find({school->code, report.stage});
      if (quota == quotas_.end() || !quota->second.set)
        issue(kColumnSchoolCode, ErrorCode::QuotaNotSet);
      else if (quota->second.admitted + 1 > quota->second.quota)
        issue(kColumnSchoolCode, ErrorCode::QuotaExceeded);
      else
        ++quota->second.admitted;
    }
    has_error = false;
    for (const auto& i : report.issues) has_error = has_error || !i.warning;
    report.category = has_error ? "error" : category;
    return report;
  }

 private:
  template <class Issue>
  Result<std::string> match_existing(RowReport& report, const IdNumberInfo& id, Stage stage,
                                     Issue& issue) {
    auto existing = find_student_by_document(db_, "resident_id", id.normalized);
    if (!existing) return existing.error();
    if (*existing) {
      const Student& s = **existing;
      report.existing_student_id = s.student_id;
      report.existing_registry_number = s.registry_number;
      if (s.status == "deceased" || s.status == "deleted") {
        issue(kColumnIdNumber, ErrorCode::StatusNotAllowed);
        return std::string("error");
      }
      if (s.status == "transferred_out") {
        issue(kColumnIdNumber, ErrorCode::RegisteredElsewhere, true);
        return std::string("to_confirm");
      }
      if (stage == Stage::Primary) {
        // 第八条 一人一籍: a child with a registry is transferred, never admitted afresh.
        issue(kColumnIdNumber, ErrorCode::DuplicateRegistry);
        return std::string("error");
      }
      if (active_registry(s.status)) {
        // A sixth-grader admitted to junior middle school graduates this summer; the record then
        // continues (same 学籍号). Anyone else active holds a registry: 一人一籍.
        auto school = find_school(db_, s.school_code);
        if (!school) return school.error();
        const int last_primary = *school ? (*school)->primary_years : 6;
        if (s.status == "in_school" && s.grade == last_primary) {
          issue(kColumnIdNumber, ErrorCode::RegisteredElsewhere, true);
          return std::string("to_confirm");
        }
        issue(kColumnIdNumber, ErrorCode::DuplicateRegistry);
        return std::string("error");
      }
      // A primary graduate: junior-middle intake continues the record.
      if (s.name != report.name) {
        issue(kColumnName, ErrorCode::NameMismatch, true);
        return std::string("to_confirm");
      }
      return std::string("matched");
    }
    // 第八条 查重 without the number: same name, birth date and sex.
    Student probe;
    probe.name = report.name;
    probe.birth_date = id.birth_date;
    probe.gender = id.gender;
    auto suspects = likely_duplicates(db_, probe);
    if (!suspects) return suspects.error();
    if (!suspects->empty()) {
      report.existing_student_id = suspects->front().student_id;
      report.existing_registry_number = suspects->front().registry_number;
      issue(kColumnIdNumber, ErrorCode::LikelyDuplicate, true);
      return std::string("to_confirm");
    }
    return std::string("not_found");
  }

  Database& db_;
  const Actor& actor_;
  int year_;
  Date today_;
  std::map<QuotaKey, QuotaUse> quotas_;
  std::string except_import_;
  std::map<std::string, std::string> seen_;  // normalised ID number → school code
};

Result<EnrollmentReport> check_rows(Database& db, const Actor& actor, int school_year,
                                    const std::vector<EnrollmentRow>& rows, const Date& today,
                                    const std::string& except_import) {
  if (!is_county(actor)) return make_error(ErrorCode::OutOfScope, "role");
  if (school_year < 2000 || school_year > 2100)
    return make_error(ErrorCode::SchoolYearInvalid, "school_year");
  if (rows.size() > kMaxImportRows) return make_error(ErrorCode::InvalidInput, "rows");
  auto quotas = quota_table(db, school_year, except_import);
  if (!quotas) return quotas.error();
  RowChecker checker(db, actor, school_year, today, std::move(*quotas), except_import);
  EnrollmentReport report;
  report.school_year = school_year;
  for (const auto& row : rows) {
    auto checked = checker.check(row);
    if (!checked) return checked.error();
    const std::string& c = checked->category;
    (c == "matched"      ? report.matched
     : c == "to_confirm" ? report.to_confirm
     : c == "not_found"  ? report.not_found
                         : report.errors)++;
    report.rows.push_back(std::move(*checked));
  }
  return report;
}

struct StoredImport {
  std::string division_code;
  int school_year = 0;
  std::string state;
  std::vector<EnrollmentRow> rows;
};

Result<StoredImport> load_import(Database& db, const Actor& actor, const std::string& import_id) {
  if (!is_county(actor)) return make_error(ErrorCode::OutOfScope, "role");
  auto stmt = db.prepare(
      "SELECT division_code, school_year, state FROM enrollment_imports WHERE import_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, import_id);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return make_error(ErrorCode::NotFound, "import_id");
  StoredImport stored{stmt->text(0), static_cast<int>(stmt->integer(1)), stmt->text(2), {}};
  // 第三条: an import belongs to the county that uploaded it.
  if (!in_scope(actor, "", stored.division_code))
    return make_error(ErrorCode::OutOfScope, "import_id");
  auto rows = db.prepare(
      "SELECT row_number, name, id_number, school_code, stage FROM enrollment_import_rows "
      "WHERE import_id = ?1 ORDER BY row_number");
  if (!rows) return rows.error();
  rows->bind(1, import_id);
  while (true) {
    auto r = rows->step();
    if (!r) return r.error();
    if (!*r) break;
    stored.rows.push_back(EnrollmentRow{static_cast<int>(rows->integer(0)), rows->text(1),
                                        rows->text(2), rows->text(3), rows->text(4)});
  }
  return stored;
}

}  // namespace

std::string_view stage_name(Stage stage) {
  return stage == Stage::Primary ? "primary" : "junior";
}

std::string_view stage_label_zh(Stage stage) {
  return stage == Stage::Primary ? "小学" : "初中";
}

std::optional<Stage> stage_from_text(std::string_view text) {
  if (text == "primary" || text == "小学" || text == "小学一年级") return Stage::Primary;
  if (text == "junior" || text == "初中" || text == "初中一年级" || text == "初一")
    return Stage::Junior;
  return std::nullopt;
}

Result<void> set_enrollment_quotas(Database& db, const Actor& actor, const Date& today,
                                   const std::vector<EnrollmentQuota>& quotas) {
  // R20: the county sets its schools' quotas.
  if (!is_county(actor)) return make_error(ErrorCode::OutOfScope, "role");
  if (quotas.empty() || quotas.size() > 5000) return make_error(ErrorCode::InvalidInput, "quotas");
  auto stmt = db.prepare(
      "INSERT INTO enrollment_quotas(school_year, school_code, stage, quota, set_by, set_on) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(school_year, school_code, stage) DO UPDATE "
      "SET quota = ?4, set_by = ?5, set_on = ?6");
  if (!stmt) return stmt.error();
  for (const auto& q : quotas) {
    if (q.school_year < 2000 || q.school_year > 2100)
      return make_error(ErrorCode::SchoolYearInvalid, "school_year");
    auto stage = stage_from_text(q.stage);
    if (!stage) return make_error(ErrorCode::StageInvalid, "stage");
    if (q.quota < 0 || q.quota > 100000) return make_error(ErrorCode::InvalidInput, "quota");
    auto school = find_school(db, q.school_code);
    if (!school) return school.error();
    if (!*school) return make_error(ErrorCode::NotFound, "school_code");
    if (!in_scope(actor, (*school)->code, (*school)->division_code))
      return make_error(ErrorCode::OutOfScope, "school_code");
    if (!offers(**school, *stage)) return make_error(ErrorCode::StageInvalid, "stage");
    stmt->bind(1, q.school_year)
        .bind(2, q.school_code)
        .bind(3, stage_name(*stage))
        .bind(4, q.quota)
        .bind(5, actor.account)
        .bind(6, format_date(today));
    if (auto ran = stmt->run(); !ran) return ran;
    if (auto audited = append_audit(db, actor.account, actor.device_id, "set_enrollment_quota",
                                    std::to_string(q.school_year) + " " + q.school_code + " " +
                                        std::string(stage_name(*stage)),
                                    std::to_string(q.quota));
        !audited)
      return audited;
  }
  return {};
}

Result<std::vector<EnrollmentQuota>> enrollment_quotas(Database& db, const Actor& actor,
                                                       int school_year) {
  auto table = quota_table(db, school_year, "");
  if (!table) return table.error();
  std::vector<EnrollmentQuota> visible;
  for (const auto& [key, use] : *table) {
    if (!use.set) continue;
    auto school = find_school(db, key.school_code);
    if (!school) return school.error();
    if (!*school || !in_scope(actor, (*school)->code, (*school)->division_code)) continue;
    visible.push_back(
        EnrollmentQuota{school_year, key.school_code, key.stage, use.quota, use.admitted});
  }
  return visible;
}

Result<EnrollmentReport> check_enrollment_rows(Database& db, const Actor& actor, int school_year,
                                               const std::vector<EnrollmentRow>& rows,
                                               const Date& today) {
  return check_rows(db, actor, school_year, rows, today, "");
}

Result<EnrollmentReport> stage_enrollment_import(Database& db, const Actor& actor,
                                                 const std::string& import_id, int school_year,
                                                 const std::string& file_name,
                                                 const std::string& file_format,
                                                 const std::vector<EnrollmentRow>& rows,
                                                 const Date& today) {
  if (import_id.empty()) return make_error(ErrorCode::MalformedRequest, "import_id");
  auto report = check_rows(db, actor, school_year, rows, today, import_id);
  if (!report) return report;
  auto import = db.prepare(
      "INSERT INTO enrollment_imports(import_id, division_code, school_year, file_name, "
      "file_format, state, created_by) VALUES(?1, ?2, ?3, ?4, ?5, 'pending', ?6)");
  if (!import) return import.error();
  import->bind(1, import_id)
      .bind(2, actor.unit_code)
      .bind(3, school_year)
      .bind(4, file_name)
      .bind(5, file_format)
      .bind(6, actor.account);
  if (auto ran = import->run(); !ran) return ran.error();
  auto row = db.prepare(
      "INSERT INTO enrollment_import_rows(import_id, row_number, name, id_number, school_code, "
      "stage) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  if (!row) return row.error();
  std::set<int> numbers;
  for (const auto& r : rows) {
    // Text is stored as received (validated text or not): the report shows what was uploaded.
    if (!numbers.insert(r.row).second) return make_error(ErrorCode::MalformedRequest, "row");
    row->bind(1, import_id).bind(2, r.row).bind(3, r.name).bind(4, r.id_number);
    row->bind(5, r.school_code).bind(6, r.stage);
    if (auto ran = row->run(); !ran) return ran.error();
  }
  if (auto audited = append_audit(
          db, actor.account, actor.device_id, "stage_enrollment_import", import_id,
          std::to_string(rows.size()) + " rows, " + std::to_string(report->errors) + " errors");
      !audited)
    return audited.error();
  report->import_id = import_id;
  report->state = "pending";
  return report;
}

Result<EnrollmentReport> enrollment_import_report(Database& db, const Actor& actor,
                                                  const std::string& import_id, const Date& today) {
  auto stored = load_import(db, actor, import_id);
  if (!stored) return stored.error();
  auto report = check_rows(db, actor, stored->school_year, stored->rows, today, import_id);
  if (!report) return report;
  report->import_id = import_id;
  report->state = stored->state;
  return report;
}

Result<EnrollmentReport> confirm_enrollment_import(Database& db, const Actor& actor,
                                                   const std::string& import_id,
                                                   const Date& today) {
  auto stored = load_import(db, actor, import_id);
  if (!stored) return stored.error();
  if (stored->state != "pending") return make_error(ErrorCode::ImportNotPending, "import_id");
  // Validated again: quotas, other imports and registrations may have changed since the upload.
  auto report = check_rows(db, actor, stored->school_year, stored->rows, today, import_id);
  if (!report) return report;
  for (const auto& row : report->rows)
    if (row.category == "error")
      return make_error(ErrorCode::ImportHasErrors, "import_id",
                        "row " + std::to_string(row.row) + ": " +
                            std::string(code_name(row.issues.front().code)));

  auto insert = db.prepare(
      "INSERT INTO enrollment_admissions(admission_id, school_year, stage, school_code, name, "
      "document_type, id_number, match, existing_student_id, state, import_id, admitted_on, "
      "admitted_by) VALUES(?1, ?2, ?3, ?4, ?5, 'resident_id', ?6, ?7, ?8, 'admitted', ?9, ?10, "
      "?11)");
  if (!insert) return insert.error();
  for (const auto& row : report->rows) {
    insert->bind(1, import_id + "-" + std::to_string(row.row))
        .bind(2, stored->school_year)
        .bind(3, row.stage)
        .bind(4, row.school_code)
        .bind(5, row.name)
        .bind(6, row.id_number)
        .bind(7, row.category)
        .bind(8, row.existing_student_id)
        .bind(9, import_id)
        .bind(10, format_date(today))
        .bind(11, actor.account);
    if (auto ran = insert->run(); !ran) return ran.error();
  }
  auto confirmed = db.prepare(
      "UPDATE enrollment_imports SET state = 'confirmed', confirmed_by = ?2, "
      "confirmed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE import_id = ?1");
  if (!confirmed) return confirmed.error();
  confirmed->bind(1, import_id).bind(2, actor.account);
  if (auto ran = confirmed->run(); !ran) return ran.error();
  if (auto audited = append_audit(db, actor.account, actor.device_id, "confirm_enrollment_import",
                                  import_id, std::to_string(report->rows.size()) + " admissions");
      !audited)
    return audited.error();
  report->import_id = import_id;
  report->state = "confirmed";
  return report;
}

Result<std::vector<Admission>> admissions_in_scope(Database& db, const Actor& actor,
                                                   int school_year) {
  std::vector<School> schools;
  if (actor.role == Role::SchoolRegistrar) {
    auto own = find_school(db, actor.unit_code);
    if (!own) return own.error();
    if (*own && in_scope(actor, (*own)->code, (*own)->division_code)) schools.push_back(**own);
  } else if (actor.role != Role::Admin) {
    auto all = schools_in_division(db, actor.unit_code);
    if (!all) return all.error();
    for (auto& s : *all)
      if (in_scope(actor, s.code, s.division_code)) schools.push_back(std::move(s));
  }
  auto stmt = db.prepare(
      "SELECT admission_id, school_year, stage, school_code, name, document_type, id_number, "
      "match, existing_student_id, state, student_id, import_id, admitted_on, registered_on "
      "FROM enrollment_admissions WHERE school_code = ?1 AND (?2 = 0 OR school_year = ?2) "
      "ORDER BY school_year, admission_id");
  if (!stmt) return stmt.error();
  std::vector<Admission> admissions;
  for (const auto& school : schools) {
    stmt->bind(1, school.code).bind(2, school_year);
    while (true) {
      auto row = stmt->step();
      if (!row) return row.error();
      if (!*row) break;
      admissions.push_back(
          Admission{stmt->text(0), static_cast<int>(stmt->integer(1)), stmt->text(2), stmt->text(3),
                    stmt->text(4), stmt->text(5), stmt->text(6), stmt->text(7), stmt->text(8),
                    stmt->text(9), stmt->text(10), stmt->text(11), stmt->text(12), stmt->text(13)});
    }
    stmt->reset();
  }
  return admissions;
}

}  // namespace xueji
