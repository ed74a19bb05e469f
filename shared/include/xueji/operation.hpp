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
// Operation payload format. 2 added hlc and depends_on (and EditStudent's base versions).
// The server upgrades every format from kMinOperationFormat on (the last school year's
// clients) and answers older ones UNSUPPORTED_VERSION: the client must update, the operation
// stays in its outbox.
inline constexpr int kOperationFormat = 2;
inline constexpr int kMinOperationFormat = 1;

// One local command, recorded on the device and pushed until the server answers it.
struct Operation {
  std::string op_id;  // UUID, the idempotency key
  std::string device_id;
  std::int64_t seq = 0;                   // per-device sequence number
  std::string actor;                      // account name
  std::string device_time;                // ISO date-time on the device clock (informational only)
  Command command;                        // serialised as "kind" + the command's own fields
  int format_version = kOperationFormat;  // "format" on the wire
  std::string hlc;  // format_hlc (hlc.hpp); empty in format 1 (the server stamps it)
  // Earlier operations of this device on the same record (student or workflow) still pending
  // when this one was made: if one of them is refused, this one is held (Outcome::Held).
  std::vector<std::string> depends_on;
};

// The records an operation targets (student ids, workflow ids, problem ids…), for holding
// back the operations that depend on a refused one.
std::vector<std::string> operation_targets(const Command& command);

// Format 1 → 2: a format-1 operation has no HLC stamp (the server stamps it on receipt) and no
// dependency list (it depends on nothing). Older formats: UNSUPPORTED_VERSION.
Result<void> upgrade_operation(Operation& op);

struct PushRequest {
  int protocol_version = kProtocolVersion;
  std::string device_id;
  std::vector<Operation> ops;
};

// Applied (possibly with warnings), Rejected (code, field, message), Conflict (held for review:
// case_id), Held (not run: it depends on an operation that was refused: held_by).
enum class Outcome { Applied, Rejected, Conflict, Held };

struct OpVerdict {
  std::string op_id;
  Outcome outcome = Outcome::Applied;
  std::string code;  // ErrorCode name when rejected
  std::string field;
  std::string message_zh;
  std::string message_en;
  std::string registry_number;        // set when a registration was applied
  std::vector<std::string> warnings;  // "applied with a warning": error code names
  std::string case_id;                // Conflict: the review case holding the operation
  std::string held_by;                // Held: the refused operation it depends on
  std::string hlc;                    // the stamp the server ordered the operation by
};

struct PushResponse {
  int protocol_version = kProtocolVersion;
  std::vector<OpVerdict> verdicts;
  std::string server_hlc;  // the server's clock after the batch: the device's HLC receives it
};

std::string to_json(const Operation& op);
Result<Operation> parse_operation(std::string_view json);
std::string to_json(const PushRequest& request);
std::string to_json(const PushResponse& response);
Result<PushRequest> parse_push_request(std::string_view json);
Result<PushResponse> parse_push_response(std::string_view json);
std::string_view outcome_name(Outcome outcome);

}  // namespace xueji
