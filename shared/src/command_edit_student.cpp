// EditStudent: a school edits ordinary fields of its own student (field_edit.hpp).
#include "xueji/command_handlers.hpp"
#include "xueji/registry_store.hpp"

namespace xueji {

Result<CommandOutcome> execute_edit_student(Database&, const CommandContext&, const EditStudent&) {
  return make_error(ErrorCode::NotFound, "student_id");
}

}  // namespace xueji
