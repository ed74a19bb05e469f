// Editing a student's ordinary fields (EditStudent) and what the merge keeps about every field:
// its version and provenance (field_versions) and every value it ever had (field_history).
// docs/SYNC.md, "Merge rules".
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "xueji/database.hpp"
#include "xueji/result.hpp"

namespace xueji {

// One field of a student set to a new value, against the version of that field the device
// last had from the server (0 when it never had one: the registered value is version 1).
struct FieldChange {
  std::string field;  // an ordinary field name: see ordinary_student_fields()
  std::string new_value;
  std::int64_t base_version = 0;
};

// Ordinary fields a school may edit directly: class, 户籍 division and address, ethnicity,
// nationality, situation flags, and each guardian's name/relation/phone ("guardian.N.phone",
// N = the guardian's position, existing guardians only). Booleans are "0"/"1".
std::span<const std::string_view> ordinary_student_fields();
bool is_ordinary_field(std::string_view field);
// Protected fields (issue 4; 第七条/第十条): name, document type and number, gender, birth date,
// 学籍号, registry status, current school — and the grade and enrollment date that workflows
// and promotion own. EditStudent refuses them (PROTECTED_FIELD): name and the document go
// through 信息更正 (info_correction workflow, 第十条), status and school through their workflows.
bool is_protected_field(std::string_view field);
// Every column of students whose changes the server records (all but student_id and the
// row's version counter): the columns of a RecordImage.
std::span<const std::string_view> tracked_student_columns();

// The provenance of one field's current value: who set it, from where, when (device and
// server time) and at which HLC stamp. version 1 = the value the record was created with.
struct FieldProvenance {
  std::string field;
  std::optional<std::string> value;  // nullopt = NULL (a record without a document number)
  std::int64_t version = 1;
  std::int64_t chain_base = 0;  // versions (chain_base, version] were all set by device_id
  std::string op_id;            // empty when set outside a synced operation (seeding)
  std::string actor;
  std::string device_id;
  std::string school_code;
  std::string device_time;
  std::string server_time;
  std::string hlc;
};

// Every value a field ever had, in the order the server recorded them. status: "applied" (it
// became the field's value), "auto_lost" (the losing side of an automatic resolution of a
// concurrent edit: never current, or displaced by a concurrent edit that won — visible to the
// county), "created" (the whole record's values at creation: field "*" or "guardian.N",
// value = a JSON object), "removed" (a guardian row deleted: value NULL).
struct FieldHistoryEntry {
  std::int64_t id = 0;
  std::string student_id;
  std::string field;
  std::optional<std::string> value;
  std::string status;
  FieldProvenance provenance;
};

// Column → value for every column of the students row (except student_id), plus
// "guardian.N.name/relation/phone" for each guardian. NULL columns map to nullopt.
using RecordImage = std::map<std::string, std::optional<std::string>>;

// The version and provenance of one field's current value as this database knows it (on a
// device: as last pulled). A field never changed since the record was created: version 1.
Result<FieldProvenance> field_provenance(Database& db, const std::string& student_id,
                                         const std::string& field);

// How the server's three-way merge treats one incoming field change (docs/SYNC.md):
//  Apply                sequential: the change was made on the field's current version (or on
//                       a version this same device has set ever since, chain_base)
//  ApplyOverConcurrent  concurrent, and the incoming (hlc, device_id) is the later: it wins and
//                       the displaced value is kept as auto_lost
//  Lose                 concurrent, and the current value's (hlc, device_id) is the later: the
//                       incoming value is kept as auto_lost only
// Never a device's wall clock alone: hlc is the server-checked stamp (hlc.hpp).
enum class MergeAction { Apply, ApplyOverConcurrent, Lose };
MergeAction merge_field(const FieldProvenance& current, std::int64_t base_version,
                        const std::string& device_id, const std::string& hlc);

// Sets one ordinary field on a student record, with the checks a registration makes on it
// (command_edit_student.cpp). NOT_FOUND for a guardian position the record does not have.
struct Student;
Result<void> set_student_field(Student& student, const std::string& field,
                               const std::string& value);
// Writes what changed between `before` and `after` (students row and guardians).
Result<void> save_student_fields(Database& db, const Student& before, const Student& after);

// The live row as a RecordImage.
Result<RecordImage> live_student_image(Database& db, const std::string& student_id);
// The record as it was at `server_time` (an ISO UTC time as stored in field_history), rebuilt
// from field_history alone; with a time at or after the last change it equals the live image.
Result<RecordImage> rebuild_student_as_of(Database& db, const std::string& student_id,
                                          const std::string& server_time);
// Server only (the tables are filled by server triggers): the current provenance of every field.
Result<std::vector<FieldProvenance>> student_provenance(Database& db,
                                                        const std::string& student_id);
Result<std::vector<FieldHistoryEntry>> student_field_history(Database& db,
                                                             const std::string& student_id);
// Automatic resolutions (status auto_lost) of students of schools whose division starts with
// `division_prefix` (a county's own list), newest first, at most `limit`.
Result<std::vector<FieldHistoryEntry>> auto_resolutions(Database& db,
                                                        const std::string& division_prefix,
                                                        int limit = 200);

}  // namespace xueji
