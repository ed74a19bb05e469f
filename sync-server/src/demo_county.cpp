#include "demo_county.hpp"

#include <set>

#include "demo_names.hpp"
#include "xueji/id_number.hpp"
#include "xueji/student.hpp"

namespace xueji::server {
namespace {

struct SchoolShape {
  std::string kind;
  std::string suffix;
  std::string fallback_name;  // when no township names are available
  int first_grade;
  int last_grade;
  int min_per_grade;
  int max_per_grade;
};

// Rural counties typically run central primary schools per township, one junior middle school
// per township or two, and nine-year schools (九年一贯制) where pupils are few.
const std::vector<SchoolShape> kShapes{
    {"primary", "中心小学", "实验小学", 1, 6, 10, 14},
    {"primary", "中心小学", "第二小学", 1, 6, 10, 14},
    {"junior", "初级中学", "第一初级中学", 7, 9, 22, 28},
    {"nine_year", "九年一贯制学校", "九年一贯制学校", 1, 9, 8, 11},
};

// The school year that started on the last 1 September (autumn intake, 第四条).
int school_year(const Date& today) {
  return today.month >= 9 ? today.year : today.year - 1;
}

// Shaped like the ministry's 10-digit 学校标识码 ("2" + county code + sequence); demo values,
// not real assignments.
std::string school_code(const std::string& county, int index) {
  std::string seq = std::to_string(index + 1);
  return "2" + county + std::string(3 - seq.size(), '0') + seq;
}

struct Generated {
  StudentRegistration registration;
  std::string id_number;
};

Generated generate_student(DemoRandom& random, const DemoCountyPlan& plan, const SchoolShape& shape,
                           int grade, int classes, std::set<std::string>& used_ids) {
  Generated g;
  g.registration.student_id = random.uuid();
  Gender gender = random.chance(52) ? Gender::Male : Gender::Female;
  g.registration.name = demo_name(random, gender);

  // Entered grade 1 in the autumn of `intake`, aged 6 by 31 August of that year (第四条).
  int intake = school_year(plan.today) - grade + 1;
  long first = days_from_civil(Date{intake - 7, 9, 1});
  long last = days_from_civil(Date{intake - 6, 8, 31});
  Date birth = civil_from_days(first + random.between(0, static_cast<int>(last - first)));

  // Most children were born in the county; some came with migrant parents from elsewhere.
  bool migrant = !plan.other_counties.empty() && random.chance(12);
  const std::string& division = migrant ? random.pick(plan.other_counties) : plan.county_code;
  // The 17th digit's parity is the sex (odd male, even female): the sequence carries it.
  do {
    int sequence = random.between(0, 499) * 2 + (gender == Gender::Male ? 1 : 0);
    g.id_number = make_id_number(division, birth, sequence);
  } while (!used_ids.insert(g.id_number).second);
  g.registration.id_number = g.id_number;

  // A junior-middle school enrolled them at the start of grade 7; the others at grade 1.
  int entered = shape.first_grade == 7 ? school_year(plan.today) - (grade - 7) : intake;
  g.registration.enrollment_date = format_date(Date{entered, 9, 1});
  g.registration.grade = grade;
  g.registration.class_name = std::to_string(random.between(1, classes)) + "班";
  return g;
}

}  // namespace

Result<DemoCounty> seed_demo_county(Database& db, DemoRandom& random, const DemoCountyPlan& plan) {
  DemoCounty out;
  std::vector<std::string> towns = plan.townships;
  std::set<std::string> used_ids;
  for (size_t i = 0; i < kShapes.size(); ++i) {
    const SchoolShape& shape = kShapes[i];
    School school{school_code(plan.county_code, static_cast<int>(i)), "", plan.county_code,
                  shape.kind};
    if (towns.empty()) {
      school.name = plan.county_name + shape.fallback_name;
    } else {
      size_t t = static_cast<size_t>(random.between(0, static_cast<int>(towns.size()) - 1));
      school.name = plan.county_name + towns[t] + shape.suffix;
      towns.erase(towns.begin() + static_cast<long>(t));  // one demo school per township
    }
    if (auto stored = upsert_school(db, school); !stored) return stored.error();
    out.schools.push_back(school);

    for (int grade = shape.first_grade; grade <= shape.last_grade; ++grade) {
      int count = random.between(shape.min_per_grade, shape.max_per_grade);
      int classes = count > 15 ? 2 : 1;
      for (int n = 0; n < count; ++n) {
        // Everything is drawn before the database is consulted, so a re-run with the same
        // seed walks the same sequence and finds the same students already there.
        Generated g = generate_student(random, plan, shape, grade, classes, used_ids);
        auto same = find_student(db, g.registration.student_id);
        if (!same) return same.error();
        if (*same) {
          ++out.students_kept;
          continue;
        }
        // 第八条 一人一籍: never a second registry for a number somebody already holds.
        auto holder = find_student_by_id_number(db, g.id_number);
        if (!holder) return holder.error();
        if (*holder) continue;
        auto student = validate_registration(g.registration, school.code, plan.today);
        if (!student) return student.error();
        if (auto inserted = insert_student(db, *student); !inserted) return inserted.error();
        ++out.students_added;
      }
    }
  }
  return out;
}

}  // namespace xueji::server
