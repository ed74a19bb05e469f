// A JSON object writer for API answers (rapidjson as cereal configures it, src/rapidjson.hpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../src/rapidjson.hpp"

namespace xueji::server::http {

class JsonWriter {
 public:
  JsonWriter() : w_(buffer_) {}
  JsonWriter& begin_object() { return w_.StartObject(), *this; }
  JsonWriter& end_object() { return w_.EndObject(), *this; }
  JsonWriter& begin_array(const char* key) {
    w_.Key(key);
    w_.StartArray();
    return *this;
  }
  JsonWriter& begin_array() { return w_.StartArray(), *this; }
  JsonWriter& end_array() { return w_.EndArray(), *this; }
  JsonWriter& key(const char* key) { return w_.Key(key), *this; }
  JsonWriter& field(const char* key, const std::string& value) {
    w_.Key(key);
    return string(value);
  }
  JsonWriter& field(const char* key, const char* value) { return field(key, std::string(value)); }
  JsonWriter& field(const char* key, std::string_view value) {
    return field(key, std::string(value));
  }
  JsonWriter& field(const char* key, std::int64_t value) {
    w_.Key(key);
    w_.Int64(value);
    return *this;
  }
  JsonWriter& field(const char* key, int value) {
    return field(key, static_cast<std::int64_t>(value));
  }
  JsonWriter& field(const char* key, bool value) {
    w_.Key(key);
    w_.Bool(value);
    return *this;
  }
  JsonWriter& field(const char* key, const std::optional<int>& value) {
    w_.Key(key);
    if (value)
      w_.Int(*value);
    else
      w_.Null();
    return *this;
  }
  JsonWriter& field(const char* key, const std::vector<std::string>& values) {
    begin_array(key);
    for (const auto& v : values) string(v);
    return end_array();
  }
  JsonWriter& string(const std::string& value) {
    w_.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
    return *this;
  }
  std::string str() const { return std::string(buffer_.GetString(), buffer_.GetSize()); }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> w_;
};

}  // namespace xueji::server::http
