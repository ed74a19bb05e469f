// The storage seam (docs/STORAGE.md) is real: the core's commands, merge bookkeeping and
// queries run on a Database whose backend is not the SQLite class but another implementation
// of SqlConnection (here one that records every call and forwards it). Nothing in the core
// reaches around the interface: the Database has no SQLite handle, yet everything works.
#include <catch2/catch.hpp>

#include "registry_fixture.hpp"
#include "xueji/field_edit.hpp"
#include "xueji/migrations.hpp"

using namespace xueji;

namespace {

struct Trace {
  std::vector<std::string> prepared;
  std::vector<std::string> executed;
  int begun = 0, committed = 0, rolled_back = 0;
};

class TracingStatement final : public SqlStatement {
 public:
  explicit TracingStatement(std::unique_ptr<SqlStatement> inner) : inner_(std::move(inner)) {}
  void bind_text(int i, std::string_view text) override { inner_->bind_text(i, text); }
  void bind_integer(int i, std::int64_t value) override { inner_->bind_integer(i, value); }
  void bind_null(int i) override { inner_->bind_null(i); }
  void bind_blob(int i, std::string_view bytes) override { inner_->bind_blob(i, bytes); }
  Result<bool> step() override { return inner_->step(); }
  void rewind() override { inner_->rewind(); }
  void reset() override { inner_->reset(); }
  std::string text(int c) const override { return inner_->text(c); }
  std::int64_t integer(int c) const override { return inner_->integer(c); }
  std::string blob(int c) const override { return inner_->blob(c); }
  bool is_null(int c) const override { return inner_->is_null(c); }
  int column_count() const override { return inner_->column_count(); }
  std::string column_name(int c) const override { return inner_->column_name(c); }

 private:
  std::unique_ptr<SqlStatement> inner_;
};

// Another backend, as far as the core can tell: it only knows the interface.
class TracingConnection final : public SqlConnection {
 public:
  TracingConnection(std::unique_ptr<SqlConnection> inner, Trace& trace)
      : inner_(std::move(inner)), trace_(trace) {}
  Result<void> exec(std::string_view sql) override {
    trace_.executed.emplace_back(sql);
    return inner_->exec(sql);
  }
  Result<std::unique_ptr<SqlStatement>> prepare(std::string_view sql) override {
    trace_.prepared.emplace_back(sql);
    auto stmt = inner_->prepare(sql);
    if (!stmt) return stmt.error();
    return std::unique_ptr<SqlStatement>(std::make_unique<TracingStatement>(std::move(*stmt)));
  }
  Result<void> begin() override { return ++trace_.begun, inner_->begin(); }
  Result<void> commit() override { return ++trace_.committed, inner_->commit(); }
  Result<void> rollback() override { return ++trace_.rolled_back, inner_->rollback(); }
  std::int64_t last_insert_id() const override { return inner_->last_insert_id(); }
  int changes() const override { return inner_->changes(); }
  const SqlDialect& dialect() const override { return inner_->dialect(); }

 private:
  std::unique_ptr<SqlConnection> inner_;
  Trace& trace_;
};

bool any_contains(const std::vector<std::string>& texts, std::string_view part) {
  return std::any_of(texts.begin(), texts.end(),
                     [&](const std::string& t) { return t.find(part) != std::string::npos; });
}

}  // namespace

TEST_CASE("Storage seam: commands, merge and queries run through the SqlConnection interface") {
  TempDir dir;
  Trace trace;
  Database db(std::make_unique<TracingConnection>(
      std::move(open_sqlite(dir.file("seam.db")).value()), trace));
  CHECK(db.handle() == nullptr);  // no way around the interface for the core
  REQUIRE(migrate(db, DatabaseRole::Server).ok());
  CHECK(schema_version(db, "core").value() == latest_schema_version());

  for (const School& s : {School{"4116230001", "商水县第一小学", "411623", "primary"},
                          School{"4116020001", "川汇区实验小学", "411602", "primary"}})
    REQUIRE(upsert_school(db, s).ok());
  const Actor school_a{"reg-a", Role::SchoolRegistrar, "4116230001", "dev-a"};
  const Actor school_c{"reg-c", Role::SchoolRegistrar, "4116020001", "dev-c"};
  const Date today{2026, 9, 15};
  auto run = [&](const Actor& actor, const Command& command) {
    auto tx = Transaction::begin(db);
    REQUIRE(tx.ok());
    auto outcome = execute(db, CommandContext{actor, today, Replica::Server}, command);
    if (outcome) REQUIRE(tx->commit().ok());
    return outcome;
  };

  // 第八条 registration, an ordinary edit (provenance triggers), R8 transfer start.
  auto r =
      registration_of("张小明", make_id_number("411623", Date{2018, 4, 1}, 11), 3, "2024-09-01");
  r.student_id = new_uuid();
  r.guardians = {Guardian{"张强", "父亲", "13900000000"}};
  auto registered = run(school_a, RegisterStudent{r});
  REQUIRE(registered.ok());
  const std::string sid = registered->student_id;
  REQUIRE(run(school_a, EditStudent{sid, {FieldChange{"class_name", "三(2)班", 1}}}).ok());
  StartWorkflow transfer;
  transfer.workflow_id = new_uuid();
  transfer.kind = "transfer";
  transfer.details = {{"registry_number", registered->registry_number},
                      {"name", "张小明"},
                      {"reason", "hukou_move"},
                      {"grade", "3"}};
  transfer.proofs = {Proof{"transfer_application", sample_hash('a')}};
  REQUIRE(run(school_c, transfer).ok());
  // A refused command rolls back through the interface too (一人一籍: no second registry).
  auto twice = run(school_a, RegisterStudent{r});
  CHECK_FALSE(twice.ok());

  auto student = find_student(db, sid);
  REQUIRE(student.ok());
  REQUIRE(student->has_value());
  CHECK((*student)->class_name == "三(2)班");
  auto workflow = load_workflow(db, transfer.workflow_id);
  REQUIRE(workflow.ok());
  CHECK(workflow->has_value());
  auto history = student_field_history(db, sid);
  REQUIRE(history.ok());
  CHECK(std::any_of(history->begin(), history->end(),
                    [](const FieldHistoryEntry& e) { return e.field == "class_name"; }));
  auto rebuilt = rebuild_student_as_of(db, sid, "9999-12-31T00:00:00.000Z");
  REQUIRE(rebuilt.ok());
  CHECK(*rebuilt == live_student_image(db, sid).value());

  // Everything went through the recorded interface: statements, and transactions by begin/
  // commit/rollback, never by SQL text a backend would have to parse as SQLite's.
  CHECK(any_contains(trace.prepared, "INSERT INTO students"));
  CHECK(any_contains(trace.prepared, "field_history"));
  CHECK(trace.begun >= 4);
  CHECK(trace.committed >= 3);
  CHECK(trace.rolled_back >= 1);
  for (const auto* texts : {&trace.executed, &trace.prepared})
    for (const std::string& sql : *texts) {
      INFO(sql);
      CHECK(sql.rfind("BEGIN", 0) == std::string::npos);  // a trigger's BEGIN…END is fine
      CHECK(sql.rfind("COMMIT", 0) == std::string::npos);
      CHECK(sql.rfind("ROLLBACK", 0) == std::string::npos);
    }
  CHECK(db.dialect().name == "sqlite");
}
