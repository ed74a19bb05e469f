// 第二十一条/第二十二条: every unit (school, county, city, province) designates registrars; they
// are trained before taking up duty (先培训后上岗), and their basic information is filed with the
// level above (报送上一级教育行政部门备案).
#pragma once
#include <string>
#include <vector>

#include "xueji/database.hpp"

namespace xueji {

// Commands (members of xueji::Command).
struct AddRegistrarToRoster {  // by the unit itself or the level above
  std::string registrar_id;    // client-generated UUID
  std::string unit_code;       // school code, or division code of an authority
  std::string name;
  std::string phone;
};
struct RecordRegistrarTraining {  // by the unit itself or the level above
  std::string registrar_id;
  std::string trained_on;  // YYYY-MM-DD, not after today
  std::string training;    // course or certificate, informational
};
struct FileRegistrar {  // by the level above only: the county files its schools' registrars…
  std::string registrar_id;
};
struct DeactivateRegistrar {  // by the unit itself or the level above: left the post
  std::string registrar_id;
};

struct Registrar {
  std::string registrar_id;
  std::string unit_code;
  std::string name;
  std::string phone;
  std::string added_on;
  std::string trained_on;  // empty until trained
  std::string training;
  std::string filed_with;  // the level above's unit code, empty until filed
  std::string filed_on;
  bool active = true;
  // 先培训后上岗: on duty only once trained, and while active.
  bool on_duty() const { return active && !trained_on.empty(); }
};

// The whole roster of a unit, and the registrars on duty (trained and active).
Result<std::vector<Registrar>> registrar_roster(Database& db, const std::string& unit_code);
Result<std::vector<Registrar>> registrar_on_duty(Database& db, const std::string& unit_code);
// What the level above holds on file: registrars filed with `filer_unit_code`.
Result<std::vector<Registrar>> filed_registrars(Database& db, const std::string& filer_unit_code);

}  // namespace xueji
