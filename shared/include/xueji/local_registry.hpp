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
#include "xueji/session.hpp"
#include "xueji/student.hpp"

namespace xueji {

struct LocalStudent {
  Student student;
  std::string sync_state;  // "pending", "synced", "rejected"
};

struct Rejection {
  std::string op_id;
  std::string student_name;
  std::string code;
  std::string message_zh;
  std::string message_en;
};

struct SyncSummary {
  int applied = 0;
  int rejected = 0;
  int conflicts = 0;
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
  Result<SyncSummary> apply_push_response(std::string_view body);

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
  Result<PullSummary> apply_pull_page(std::string_view body);
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
  Database db_;
  Database mirror_;
  std::string mirror_path_;
};

}  // namespace xueji
