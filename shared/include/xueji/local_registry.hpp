// The device side of the core: a school's local database (browser SQLite or a native
// file), optimistic commands recorded in an outbox, and the push round-trip. The client's
// screens call only this; they never write SQL.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "xueji/actor.hpp"
#include "xueji/database.hpp"
#include "xueji/operation.hpp"
#include "xueji/pull.hpp"
#include "xueji/review_case.hpp"
#include "xueji/session.hpp"
#include "xueji/student.hpp"

namespace xueji {

struct LocalStudent {
  Student student;
  std::string sync_state;  // "pending", "synced", "rejected"
};

// An operation the server did not apply, listed under 需处理: rejected (code), held for a
// county review (case_id; the case itself is in review_cases()), or held back because it
// depends on one of those (code DEPENDS_ON_REJECTED, held_by = that operation's op_id).
struct Rejection {
  std::string op_id;
  std::string student_name;
  std::string code;
  std::string message_zh;
  std::string message_en;
  std::string outcome;  // outcome_name: "rejected", "conflict" or "held"
  std::string case_id;
  std::string held_by;
  std::string body;  // the operation as it was pushed (kept for export or a new attempt)
};

struct SyncSummary {
  int applied = 0;
  int rejected = 0;
  int conflicts = 0;
  int held = 0;  // held back: by the server's verdict, or on the device before being sent
};

class LocalRegistry {
 public:
  static Result<LocalRegistry> open(const std::string& path);

  // This device's id: generated once, kept in the local database for its lifetime.
  std::string device_id();

  Result<void> save_session(const Session& session);
  std::optional<Session> session();
  Result<void> clear_session();

  // Executes a command on the device (same rules as the server) and records it in the outbox,
  // in one transaction.
  Result<CommandOutcome> submit(const Command& command, const Date& today,
                                const std::string& device_time);
  // 第四条/第七条/第八条 checked on the device at once; recorded in the outbox for the server.
  Result<Student> register_student(const StudentRegistration& input, const Date& today,
                                   const std::string& device_time);
  // EditStudent with the base version of every field filled in from this device's copy of the
  // server's field versions (field_versions, pulled with the student).
  Result<CommandOutcome> edit_student(const std::string& student_id,
                                      const std::vector<FieldChange>& changes, const Date& today,
                                      const std::string& device_time);
  // The base version EditStudent sends for a field: the server's version as last pulled.
  std::int64_t field_version(const std::string& student_id, const std::string& field);
  // Review cases concerning this device's school, as last pulled (需处理): open ones and
  // decided ones with their decision.
  std::vector<ReviewCase> review_cases();
  // This device's hybrid logical clock (format_hlc), persisted in the local database.
  std::string hlc();
  // The students matching `query` (student_matches: name, pinyin initials, 学籍号, ID number,
  // class); empty query lists all.
  std::vector<LocalStudent> list_students(const std::string& query);
  int pending_count();
  std::vector<Rejection> rejections();
  // The registrar dealt with a rejection (resubmitted a corrected command): it leaves 需处理.
  Result<void> resolve_rejection(const std::string& op_id);

  // Next push batch (at most max_ops pending operations), nullopt when the outbox is empty.
  std::optional<std::string> build_push_body(int max_ops);
  // Applies the server's per-operation verdicts: applied ones leave the outbox, rejected ones
  // are rolled back locally and listed under 需处理.
  // `device_time` (the device clock now, ISO) lets the device learn its clock's offset from the
  // server's (docs/SYNC.md, "Clocks"); empty keeps the last estimate.
  Result<SyncSummary> apply_push_response(std::string_view body,
                                          const std::string& device_time = {});

  // --- Pull (docs/SYNC.md) -------------------------------------------------------------
  // The device keeps two databases: the mirror (path + "-mirror": the server's rows for this
  // device's scope, plus the acknowledged operations' effects on tables the feed does not
  // carry yet) and the working database the screens read (mirror + pending operations).
  std::int64_t pull_cursor();
  // Query string of the next pull request: "cursor=N&max_bytes=M".
  std::string pull_query(std::size_t max_bytes = kDefaultPullBytes);
  // Applies one page to the mirror in one transaction (rows and cursor together, so a dropped
  // connection resumes at the last committed page), then rebases. A page already applied
  // (its next_cursor is not beyond the stored cursor) changes nothing.
  Result<PullSummary> apply_pull_page(std::string_view body, const std::string& device_time = {});
  // Rebuilds the working state: the mirror's tables, then every pending outbox operation run
  // again through execute(). One the rules now refuse stays pending (the server judges it);
  // it is counted in pending_failed.
  Result<PullSummary> rebase();

  Database& database() { return db_; }

 private:
  LocalRegistry(Database db, Database mirror, std::string mirror_path)
      : db_(std::move(db)), mirror_(std::move(mirror)), mirror_path_(std::move(mirror_path)) {}
  std::optional<Actor> session_actor();
  void apply_acknowledged(const std::string& op_body);
  Result<void> receive_server_hlc(const std::string& server_hlc, const std::string& device_time);
  Result<std::string> next_hlc(const std::string& device_time);
  Database db_;
  Database mirror_;
  std::string mirror_path_;
};

}  // namespace xueji
