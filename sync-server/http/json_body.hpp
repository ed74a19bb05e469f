// Request bodies of the account, device and lookup endpoints: a JSON object whose members are
// read by name. A body that is not a JSON object, or a member of the wrong type, is
// MALFORMED_REQUEST; unknown members are ignored.
#pragma once
#include <optional>
#include <string>

#include "../src/rapidjson.hpp"
#include "xueji/result.hpp"

namespace xueji::server::http {

class JsonBody {
 public:
  static Result<JsonBody> parse(const std::string& body);
  // An absent or null member gives `fallback`.
  Result<std::string> text(const char* key, std::string fallback = {}) const;
  Result<bool> flag(const char* key, bool fallback = false) const;
  // A member the request cannot do without: absent or null is MALFORMED_REQUEST too.
  Result<std::string> required_text(const char* key) const;

 private:
  rapidjson::Document doc_;
};

// A JSON object written member by member (rapidjson escapes strings; UTF-8 passes verbatim).
class JsonOut {
 public:
  JsonOut() : writer_(buffer_) {}
  rapidjson::Writer<rapidjson::StringBuffer>& w() { return writer_; }
  JsonOut& text(const char* key, const std::string& value);
  JsonOut& number(const char* key, std::int64_t value);
  JsonOut& flag(const char* key, bool value);
  std::string str() const { return std::string(buffer_.GetString(), buffer_.GetSize()); }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
};

}  // namespace xueji::server::http
