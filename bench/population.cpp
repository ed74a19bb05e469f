#include "population.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>

#include "src/demo_names.hpp"
#include "src/demo_random.hpp"
#include "src/henan_divisions.hpp"
#include "xueji/commands.hpp"
#include "xueji/id_number.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/sha256.hpp"

namespace xueji::bench {
namespace {

using server::DemoRandom;

// Large: with random (UUID v4) keys nearly every index leaf is dirtied by a few thousand
// students, so each commit rewrites most of the indexes; 5,000 per commit wrote 25× the file
// size at 1.3M students. A county per commit keeps the writes near the data's own size.
constexpr std::int64_t kStudentsPerTransaction = 100'000;
constexpr size_t kSampleSize = 50'000;
constexpr const char* kFirstCounty = "411625";  // 郸城县

// The school year that started on the last 1 September (autumn intake, 第四条).
int school_year(const Date& today) {
  return today.month >= 9 ? today.year : today.year - 1;
}

// Henan's birth cohorts shrank year on year since 2017: older grades are larger.
double grade_weight(int grade) {
  return 1.0 + 0.05 * (grade - 1);
}

// Shaped like the ministry's 学校标识码 ("2" + county code + sequence): demo values.
std::string school_code(const std::string& county, int index) {
  std::string seq = std::to_string(index + 1);
  return "2" + county + std::string(3 - std::min<size_t>(3, seq.size()), '0') + seq;
}

std::string phone(DemoRandom& random) {
  static const char* kPrefixes[] = {"138", "139", "150", "151", "158", "187", "135", "186"};
  std::string number = kPrefixes[random.between(0, 7)];
  for (int i = 0; i < 8; ++i) number += static_cast<char>('0' + random.between(0, 9));
  return number;
}

// Birth date for a child in `grade` now: aged 6 by 31 August of the intake year (第四条).
Date birth_for(DemoRandom& random, const Date& today, int grade) {
  const int intake = school_year(today) - grade + 1;
  const long first = days_from_civil(Date{intake - 7, 9, 1});
  const long last = days_from_civil(Date{intake - 6, 8, 31});
  return civil_from_days(first + random.between(0, static_cast<int>(last - first)));
}

// Unique ID numbers: per (division, birth date) the next free sequence of each sex (the 17th
// digit's parity is the sex, GB 11643). 500 per sex and day per county is far above need.
class IdNumbers {
 public:
  std::string next(const std::string& division, const Date& birth, Gender gender) {
    std::string key = division;
    key += static_cast<char>(birth.year - 1900);
    key += static_cast<char>(birth.month);
    key += static_cast<char>(birth.day);
    int& used = used_[key][gender == Gender::Male ? 0 : 1];
    const int sequence = (used++ % 500) * 2 + (gender == Gender::Male ? 1 : 0);
    return make_id_number(division, birth, sequence);
  }

 private:
  std::unordered_map<std::string, std::array<int, 2>> used_;
};

struct SchoolPlan {
  School school;
  int first_grade = 1;
  int last_grade = 6;
  int students = 0;
};

// A county's schools: junior middle schools of 600–1,800, town central primaries of
// 600–1,500 and village primaries of 80–400 (rural Henan), until the county's grades 1–6 and
// 7–9 are placed.
std::vector<SchoolPlan> plan_schools(DemoRandom& random, const std::string& county,
                                     std::int64_t students, bool one_school) {
  std::vector<SchoolPlan> plans;
  if (one_school) {
    plans.push_back({School{school_code(county, 0), "", county, "nine_year"}, 1, 9,
                     static_cast<int>(students)});
    return plans;
  }
  double total_weight = 0, junior_weight = 0;
  for (int g = 1; g <= 9; ++g) {
    total_weight += grade_weight(g);
    if (g >= 7) junior_weight += grade_weight(g);
  }
  std::int64_t junior = static_cast<std::int64_t>(students * junior_weight / total_weight);
  std::int64_t primary = students - junior;
  auto add = [&](const char* kind, int first, int last, std::int64_t& left, int size) {
    const int n = static_cast<int>(std::min<std::int64_t>(left, size));
    left -= n;
    plans.push_back({School{school_code(county, static_cast<int>(plans.size())), "", county, kind},
                     first, last, n});
  };
  while (junior > 0) add("junior", 7, 9, junior, random.between(600, 1800));
  while (primary > 0)
    add("primary", 1, 6, primary,
        random.chance(30) ? random.between(600, 1500) : random.between(80, 400));
  return plans;
}

class Generator {
 public:
  Generator(Database& db, const PopulationOptions& options)
      : db_(db), options_(options), random_(options.seed) {}

  Result<PopulationSummary> run() {
    auto henan = server::load_henan_divisions(options_.divisions);
    if (!henan) return henan.error();
    for (const auto& d : henan->divisions) {
      if (auto stored = upsert_division(db_, d); !stored) return stored.error();
      if (d.level == 3) all_counties_.push_back(d);
    }
    std::stable_partition(all_counties_.begin(), all_counties_.end(),
                          [](const Division& d) { return d.code == kFirstCounty; });
    const std::int64_t counties = std::clamp<std::int64_t>(
        (options_.students + options_.per_county / 2) / options_.per_county, 1,
        static_cast<std::int64_t>(all_counties_.size()));
    std::int64_t left = options_.students;
    for (std::int64_t c = 0; c < counties; ++c) {
      const std::int64_t here = left / (counties - c);
      left -= here;
      if (auto done = county(all_counties_[static_cast<size_t>(c)], here); !done)
        return done.error();
    }
    return summary_;
  }

 private:
  Result<void> county(const Division& county, std::int64_t students) {
    summary_.counties.push_back(county.code);
    auto plans = plan_schools(random_, county.code, students, options_.one_school);
    auto tx = Transaction::begin(db_);
    if (!tx) return tx.error();
    for (auto& plan : plans) {
      plan.school.name = county.name + "第" + std::to_string(&plan - plans.data() + 1) +
                         (plan.school.kind == "junior"    ? "初级中学"
                          : plan.school.kind == "primary" ? "小学"
                                                          : "九年一贯制学校");
      if (auto stored = upsert_school(db_, plan.school); !stored) return stored.error();
    }
    if (auto committed = tx->commit(); !committed) return committed.error();

    std::vector<std::string> suspendable;  // students of this county, for workflows
    for (const auto& plan : plans) {
      summary_.schools.push_back({plan.school, plan.students});
      double weight = 0;
      for (int g = plan.first_grade; g <= plan.last_grade; ++g) weight += grade_weight(g);
      int placed = 0;
      for (int g = plan.first_grade; g <= plan.last_grade; ++g) {
        const int count = g == plan.last_grade
                              ? plan.students - placed
                              : static_cast<int>(plan.students * grade_weight(g) / weight);
        placed += count;
        const int classes = std::max(1, (count + 44) / 45);  // 45 per class at most
        for (int n = 0; n < count; ++n) {
          auto added = student(county, plan, g, 1 + n % classes);
          if (!added) return added.error();
          if (random_.between(0, 999) < options_.workflow_percent_x10)
            suspendable.push_back(std::move(*added));
        }
      }
    }
    if (auto flushed = commit_batch(); !flushed) return flushed;
    return suspensions(county, suspendable);
  }

  Result<std::string> student(const Division& county, const SchoolPlan& plan, int grade,
                              int class_number) {
    if (!batch_) {
      auto tx = Transaction::begin(db_);
      if (!tx) return tx.error();
      batch_.emplace(std::move(*tx));
    }
    const Gender gender = random_.chance(52) ? Gender::Male : Gender::Female;
    const Date birth = birth_for(random_, options_.today, grade);
    // Most children were born in the county; about one in eight came with migrant parents.
    const bool migrant = random_.chance(12);
    const std::string& division = migrant ? random_.pick(all_counties_).code : county.code;

    StudentRegistration r;
    r.student_id = random_.uuid();
    r.name = server::demo_name(random_, gender);
    r.id_number = ids_.next(division, birth, gender);
    const int intake = school_year(options_.today) - grade + 1;
    const int entered = plan.first_grade == 7 ? school_year(options_.today) - (grade - 7) : intake;
    r.enrollment_date = format_date(Date{entered, 9, 1});
    r.grade = grade;
    r.class_name = std::to_string(class_number) + "班";
    r.ethnicity = random_.between(0, 999) < 12 ? "03" : "01";  // Henan: ~1.2% Hui
    r.hukou_division = division;
    r.hukou_address = county.name + std::to_string(random_.between(1, 30)) + "组";
    r.flags.migrant_child = migrant;
    r.flags.left_behind = !migrant && random_.chance(15);
    r.guardians.push_back({server::demo_name(random_, Gender::Male), "father", phone(random_)});
    if (random_.chance(70))
      r.guardians.push_back({server::demo_name(random_, Gender::Female), "mother", phone(random_)});
    // The registration date decides 第四条's age check: the day this student enrolled.
    auto validated = validate_registration(r, plan.school.code, Date{entered, 9, 1});
    if (!validated) return validated.error();
    if (auto inserted = insert_student(db_, *validated); !inserted) return inserted.error();
    summary_.guardians += static_cast<std::int64_t>(r.guardians.size());
    if (auto archived = archive(*validated, plan, entered); !archived) return archived.error();

    ++summary_.students;
    if (summary_.sample.size() < kSampleSize) {
      summary_.sample.push_back(*validated);
    } else {  // reservoir sampling: every stored student equally likely
      const auto slot = random_.next() % static_cast<std::uint64_t>(summary_.students);
      if (slot < kSampleSize) summary_.sample[slot] = *validated;
    }
    if (summary_.students % kStudentsPerTransaction == 0)
      if (auto flushed = commit_batch(); !flushed) return flushed.error();
    if (options_.progress && summary_.students % 50'000 == 0) options_.progress(summary_.students);
    return validated->student_id;
  }

  // 第六条/第九条: a physical each year, a quality report per finished school year (the
  // latest three), an award for some; the paper file's basic information and proofs checked
  // at enrolment. Same INSERTs as AddArchiveEntry / RecordPaperArchiveCheck.
  Result<void> archive(const Student& s, const SchoolPlan& plan, int entered) {
    auto entry = db_.prepare(
        "INSERT INTO archive_entries(entry_id, student_id, kind, title, occurred_on, recorded_on, "
        "recorded_by, school_code, attachment_hash, note) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, '')");
    if (!entry) return entry.error();
    const std::string recorder = "reg-" + plan.school.code;
    auto add = [&](const char* kind, const std::string& title, const std::string& on) {
      entry->bind(1, random_.uuid())
          .bind(2, s.student_id)
          .bind(3, kind)
          .bind(4, title)
          .bind(5, on)
          .bind(6, on)
          .bind(7, recorder)
          .bind(8, plan.school.code);
      ++summary_.archive_entries;
      return entry->run();
    };
    const int year = school_year(options_.today);
    if (auto ok = add("health", std::to_string(year) + "年学生体质健康测试",
                      std::to_string(year) + "-10-15");
        !ok)
      return ok;
    for (int y = std::max(entered, year - 3); y < year; ++y)
      if (auto ok = add("quality_reports",
                        std::to_string(y) + "-" + std::to_string(y + 1) + "学年综合素质评价",
                        std::to_string(y + 1) + "-07-01");
          !ok)
        return ok;
    if (random_.chance(10))
      if (auto ok = add("awards", "县级三好学生", std::to_string(year) + "-06-01"); !ok) return ok;

    auto paper = db_.prepare(
        "INSERT INTO paper_archive_items(student_id, item, present, checked_on, checked_by) "
        "VALUES(?1, ?2, 1, ?3, ?4)");
    if (!paper) return paper.error();
    for (const char* item : {"basic_info", "proofs"}) {
      paper->bind(1, s.student_id)
          .bind(2, item)
          .bind(3, format_date(Date{entered, 9, 30}))
          .bind(4, recorder);
      if (auto ok = paper->run(); !ok) return ok;
      ++summary_.paper_items;
    }
    return {};
  }

  Result<void> commit_batch() {
    if (!batch_) return {};
    auto committed = batch_->commit();
    batch_.reset();
    return committed;
  }

  // 第十三条 休学 through the real commands: the school starts and reviews, the county
  // confirms; a third still wait for the county (its pending approvals).
  Result<void> suspensions(const Division& county, const std::vector<std::string>& students) {
    const Actor authority{"county-" + county.code, Role::County, county.code,
                          "device-county-" + county.code};
    auto tx = Transaction::begin(db_);
    if (!tx) return tx.error();
    for (const auto& id : students) {
      auto found = find_student(db_, id);
      if (!found) return found.error();
      if (!*found) continue;
      const Student& s = **found;
      const Actor registrar{"reg-" + s.school_code, Role::SchoolRegistrar, s.school_code,
                            "device-" + s.school_code};
      const Date started =
          civil_from_days(days_from_civil(options_.today) - random_.between(5, 60));
      StartWorkflow start;
      start.workflow_id = random_.uuid();
      start.kind = "suspension";
      start.student_id = id;
      const bool illness = random_.chance(60);
      start.details = {{"reason", illness ? "illness" : "long_leave"}};
      start.proofs = {{"guardian_application", sha256_hex(start.workflow_id + "/application")},
                      {illness ? "hospital_certificate" : "supporting_document",
                       sha256_hex(start.workflow_id + "/proof")}};
      auto run = [&](const Actor& actor, const Command& command) {
        return execute(db_, CommandContext{actor, started, Replica::Server}, command);
      };
      if (auto ok = run(registrar, start); !ok) return ok.error();
      ++summary_.workflows;
      if (auto ok = run(registrar, DecideStep{start.workflow_id, 0, true, "审核通过", {}}); !ok)
        return ok.error();
      if (random_.chance(33)) {
        ++summary_.pending_steps;
        continue;
      }
      if (auto ok = run(authority, DecideStep{start.workflow_id, 1, true, "确认", {}}); !ok)
        return ok.error();
    }
    return tx->commit();
  }

  Database& db_;
  const PopulationOptions& options_;
  DemoRandom random_;
  IdNumbers ids_;
  std::vector<Division> all_counties_;
  std::optional<Transaction> batch_;
  PopulationSummary summary_;
};

}  // namespace

Result<PopulationSummary> generate_population(Database& db, const PopulationOptions& options) {
  if (options.students < 1) return make_error(ErrorCode::InvalidInput, "students");
  return Generator(db, options).run();
}

}  // namespace xueji::bench
