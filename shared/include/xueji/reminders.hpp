// Reminders the registry raises for a school: work the rules say the school must follow up.
#pragma once
#include <string>
#include <vector>

#include "xueji/database.hpp"
#include "xueji/date.hpp"
#include "xueji/student.hpp"

namespace xueji {

struct LapsedSuspension {
  Student student;
  std::string until;  // YYYY-MM-DD, the end of the suspension in force
};

// 第十三条(三): 义务教育阶段学校应当及时督促学生复学. Suspended students of `school_code` whose
// suspension (with its extensions) ended before `today`: the school follows up with a
// resumption or an extension. A suspended record with no 休学 workflow (imported) is listed
// too, with an empty `until`, since its end is unknown.
Result<std::vector<LapsedSuspension>> lapsed_suspensions(Database& db,
                                                         const std::string& school_code,
                                                         const Date& today);

}  // namespace xueji
