// The sync wire format: round trips and malformed input as values, never exceptions.
#include <catch2/catch.hpp>

#include "builders.hpp"
#include "xueji/operation.hpp"
#include "xueji/session.hpp"

using namespace xueji;

TEST_CASE("Protocol: a push request survives a JSON round trip, Chinese text included") {
  PushRequest request;
  request.device_id = "dev-1";
  Operation op;
  op.op_id = "op-1";
  op.device_id = "dev-1";
  op.seq = 7;
  op.actor = "reg1";
  StudentRegistration registration = registration_of("王𠈌", "11010519491231002X", 3);
  registration.student_id = "s-1";
  registration.guardians.push_back(Guardian{"王大", "父亲", "13800000000"});
  registration.flags.left_behind = true;
  op.command = RegisterStudent{registration};
  request.ops.push_back(op);
  auto parsed = parse_push_request(to_json(request));
  REQUIRE(parsed.ok());
  REQUIRE(parsed->ops.size() == 1);
  CHECK(parsed->ops[0].seq == 7);
  REQUIRE(std::holds_alternative<RegisterStudent>(parsed->ops[0].command));
  const auto& parsed_registration = std::get<RegisterStudent>(parsed->ops[0].command).registration;
  CHECK(parsed_registration.name == "王𠈌");
  CHECK(parsed_registration.grade == 3);
  CHECK(parsed_registration.guardians == registration.guardians);
  CHECK(parsed_registration.flags == registration.flags);
}

TEST_CASE("Protocol: malformed or incomplete JSON is MALFORMED_REQUEST, not a crash") {
  for (const char* body : {"", "{", "[1,2]", "{\"protocol_version\":1}", "null",
                           "{\"protocol_version\":\"x\",\"device_id\":1,\"ops\":{}}"}) {
    INFO(body);
    auto parsed = parse_push_request(body);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == ErrorCode::MalformedRequest);
  }
  CHECK(parse_login_request("{\"username\":\"a\"}").error().code == ErrorCode::MalformedRequest);
  CHECK(parse_operation("{\"format\":1,\"op_id\":\"o\",\"device_id\":\"d\",\"seq\":1,"
                        "\"actor\":\"a\",\"device_time\":\"\",\"kind\":\"expel_student\"}")
            .error()
            .code == ErrorCode::MalformedRequest);
}

TEST_CASE("Protocol: an error body carries code and both languages' messages") {
  ErrorBody body = error_body(make_error(ErrorCode::DuplicateRegistry, "id_number"));
  auto parsed = parse_error_body(to_json(body));
  REQUIRE(parsed.ok());
  CHECK(parsed->code == "DUPLICATE_REGISTRY");
  CHECK(parsed->field == "id_number");
  CHECK(parsed->message_zh.find("一人一籍") != std::string::npos);
  CHECK_FALSE(parsed->message_en.empty());
}

TEST_CASE("Errors: every code has a name that maps back, and zh and en messages") {
  for (int i = 0; i <= static_cast<int>(kLastErrorCode); ++i) {
    auto code = static_cast<ErrorCode>(i);
    CHECK(code_from_name(code_name(code)) == code);
    CHECK_FALSE(message(code, Lang::Zh).empty());
    CHECK_FALSE(message(code, Lang::En).empty());
    CHECK(message(code, Lang::Zh) != message(code, Lang::En));
  }
}
