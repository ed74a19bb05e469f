#include "op_generator.hpp"

#include "xueji/field_edit.hpp"
#include "xueji/id_number.hpp"

namespace xueji::sim {
namespace {

const std::vector<std::string> kSurnames{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周",
                                         "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭",
                                         "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯"};
const std::vector<std::string> kGiven{"子涵", "浩然", "欣怡", "梓轩", "雨桐", "一诺", "思远",
                                      "佳怡", "宇航", "若曦", "明轩", "诗涵", "俊杰", "可馨",
                                      "博文", "梦瑶", "天佑", "嘉怡", "晨阳", "雅琪", "鑫",
                                      "磊",   "静",   "婷",   "伟",   "芳",   "强",   "丽"};

int school_year(const Date& today) {
  return today.month >= 9 ? today.year : today.year - 1;
}

std::string random_name(SimRandom& rng) {
  // Two statements: the operands of + are evaluated in an unspecified order, and GCC and
  // clang (em++) differ — the native/WebAssembly hash check caught it.
  std::string name = rng.pick(kSurnames);
  return name + rng.pick(kGiven);
}

std::string phone(SimRandom& rng) {
  std::string p = "13";
  for (int i = 0; i < 9; ++i) p += static_cast<char>('0' + rng.below(10));
  return p;
}

struct Row {
  std::vector<std::string> cols;
};

// Rows of a query with one text parameter, in the query's (deterministic) order.
std::vector<Row> rows(Database& db, const std::string& sql, const std::string& param) {
  std::vector<Row> out;
  auto stmt = db.prepare(sql);
  if (!stmt) return out;
  stmt->bind(1, param);
  while (true) {
    auto row = stmt->step();
    if (!row || !*row) break;
    Row r;
    for (int i = 0; i < stmt->column_count(); ++i) r.cols.push_back(stmt->text(i));
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<Row> pick_row(GenContext& c, const std::string& sql) {
  auto found = rows(c.db, sql, c.actor.unit_code);
  if (found.empty()) return std::nullopt;
  return found[static_cast<size_t>(c.rng.below(found.size()))];
}

const SimSchool* own_school(GenContext& c) {
  return c.world.school(c.actor.unit_code);
}

std::optional<Command> make_register(GenContext& c) {
  const SimSchool* school = own_school(c);
  if (!school) return std::nullopt;
  StudentRegistration r = new_child(c.rng, c.today, school->kind, c.rng.pick(birth_divisions()));
  return RegisterStudent{r};
}

// 第八条: the same child registered by two schools while both were offline; one of them (the
// later at the server) is refused, or held for review.
std::optional<Command> make_register_twin(GenContext& c) {
  const SimSchool* school = own_school(c);
  if (!school) return std::nullopt;
  StudentRegistration r = new_child(c.rng, c.today, school->kind, c.rng.pick(birth_divisions()));
  if (auto twin = c.directory.take_twin(c.actor.unit_code)) {
    r.id_number = *twin;
  } else {
    c.directory.offer_twin(c.actor.unit_code, r.id_number);
  }
  return RegisterStudent{r};
}

// A child who already holds a registry at another school is registered again (第八条).
std::optional<Command> make_register_duplicate(GenContext& c) {
  const SimSchool* school = own_school(c);
  auto other = c.directory.elsewhere(c.actor.unit_code, c.rng);
  if (!school || !other || other->id_number.empty()) return std::nullopt;
  StudentRegistration r = new_child(c.rng, c.today, school->kind, "411625");
  r.id_number = other->id_number;
  r.name = other->name;
  return RegisterStudent{r};
}

// Typing errors the device itself refuses: a wrong check digit, an impossible date.
std::optional<Command> make_register_invalid(GenContext& c) {
  const SimSchool* school = own_school(c);
  if (!school) return std::nullopt;
  StudentRegistration r = new_child(c.rng, c.today, school->kind, "411625");
  if (c.rng.chance(500)) {
    char& check = r.id_number.back();
    check = check == '0' ? '1' : '0';
  } else {
    r.enrollment_date = "2026-02-30";
  }
  return RegisterStudent{r};
}

StartWorkflow transfer_for(GenContext& c, const KnownStudent& other);

// 第十一条: the receiving school applies with the student's registry number and name.
std::optional<Command> make_transfer_in(GenContext& c) {
  auto other = c.directory.elsewhere(c.actor.unit_code, c.rng);
  if (!other) return std::nullopt;
  return transfer_for(c, *other);
}

// A transfer race: two schools apply offline to receive the same student; the later at the
// server opens a review case (transfer_race) for the county.
std::optional<Command> make_transfer_race(GenContext& c) {
  if (auto raced = c.directory.take_race(c.actor.unit_code)) return transfer_for(c, *raced);
  auto other = c.directory.elsewhere(c.actor.unit_code, c.rng);
  if (!other) return std::nullopt;
  c.directory.offer_race(c.actor.unit_code, *other);
  return transfer_for(c, *other);
}

StartWorkflow transfer_for(GenContext& c, const KnownStudent& other) {
  StartWorkflow start;
  start.workflow_id = c.rng.uuid();
  start.kind = "transfer";
  start.details = {{"registry_number", other.registry_number},
                   {"name", other.name},
                   {"reason", c.rng.chance(500) ? "hukou_move" : "migrant_worker_child"},
                   {"grade", std::to_string(other.grade)}};
  // Outside the first two months of a term a reason is needed (第十一条(三)); sometimes the
  // registrar forgets and the rules say so.
  if (c.rng.chance(900)) start.details["outside_window_reason"] = "随迁务工";
  start.proofs = {Proof{"transfer_application", sample_proof_hash(c.rng)}};
  return start;
}

// A workflow of `kind` about one of the school's students in `status` (student id, grade),
// with the guardian's application and `proof`; `details` from the picked row.
std::optional<Command> start_about_student(GenContext& c, const char* kind, const char* status,
                                           const char* proof,
                                           Details (*details)(const Row& student)) {
  auto s = pick_row(c, std::string("SELECT student_id, grade FROM students WHERE school_code = ?1 "
                                   "AND status = '") +
                           status + "' ORDER BY student_id");
  if (!s) return std::nullopt;
  StartWorkflow start;
  start.workflow_id = c.rng.uuid();
  start.kind = kind;
  start.student_id = s->cols[0];
  start.details = details(*s);
  start.proofs = {Proof{"guardian_application", sample_proof_hash(c.rng)},
                  Proof{proof, sample_proof_hash(c.rng)}};
  return start;
}

// 第十三条 休学 on illness, with the hospital's diagnosis.
std::optional<Command> make_suspension(GenContext& c) {
  return start_about_student(c, "suspension", "in_school", "hospital_certificate", [](const Row&) {
    return Details{{"reason", "illness"}};
  });
}

// 第十三条(三) 复学 of a suspended student, placed in the grade they left.
std::optional<Command> make_resumption(GenContext& c) {
  return start_about_student(c, "resumption", "suspended", "recovery_certificate",
                             [](const Row& s) {
                               return Details{{"placement_grade", s.cols[1]}};
                             });
}

// The party whose turn it is decides (both sides of a transfer act, each on its own device).
std::optional<Command> make_decide(GenContext& c) {
  auto step = pick_row(c,
                       "SELECT s.workflow_id, s.position FROM workflow_steps s JOIN workflows w "
                       "ON w.workflow_id = s.workflow_id WHERE w.state = 'open' AND s.state = "
                       "'open' AND s.unit_code = ?1 ORDER BY s.workflow_id");
  if (!step) return std::nullopt;
  DecideStep decide;
  decide.workflow_id = step->cols[0];
  decide.position = std::atoi(step->cols[1].c_str());
  decide.approve = c.rng.chance(850);
  decide.comment = decide.approve ? "同意" : "材料不全";
  return decide;
}

std::optional<Command> make_withdraw(GenContext& c) {
  auto w = pick_row(c,
                    "SELECT workflow_id FROM workflows WHERE state = 'open' AND started_unit = ?1 "
                    "ORDER BY workflow_id");
  if (!w) return std::nullopt;
  return WithdrawWorkflow{w->cols[0], "家长撤回申请"};
}

// An ordinary field edited against the version the device last had (field_edit.hpp): devices
// of one school editing one student concurrently meet in the server's three-way merge.
std::optional<Command> make_edit(GenContext& c) {
  auto s = pick_row(c,
                    "SELECT student_id FROM students WHERE school_code = ?1 AND status = "
                    "'in_school' ORDER BY student_id");
  if (!s) return std::nullopt;
  static const std::vector<std::string> kFields{"class_name", "hukou_address", "guardian.0.phone",
                                                "left_behind"};
  const std::string field = c.rng.pick(kFields);
  auto base = field_provenance(c.db, s->cols[0], field);
  if (!base) return std::nullopt;
  std::string value = field == "class_name"      ? std::to_string(1 + c.rng.below(4)) + "班"
                      : field == "hukou_address" ? "城关镇" + std::to_string(c.rng.below(90)) + "号"
                      : field == "guardian.0.phone" ? phone(c.rng)
                                                    : std::string(c.rng.chance(500) ? "1" : "0");
  EditStudent edit;
  edit.student_id = s->cols[0];
  edit.changes.push_back(FieldChange{field, value, base->version});
  return edit;
}

// The county officer decides an open review case of its county (duplicate registrations,
// concurrent edits of a protected field, a record that moved away, transfer races, rule
// violations after the merge): keep one side, merge, or escalate.
std::optional<Command> make_decide_case(GenContext& c) {
  auto open = pick_row(c,
                       "SELECT case_id FROM review_cases WHERE status = 'open' AND division_code "
                       "= ?1 ORDER BY student_id, rowid");
  if (!open) return std::nullopt;
  DecideReviewCase decide;
  decide.case_id = open->cols[0];
  // Mostly one side kept; sometimes a field-by-field merge (a race has no fields: refused) or
  // handed to the city (escalated: out of the county's hands from then on).
  const std::uint64_t draw = c.rng.below(100);
  decide.decision = draw < 40 ? "keep_a" : draw < 80 ? "keep_b" : draw < 92 ? "merge" : "escalate";
  if (decide.decision == "merge") decide.choices = {FieldChoice{"class_name", "b"}};
  decide.comment = "县教育局核实后裁定";
  return decide;
}

}  // namespace

StudentRegistration new_child(SimRandom& rng, const Date& today, const std::string& school_kind,
                              const std::string& division) {
  StudentRegistration r;
  r.student_id = rng.uuid();
  r.name = random_name(rng);
  const bool junior = school_kind == "junior";
  r.grade = junior ? 7 : 1;
  const int year = school_year(today);
  // 第四条: six by 31 August of the intake year (a 7th-grader entered grade 1 six years earlier).
  const int intake = junior ? year - 6 : year;
  long first = days_from_civil(Date{intake - 7, 9, 1});
  long last = days_from_civil(Date{intake - 6, 8, 31});
  Date birth = civil_from_days(
      first + static_cast<long>(rng.below(static_cast<std::uint64_t>(last - first + 1))));
  const bool male = rng.chance(520);
  int sequence = static_cast<int>(rng.below(500)) * 2 + (male ? 1 : 0);
  r.id_number = make_id_number(division, birth, sequence);
  r.enrollment_date = format_date(Date{year, 9, 1});
  r.class_name = std::to_string(1 + rng.below(3)) + "班";
  r.hukou_division = division;
  int guardians = 1 + static_cast<int>(rng.below(2));
  for (int g = 0; g < guardians; ++g)
    r.guardians.push_back(Guardian{random_name(rng), g == 0 ? "母亲" : "父亲", phone(rng)});
  r.flags.migrant_child = division.substr(0, 4) != "4116";
  r.flags.left_behind = rng.chance(80);
  return r;
}

std::string sample_proof_hash(SimRandom& rng) {
  static const char* kHex = "0123456789abcdef";
  std::string hash;
  for (int i = 0; i < 64; ++i) hash += kHex[rng.below(16)];
  return hash;
}

const std::vector<OpKind>& op_kinds() {
  static const std::vector<OpKind> kKinds{
      {"register", 30, true, make_register},
      {"register_twin", 4, true, make_register_twin},
      {"register_duplicate", 3, true, make_register_duplicate},
      {"register_invalid", 3, true, make_register_invalid},
      {"transfer_in", 10, true, make_transfer_in},
      {"transfer_race", 4, true, make_transfer_race},
      {"suspension", 6, true, make_suspension},
      {"resumption", 3, true, make_resumption},
      {"decide", 25, true, make_decide},
      {"withdraw", 3, true, make_withdraw},
      {"edit", 20, true, make_edit},
      {"decide", 100, false, make_decide},
      {"decide_case", 60, false, make_decide_case},
  };
  return kKinds;
}

std::optional<Intent> generate(GenContext& c) {
  const bool registrar = c.actor.role == Role::SchoolRegistrar;
  std::vector<const OpKind*> mine;
  int total = 0;
  for (const auto& k : op_kinds())
    if (k.for_registrar == registrar) {
      mine.push_back(&k);
      total += k.weight;
    }
  for (int attempt = 0; attempt < 6 && total > 0; ++attempt) {
    int draw = static_cast<int>(c.rng.below(static_cast<std::uint64_t>(total)));
    const OpKind* chosen = mine.back();
    for (const OpKind* k : mine) {
      if (draw < k->weight) {
        chosen = k;
        break;
      }
      draw -= k->weight;
    }
    if (auto command = chosen->make(c)) return Intent{chosen->name, std::move(*command)};
  }
  return std::nullopt;
}

}  // namespace xueji::sim
