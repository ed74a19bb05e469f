// The pull half of sync (docs/SYNC.md): a page of everything in a device's scope that changed
// after its cursor, as whole row images per entity, serialised with cereal (JSON).
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "xueji/operation.hpp"
#include "xueji/result.hpp"

namespace xueji {

inline constexpr std::size_t kDefaultPullBytes = 256 * 1024;
inline constexpr std::size_t kMinPullBytes = 1024;

// One row of one table: column values as text (SQLite's column affinity restores integers),
// NULL columns listed apart so `id_number IS NULL` survives the trip.
struct PulledRow {
  std::string table;
  std::map<std::string, std::string> values;
  std::vector<std::string> nulls;
};

// The current state of one entity ("school", "student", "workflow", "problem") at the page's
// snapshot: all its rows (a student with its guardians, a workflow with steps and proofs), or
// `removed` when it left the device's scope (moved to another school) or no longer exists.
struct PulledChange {
  std::int64_t seq = 0;  // the entity's last change in the feed, for this device's scope
  std::string entity;
  std::string entity_id;
  bool removed = false;
  std::vector<PulledRow> rows;
};

struct PullPage {
  int protocol_version = kProtocolVersion;
  std::int64_t cursor = 0;       // as asked
  std::int64_t next_cursor = 0;  // to ask with next (== cursor when nothing changed)
  bool has_more = false;
  std::int64_t remaining = 0;  // entities still to come after this page (progress bar)
  std::vector<PulledChange> changes;
  std::string server_hlc;  // the server's clock at the snapshot: the device's HLC receives it
};

std::string to_json(const PulledChange& change);
std::string to_json(const PullPage& page);
Result<PullPage> parse_pull_page(std::string_view json);

// What applying one page did on the device.
struct PullSummary {
  int upserted = 0;
  int removed = 0;
  std::int64_t cursor = 0;
  std::int64_t remaining = 0;
  bool has_more = false;
  int pending = 0;         // outbox operations re-applied on top (rebase)
  int pending_failed = 0;  // of those, ones the rules now refuse locally (still pending)
};

}  // namespace xueji
