// EditStudent: a school edits ordinary fields of its own student (field_edit.hpp). On the
// server each change is merged three-way against the field's current version (docs/SYNC.md,
// "Merge rules"); on the device it applies optimistically.
#include <set>

#include "xueji/command_handlers.hpp"
#include "xueji/field_edit.hpp"
#include "xueji/registry_number.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/text.hpp"

namespace xueji {
namespace {

Result<bool> parse_flag(const std::string& value, const std::string& field) {
  if (value == "0") return false;
  if (value == "1") return true;
  return make_error(ErrorCode::InvalidInput, field);
}

Result<void> plain(const std::string& value, int max_code_points, ErrorCode code,
                   const std::string& field) {
  if (!is_plain_text(value, max_code_points)) return make_error(code, field);
  return {};
}

}  // namespace

// The same checks a registration makes on these fields (validate_registration, student.cpp).
Result<void> set_student_field(Student& s, const std::string& field, const std::string& value) {
  if (field == "class_name") {
    if (auto ok = plain(value, 30, ErrorCode::InvalidInput, field); !ok) return ok;
    s.class_name = value;
  } else if (field == "ethnicity") {
    if (!value.empty() && !find_ethnic_group(value))
      return make_error(ErrorCode::EthnicityUnknown, field);
    s.ethnicity = value;
  } else if (field == "nationality") {
    if (value.size() != 3) return make_error(ErrorCode::InvalidInput, field);
    s.nationality = value;
  } else if (field == "hukou_division") {
    if (!value.empty() && !plausible_division_code(value))
      return make_error(ErrorCode::DivisionInvalid, field);
    s.hukou_division = value;
  } else if (field == "hukou_address") {
    if (auto ok = plain(value, 120, ErrorCode::InvalidInput, field); !ok) return ok;
    s.hukou_address = value;
  } else if (field == "disability") {
    if (auto ok = plain(value, 30, ErrorCode::InvalidInput, field); !ok) return ok;
    s.flags.disability = value;
  } else if (field == "migrant_child" || field == "left_behind" || field == "inclusive_class" ||
             field == "home_delivery" || field == "under_discipline") {
    auto flag = parse_flag(value, field);
    if (!flag) return flag.error();
    bool& target = field == "migrant_child"     ? s.flags.migrant_child
                   : field == "left_behind"     ? s.flags.left_behind
                   : field == "inclusive_class" ? s.flags.inclusive_class
                   : field == "home_delivery"   ? s.flags.home_delivery
                                                : s.flags.under_discipline;
    target = *flag;
  } else {
    // guardian.N.column (is_ordinary_field checked the shape); existing guardians only.
    const size_t dot = field.find('.', 9);
    const size_t position = static_cast<size_t>(std::stoi(field.substr(9, dot - 9)));
    const std::string column = field.substr(dot + 1);
    if (position >= s.guardians.size()) return make_error(ErrorCode::NotFound, field);
    Guardian& g = s.guardians[position];
    if (column == "name") {
      if (auto ok = plain(value, 50, ErrorCode::NameInvalid, field); !ok) return ok;
      g.name = value;
    } else if (column == "relation") {
      if (auto ok = plain(value, 20, ErrorCode::InvalidInput, field); !ok) return ok;
      g.relation = value;
    } else {
      if (auto ok = plain(value, 20, ErrorCode::InvalidInput, field); !ok) return ok;
      g.phone = value;
    }
  }
  return {};
}

namespace {

// Keeps the losing side of an automatic resolution in the history (server only: the table is
// the server's), with the provenance of whoever set it.
Result<void> keep_losing_value(Database& db, const std::string& student_id,
                               const FieldProvenance& loser) {
  auto stmt = db.prepare(
      "INSERT INTO field_history(entity, entity_id, field, value, status, version, op_id, actor, "
      "device_id, school_code, device_time, server_time, hlc) VALUES('student', ?1, ?2, ?3, "
      "'auto_lost', ?4, ?5, ?6, ?7, ?8, ?9, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?10)");
  if (!stmt) return stmt.error();
  stmt->bind(1, student_id).bind(2, loser.field);
  if (loser.value)
    stmt->bind(3, *loser.value);
  else
    stmt->bind_null(3);
  stmt->bind(4, loser.version)
      .bind(5, loser.op_id)
      .bind(6, loser.actor)
      .bind(7, loser.device_id)
      .bind(8, loser.school_code)
      .bind(9, loser.device_time)
      .bind(10, loser.hlc);
  return stmt->run();
}

// Did the student once belong to `school_code` (and has since moved, 第十八条)?
Result<bool> moved_away_from(Database& db, const std::string& student_id,
                             const std::string& school_code) {
  auto stmt = db.prepare(
      "SELECT 1 FROM student_history WHERE student_id = ?1 AND field = 'school_code' AND "
      "old_value = ?2 LIMIT 1");
  if (!stmt) return stmt.error();
  stmt->bind(1, student_id).bind(2, school_code);
  return stmt->step();
}

Result<void> save_guardians(Database& db, const Student& before, const Student& after) {
  auto stmt = db.prepare(
      "UPDATE guardians SET name = ?3, relation = ?4, phone = ?5 WHERE student_id = ?1 AND "
      "position = ?2");
  if (!stmt) return stmt.error();
  for (size_t i = 0; i < after.guardians.size(); ++i) {
    if (after.guardians[i] == before.guardians[i]) continue;
    stmt->bind(1, after.student_id)
        .bind(2, static_cast<int>(i))
        .bind(3, after.guardians[i].name)
        .bind(4, after.guardians[i].relation)
        .bind(5, after.guardians[i].phone);
    if (auto ran = stmt->run(); !ran) return ran;
  }
  return {};
}

}  // namespace

Result<void> save_student_fields(Database& db, const Student& before, const Student& after) {
  // Only the changed columns: a full-row UPDATE rewrites every index of students and runs every
  // provenance trigger's check (about 2-3x the cost of a one-field edit, bench/xueji_bench.cpp).
  struct Column {
    const char* name;
    std::string value;
    bool integer;
  };
  std::vector<Column> changed;
  auto text = [&](const char* name, const std::string& a, const std::string& b) {
    if (a != b) changed.push_back({name, b, false});
  };
  auto number = [&](const char* name, int a, int b) {
    if (a != b) changed.push_back({name, std::to_string(b), true});
  };
  text("class_name", before.class_name, after.class_name);
  text("ethnicity", before.ethnicity, after.ethnicity);
  text("nationality", before.nationality, after.nationality);
  text("hukou_division", before.hukou_division, after.hukou_division);
  text("hukou_address", before.hukou_address, after.hukou_address);
  text("disability", before.flags.disability, after.flags.disability);
  text("school_code", before.school_code, after.school_code);
  number("grade", before.grade, after.grade);
  number("migrant_child", before.flags.migrant_child, after.flags.migrant_child);
  number("left_behind", before.flags.left_behind, after.flags.left_behind);
  number("inclusive_class", before.flags.inclusive_class, after.flags.inclusive_class);
  number("home_delivery", before.flags.home_delivery, after.flags.home_delivery);
  number("under_discipline", before.flags.under_discipline, after.flags.under_discipline);
  if (!changed.empty()) {
    std::string sql = "UPDATE students SET ";
    for (size_t i = 0; i < changed.size(); ++i)
      sql += std::string(changed[i].name) + " = ?" + std::to_string(i + 2) + ", ";
    sql += "version = version + 1 WHERE student_id = ?1";
    auto stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, after.student_id);
    for (size_t i = 0; i < changed.size(); ++i) {
      const int index = static_cast<int>(i + 2);
      if (changed[i].integer)
        stmt->bind(index, std::stoi(changed[i].value));
      else
        stmt->bind(index, changed[i].value);
    }
    if (auto ran = stmt->run(); !ran) return ran;
    if (db.changes() != 1) return make_error(ErrorCode::NotFound, "student_id");
  }
  if (before.guardians.size() == after.guardians.size())
    if (auto saved = save_guardians(db, before, after); !saved) return saved;
  return {};
}

namespace {

std::string field_value(const Student& s, const std::string& field) {
  if (field == "class_name") return s.class_name;
  if (field == "ethnicity") return s.ethnicity;
  if (field == "nationality") return s.nationality;
  if (field == "hukou_division") return s.hukou_division;
  if (field == "hukou_address") return s.hukou_address;
  if (field == "disability") return s.flags.disability;
  if (field == "migrant_child") return s.flags.migrant_child ? "1" : "0";
  if (field == "left_behind") return s.flags.left_behind ? "1" : "0";
  if (field == "inclusive_class") return s.flags.inclusive_class ? "1" : "0";
  if (field == "home_delivery") return s.flags.home_delivery ? "1" : "0";
  if (field == "under_discipline") return s.flags.under_discipline ? "1" : "0";
  const size_t dot = field.find('.', 9);
  const size_t position = static_cast<size_t>(std::stoi(field.substr(9, dot - 9)));
  if (position >= s.guardians.size()) return {};
  const std::string column = field.substr(dot + 1);
  const Guardian& g = s.guardians[position];
  return column == "name" ? g.name : column == "relation" ? g.relation : g.phone;
}

}  // namespace

Result<CommandOutcome> execute_edit_student(Database& db, const CommandContext& context,
                                            const EditStudent& command) {
  if (context.actor.role != Role::SchoolRegistrar)
    return make_error(ErrorCode::OutOfScope, "student_id");
  if (command.student_id.empty()) return make_error(ErrorCode::MalformedRequest, "student_id");
  if (command.changes.empty()) return make_error(ErrorCode::MalformedRequest, "changes");
  std::set<std::string> seen;
  for (const auto& change : command.changes) {
    // Issue 4 / 第十条: protected fields change only through their workflows.
    if (is_protected_field(change.field))
      return make_error(ErrorCode::ProtectedField, change.field);
    if (!is_ordinary_field(change.field)) return make_error(ErrorCode::InvalidInput, change.field);
    if (!seen.insert(change.field).second)
      return make_error(ErrorCode::MalformedRequest, change.field);
  }
  auto found = find_student(db, command.student_id);
  if (!found) return found.error();
  if (!*found) return make_error(ErrorCode::NotFound, "student_id");
  const Student& current = **found;
  // 第三条: a school edits its own students. One that has moved away since the edit was made
  // offline is for the county to judge (a review case), not a plain refusal.
  if (current.school_code != context.actor.unit_code) {
    if (context.replica == Replica::Server) {
      auto moved = moved_away_from(db, current.student_id, context.actor.unit_code);
      if (!moved) return moved.error();
      if (*moved) return make_error(ErrorCode::StudentMovedAway, "student_id");
    }
    return make_error(ErrorCode::OutOfScope, "student_id");
  }
  if (current.status == "deleted" || current.status == "deceased")
    return make_error(ErrorCode::StatusNotAllowed, "student_id");

  Student updated = current;
  CommandOutcome outcome;
  outcome.student_id = current.student_id;
  outcome.student_name = current.name;
  bool auto_resolved = false;
  const OperationStamp* stamp = context.stamp;
  for (const auto& change : command.changes) {
    Student candidate = updated;
    if (auto set = set_student_field(candidate, change.field, change.new_value); !set)
      return set.error();
    const std::string old_value = field_value(updated, change.field);
    if (old_value == change.new_value) continue;  // nothing to merge: same value
    if (context.replica == Replica::Server) {
      auto here = field_provenance(db, current.student_id, change.field);
      if (!here) return here.error();
      here->value = old_value;
      const std::string device_id = stamp ? stamp->device_id : context.actor.device_id;
      const std::string hlc = stamp ? stamp->hlc : std::string();
      const MergeAction action = merge_field(*here, change.base_version, device_id, hlc);
      if (action == MergeAction::Lose) {
        FieldProvenance loser;
        loser.field = change.field;
        loser.value = change.new_value;
        loser.version = change.base_version;
        loser.op_id = stamp ? stamp->op_id : std::string();
        loser.actor = context.actor.account;
        loser.device_id = device_id;
        loser.school_code = context.actor.unit_code;
        loser.device_time = stamp ? stamp->device_time : std::string();
        loser.hlc = hlc;
        if (auto kept = keep_losing_value(db, current.student_id, loser); !kept)
          return kept.error();
        auto_resolved = true;
        continue;
      }
      if (action == MergeAction::ApplyOverConcurrent) {
        if (auto kept = keep_losing_value(db, current.student_id, *here); !kept)
          return kept.error();
        auto_resolved = true;
      }
    }
    updated = std::move(candidate);
  }
  if (auto_resolved) outcome.warnings.push_back(std::string(code_name(ErrorCode::AutoResolved)));
  if (auto saved = save_student_fields(db, current, updated); !saved) return saved.error();
  if (auto audited = append_audit(db, context.actor.account, context.actor.device_id,
                                  "edit_student", current.registry_number,
                                  context.replica == Replica::Server ? "applied" : "pending");
      !audited)
    return audited.error();
  return outcome;
}

}  // namespace xueji
