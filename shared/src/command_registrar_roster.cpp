// 第二十一条: 省辖市、县(市、区)教育行政部门和学校应当…配备或指定学籍管理员. 第二十二条:
// 学籍管理员应当 实行先培训后上岗和保持相对稳定.
// 各级学籍管理员的基本信息须报送上一级教育行政部门备案. A roster per unit; the unit itself or the
// level above keeps it; only the level above files it.
#include "unit_levels.hpp"
#include "xueji/command_handlers.hpp"
#include "xueji/registrar_roster.hpp"
#include "xueji/registry_store.hpp"

namespace xueji {
namespace {

// A unit of the hierarchy: a school, or an authority named by its division prefix.
struct Unit {
  int level = 0;              // 0 school, 3 county, 2 city, 1 province
  std::string code;           // as given: the school code or the division code
  std::string prefix;         // an authority's division prefix
  std::string parent_prefix;  // the level above's prefix; empty for the province (or unknown)
};

Result<Unit> resolve_unit(Database& db, const CommandContext& context, const std::string& code) {
  if (!all_digits(code)) return make_error(ErrorCode::InvalidInput, "unit_code");
  if (code.size() > 6) {  // a school code (学校标识码)
    auto school = find_school(db, code);
    if (!school) return school.error();
    if (*school) return Unit{0, code, "", (*school)->division_code};
    // A device knows its own school before any reference data arrives; its county is unknown
    // there, so only the school itself can act on its roster offline.
    if (context.replica == Replica::Device && context.actor.role == Role::SchoolRegistrar &&
        context.actor.unit_code == code)
      return Unit{0, code, "", ""};
    return make_error(ErrorCode::NotFound, "unit_code");
  }
  // GB/T 2260: "41"/"410000" province, "4116"/"411600" city, "411623" county.
  int level = 0;
  if (code.size() == 2 || (code.size() == 6 && code.substr(2) == "0000"))
    level = 1;
  else if (code.size() == 4 || (code.size() == 6 && code.substr(4) == "00"))
    level = 2;
  else if (code.size() == 6)
    level = 3;
  else
    return make_error(ErrorCode::InvalidInput, "unit_code");
  const std::string prefix = level_prefix(code, level);
  return Unit{level, code, prefix, level == 1 ? std::string() : level_prefix(code, level - 1)};
}

bool is_unit_itself(const Actor& actor, const Unit& unit) {
  if (unit.level == 0) return actor.role == Role::SchoolRegistrar && actor.unit_code == unit.code;
  return authority_level(actor.role) == unit.level &&
         level_prefix(actor.unit_code, unit.level) == unit.prefix;
}

// The level above: the county of a school, the city of a county, the province of a city.
bool is_level_above(const Actor& actor, const Unit& unit) {
  if (unit.parent_prefix.empty()) return false;
  const int above = unit.level == 0 ? 3 : unit.level - 1;
  return authority_level(actor.role) == above &&
         level_prefix(actor.unit_code, above) == unit.parent_prefix;
}

Result<std::vector<Registrar>> query(Database& db, const std::string& where,
                                     const std::string& argument) {
  auto stmt = db.prepare(
      "SELECT registrar_id, unit_code, name, phone, added_on, trained_on, training, filed_with, "
      "filed_on, active FROM registrars WHERE " +
      where + " ORDER BY unit_code, name, registrar_id");
  if (!stmt) return stmt.error();
  stmt->bind(1, argument);
  std::vector<Registrar> registrars;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return registrars;
    Registrar r;
    r.registrar_id = stmt->text(0);
    r.unit_code = stmt->text(1);
    r.name = stmt->text(2);
    r.phone = stmt->text(3);
    r.added_on = stmt->text(4);
    r.trained_on = stmt->text(5);
    r.training = stmt->text(6);
    r.filed_with = stmt->text(7);
    r.filed_on = stmt->text(8);
    r.active = stmt->integer(9) != 0;
    registrars.push_back(std::move(r));
  }
}

Result<Registrar> load(Database& db, const std::string& registrar_id) {
  auto found = query(db, "registrar_id = ?1", registrar_id);
  if (!found) return found.error();
  if (found->empty()) return make_error(ErrorCode::NotFound, "registrar_id");
  return found->front();
}

// A registrar's roster entry, for an actor that is its unit or the level above (or, with
// `level_above_only`, the level above alone).
Result<Registrar> authorised(Database& db, const CommandContext& context,
                             const std::string& registrar_id, bool level_above_only) {
  auto registrar = load(db, registrar_id);
  if (!registrar) return registrar.error();
  auto unit = resolve_unit(db, context, registrar->unit_code);
  if (!unit) return unit.error();
  const bool allowed = is_level_above(context.actor, *unit) ||
                       (!level_above_only && is_unit_itself(context.actor, *unit));
  if (!allowed) return make_error(ErrorCode::OutOfScope, "registrar_id");
  return registrar;
}

bool plain_text(std::string_view text, size_t max_bytes) {
  if (text.empty() || text.size() > max_bytes) return false;
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  return text.front() != ' ' && text.back() != ' ';
}

bool phone_number(std::string_view phone) {
  if (phone.size() < 7 || phone.size() > 20) return false;
  int digits = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9')
      ++digits;
    else if (c != '-' && c != '+' && c != ' ')
      return false;
  }
  return digits >= 7;
}

// Runs an UPDATE of one registrar (?1 the id, ?2 the actor's unit, ?3 today; unused parameters
// are ignored by SQLite) and records who did it.
Result<CommandOutcome> update(Database& db, const CommandContext& context, const std::string& sql,
                              const std::string& registrar_id, const std::string& action) {
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.error();
  stmt->bind(1, registrar_id).bind(2, context.actor.unit_code).bind(3, format_date(context.today));
  if (auto ran = stmt->run(); !ran) return ran.error();
  if (auto audited = append_audit(db, context.actor.account, context.actor.device_id, action,
                                  registrar_id, context.actor.unit_code);
      !audited)
    return audited.error();
  return CommandOutcome{};
}

}  // namespace

Result<std::vector<Registrar>> registrar_roster(Database& db, const std::string& unit_code) {
  return query(db, "unit_code = ?1", unit_code);
}

Result<std::vector<Registrar>> registrar_on_duty(Database& db, const std::string& unit_code) {
  // 先培训后上岗: trained, and still in post.
  return query(db, "unit_code = ?1 AND active = 1 AND trained_on <> ''", unit_code);
}

Result<std::vector<Registrar>> filed_registrars(Database& db, const std::string& filer_unit_code) {
  return query(db, "filed_with = ?1", filer_unit_code);
}

Result<CommandOutcome> execute_add_registrar_to_roster(Database& db, const CommandContext& context,
                                                       const AddRegistrarToRoster& command) {
  if (command.registrar_id.empty()) return make_error(ErrorCode::MalformedRequest, "registrar_id");
  auto unit = resolve_unit(db, context, command.unit_code);
  if (!unit) return unit.error();
  // 第二十一条: the unit designates its registrars; the level above may do it for it.
  if (!is_unit_itself(context.actor, *unit) && !is_level_above(context.actor, *unit))
    return make_error(ErrorCode::OutOfScope, "unit_code");
  if (command.name.empty()) return make_error(ErrorCode::NameRequired, "name");
  if (!plain_text(command.name, 150)) return make_error(ErrorCode::NameInvalid, "name");
  if (!phone_number(command.phone)) return make_error(ErrorCode::InvalidInput, "phone");
  auto stmt = db.prepare(
      "INSERT INTO registrars(registrar_id, unit_code, name, phone, added_on, added_by) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(registrar_id) DO NOTHING");
  if (!stmt) return stmt.error();
  stmt->bind(1, command.registrar_id)
      .bind(2, command.unit_code)
      .bind(3, command.name)
      .bind(4, command.phone)
      .bind(5, format_date(context.today))
      .bind(6, context.actor.account);
  if (auto ran = stmt->run(); !ran) return ran.error();
  if (db.changes() != 1) return make_error(ErrorCode::MalformedRequest, "registrar_id");
  if (auto audited =
          append_audit(db, context.actor.account, context.actor.device_id,
                       "add_registrar_to_roster", command.registrar_id, command.unit_code);
      !audited)
    return audited.error();
  return CommandOutcome{};
}

Result<CommandOutcome> execute_record_registrar_training(Database& db,
                                                         const CommandContext& context,
                                                         const RecordRegistrarTraining& command) {
  auto registrar = authorised(db, context, command.registrar_id, /*level_above_only=*/false);
  if (!registrar) return registrar.error();
  auto trained_on = parse_date(command.trained_on);
  if (!trained_on || *trained_on > context.today)
    return make_error(ErrorCode::DateInvalid, "trained_on");
  if (command.training.size() > 200) return make_error(ErrorCode::InvalidInput, "training");
  auto stmt =
      db.prepare("UPDATE registrars SET trained_on = ?2, training = ?3 WHERE registrar_id = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, command.registrar_id).bind(2, format_date(*trained_on)).bind(3, command.training);
  if (auto ran = stmt->run(); !ran) return ran.error();
  if (auto audited =
          append_audit(db, context.actor.account, context.actor.device_id,
                       "record_registrar_training", command.registrar_id, format_date(*trained_on));
      !audited)
    return audited.error();
  return CommandOutcome{};
}

Result<CommandOutcome> execute_file_registrar(Database& db, const CommandContext& context,
                                              const FileRegistrar& command) {
  // 第二十二条 报送上一级教育行政部门备案: the filing is the level above's act (a re-filing after
  // changed details updates the date).
  auto registrar = authorised(db, context, command.registrar_id, /*level_above_only=*/true);
  if (!registrar) return registrar.error();
  return update(db, context,
                "UPDATE registrars SET filed_with = ?2, filed_on = ?3 WHERE registrar_id = ?1",
                command.registrar_id, "file_registrar");
}

Result<CommandOutcome> execute_deactivate_registrar(Database& db, const CommandContext& context,
                                                    const DeactivateRegistrar& command) {
  auto registrar = authorised(db, context, command.registrar_id, /*level_above_only=*/false);
  if (!registrar) return registrar.error();
  if (!registrar->active) return CommandOutcome{};  // already off duty: nothing changes
  // 保持相对稳定: the entry stays on the roster (and on file) as a record of who served.
  return update(db, context, "UPDATE registrars SET active = 0 WHERE registrar_id = ?1",
                command.registrar_id, "deactivate_registrar");
}

}  // namespace xueji
