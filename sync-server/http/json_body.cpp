#include "json_body.hpp"

namespace xueji::server::http {

Result<JsonBody> JsonBody::parse(const std::string& body) {
  JsonBody parsed;
  try {
    parsed.doc_.Parse(body.data(), body.size());
  } catch (const std::exception&) {
    return make_error(ErrorCode::MalformedRequest);
  }
  if (parsed.doc_.HasParseError() || !parsed.doc_.IsObject())
    return make_error(ErrorCode::MalformedRequest);
  return parsed;
}

Result<std::string> JsonBody::text(const char* key, std::string fallback) const {
  auto member = doc_.FindMember(key);
  if (member == doc_.MemberEnd() || member->value.IsNull()) return fallback;
  if (!member->value.IsString()) return make_error(ErrorCode::MalformedRequest, key);
  return std::string(member->value.GetString(), member->value.GetStringLength());
}

Result<std::string> JsonBody::required_text(const char* key) const {
  auto member = doc_.FindMember(key);
  if (member == doc_.MemberEnd() || !member->value.IsString())
    return make_error(ErrorCode::MalformedRequest, key);
  return std::string(member->value.GetString(), member->value.GetStringLength());
}

Result<bool> JsonBody::flag(const char* key, bool fallback) const {
  auto member = doc_.FindMember(key);
  if (member == doc_.MemberEnd() || member->value.IsNull()) return fallback;
  if (!member->value.IsBool()) return make_error(ErrorCode::MalformedRequest, key);
  return member->value.GetBool();
}

JsonOut& JsonOut::text(const char* key, const std::string& value) {
  writer_.Key(key);
  writer_.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  return *this;
}

JsonOut& JsonOut::number(const char* key, std::int64_t value) {
  writer_.Key(key);
  writer_.Int64(value);
  return *this;
}

JsonOut& JsonOut::flag(const char* key, bool value) {
  writer_.Key(key);
  writer_.Bool(value);
  return *this;
}

}  // namespace xueji::server::http
