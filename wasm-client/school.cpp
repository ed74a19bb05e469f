#include "school.hpp"

#include <cstdio>

#include "app.hpp"
#include "xueji/commands.hpp"
#include "xueji/uuid.hpp"

namespace xueji::client {
namespace {

void clear_outcome(SchoolState& school) {
  school.error_code.clear();
  school.error_field.clear();
  school.notice.clear();
}

void set_error(SchoolState& school, const Error& error) {
  school.error_code = std::string(code_name(error.code));
  school.error_field = error.field;
  school.notice.clear();
}

// Runs a command through the core on the device (outbox, the server's rules), then reloads.
bool run_school_command(App& app, const Command& command, std::string notice) {
  SchoolState& school = app.school;
  if (!app.registry || !app.session) {
    set_error(school, Error{ErrorCode::Unauthenticated, {}, {}});
    return false;
  }
  auto outcome = app.registry->submit(command, today(), now_iso());
  if (!outcome) {
    set_error(school, outcome.error());
    return false;
  }
  clear_outcome(school);
  school.notice = std::move(notice);
  user_committed(app);
  refresh(app);
  reload_school(app);
  return true;
}

std::optional<Actor> actor_of(const App& app) {
  if (!app.session) return std::nullopt;
  auto role = role_from_name(app.session->role);
  if (!role) return std::nullopt;
  return Actor{app.session->account, *role, app.session->unit_code, app.device_id};
}

}  // namespace

std::string term_of(int year, int month) {
  if (month >= 2 && month <= 8) return std::to_string(year) + "-spring";
  return std::to_string(month == 1 ? year - 1 : year) + "-autumn";
}

void open_school(App& app, SchoolTab tab) {
  app.school.tab = tab;
  clear_outcome(app.school);
  app.screen = Screen::School;
  reload_school(app);
}

void reload_school(App& app) {
  SchoolState& school = app.school;
  if (!app.registry || !app.session) return;
  Database& db = app.registry->database();
  const std::string& unit = app.session->unit_code;
  const Date now = today();
  school.term = term_of(now.year, now.month);
  switch (school.tab) {
    case SchoolTab::Roster:
      if (auto roster = registrar_roster(db, unit)) school.roster = std::move(roster.value());
      break;
    case SchoolTab::TermVerification: {
      school.summary.reset();
      school.term_status.reset();
      if (auto summary = school_roster_summary(db, unit)) school.summary = summary.value();
      // The device holds only its own school: the status of that one school for this term.
      if (auto status = term_verification_status(db, "", school.term)) {
        for (const SchoolTermStatus& entry : status->schools) {
          if (entry.school_code == unit) school.term_status = entry;
        }
      }
      break;
    }
    case SchoolTab::Enrollment:
      if (auto actor = actor_of(app)) {
        if (auto admissions = admissions_in_scope(db, *actor, 0))
          school.admissions = std::move(admissions.value());
      }
      break;
  }
}

bool add_registrar(App& app) {
  SchoolState& school = app.school;
  if (!app.session) return false;
  AddRegistrarToRoster add{new_uuid(), app.session->unit_code, school.new_registrar_name,
                           school.new_registrar_phone};
  if (!run_school_command(app, add, tr(Text::RegistrarAdded, app.lang))) return false;
  school.new_registrar_name.clear();
  school.new_registrar_phone.clear();
  return true;
}

bool record_training(App& app, const Registrar& registrar) {
  std::string date = app.school.training_dates[registrar.registrar_id];
  if (date.empty()) date = format_date(today());
  RecordRegistrarTraining training{registrar.registrar_id, date, {}};
  return run_school_command(app, training, tr(Text::TrainingRecorded, app.lang));
}

bool deactivate_registrar(App& app, const Registrar& registrar) {
  return run_school_command(app, DeactivateRegistrar{registrar.registrar_id},
                            tr(Text::RegistrarDeactivated, app.lang));
}

bool confirm_term_roster(App& app) {
  SchoolState& school = app.school;
  if (!app.session || !school.summary) return false;
  // 第二十三条: the digest of the roster the registrar saw; the core refuses a stale one.
  ConfirmTermRoster confirm{app.session->unit_code, school.term, school.summary->digest};
  return run_school_command(app, confirm, tr(Text::TermConfirmed, app.lang));
}

bool admit_selected(App& app) {
  SchoolState& school = app.school;
  AdmitEnrolledStudents admit;
  for (const Admission& admission : school.admissions) {
    if (!school.selected.count(admission.admission_id) || admission.state != "admitted") continue;
    std::string class_name = school.classes[admission.admission_id];
    if (class_name.empty()) class_name = school.admission_class;
    admit.students.push_back(AdmittedStudent{admission.admission_id, new_uuid(), class_name});
  }
  if (admit.students.empty()) {
    set_error(school, Error{ErrorCode::InvalidInput, "students", {}});
    return false;
  }
  char notice[160];
  std::snprintf(notice, sizeof notice, tr(Text::AdmittedCount, app.lang),
                static_cast<int>(admit.students.size()));
  if (!run_school_command(app, admit, notice)) return false;
  school.selected.clear();
  return true;
}

void open_edit_student(App& app, const std::string& student_id) {
  EditStudentForm& form = app.school.edit;
  form = EditStudentForm{};
  form.student_id = student_id;
  if (app.registry) {
    if (auto image = live_student_image(app.registry->database(), student_id))
      form.original = std::move(image.value());
  }
  for (std::string_view field : ordinary_student_fields()) {
    const auto found = form.original.find(std::string(field));
    form.values[std::string(field)] =
        found != form.original.end() && found->second ? *found->second : std::string();
  }
  for (const auto& [field, value] : form.original) {
    if (field.rfind("guardian.", 0) == 0 && is_ordinary_field(field))
      form.values[field] = value.value_or("");
  }
  app.screen = Screen::EditStudent;
}

std::vector<FieldChange> edit_changes(const EditStudentForm& form) {
  std::vector<FieldChange> changes;
  for (const auto& [field, value] : form.values) {
    const auto found = form.original.find(field);
    const std::string before =
        found != form.original.end() && found->second ? *found->second : std::string();
    if (value != before) changes.push_back(FieldChange{field, value, 0});
  }
  return changes;
}

bool save_edit_student(App& app) {
  EditStudentForm& form = app.school.edit;
  form.notice.clear();
  if (!app.registry || !app.session) return false;
  const std::vector<FieldChange> changes = edit_changes(form);
  if (changes.empty()) {
    form.error_code.clear();
    form.error_field.clear();
    form.notice = tr(Text::NothingChanged, app.lang);
    return false;
  }
  auto outcome = app.registry->edit_student(form.student_id, changes, today(), now_iso());
  if (!outcome) {
    form.error_code = std::string(code_name(outcome.error().code));
    form.error_field = outcome.error().field;
    return false;
  }
  user_committed(app);
  refresh(app);
  const std::string student_id = form.student_id;
  open_edit_student(app, student_id);  // the saved values become the new baseline
  app.school.edit.notice = tr(Text::EditSaved, app.lang);
  return true;
}

}  // namespace xueji::client
