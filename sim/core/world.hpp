// What the simulated devices share: the schools and accounts of the run, and a directory of
// what families and other schools tell a school (a registry certificate brought to a transfer,
// an ID number already registered elsewhere). Thread-safe: the HTTP mode runs devices in threads.
#pragma once
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sim_random.hpp"
#include "xueji/actor.hpp"

namespace xueji::sim {

struct SimSchool {
  std::string code;
  std::string name;
  std::string division;  // county (GB/T 2260, 6 digits)
  std::string kind;      // "primary", "junior", "nine_year"
};

struct SimAccount {
  std::string username;
  std::string password;
  Role role = Role::SchoolRegistrar;
  std::string unit_code;
  std::string unit_name;
};

// A student as another school knows of it (registry certificate, 学籍信息表).
struct KnownStudent {
  std::string registry_number;
  std::string name;
  std::string id_number;
  int grade = 1;
  std::string school_code;
};

class Directory {
 public:
  // Replaces what is known about one school's students (after that school's device synced).
  void publish(const std::string& school_code, std::vector<KnownStudent> students);
  // A student of another school (for a transfer in, or a duplicate registration).
  std::optional<KnownStudent> elsewhere(const std::string& school_code, SimRandom& rng);
  // Offline duplicates (第八条): one school registers a new child and "tells" the directory;
  // another school registers the same child before either synced.
  void offer_twin(const std::string& school_code, const std::string& id_number);
  std::optional<std::string> take_twin(const std::string& school_code);
  // Transfer races (第十一条): one school applies to receive a student and "tells" the
  // directory; another school applies for the same student before either synced.
  void offer_race(const std::string& school_code, const KnownStudent& student);
  std::optional<KnownStudent> take_race(const std::string& school_code);

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<KnownStudent>> by_school_;
  std::deque<std::pair<std::string, std::string>> twins_;
  std::deque<std::pair<std::string, KnownStudent>> races_;
};

struct World {
  std::vector<SimSchool> schools;
  std::vector<SimAccount> accounts;
  const SimSchool* school(const std::string& code) const {
    for (const auto& s : schools)
      if (s.code == code) return &s;
    return nullptr;
  }
};

// Real GB/T 2260 county codes of Henan (and two elsewhere) for hukou and ID numbers.
const std::vector<std::string>& birth_divisions();

}  // namespace xueji::sim
