// The school-year commands (promotion, R17 第二十三条, R16 第二十一–二十二条, R2 第四条) cross the
// sync protocol as operations: each survives a JSON round trip under its own kind.
#include <catch2/catch.hpp>

#include "xueji/operation.hpp"

using namespace xueji;

namespace {

template <class C>
C round_trip(const C& command, std::string_view kind) {
  Operation op;
  op.op_id = "op-1";
  op.device_id = "dev-1";
  op.seq = 7;
  op.actor = "reg-a";
  op.command = command;
  std::string json = to_json(op);
  CHECK(json.find("\"" + std::string(kind) + "\"") != std::string::npos);
  auto parsed = parse_operation(json);
  REQUIRE(parsed.ok());
  CHECK(command_kind(parsed->command) == kind);
  REQUIRE(std::holds_alternative<C>(parsed->command));
  return std::get<C>(parsed->command);
}

}  // namespace

TEST_CASE("Protocol: promotion, term verification, roster and age commands round-trip") {
  auto promote = round_trip(PromoteSchool{"4116230001", "2025-2026"}, "promote_school");
  CHECK(promote.school_code == "4116230001");
  CHECK(promote.school_year == "2025-2026");

  auto confirm = round_trip(ConfirmTermRoster{"4116230001", "2026-autumn", std::string(64, 'f')},
                            "confirm_term_roster");
  CHECK(confirm.term == "2026-autumn");
  CHECK(confirm.roster_digest == std::string(64, 'f'));
  auto sign =
      round_trip(SignOffTermVerification{"411623", "2026-autumn"}, "sign_off_term_verification");
  CHECK(sign.division_code == "411623");

  auto add = round_trip(AddRegistrarToRoster{"r-1", "4116230001", "马学籍", "0394-5421234"},
                        "add_registrar_to_roster");
  CHECK(add.name == "马学籍");
  CHECK(add.phone == "0394-5421234");
  auto trained = round_trip(RecordRegistrarTraining{"r-1", "2026-08-20", "培训班"},
                            "record_registrar_training");
  CHECK(trained.trained_on == "2026-08-20");
  CHECK(trained.training == "培训班");
  CHECK(round_trip(FileRegistrar{"r-1"}, "file_registrar").registrar_id == "r-1");
  CHECK(round_trip(DeactivateRegistrar{"r-2"}, "deactivate_registrar").registrar_id == "r-2");

  auto approval = round_trip(
      ApproveAgeException{"a-1", "41162320201201001X", "early", 2026, "体检合格", "resident_id"},
      "approve_age_exception");
  CHECK(approval.id_number == "41162320201201001X");
  CHECK(approval.kind == "early");
  CHECK(approval.intake_year == 2026);
  CHECK(approval.reason == "体检合格");
  CHECK(approval.document_type == "resident_id");
}
