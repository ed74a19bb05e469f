#include "world.hpp"

namespace xueji::sim {

void Directory::publish(const std::string& school_code, std::vector<KnownStudent> students) {
  std::lock_guard lock(mutex_);
  by_school_[school_code] = std::move(students);
}

std::optional<KnownStudent> Directory::elsewhere(const std::string& school_code, SimRandom& rng) {
  std::lock_guard lock(mutex_);
  std::vector<const KnownStudent*> all;
  for (const auto& [school, students] : by_school_)
    if (school != school_code)
      for (const auto& s : students) all.push_back(&s);
  if (all.empty()) return std::nullopt;
  return *all[static_cast<size_t>(rng.below(all.size()))];
}

void Directory::offer_twin(const std::string& school_code, const std::string& id_number) {
  std::lock_guard lock(mutex_);
  twins_.emplace_back(school_code, id_number);
  if (twins_.size() > 64) twins_.pop_front();
}

std::optional<std::string> Directory::take_twin(const std::string& school_code) {
  std::lock_guard lock(mutex_);
  for (auto it = twins_.begin(); it != twins_.end(); ++it) {
    if (it->first == school_code) continue;
    std::string id = it->second;
    twins_.erase(it);
    return id;
  }
  return std::nullopt;
}

void Directory::offer_race(const std::string& school_code, const KnownStudent& student) {
  std::lock_guard lock(mutex_);
  races_.emplace_back(school_code, student);
  if (races_.size() > 64) races_.pop_front();
}

std::optional<KnownStudent> Directory::take_race(const std::string& school_code) {
  std::lock_guard lock(mutex_);
  for (auto it = races_.begin(); it != races_.end(); ++it) {
    // Another school's application, for a student that is not this school's own.
    if (it->first == school_code || it->second.school_code == school_code) continue;
    KnownStudent student = it->second;
    races_.erase(it);
    return student;
  }
  return std::nullopt;
}

const std::vector<std::string>& birth_divisions() {
  static const std::vector<std::string> kCodes{
      "411625",  // 郸城县
      "411625", "411625",
      "411623",  // 商水县
      "411602",  // 川汇区
      "411621",  // 扶沟县
      "410102",  // 郑州市中原区
      "410105",  // 郑州市金水区
      "420102",  // 武汉市江岸区 (a migrant family)
      "110101",  // 北京市东城区
  };
  return kCodes;
}

}  // namespace xueji::sim
