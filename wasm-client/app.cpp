#include "app.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <utility>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "platform/platform.hpp"
#include "workflow_forms.hpp"
#include "xueji/blob_store.hpp"
#include "xueji/operation.hpp"
#include "xueji/session.hpp"
#include "xueji/sha256.hpp"
#include "xueji/student_search.hpp"
#include "xueji/uuid.hpp"
#include "xueji/workflow_store.hpp"
#include "xueji/working_days.hpp"

namespace xueji::client {
namespace {

constexpr int kPushBatchSize = 100;
// Reachability probes: rarely while the server answers, often while it does not.
constexpr std::chrono::seconds kProbeWhenReachable{30};
constexpr std::chrono::seconds kProbeWhenUnreachable{5};
// Auto sync (issue 6): every 5 minutes while online, and 3 s after the last command the user
// committed, so a registrar entering a class is not interrupted by a sync per student.
constexpr std::chrono::minutes kAutoSyncEvery{5};
constexpr std::chrono::seconds kAutoSyncAfterCommit{3};
constexpr double kStorageWarnShare = 0.8;

std::tm local_now() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return local;
}

std::string format_text(Text text, Lang lang, int value) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, tr(text, lang), value);
  return buffer;
}

// Server error bodies carry a stable code; the message shown is always the local catalogue's,
// so it follows the language toggle. Bodies that are not error bodies fall back to HTTP status.
std::string message_for_response(const App& app, const platform::HttpResponse& response) {
  if (auto body = parse_error_body(response.body); body && !body->code.empty()) {
    const std::string& server_text = app.lang == Lang::Zh ? body->message_zh : body->message_en;
    return error_message(app, body->code, server_text);
  }
  return format_text(Text::ServerError, app.lang, response.status);
}

std::string code_for_response(const platform::HttpResponse& response) {
  if (auto body = parse_error_body(response.body); body && !body->code.empty()) return body->code;
  return "HTTP_" + std::to_string(response.status);
}

void finish_sync(App& app, bool ok, std::string error_code = {}, std::string error = {}) {
  app.sync.in_progress = false;
  app.sync.attempted = true;
  app.sync.ok = ok;
  app.sync.finished_at = now_clock();
  app.sync.error_code = std::move(error_code);
  app.sync.error = std::move(error);
  staff_after_sync(app);
  // Attachments go after the records, in the background: the next record sync never waits.
  if (ok) start_uploads(app);
}

void push_next_batch(App& app);
void pull_next_page(App& app);

// One pull page answered: into the mirror, rebased, then the next page while there are more.
void on_pull_response(App& app, std::int64_t cursor_before,
                      const platform::HttpResponse& response) {
  if (response.status == 0) {
    app.server_reachable = false;
    return finish_sync(app, false, "NETWORK", tr(Text::ServerUnreachable, app.lang));
  }
  if (response.status == 401) app.session_expired = true;
  if (response.status != 200) {
    return finish_sync(app, false, code_for_response(response),
                       message_for_response(app, response));
  }
  auto page = app.registry->apply_pull_page(response.body);
  if (!page) {
    const std::string code(code_name(page.error().code));
    return finish_sync(app, false, code, error_message(app, code, {}));
  }
  app.sync.pulled += page->upserted + page->removed;
  app.sync.remaining = page->remaining;
  if (page->upserted + page->removed > 0) {
    committed(app);  // each page is durable on its own: a cut resumes after it
    refresh(app);
  }
  // More pages only while the cursor moves, so a confused server cannot spin this loop.
  if (page->has_more && app.registry->pull_cursor() > cursor_before) return pull_next_page(app);
  finish_sync(app, true);
}

void pull_next_page(App& app) {
  if (!app.registry || !app.session) {
    return finish_sync(app, false, "UNAUTHENTICATED", error_message(app, "UNAUTHENTICATED", {}));
  }
  const std::int64_t cursor_before = app.registry->pull_cursor();
  platform::http_get(
      "/api/sync/pull?" + app.registry->pull_query(),
      [&app, cursor_before](platform::HttpResponse response) {
        on_pull_response(app, cursor_before, response);
      },
      app.session->token);
}

// One push batch answered: verdicts into the local database, then the next batch if any.
void on_push_response(App& app, int pending_before, const platform::HttpResponse& response) {
  if (response.status == 0) {
    app.server_reachable = false;
    return finish_sync(app, false, "NETWORK", tr(Text::ServerUnreachable, app.lang));
  }
  app.server_reachable = true;
  if (response.status == 401) app.session_expired = true;
  if (response.status != 200) {
    return finish_sync(app, false, code_for_response(response),
                       message_for_response(app, response));
  }
  auto applied = app.registry->apply_push_response(response.body);
  if (!applied) {
    const std::string code(code_name(applied.error().code));
    return finish_sync(app, false, code, error_message(app, code, {}));
  }
  app.sync.summary.applied += applied->applied;
  app.sync.summary.rejected += applied->rejected;
  app.sync.summary.conflicts += applied->conflicts;
  committed(app);
  refresh(app);
  // Another batch only while the outbox shrinks: verdicts the core keeps for a retry (a server
  // storage hiccup) must not spin this loop.
  if (app.pending > 0 && app.pending < pending_before) return push_next_batch(app);
  pull_next_page(app);
}

void push_next_batch(App& app) {
  if (!app.registry || !app.session) {
    return finish_sync(app, false, "UNAUTHENTICATED", error_message(app, "UNAUTHENTICATED", {}));
  }
  std::optional<std::string> body = app.registry->build_push_body(kPushBatchSize);
  if (!body) return pull_next_page(app);  // nothing to send: straight to the pull
  const int pending_before = app.registry->pending_count();
  platform::http_post("/api/sync/push", *body, app.session->token,
                      [&app, pending_before](platform::HttpResponse response) {
                        on_push_response(app, pending_before, response);
                      });
}

}  // namespace

const char* screen_name(Screen screen) {
  switch (screen) {
    case Screen::Loading:
      return "loading";
    case Screen::StorageFailed:
      return "storage_failed";
    case Screen::Login:
      return "login";
    case Screen::Students:
      return "students";
    case Screen::Register:
      return "register";
    case Screen::StudentDetail:
      return "student_detail";
    case Screen::TransferIn:
      return "transfer_in";
    case Screen::Approvals:
      return "approvals";
    case Screen::ReviewCases:
      return "review_cases";
    case Screen::Statistics:
      return "statistics";
    case Screen::EditStudent:
      return "edit_student";
    case Screen::School:
      return "school";
  }
  return "unknown";
}

bool App::online() const {
  return platform::network_available() && server_reachable.value_or(false);
}

bool App::checking_connection() const {
  return platform::network_available() && !server_reachable.has_value();
}

void tick(App& app) {
  const auto now = std::chrono::steady_clock::now();
  app.rare_fonts.update(now);
  const bool online = app.online();
  app.rare_fonts.prefetch(online && !app.sync.in_progress, now);
  if (online && !app.was_online) app.rare_fonts.retry_now();
  app.was_online = online;
  if (!online) app.auto_synced = false;  // the next return online syncs
  if (online && app.session && app.registry && !app.session_expired && !app.sync.in_progress) {
    const bool due = !app.auto_synced || now >= app.next_periodic_sync ||
                     (app.sync_after_commit && now >= *app.sync_after_commit);
    if (due) start_sync(app, true);
  }
  if (app.probe_in_flight || now < app.next_probe || !platform::network_available()) return;
  app.probe_in_flight = true;
  platform::http_get("/api/health", [&app](platform::HttpResponse response) {
    app.probe_in_flight = false;
    app.server_reachable = response.status != 0;
    app.next_probe = std::chrono::steady_clock::now() +
                     (response.status != 0 ? kProbeWhenReachable : kProbeWhenUnreachable);
  });
}

Date today() {
  const std::tm local = local_now();
  return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

std::string now_iso() {
  const std::tm local = local_now();
  char buffer[40];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S%z", &local);
  return buffer;
}

std::string now_clock() {
  const std::tm local = local_now();
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%H:%M:%S", &local);
  return buffer;
}

std::string error_message(const App& app, const std::string& code, const std::string& fallback) {
  if (auto known = code_from_name(code)) return std::string(message(*known, app.lang));
  return fallback.empty() ? code : fallback;
}

StudentRegistration registration_of(const RegisterForm& form) {
  StudentRegistration input;
  input.name = form.name;
  input.id_number = form.id_number;
  input.enrollment_date = form.enrollment_date;
  input.grade = form.grade;
  input.class_name = form.class_name;
  return input;
}

std::string form_error_code(const App& app) {
  if (!app.form.error_code.empty()) return app.form.error_code;
  if (!app.session || !app.form.touched) return {};
  auto checked = validate_registration(registration_of(app.form), app.session->unit_code, today());
  return checked ? std::string() : std::string(code_name(checked.error().code));
}

std::string registered_notice(const App& app) {
  if (!app.last_registered) return {};
  char line[512];
  std::snprintf(line, sizeof line, tr(Text::Registered, app.lang),
                app.last_registered->name.c_str(), app.last_registered->registry_number.c_str());
  return line;
}

std::string response_error_text(const App& app, int status, const std::string& body) {
  if (status == 0) return tr(Text::ServerUnreachable, app.lang);
  return message_for_response(app, platform::HttpResponse{status, body});
}

std::string response_error_code(int status, const std::string& body) {
  if (status == 0) return "NETWORK";
  return code_for_response(platform::HttpResponse{status, body});
}

const char* review_decision_label(const std::string& decision, Lang lang) {
  if (decision == "keep_a") return tr(Text::CaseKeepA, lang);
  if (decision == "keep_b") return tr(Text::CaseKeepB, lang);
  if (decision == "merge") return tr(Text::CaseMerge, lang);
  if (decision == "escalate") return tr(Text::CaseEscalate, lang);
  return "";
}

void open_staff_screen(App& app, Screen screen) {
  app.screen = screen;
  switch (screen) {
    case Screen::Approvals:
      app.staff.approval_notice.clear();
      load_approvals(app);
      break;
    case Screen::ReviewCases:
      load_review_cases(app);
      if (app.staff.case_detail) open_review_case(app, app.staff.case_detail->summary.case_id);
      break;
    case Screen::Statistics:
      load_statistics(app);
      break;
    default:
      break;
  }
}

void open_storage(App& app) {
  auto opened = LocalRegistry::open(platform::database_path());
  if (!opened) {
    app.screen = Screen::StorageFailed;
    app.storage_error_code = std::string(code_name(opened.error().code));
    return;
  }
  app.registry.emplace(std::move(opened.value()));
  app.device_id = app.registry->device_id();
  app.session = app.registry->session();
  app.screen = app.session ? Screen::Students : Screen::Login;
  app.form.enrollment_date = format_date(today());
  // Opening may have created or migrated the database and minted the device id.
  committed(app);
  refresh(app);
}

void refresh(App& app) {
  if (!app.registry) return;
  app.all_students = app.registry->list_students("");
  app.student_count = static_cast<int>(app.all_students.size());
  apply_search(app);
  app.pending = app.registry->pending_count();
  app.uploads.pending = pending_upload_count(app.registry->database());
  app.rejections = app.registry->rejections();
  app.review_cases = app.registry->review_cases();

  // Everything the screens may show from the data: its characters the atlas lacks are loaded.
  std::set<unsigned int> missing;
  // All students, not only the filtered ones: a search or a scroll then finds every glyph there.
  for (const LocalStudent& entry : app.all_students) {
    collect_missing_glyphs(entry.student.name, missing);
    collect_missing_glyphs(entry.student.class_name, missing);
  }
  for (const Rejection& rejection : app.rejections) {
    collect_missing_glyphs(rejection.student_name, missing);
  }
  if (app.session) {
    collect_missing_glyphs(app.session->display_name, missing);
    collect_missing_glyphs(app.session->unit_name, missing);
  }
  app.data_glyphs = std::move(missing);
  app.rare_fonts.want(app.data_glyphs);
}

// --- Workflows ------------------------------------------------------------------------------

namespace {

void reload_detail(App& app) {
  app.detail_workflows.clear();
  if (!app.registry || app.detail_student_id.empty()) return;
  auto loaded = workflows_of_student(app.registry->database(), app.detail_student_id);
  if (!loaded) return;
  app.detail_workflows = std::move(loaded.value());
  std::sort(app.detail_workflows.begin(), app.detail_workflows.end(),
            [](const Workflow& a, const Workflow& b) { return a.started_on > b.started_on; });
}

// Runs a workflow command through the core on the device (outbox, same rules as the server).
bool run_workflow_command(App& app, const Command& command, const std::string& notice) {
  if (!app.registry || !app.session) return false;
  auto outcome = app.registry->submit(command, today(), now_iso());
  if (!outcome) {
    app.draft.error_code = std::string(code_name(outcome.error().code));
    app.draft.error_field = outcome.error().field;
    return false;
  }
  app.draft.error_code.clear();
  app.draft.error_field.clear();
  app.workflow_notice = notice;
  user_committed(app);
  refresh(app);
  reload_detail(app);
  return true;
}

}  // namespace

void fix_rejection(App& app, const Rejection& rejection) {
  const RegisterForm previous = app.form;
  app.form = RegisterForm{};
  app.form.name = rejection.student_name;
  app.form.enrollment_date = previous.enrollment_date;
  app.form.grade = previous.grade;
  app.form.class_name = previous.class_name;
  app.fixing_rejection = rejection.op_id;
  app.screen = Screen::Register;
}

void open_student(App& app, const std::string& student_id) {
  app.detail_student_id = student_id;
  app.workflow_notice.clear();
  choose_workflow_kind(app, WorkflowKind::Suspension);
  reload_detail(app);
  app.screen = Screen::StudentDetail;
}

void open_transfer_in(App& app) {
  app.workflow_notice.clear();
  choose_workflow_kind(app, WorkflowKind::Transfer);
  app.screen = Screen::TransferIn;
}

const Student* detail_student(const App& app) {
  for (const LocalStudent& entry : app.all_students) {
    if (entry.student.student_id == app.detail_student_id) return &entry.student;
  }
  return nullptr;
}

void choose_workflow_kind(App& app, WorkflowKind kind) {
  app.draft = WorkflowDraft{};
  app.draft.kind = kind;
}

void attach_proof(App& app, const std::string& kind, bool camera) {
  if (app.draft.picking) return;
  app.draft.picking = true;
  platform::pick_file(
      [&app, kind](bool ok, std::string bytes) {
        app.draft.picking = false;
        if (!ok || bytes.empty()) return;
        // The proof is the file's SHA-256 (R18 evidence); the bytes stay on the device and go up
        // in the background after the record sync (uploads.cpp). JPEG, PNG or PDF, ≤ 10 MB.
        const std::string hash = keep_attachment(app, bytes, kind);
        if (hash.empty()) return;
        auto& proofs = app.draft.proofs;
        proofs.erase(std::remove_if(proofs.begin(), proofs.end(),
                                    [&](const Proof& p) { return p.kind == kind; }),
                     proofs.end());
        proofs.push_back(Proof{kind, hash});
      },
      camera);
}

bool submit_workflow(App& app) {
  StartWorkflow start;
  start.workflow_id = new_uuid();
  start.kind = std::string(workflow_kind_name(app.draft.kind));
  // 第十一条(二): a transfer is applied for at the receiving school, naming the student in the
  // details; every other kind concerns the student on the detail screen.
  if (app.draft.kind != WorkflowKind::Transfer) start.student_id = app.detail_student_id;
  for (const auto& [key, value] : app.draft.details) {
    if (!value.empty()) start.details[key] = value;
  }
  start.proofs = app.draft.proofs;
  char notice[256];
  std::snprintf(notice, sizeof notice, tr(Text::WorkflowStarted, app.lang),
                kind_label(app.draft.kind, app.lang));
  if (!run_workflow_command(app, start, notice)) return false;
  const WorkflowKind kind = app.draft.kind;
  choose_workflow_kind(app, kind);  // an empty form for the next one
  return true;
}

bool decide_open_step(App& app, const Workflow& workflow, bool approve) {
  const WorkflowStep* step = workflow.open_step();
  if (!step) return false;
  DecideStep decide{workflow.workflow_id, step->position, approve, {}, {}};
  return run_workflow_command(app, decide,
                              tr(approve ? Text::StepApproved : Text::StepRejected, app.lang));
}

bool withdraw_workflow(App& app, const Workflow& workflow) {
  return run_workflow_command(app, WithdrawWorkflow{workflow.workflow_id, {}},
                              tr(Text::WorkflowWithdrawn, app.lang));
}

bool step_is_mine(const App& app, const WorkflowStep& step) {
  return app.session && step.state == StepState::Open &&
         (step.party == Party::School || step.party == Party::SendingSchool) &&
         step.unit_code == app.session->unit_code;
}

std::string deadline_text(const App& app, const WorkflowStep& step) {
  auto deadline = parse_date(step.deadline);
  if (step.deadline.empty() || !deadline) return {};
  char text[160];
  auto left = working_days_between(today(), *deadline);
  if (!left) {
    std::snprintf(text, sizeof text, tr(Text::DeadlineOnly, app.lang), step.deadline.c_str());
  } else if (*left >= 0) {
    std::snprintf(text, sizeof text, tr(Text::DeadlineLeft, app.lang), step.deadline.c_str(),
                  *left);
  } else {
    std::snprintf(text, sizeof text, tr(Text::DeadlineOverdue, app.lang), step.deadline.c_str(),
                  -*left);
  }
  return text;
}

void record_frame_time(App& app, double ms) {
  app.last_frame_ms = ms;
  if (app.search != app.frame_search) {
    if (ms > app.max_search_frame_ms) app.max_search_phases = app.phases;
    app.max_search_frame_ms = std::max(app.max_search_frame_ms, ms);
    app.last_search_frame_ms = ms;
    app.last_search_phases = app.phases;
    ++app.search_frames;
    app.frame_search = app.search;
  }
}

void apply_search(App& app) {
  const auto started = std::chrono::steady_clock::now();
  app.students.clear();
  for (const LocalStudent& entry : app.all_students) {
    if (student_matches(entry.student, app.search)) app.students.push_back(entry);
  }
  app.filter_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
}

std::optional<std::string> character_from_code_point(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.size() > 2 && (text[0] == 'U' || text[0] == 'u') && text[1] == '+')
    text.remove_prefix(2);
  else if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    text.remove_prefix(2);
  if (text.empty() || text.size() > 6) return std::nullopt;
  char32_t cp = 0;
  for (char c : text) {
    int digit = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
    if (digit < 0) return std::nullopt;
    cp = cp * 16 + static_cast<char32_t>(digit);
  }
  // Printable scalar values only: no controls, surrogates or noncharacters.
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF ||
      (cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF))
    return std::nullopt;
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

bool insert_code_point(CodePointEntry& entry, std::string& target) {
  auto character = character_from_code_point(entry.text);
  if (!character) {
    entry.error_code = "INVALID_CODE_POINT";
    return false;
  }
  target += *character;
  entry.text.clear();
  entry.error_code.clear();
  return true;
}

void after_frame(App& app) {
  std::set<unsigned int> typed;
  for (const std::string* text :
       {&app.form.name, &app.form.class_name, &app.search, &app.login.username}) {
    collect_missing_glyphs(*text, typed);
  }
  if (typed != app.input_glyphs) {
    app.input_glyphs = std::move(typed);
    app.rare_fonts.want(app.input_glyphs);
  }
  int missing = 0;
  for (const auto* glyphs : {&app.data_glyphs, &app.input_glyphs}) {
    for (unsigned int code_point : *glyphs) missing += atlas_has_glyph(code_point) ? 0 : 1;
  }
  app.missing_glyphs = missing;
}

void committed(App& app) {
  const std::uint64_t generation = ++app.commits;
  platform::persist([&app, generation](bool ok) {
    if (!ok) {
      app.save_failed = true;
      return;
    }
    if (generation > app.durable_commits) app.durable_commits = generation;
    app.save_failed = false;
    if (generation == app.registration_commit.generation)
      app.registration_commit.durable_ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                    app.registration_commit.started)
              .count();
  });
}

namespace {

// Enough iterations that guessing from a stolen device costs time, few enough for a phone to
// check in a fraction of a second (SHA-256 in plain C++, no crypto library in the wasm build).
constexpr int kVerifierIterations = 20000;

std::string unlock_path() {
  return platform::database_path() + "-unlock.json";
}

rapidjson::Document read_unlock_file() {
  rapidjson::Document doc;
  std::ifstream in(unlock_path(), std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (doc.Parse(text.str().c_str()).HasParseError() || !doc.IsObject()) doc.SetObject();
  return doc;
}

void remember_for_offline_unlock(App& app, const std::string& account, const std::string& password,
                                 const std::string& session_body) {
  rapidjson::Document doc = read_unlock_file();
  auto& alloc = doc.GetAllocator();
  const std::string salt = new_uuid();
  rapidjson::Value entry(rapidjson::kObjectType);
  entry.AddMember("salt", rapidjson::Value(salt.c_str(), alloc), alloc);
  entry.AddMember("iterations", kVerifierIterations, alloc);
  entry.AddMember(
      "verifier",
      rapidjson::Value(password_verifier(account, password, salt, kVerifierIterations).c_str(),
                       alloc),
      alloc);
  entry.AddMember("session", rapidjson::Value(session_body.c_str(), alloc), alloc);
  doc.RemoveMember(account.c_str());
  doc.AddMember(rapidjson::Value(account.c_str(), alloc), entry, alloc);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  doc.Accept(writer);
  std::ofstream out(unlock_path(), std::ios::binary | std::ios::trunc);
  out << buffer.GetString();
  out.close();
  committed(app);  // persisted with the database (IDBFS in the browser)
}

}  // namespace

std::string password_verifier(const std::string& account, const std::string& password,
                              const std::string& salt, int iterations) {
  std::string digest = sha256_hex(salt + '\n' + account + '\n' + password);
  for (int i = 1; i < iterations; ++i) digest = sha256_hex(digest + salt);
  return digest;
}

std::string unlock_offline(App& app, const std::string& account, const std::string& password) {
  if (!app.registry) return tr(Text::LoginNeedsNetwork, app.lang);
  const rapidjson::Document doc = read_unlock_file();
  const auto found = doc.FindMember(account.c_str());
  if (found == doc.MemberEnd() || !found->value.IsObject() || !found->value.HasMember("salt") ||
      !found->value.HasMember("verifier") || !found->value.HasMember("session"))
    return tr(Text::OfflineUnknownAccount, app.lang);
  const rapidjson::Value& entry = found->value;
  const int iterations = entry.HasMember("iterations") && entry["iterations"].IsInt()
                             ? entry["iterations"].GetInt()
                             : kVerifierIterations;
  if (password_verifier(account, password, entry["salt"].GetString(), iterations) !=
      entry["verifier"].GetString())
    return tr(Text::OfflineWrongPassword, app.lang);
  auto session = parse_session(entry["session"].GetString());
  if (!session) return tr(Text::OfflineUnknownAccount, app.lang);
  if (session->device_id.empty()) session->device_id = app.device_id;
  if (auto saved = app.registry->save_session(*session); !saved)
    return error_message(app, std::string(code_name(saved.error().code)), {});
  committed(app);
  app.session = std::move(session.value());
  app.offline_unlocked = true;
  app.session_expired = false;
  app.login.password.clear();
  app.screen = Screen::Students;
  refresh(app);
  return {};
}

void start_login(App& app) {
  if (app.login.busy || !app.registry) return;
  app.login.busy = true;
  app.login.error.clear();
  const LoginRequest request{app.login.username, app.login.password, app.device_id};
  if (!platform::network_available()) {  // no network at all: straight to the local verifier
    app.login.busy = false;
    app.login.error = unlock_offline(app, app.login.username, app.login.password);
    return;
  }
  platform::http_post("/api/login", to_json(request), {}, [&app](platform::HttpResponse response) {
    app.login.busy = false;
    if (response.status == 0) {
      app.server_reachable = false;
      app.login.error = unlock_offline(app, app.login.username, app.login.password);
      return;
    }
    app.server_reachable = true;
    if (response.status != 200) {
      app.login.error = message_for_response(app, response);
      return;
    }
    auto session = parse_session(response.body);
    if (!session) {
      app.login.error = error_message(app, std::string(code_name(session.error().code)), {});
      return;
    }
    if (session->device_id.empty()) session->device_id = app.device_id;
    if (auto saved = app.registry->save_session(*session); !saved) {
      app.login.error = error_message(app, std::string(code_name(saved.error().code)), {});
      return;
    }
    remember_for_offline_unlock(app, app.login.username, app.login.password, response.body);
    committed(app);
    app.session = std::move(session.value());
    app.offline_unlocked = false;
    app.session_expired = false;
    app.auto_synced = false;  // sync right after signing in
    app.login.password.clear();
    app.staff = StaffState{};
    refresh(app);
    // Staff start where their work is: the approvals of their scope (S4).
    if (is_staff(app))
      open_staff_screen(app, Screen::Approvals);
    else
      app.screen = Screen::Students;
  });
}

void logout(App& app) {
  if (!app.registry) return;
  // Only the session goes: pending registrations stay in the outbox for the next sign-in.
  if (auto cleared = app.registry->clear_session(); cleared) committed(app);
  app.session.reset();
  app.staff = StaffState{};
  app.session_expired = false;
  app.login.password.clear();
  app.screen = Screen::Login;
}

void start_sync(App& app, bool automatic) {
  if (app.sync.in_progress || !app.session || !app.registry) return;
  const auto now = std::chrono::steady_clock::now();
  app.auto_synced = true;
  app.sync_after_commit.reset();
  app.next_periodic_sync = now + kAutoSyncEvery;
  app.sync.in_progress = true;
  app.sync.automatic = automatic;
  app.sync.started = now;
  app.sync.summary = {};
  app.sync.pulled = 0;
  app.sync.remaining = 0;
  // "Registered" feedback is stale once the user asks for a sync; an automatic one keeps it.
  if (!automatic) app.last_registered.reset();
  push_next_batch(app);
}

void user_committed(App& app) {
  committed(app);
  app.sync_after_commit = std::chrono::steady_clock::now() + kAutoSyncAfterCommit;
}

double storage_used_share() {
  const platform::StorageEstimate estimate = platform::storage_estimate();
  return estimate.quota > 0 ? estimate.usage / estimate.quota : 0.0;
}

bool storage_nearly_full() {
  return storage_used_share() > kStorageWarnShare;
}

bool submit_registration(App& app) {
  if (!app.registry || !app.session) return false;
  RegisterForm& form = app.form;
  form.touched = true;
  StudentRegistration input = registration_of(form);
  input.student_id = new_uuid();
  // A registration fixed from 需处理 keeps the refused one's record id: the server then knows
  // the school settled it and closes the review case it opened (close_stale_review_cases).
  if (!app.fixing_rejection.empty())
    for (const auto& rejection : app.registry->rejections())
      if (rejection.op_id == app.fixing_rejection)
        if (auto refused = parse_operation(rejection.body); refused)
          if (const auto* r = std::get_if<RegisterStudent>(&refused->command))
            input.student_id = r->registration.student_id;
  const auto started = std::chrono::steady_clock::now();
  auto registered = app.registry->register_student(input, today(), now_iso());
  const double local_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!registered) {
    form.error_code = std::string(code_name(registered.error().code));
    form.error_field = registered.error().field;
    return false;
  }
  if (!app.fixing_rejection.empty()) {
    // The corrected registration is saved either way; a failure here only leaves the old line
    // under 需处理, where it can be fixed again.
    if (auto resolved = app.registry->resolve_rejection(app.fixing_rejection); resolved)
      app.fixing_rejection.clear();
  }
  app.registration_commit = App::CommitTiming{started, local_ms, 0, app.commits + 1};
  user_committed(app);
  app.last_registered = registered.value();
  const std::string keep_date = form.enrollment_date;
  const int keep_grade = form.grade;
  const std::string keep_class = form.class_name;
  form = RegisterForm{};
  // A registrar enters a class at a time: the class fields stay for the next student.
  form.enrollment_date = keep_date;
  form.grade = keep_grade;
  form.class_name = keep_class;
  refresh(app);
  return true;
}

}  // namespace xueji::client
