// The school's own registry work beyond registration (issue 6): editing a student's ordinary
// fields (EditStudent), the registrar roster (R16), this term's roster confirmation (R17) and
// the admitted list from the county's unified enrollment (R20). State here, commands in
// school.cpp, drawing in screens/school_screens.cpp; every rule is the core's.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "xueji/enrollment.hpp"
#include "xueji/field_edit.hpp"
#include "xueji/registrar_roster.hpp"
#include "xueji/term_verification.hpp"

namespace xueji::client {

struct App;

enum class SchoolTab { Roster, TermVerification, Enrollment };

// 修改学生信息: the ordinary fields as the device has them, and what the user typed.
struct EditStudentForm {
  std::string student_id;
  RecordImage original;                       // live image when the form opened
  std::map<std::string, std::string> values;  // field -> value being edited
  std::string error_code;                     // the core's refusal of the last save
  std::string error_field;
  std::string notice;  // "已保存" after a save
};

struct SchoolState {
  SchoolTab tab = SchoolTab::Roster;
  EditStudentForm edit;
  // R16 学籍管理员名单
  std::vector<Registrar> roster;
  std::string new_registrar_name;
  std::string new_registrar_phone;
  std::map<std::string, std::string> training_dates;  // registrar_id -> YYYY-MM-DD typed
  // R17 学期复核
  std::string term;  // "2026-autumn"
  std::optional<RosterSummary> summary;
  std::optional<SchoolTermStatus> term_status;
  // R20 统一招生录取
  std::vector<Admission> admissions;
  std::set<std::string> selected;              // admission ids ticked for bulk admission
  std::map<std::string, std::string> classes;  // admission id -> class name
  std::string admission_class;                 // the class for every ticked row without one
  // The last command's outcome on these screens.
  std::string error_code;
  std::string error_field;
  std::string notice;
};

// The term a date falls in: 1 Feb-31 Aug "YYYY-spring", otherwise "YYYY-autumn" (a January
// date belongs to the previous year's autumn term).
std::string term_of(int year, int month);

void open_school(App& app, SchoolTab tab);
void reload_school(App& app);
bool add_registrar(App& app);
bool record_training(App& app, const Registrar& registrar);
bool deactivate_registrar(App& app, const Registrar& registrar);
bool confirm_term_roster(App& app);
// AdmitEnrolledStudents for the ticked admissions, all or nothing.
bool admit_selected(App& app);

void open_edit_student(App& app, const std::string& student_id);
// The ordinary fields that changed, as EditStudent changes (base versions filled by the core).
std::vector<FieldChange> edit_changes(const EditStudentForm& form);
bool save_edit_student(App& app);

}  // namespace xueji::client
