// Sync operations and the push messages that carry them (serialised with cereal, JSON).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "xueji/commands.hpp"
#include "xueji/result.hpp"

namespace xueji {

inline constexpr int kProtocolVersion = 1;

// One local command, recorded on the device and pushed until the server answers it.
struct Operation {
  std::string op_id;  // UUID, the idempotency key
  std::string device_id;
  std::int64_t seq = 0;     // per-device sequence number
  std::string actor;        // account name
  std::string device_time;  // ISO date-time on the device clock (informational only)
  Command command;          // serialised as "kind" + the command's own fields
};

struct PushRequest {
  int protocol_version = kProtocolVersion;
  std::string device_id;
  std::vector<Operation> ops;
};

enum class Outcome { Applied, Rejected, Conflict };

struct OpVerdict {
  std::string op_id;
  Outcome outcome = Outcome::Applied;
  std::string code;  // ErrorCode name when rejected
  std::string field;
  std::string message_zh;
  std::string message_en;
  std::string registry_number;        // set when a registration was applied
  std::vector<std::string> warnings;  // "applied with a warning": error code names
};

struct PushResponse {
  int protocol_version = kProtocolVersion;
  std::vector<OpVerdict> verdicts;
};

std::string to_json(const Operation& op);
Result<Operation> parse_operation(std::string_view json);
std::string to_json(const PushRequest& request);
std::string to_json(const PushResponse& response);
Result<PushRequest> parse_push_request(std::string_view json);
Result<PushResponse> parse_push_response(std::string_view json);
std::string_view outcome_name(Outcome outcome);

}  // namespace xueji
