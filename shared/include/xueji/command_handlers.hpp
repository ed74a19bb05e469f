// One handler per command, dispatched by execute() in commands.cpp.
#pragma once
#include "xueji/commands.hpp"

namespace xueji {

Result<CommandOutcome> execute_register_student(Database& db, const CommandContext& context,
                                                const RegisterStudent& command);

}  // namespace xueji
