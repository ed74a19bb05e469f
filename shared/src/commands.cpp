#include "xueji/commands.hpp"

#include "xueji/command_handlers.hpp"

namespace xueji {

std::string_view command_kind(const Command& command) {
  struct Kind {
    std::string_view operator()(const RegisterStudent&) const { return "register_student"; }
  };
  return std::visit(Kind{}, command);
}

Result<CommandOutcome> execute(Database& db, const CommandContext& context,
                               const Command& command) {
  struct Dispatch {
    Database& db;
    const CommandContext& context;
    Result<CommandOutcome> operator()(const RegisterStudent& c) const {
      return execute_register_student(db, context, c);
    }
  };
  return std::visit(Dispatch{db, context}, command);
}

}  // namespace xueji
