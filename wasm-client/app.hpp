// The client's state and the commands its screens trigger. Everything here is platform-neutral:
// storage, HTTP and text input go through platform/platform.hpp; rules and SQL stay in the core.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "automation.hpp"
#include "rare_fonts.hpp"
#include "school.hpp"
#include "staff.hpp"
#include "strings.hpp"
#include "xueji/local_registry.hpp"
#include "xueji/workflow.hpp"

namespace xueji::client {

enum class Screen {
  Loading,
  StorageFailed,
  Login,
  Students,
  Register,
  StudentDetail,
  TransferIn,
  // County/city/province staff, online (S4).
  Approvals,
  ReviewCases,
  Statistics,
  EditStudent,  // school.hpp
  School,       // school.hpp: R16 roster, R17 term verification, R20 admissions
};
const char* screen_name(Screen screen);

struct LoginForm {
  std::string username;
  std::string password;
  bool busy = false;
  std::string error;  // already translated
};

// Entering a character by its code point ("U+2020C"), for 生僻字 no input method offers.
struct CodePointEntry {
  std::string text;
  std::string error_code;  // "" or "INVALID_CODE_POINT" (client-side, catalogue message)
};

struct RegisterForm {
  std::string name;
  CodePointEntry code_point;
  std::string id_number;
  std::string enrollment_date;
  int grade = 1;
  std::string class_name;
  bool touched = false;    // validation messages appear once something was typed
  std::string error_code;  // ErrorCode name of the current validation or submit failure
  std::string error_field;
};

// A workflow being filled in (student detail or transfer-in screen) before StartWorkflow.
struct WorkflowDraft {
  WorkflowKind kind = WorkflowKind::Suspension;
  Details details;
  std::vector<Proof> proofs;  // attached files: kind + SHA-256 of the bytes
  bool picking = false;       // the file picker is open
  std::string error_code;     // the core's refusal of the last submit
  std::string error_field;
};

struct SyncStatus {
  bool in_progress = false;
  bool attempted = false;
  bool ok = false;
  std::string finished_at;     // HH:MM:SS local time
  SyncSummary summary;         // summed over the batches of the last run
  int pulled = 0;              // entities received by the pull of the last run
  std::int64_t remaining = 0;  // entities the server still has for us (progress)
  bool automatic = false;      // started by auto sync, not by the 同步 button
  std::chrono::steady_clock::time_point started{};
  std::string error;       // translated, when !ok
  std::string error_code;  // ErrorCode name, or "NETWORK"/"HTTP_<status>"
};

// The background upload of attachments (uploads.cpp): apart from the record sync, which never
// waits for it (docs/SYNC.md, "Attachments").
struct UploadStatus {
  bool in_progress = false;
  int pending = 0;                 // blobs in the upload queue (待上传 n 个附件)
  std::int64_t sent_bytes = 0;     // confirmed by the server during this run
  std::string error_code;          // why the last run stopped early ("NETWORK", a code), or ''
  std::vector<std::string> tried;  // blobs given up on in this run (refused): not retried
};

struct App {
  Lang lang = Lang::Zh;
  Screen screen = Screen::Loading;
  std::optional<LocalRegistry> registry;
  std::optional<Session> session;
  std::string device_id;

  // Persistence: the UI says 已保存 only when every commit so far is durable.
  std::uint64_t commits = 0;
  std::uint64_t durable_commits = 0;
  bool save_failed = false;

  // Whether the last request reached the server (the browser's navigator.onLine aside);
  // unknown until the first probe of /api/health answers.
  std::optional<bool> server_reachable;
  bool probe_in_flight = false;
  std::chrono::steady_clock::time_point next_probe{};
  bool session_expired = false;
  SyncStatus sync;
  UploadStatus uploads;
  // Auto sync while online: once per sign-in or return online, every kAutoSyncEvery, and
  // kAutoSyncAfterCommit after the last command the user committed (debounced).
  bool auto_synced = false;  // since sign-in / since the server was last reachable
  bool was_online = false;   // online() in the last tick
  std::optional<std::chrono::steady_clock::time_point> sync_after_commit;
  std::chrono::steady_clock::time_point next_periodic_sync{};

  std::string search;
  CodePointEntry search_code_point;
  std::vector<LocalStudent> all_students;  // the local list, reloaded by refresh()
  std::vector<LocalStudent> students;      // all_students filtered by `search` (in memory)
  double filter_ms = 0;                    // the last search filter's duration
  // Frame cost (CPU, from input to the draw calls issued): the last frame, and the slowest
  // frame in which the search text changed (a keystroke to its frame).
  double last_frame_ms = 0;
  double max_search_frame_ms = 0;
  // Where the slowest search frame spent its time (ms): tick, draw (screens + ImGui), after
  // (glyph bookkeeping), render (ImGui::Render + GL submit). Measured, not guessed (issue 6).
  struct FramePhases {
    double tick = 0, draw = 0, after = 0, render = 0;
    // What the frame sent to WebGL (bench: vertices and draw calls rasterised); submitted is
    // false when the frame equalled the last one and nothing was drawn.
    int vertices = 0, indices = 0, draw_calls = 0;
    bool submitted = false;
    double started_at = 0;  // the page's clock (performance.now()) when the frame began
  };
  FramePhases phases;             // this frame, filled by the main loop
  FramePhases max_search_phases;  // of the frame max_search_frame_ms was measured in
  // The latest frame in which the search text changed (bench: each keystroke's own frame).
  double last_search_frame_ms = 0;
  FramePhases last_search_phases;
  std::uint64_t search_frames = 0;  // frames in which the search text changed
  // The latest registration's local commit (bench, issue 7): the command in SQLite
  // (local_ms), and from the command to IndexedDB's callback that it is durable (durable_ms,
  // 0 until then). generation: its commit number (durable once durable_commits reaches it).
  struct CommitTiming {
    std::chrono::steady_clock::time_point started{};
    double local_ms = 0, durable_ms = 0;
    std::uint64_t generation = 0;
  };
  CommitTiming registration_commit;
  std::string frame_search;
  int student_count = 0;  // all local students
  int pending = 0;
  std::vector<Rejection> rejections;
  // 生僻字: characters of the displayed data (at refresh) and of the text fields (each frame)
  // the atlas lacked; RareFonts loads them. missing_glyphs: those it still cannot draw.
  RareFonts rare_fonts;
  std::set<unsigned int> data_glyphs;
  std::set<unsigned int> input_glyphs;
  int missing_glyphs = 0;
  std::optional<Student> last_registered;  // feedback line on the list after a registration
  std::string storage_error_code;          // why the local database could not be opened

  LoginForm login;
  RegisterForm form;
  // Student detail (学生详情) and workflows.
  std::string detail_student_id;
  std::vector<Workflow> detail_workflows;  // the student's, newest first
  WorkflowDraft draft;
  std::string workflow_notice;
  std::string fixing_rejection;  // op_id of the rejection the register form is correcting  //
                                 // "已提交：休学" after a start/decision ('' if none)
  // The review cases of this device's scope as last pulled (a school sees the decision).
  std::vector<ReviewCase> review_cases;
  StaffState staff;  // the staff screens' data (online only)
  Automation automation;
  SchoolState school;             // edit student, R16, R17, R20 (school.hpp)
  bool offline_unlocked = false;  // signed in against the local verifier, not the server
  bool compact = false;           // a phone-width screen (< 600 px): one-column, touch sizes

  bool online() const;
  bool checking_connection() const;  // the browser has a network, the first probe is out
  bool saved() const { return durable_commits == commits && !save_failed; }
  // 已同步: nothing in the outbox and nothing under 需处理.
  bool fully_synced() const { return pending == 0 && rejections.empty(); }
};

// Opens the local database once storage is loaded; resumes a saved session.
void open_storage(App& app);
// Reloads list, counts and rejections from the local database after anything changed.
void refresh(App& app);
// Filters the loaded list by `search` (student_matches, no database work): per keystroke.
void apply_search(App& app);
// Once per frame: probes /api/health now and then so 在线/离线 is true before any sync.
void tick(App& app);
// A frame took `ms` (main loop): kept for the perf figures of the state hook.
void record_frame_time(App& app, double ms);
// After drawing a frame: characters typed into fields are wanted too; missing_glyphs recounted.
void after_frame(App& app);
// Records that a command committed and asks the platform to make it durable.
void committed(App& app);

void start_login(App& app);
// Offline unlock (issue 6): after an online sign-in the device keeps, per account, a salted and
// iterated SHA-256 verifier of the password (never the password) with the session, next to
// the local database. Signing in without a server checks the password against it.
std::string password_verifier(const std::string& account, const std::string& password,
                              const std::string& salt, int iterations);
// The error text, or empty when unlocked (app.session set, app.offline_unlocked).
std::string unlock_offline(App& app, const std::string& account, const std::string& password);
void logout(App& app);
void start_sync(App& app, bool automatic = false);
// Uploads queued attachments in chunks (uploads.cpp), resuming at the server's count; started
// after each successful record sync, never before it. Does nothing while one is running.
void start_uploads(App& app);
// Keeps the bytes of a chosen file on the device and queues them (store_device_blob); the
// returned hash is what the operation carries. Empty, with draft.error_code set, if refused.
std::string keep_attachment(App& app, const std::string& bytes, const std::string& name);
// Where a proof's bytes are, for the student detail: nullptr when not on this device, else
// 已上传 or 已存本机，待上传.
const char* attachment_state_label(App& app, const std::string& content_hash);
// A command the user made committed: saved at once, synced a little later if online.
void user_committed(App& app);
// Storage quota: the share used, and whether to warn (above 80 %).
double storage_used_share();
bool storage_nearly_full();
// Registers the form's student through the core; false (with the form's error set) if refused.
bool submit_registration(App& app);

// 需处理: opens the register form with the rejected student's name to enter it correctly; a
// successful registration then resolves the rejection.
void fix_rejection(App& app, const Rejection& rejection);

// --- Workflows (screens call these; the rules are the core's) ------------------------------
void open_student(App& app, const std::string& student_id);
void open_transfer_in(App& app);
// The student the detail screen shows (from the loaded list), or null.
const Student* detail_student(const App& app);
void choose_workflow_kind(App& app, WorkflowKind kind);
// Opens the file picker (photo or scan); the chosen file's SHA-256 becomes a proof of `kind`.
void attach_proof(App& app, const std::string& kind, bool camera = false);
// StartWorkflow for the draft (the detail screen's student, or a transfer-in application).
bool submit_workflow(App& app);
bool decide_open_step(App& app, const Workflow& workflow, bool approve);
bool withdraw_workflow(App& app, const Workflow& workflow);
// The open step is the user's to decide (its party is this school).
bool step_is_mine(const App& app, const WorkflowStep& step);
// "截止 2026-12-10，还剩 8 个工作日" / "已超期 3 个工作日" from the core's working-day calendar.
std::string deadline_text(const App& app, const WorkflowStep& step);

// The message and code of a failed server answer (status 0: no network): the catalogue's
// message for the body's ErrorCode, so it follows the language toggle.
std::string response_error_text(const App& app, int status, const std::string& body);
std::string response_error_code(int status, const std::string& body);
// 维持A / 采用B / 逐项合并 / 上报 for a review decision name.
const char* review_decision_label(const std::string& decision, Lang lang);
// Opens a staff screen and fetches its data.
void open_staff_screen(App& app, Screen screen);

// The translated catalogue message for an ErrorCode name (server or core), or `fallback`.
std::string error_message(const App& app, const std::string& code_name,
                          const std::string& fallback);
// The form as the core's input (student_id left empty).
StudentRegistration registration_of(const RegisterForm& form);
// The ErrorCode name the form shows now: a refusal of the last submit, else the core's live
// validation once something was typed; empty when the input is valid.
std::string form_error_code(const App& app);
// "已登记：张三（G…）" for the last registration, in the current language; empty if none.
std::string registered_notice(const App& app);

// Parses "U+2020C", "2020c" or "0x2020C" into the UTF-8 of that character; nullopt for
// anything that is not a printable Unicode scalar value.
std::optional<std::string> character_from_code_point(std::string_view text);
// Appends the character of `entry` to `target` (true), or sets entry.error_code.
bool insert_code_point(CodePointEntry& entry, std::string& target);

// Local calendar helpers (the device clock).
Date today();
std::string now_iso();
std::string now_clock();

}  // namespace xueji::client
