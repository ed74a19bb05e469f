// GET /api/students/{student_id}/history[?as_of=] (in scope: the merged record with per-field
// provenance and history, S4),
// GET /api/students/{student_id} (in scope, or through a live break-the-glass grant) and
// POST /api/students/lookup {"id_number","reason"} (break the glass). The decisions and the
// audit are in student_access.cpp.
#include "../src/clock.hpp"
#include "../src/student_access.hpp"
#include "bearer.hpp"
#include "endpoints.hpp"
#include "json_body.hpp"
#include "responses.hpp"

namespace xueji::server::http {
namespace {

void write_student(JsonOut& out, const StudentRead& read) {
  const Student& s = read.student;
  out.w().StartObject();
  out.text("student_id", s.student_id)
      .text("registry_number", s.registry_number)
      .text("name", s.name)
      .text("id_number", s.id_number)
      .text("document_type", s.document_type)
      .text("gender", s.gender == Gender::Male ? "male" : "female")
      .text("birth_date", format_date(s.birth_date))
      .text("enrollment_date", format_date(s.enrollment_date))
      .number("grade", s.grade)
      .text("class_name", s.class_name)
      .text("school_code", s.school_code)
      .text("school_name", read.school_name)
      .text("status", s.status)
      .text("ethnicity", s.ethnicity)
      .text("nationality", s.nationality)
      .text("hukou_division", s.hukou_division)
      .text("hukou_address", s.hukou_address)
      .number("version", s.version);
  out.w().Key("guardians");
  out.w().StartArray();
  for (const auto& g : s.guardians) {
    out.w().StartObject();
    out.text("name", g.name).text("relation", g.relation).text("phone", g.phone);
    out.w().EndObject();
  }
  out.w().EndArray();
  out.w().EndObject();
}

void write_nullable(JsonOut& out, const std::optional<std::string>& value) {
  if (value)
    out.w().String(value->c_str(), static_cast<rapidjson::SizeType>(value->size()));
  else
    out.w().Null();
}

// Who set a value, from where and when (device time as the device stated it, server time as
// the server recorded it).
void write_provenance(JsonOut& out, const FieldProvenance& p) {
  out.text("field", p.field);
  out.w().Key("value");
  write_nullable(out, p.value);
  out.number("version", p.version)
      .text("op_id", p.op_id)
      .text("actor", p.actor)
      .text("device_id", p.device_id)
      .text("school_code", p.school_code)
      .text("device_time", p.device_time)
      .text("server_time", p.server_time)
      .text("hlc", p.hlc);
}

void write_access(JsonOut& out, const StudentRead& read) {
  out.text("access", read.via_grant ? "grant" : "scope")
      .text("grant_expires_at", read.via_grant ? iso_utc(read.grant_expires_at) : std::string());
}

}  // namespace

void handle_student(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now());
  if (!actor) return reply_error(res, actor.error());
  const std::string student_id = req.matches[1];
  auto read =
      ctx.db.with([&](Database& db) { return read_student(db, *actor, student_id, unix_now()); });
  if (!read) return reply_error(res, read.error());
  JsonOut out;
  out.w().StartObject();
  out.w().Key("student");
  write_student(out, *read);
  write_access(out, *read);
  out.w().EndObject();
  reply_json(res, 200, out.str());
}

void handle_student_history(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now());
  if (!actor) return reply_error(res, actor.error());
  const std::string student_id = req.matches[1];
  std::optional<std::string> as_of;
  if (req.has_param("as_of")) {
    as_of = normalize_as_of(req.get_param_value("as_of"));
    if (!as_of) return reply_error(res, make_error(ErrorCode::MalformedRequest, "as_of"));
  }
  auto read = ctx.db.with(
      [&](Database& db) { return read_student_history(db, *actor, student_id, as_of); });
  if (!read) return reply_error(res, read.error());
  JsonOut out;
  out.w().StartObject();
  out.w().Key("student");
  write_student(out, read->read);
  out.w().Key("current");
  out.w().StartArray();
  for (const auto& p : read->current) {
    out.w().StartObject();
    write_provenance(out, p);
    out.w().EndObject();
  }
  out.w().EndArray();
  out.w().Key("history");
  out.w().StartArray();
  for (const auto& e : read->history) {
    out.w().StartObject();
    out.number("id", e.id).text("status", e.status);
    write_provenance(out, e.provenance);
    out.w().EndObject();
  }
  out.w().EndArray();
  out.w().Key("as_of");
  write_nullable(out, read->as_of);
  out.w().Key("record_as_of");
  if (read->as_of) {
    out.w().StartObject();
    for (const auto& [field, value] : read->record_as_of) {
      out.w().Key(field.c_str(), static_cast<rapidjson::SizeType>(field.size()));
      write_nullable(out, value);
    }
    out.w().EndObject();
  } else {
    out.w().Null();
  }
  out.w().EndObject();
  reply_json(res, 200, out.str());
}

void handle_student_lookup(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now());
  if (!actor) return reply_error(res, actor.error());
  auto body = JsonBody::parse(req.body);
  if (!body) return reply_error(res, body.error());
  auto id_number = body->required_text("id_number");
  if (!id_number) return reply_error(res, id_number.error());
  auto reason = body->text("reason");
  if (!reason) return reply_error(res, reason.error());
  auto found = ctx.db.with(
      [&](Database& db) { return break_the_glass(db, *actor, *id_number, *reason, unix_now()); });
  if (!found) return reply_error(res, found.error());
  const auto& [read, grant] = *found;
  JsonOut out;
  out.w().StartObject();
  out.w().Key("student");
  write_student(out, read);
  write_access(out, read);
  out.w().Key("grant");
  out.w().StartObject();
  out.text("student_id", grant.student_id)
      .text("reason", grant.reason)
      .text("granted_at", iso_utc(grant.granted_at))
      .text("expires_at", iso_utc(grant.expires_at));
  out.w().EndObject();
  out.w().EndObject();
  reply_json(res, 200, out.str());
}

}  // namespace xueji::server::http
