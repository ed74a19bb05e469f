// Realistic random operations for one device: each kind of operation is one entry of a table
// (name, weight, who may do it, a function that builds the command from what the device sees),
// so a new kind — field edits, county decisions on review cases — is one more row.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "sim_random.hpp"
#include "world.hpp"
#include "xueji/commands.hpp"
#include "xueji/database.hpp"

namespace xueji::sim {

struct GenContext {
  Database& db;  // the device's working database (read only here)
  const Actor& actor;
  Date today;  // the device's own (possibly skewed) date
  SimRandom& rng;
  Directory& directory;
  const World& world;
};

// One generated operation: the generator's name for it (e.g. "register_twin") and the command.
struct Intent {
  std::string kind;
  Command command;
};

struct OpKind {
  const char* name;
  int weight;
  bool for_registrar;  // otherwise for an authority (county officer)
  // nullopt when the device has nothing to do of this kind right now.
  std::optional<Command> (*make)(GenContext&);
};

const std::vector<OpKind>& op_kinds();
// Draws kinds by weight until one has something to do (a few tries); nullopt if none had.
std::optional<Intent> generate(GenContext& context);

// A valid first-grader (or 7th-grader at a junior school) of the device's school year, with a
// valid ID number (GB 11643 check digit) from a real GB/T 2260 division.
StudentRegistration new_child(SimRandom& rng, const Date& today, const std::string& school_kind,
                              const std::string& division);
std::string sample_proof_hash(SimRandom& rng);

}  // namespace xueji::sim
