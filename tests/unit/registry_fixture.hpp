// A real server database (SQLite file) with Henan divisions and schools, and helpers that run
// commands through the core's single execute() as a given actor.
#pragma once
#include <catch2/catch.hpp>

#include "builders.hpp"
#include "temp_dir.hpp"
#include "xueji/commands.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/schema.hpp"
#include "xueji/uuid.hpp"
#include "xueji/workflow_store.hpp"

struct RegistryFixture {
  TempDir dir;
  xueji::Database db = std::move(xueji::Database::open(dir.file("registry.db")).value());
  xueji::Date today{2026, 9, 15};

  // Two schools in 商水县 (周口), one in 川汇区 (周口), one in 金水区 (郑州), one in Hubei.
  xueji::Actor school_a{"reg-a", xueji::Role::SchoolRegistrar, "4116230001", "dev-a"};
  xueji::Actor school_b{"reg-b", xueji::Role::SchoolRegistrar, "4116230002", "dev-b"};
  xueji::Actor school_c{"reg-c", xueji::Role::SchoolRegistrar, "4116020001", "dev-c"};
  xueji::Actor school_d{"reg-d", xueji::Role::SchoolRegistrar, "4101050001", "dev-d"};
  xueji::Actor school_hubei{"reg-h", xueji::Role::SchoolRegistrar, "4201020001", "dev-h"};
  xueji::Actor shangshui{"county-ss", xueji::Role::County, "411623", "dev-1"};
  xueji::Actor chuanhui{"county-ch", xueji::Role::County, "411602", "dev-2"};
  xueji::Actor jinshui{"county-js", xueji::Role::County, "410105", "dev-3"};
  xueji::Actor wuhan_county{"county-wh", xueji::Role::County, "420102", "dev-5"};
  xueji::Actor zhoukou{"city-zk", xueji::Role::City, "4116", "dev-4"};

  RegistryFixture() {
    REQUIRE(xueji::migrate(db, xueji::DatabaseRole::Server).ok());
    using xueji::School;
    for (const School& s : {School{"4116230001", "商水县第一小学", "411623", "primary"},
                            School{"4116230002", "商水县第二小学", "411623", "primary"},
                            School{"4116020001", "川汇区实验小学", "411602", "primary"},
                            School{"4101050001", "金水区纬五路小学", "410105", "primary"},
                            School{"4201020001", "武汉市江岸区小学", "420102", "primary"}})
      REQUIRE(xueji::upsert_school(db, s).ok());
  }

  xueji::Result<xueji::CommandOutcome> run(const xueji::Actor& actor,
                                           const xueji::Command& command) {
    return xueji::execute(db, xueji::CommandContext{actor, today, xueji::Replica::Server}, command);
  }

  xueji::Student enroll(const xueji::Actor& school, const std::string& name, int sequence,
                        int grade = 3) {
    auto r = registration_of(
        name, xueji::make_id_number("411623", xueji::Date{2026 - 5 - grade, 4, 1}, sequence), grade,
        xueji::format_date(xueji::Date{2026 - grade + 1, 9, 1}));
    r.student_id = xueji::new_uuid();
    auto outcome = run(school, xueji::RegisterStudent{r});
    REQUIRE(outcome.ok());
    return *xueji::find_student(db, outcome->student_id).value();
  }

  xueji::Workflow workflow(const std::string& id) {
    auto loaded = xueji::load_workflow(db, id);
    REQUIRE(loaded.ok());
    REQUIRE(loaded->has_value());
    return **loaded;
  }

  xueji::Student student(const std::string& id) { return *xueji::find_student(db, id).value(); }
};

// A content hash (64 hex characters, as the attachment store names files).
inline std::string sample_hash(char c) {
  return std::string(64, c);
}

// 第十一条: a transfer of `student` to the school that starts it, with the application as proof.
inline xueji::StartWorkflow transfer_of(const xueji::Student& student,
                                        const std::string& reason = "hukou_move",
                                        char proof = 'a') {
  xueji::StartWorkflow start;
  start.workflow_id = xueji::new_uuid();
  start.kind = "transfer";
  start.details = {{"registry_number", student.registry_number},
                   {"name", student.name},
                   {"reason", reason},
                   {"grade", std::to_string(student.grade)}};
  start.proofs = {xueji::Proof{"transfer_application", sample_hash(proof)}};
  return start;
}
