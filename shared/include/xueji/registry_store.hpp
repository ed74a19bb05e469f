// Storage of reference data and students (server and device databases share the tables).
// Commands use these inside their own transaction; seeding tools use them directly.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "xueji/database.hpp"
#include "xueji/server_registry.hpp"
#include "xueji/student.hpp"

namespace xueji {

struct Division {
  std::string code;  // GB/T 2260: "41" province, "4101" city, "410102" county
  std::string name;
  std::string parent_code;  // empty for a province
  int level = 1;            // 1 province, 2 city, 3 county
};

Result<void> upsert_division(Database& db, const Division& division);
Result<void> upsert_school(Database& db, const School& school);
Result<std::optional<School>> find_school(Database& db, const std::string& code);
Result<std::vector<School>> schools_in_division(Database& db, const std::string& division_prefix);
Result<void> insert_student(Database& db, const Student& student);
// By resident ID number (document type resident_id).
Result<std::optional<Student>> find_student_by_id_number(Database& db,
                                                         const std::string& id_number);
Result<std::optional<Student>> find_student_by_document(Database& db, const std::string& type,
                                                        const std::string& number);
Result<std::optional<Student>> find_student_by_registry_number(Database& db,
                                                               const std::string& number);
Result<std::optional<Student>> find_student(Database& db, const std::string& student_id);
Result<std::vector<Student>> students_of_school(Database& db, const std::string& school_code);
// Writes every column of an existing student and bumps its version.
Result<void> update_student(Database& db, const Student& student);
// 第十条/第二十条: one history row per changed field.
struct HistoryEntry {
  std::string field;
  std::string old_value;
  std::string new_value;
  std::string changed_on;
  std::string changed_by;
  std::string workflow_id;
};
Result<void> append_history(Database& db, const std::string& student_id, const HistoryEntry& entry);
Result<std::vector<HistoryEntry>> student_history(Database& db, const std::string& student_id);
// Appends to the audit log (R18: date, time, type, subject, object, result).
Result<void> append_audit(Database& db, const std::string& actor, const std::string& device_id,
                          const std::string& action, const std::string& object,
                          const std::string& result);

}  // namespace xueji
