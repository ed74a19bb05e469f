#include "registry_json.hpp"

#include "../src/rapidjson.hpp"

namespace xueji::server::http {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void field(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void field(Writer& w, const char* key, std::int64_t value) {
  w.Key(key);
  w.Int64(value);
}

template <class T, class Write>
std::string list_json(const char* key, const std::vector<T>& items, Write&& write_item) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key(key);
  w.StartArray();
  for (const auto& item : items) {
    w.StartObject();
    write_item(w, item);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

std::string students_json(const std::vector<Student>& students) {
  return list_json("students", students, [](Writer& w, const Student& s) {
    field(w, "student_id", s.student_id);
    field(w, "registry_number", s.registry_number);
    field(w, "name", s.name);
    field(w, "id_number", s.id_number);
    field(w, "gender", std::string(s.gender == Gender::Male ? "male" : "female"));
    field(w, "birth_date", format_date(s.birth_date));
    field(w, "enrollment_date", format_date(s.enrollment_date));
    field(w, "grade", s.grade);
    field(w, "class_name", s.class_name);
    field(w, "school_code", s.school_code);
    field(w, "status", s.status);
    field(w, "version", s.version);
  });
}

std::string schools_json(const std::vector<School>& schools) {
  return list_json("schools", schools, [](Writer& w, const School& s) {
    field(w, "code", s.code);
    field(w, "name", s.name);
    field(w, "division_code", s.division_code);
    field(w, "kind", s.kind);
  });
}

}  // namespace xueji::server::http
