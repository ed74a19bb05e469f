// The entities the pull carries and the tables each is stored in (internal to the core).
#pragma once
#include <span>
#include <string_view>

namespace xueji {

struct EntityTable {
  std::string_view table;
  std::string_view key_column;  // the column holding the entity's id
  bool parent;                  // the entity's own row; the others are its children
};

// First table is the entity's own row; children follow (deleted and rewritten as a whole).
std::span<const EntityTable> entity_tables(std::string_view entity);

// Every table the device mirrors from the server and rebuilds its working state from.
// Device-only tables (outbox, session, rejections, pull_state) and the append-only audit log
// are never rebuilt.
bool is_device_only_table(std::string_view table);

}  // namespace xueji
