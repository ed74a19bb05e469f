#include "xueji/field_edit.hpp"

#include <array>

namespace xueji {
namespace {

constexpr std::array<std::string_view, 11> kOrdinaryFields{
    "class_name",    "ethnicity",     "nationality",     "hukou_division",
    "hukou_address", "migrant_child", "left_behind",     "inclusive_class",
    "home_delivery", "disability",    "under_discipline"};
constexpr std::array<std::string_view, 11> kProtectedFields{
    "name",   "document_type", "id_number", "gender",          "birth_date", "registry_number",
    "status", "school_code",   "grade",     "enrollment_date", "student_id"};

}  // namespace

std::span<const std::string_view> ordinary_student_fields() {
  return kOrdinaryFields;
}

bool is_ordinary_field(std::string_view field) {
  for (auto f : kOrdinaryFields)
    if (f == field) return true;
  // guardian.N.name / relation / phone
  if (field.rfind("guardian.", 0) != 0) return false;
  auto rest = field.substr(9);
  auto dot = rest.find('.');
  if (dot == 0 || dot == std::string_view::npos || dot > 2) return false;
  for (char c : rest.substr(0, dot))
    if (c < '0' || c > '9') return false;
  auto column = rest.substr(dot + 1);
  return column == "name" || column == "relation" || column == "phone";
}

bool is_protected_field(std::string_view field) {
  for (auto f : kProtectedFields)
    if (f == field) return true;
  return false;
}

Result<RecordImage> live_student_image(Database&, const std::string&) {
  return RecordImage{};
}
Result<RecordImage> rebuild_student_as_of(Database&, const std::string&, const std::string&) {
  return RecordImage{};
}
Result<std::vector<FieldProvenance>> student_provenance(Database&, const std::string&) {
  return std::vector<FieldProvenance>{};
}
Result<std::vector<FieldHistoryEntry>> student_field_history(Database&, const std::string&) {
  return std::vector<FieldHistoryEntry>{};
}
Result<std::vector<FieldHistoryEntry>> auto_resolutions(Database&, const std::string&, int) {
  return std::vector<FieldHistoryEntry>{};
}

}  // namespace xueji
