// R18 第二十四条: personal data leaves only after the level above approved the request; the
// requester alone downloads it; every step is in the audit log.
#include <catch2/catch.hpp>

#include "registry_fixture.hpp"
#include "xueji/exports.hpp"

using namespace xueji;

namespace {

void add_divisions(RegistryFixture& f) {
  for (const Division& d :
       {Division{"411623", "商水县", "4116", 3}, Division{"411602", "川汇区", "4116", 3}})
    REQUIRE(upsert_division(f.db, d).ok());
}

int audit_count(RegistryFixture& f, const std::string& action) {
  auto stmt = f.db.prepare("SELECT count(*) FROM audit_log WHERE action = ?1");
  stmt->bind(1, action);
  REQUIRE(stmt->step().value());
  return static_cast<int>(stmt->integer(0));
}

}  // namespace

TEST_CASE(
    "R18 第二十四条: a school's export is approved by its county, then downloaded by the school") {
  RegistryFixture f;
  f.enroll(f.school_a, "张小明", 11);
  f.enroll(f.school_b, "李华", 13);
  auto request = request_export(f.db, f.school_a, "exp-1", "", "xlsx", "上报区教育局营养餐名单");
  REQUIRE(request.ok());
  CHECK(request->state == "pending");
  CHECK(request->unit_code == "4116230001");
  CHECK(export_data(f.db, f.school_a, "exp-1").error().code == ErrorCode::ExportNotApproved);

  // Only the level directly above in scope decides: not the school, another county, the city.
  CHECK(decide_export(f.db, f.school_a, "exp-1", true, "").error().code == ErrorCode::OutOfScope);
  CHECK(decide_export(f.db, f.chuanhui, "exp-1", true, "").error().code == ErrorCode::OutOfScope);
  CHECK(decide_export(f.db, f.zhoukou, "exp-1", true, "").error().code == ErrorCode::OutOfScope);
  CHECK(export_requests_for(f.db, f.shangshui)->size() == 1);  // awaiting the county
  CHECK(export_requests_for(f.db, f.chuanhui)->empty());
  auto approved = decide_export(f.db, f.shangshui, "exp-1", true, "同意");
  REQUIRE(approved.ok());
  CHECK(approved->decided_by == "county-ss");
  CHECK(decide_export(f.db, f.shangshui, "exp-1", false, "").error().code ==
        ErrorCode::ExportNotPending);

  // Another account, even of the approving county, does not download it.
  CHECK(export_data(f.db, f.shangshui, "exp-1").error().code == ErrorCode::OutOfScope);
  auto file = export_data(f.db, f.school_a, "exp-1");
  REQUIRE(file.ok());
  REQUIRE(file->rows.size() == 1);  // the school's own student only
  CHECK(file->rows[0][1] == "张小明");
  CHECK(file->header[0] == "学籍号");
  CHECK(file->request.decided_by == "county-ss");
  CHECK(file->request.downloads == 1);

  CHECK(audit_count(f, "request_export") == 1);
  CHECK(audit_count(f, "decide_export") == 1);
  CHECK(audit_count(f, "download_export") == 1);
}

TEST_CASE("R18: a county's export needs its city — a rejected one is never downloaded") {
  RegistryFixture f;
  add_divisions(f);
  f.enroll(f.school_a, "张小明", 11);
  REQUIRE(request_export(f.db, f.shangshui, "exp-2", "411623", "csv", "统计").ok());
  CHECK(decide_export(f.db, f.shangshui, "exp-2", true, "").error().code == ErrorCode::OutOfScope);
  REQUIRE(decide_export(f.db, f.zhoukou, "exp-2", false, "理由不充分").ok());
  CHECK(export_data(f.db, f.shangshui, "exp-2").error().code == ErrorCode::ExportNotApproved);
}

TEST_CASE("R18: an export request names a unit in scope, a format and its purpose") {
  RegistryFixture f;
  add_divisions(f);
  CHECK(request_export(f.db, f.school_a, "e1", "4116230002", "xlsx", "x").error().code ==
        ErrorCode::OutOfScope);
  CHECK(request_export(f.db, f.shangshui, "e2", "411602", "xlsx", "x").error().code ==
        ErrorCode::OutOfScope);
  CHECK(request_export(f.db, f.school_a, "e3", "", "pdf", "x").error().code ==
        ErrorCode::InvalidInput);
  CHECK(request_export(f.db, f.school_a, "e4", "", "csv", "  ").error().code ==
        ErrorCode::DetailRequired);
  Actor province{"prov", Role::Province, "41", "dev-p"};
  CHECK(request_export(f.db, province, "e5", "", "csv", "x").error().code == ErrorCode::OutOfScope);
}
