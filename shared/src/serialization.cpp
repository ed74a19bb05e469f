// JSON wire format of the sync protocol and login, written with cereal. Field names are the
// protocol (docs/SYNC.md, docs/API.md): renaming one breaks deployed clients.
#include <cereal/archives/json.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <sstream>

#include "xueji/operation.hpp"
#include "xueji/session.hpp"

namespace xueji {

using cereal::make_nvp;

template <class Archive>
void serialize(Archive& ar, Guardian& g) {
  ar(make_nvp("name", g.name), make_nvp("relation", g.relation), make_nvp("phone", g.phone));
}

template <class Archive>
void serialize(Archive& ar, StudentFlags& f) {
  ar(make_nvp("migrant_child", f.migrant_child), make_nvp("left_behind", f.left_behind),
     make_nvp("inclusive_class", f.inclusive_class), make_nvp("home_delivery", f.home_delivery),
     make_nvp("disability", f.disability), make_nvp("under_discipline", f.under_discipline));
}

template <class Archive>
void serialize(Archive& ar, StudentRegistration& r) {
  ar(make_nvp("student_id", r.student_id), make_nvp("name", r.name),
     make_nvp("id_number", r.id_number), make_nvp("enrollment_date", r.enrollment_date),
     make_nvp("grade", r.grade), make_nvp("class_name", r.class_name),
     make_nvp("document_type", r.document_type), make_nvp("gender", r.gender),
     make_nvp("birth_date", r.birth_date), make_nvp("serial", r.serial),
     make_nvp("ethnicity", r.ethnicity), make_nvp("nationality", r.nationality),
     make_nvp("hukou_division", r.hukou_division), make_nvp("hukou_address", r.hukou_address),
     make_nvp("guardians", r.guardians), make_nvp("flags", r.flags));
}

template <class Archive>
void serialize(Archive& ar, RegisterStudent& c) {
  ar(make_nvp("registration", c.registration));
}

template <class Archive>
void serialize(Archive& ar, Proof& p) {
  ar(make_nvp("kind", p.kind), make_nvp("content_hash", p.content_hash));
}

template <class Archive>
void serialize(Archive& ar, StartWorkflow& c) {
  ar(make_nvp("workflow_id", c.workflow_id), make_nvp("workflow_kind", c.kind),
     make_nvp("student_id", c.student_id), make_nvp("details", c.details),
     make_nvp("proofs", c.proofs));
}

template <class Archive>
void serialize(Archive& ar, DecideStep& c) {
  ar(make_nvp("workflow_id", c.workflow_id), make_nvp("position", c.position),
     make_nvp("approve", c.approve), make_nvp("comment", c.comment), make_nvp("proofs", c.proofs));
}

template <class Archive>
void serialize(Archive& ar, ForceStep& c) {
  ar(make_nvp("workflow_id", c.workflow_id), make_nvp("position", c.position),
     make_nvp("approve", c.approve), make_nvp("comment", c.comment));
}

template <class Archive>
void serialize(Archive& ar, WithdrawWorkflow& c) {
  ar(make_nvp("workflow_id", c.workflow_id), make_nvp("comment", c.comment));
}

template <class Archive>
void serialize(Archive& ar, ReportProblemRecord& c) {
  ar(make_nvp("problem_id", c.problem_id), make_nvp("student_id", c.student_id),
     make_nvp("problem_kind", c.kind), make_nvp("detail", c.detail),
     make_nvp("other_student_id", c.other_student_id));
}

template <class Archive>
void serialize(Archive& ar, ResolveProblemRecord& c) {
  ar(make_nvp("problem_id", c.problem_id), make_nvp("resolution", c.resolution),
     make_nvp("proofs", c.proofs), make_nvp("comment", c.comment));
}

template <class Archive>
void serialize(Archive& ar, AttachmentRef& a) {
  ar(make_nvp("content_hash", a.content_hash), make_nvp("byte_size", a.byte_size),
     make_nvp("media_type", a.media_type), make_nvp("original_name", a.original_name));
}

template <class Archive>
void serialize(Archive& ar, AddArchiveEntry& c) {
  ar(make_nvp("entry_id", c.entry_id), make_nvp("student_id", c.student_id),
     make_nvp("archive_kind", c.kind), make_nvp("title", c.title),
     make_nvp("occurred_on", c.occurred_on), make_nvp("note", c.note),
     make_nvp("attachment", c.attachment));
}

template <class Archive>
void serialize(Archive& ar, RecordPaperArchiveCheck& c) {
  ar(make_nvp("student_id", c.student_id), make_nvp("item", c.item), make_nvp("present", c.present),
     make_nvp("note", c.note));
}

template <class Archive>
void serialize(Archive& ar, MergeSchools& c) {
  ar(make_nvp("merged_school", c.merged_school), make_nvp("surviving_school", c.surviving_school),
     make_nvp("decision", c.decision));
}

template <class Archive>
void serialize(Archive& ar, CloseSchool& c) {
  ar(make_nvp("school_code", c.school_code), make_nvp("custodian_code", c.custodian_code),
     make_nvp("decision", c.decision));
}

template <class Archive>
void serialize(Archive& ar, PromoteSchool& c) {
  ar(make_nvp("school_code", c.school_code), make_nvp("school_year", c.school_year));
}

template <class Archive>
void serialize(Archive& ar, ConfirmTermRoster& c) {
  ar(make_nvp("school_code", c.school_code), make_nvp("term", c.term),
     make_nvp("roster_digest", c.roster_digest));
}

template <class Archive>
void serialize(Archive& ar, SignOffTermVerification& c) {
  ar(make_nvp("division_code", c.division_code), make_nvp("term", c.term));
}

template <class Archive>
void serialize(Archive& ar, AddRegistrarToRoster& c) {
  ar(make_nvp("registrar_id", c.registrar_id), make_nvp("unit_code", c.unit_code),
     make_nvp("name", c.name), make_nvp("phone", c.phone));
}

template <class Archive>
void serialize(Archive& ar, RecordRegistrarTraining& c) {
  ar(make_nvp("registrar_id", c.registrar_id), make_nvp("trained_on", c.trained_on),
     make_nvp("training", c.training));
}

template <class Archive>
void serialize(Archive& ar, FileRegistrar& c) {
  ar(make_nvp("registrar_id", c.registrar_id));
}

template <class Archive>
void serialize(Archive& ar, DeactivateRegistrar& c) {
  ar(make_nvp("registrar_id", c.registrar_id));
}

template <class Archive>
void serialize(Archive& ar, ApproveAgeException& c) {
  ar(make_nvp("approval_id", c.approval_id), make_nvp("id_number", c.id_number),
     make_nvp("approval_kind", c.kind), make_nvp("intake_year", c.intake_year),
     make_nvp("reason", c.reason), make_nvp("document_type", c.document_type));
}

template <class Archive>
void serialize(Archive& ar, FieldChange& c) {
  ar(make_nvp("field", c.field), make_nvp("new_value", c.new_value),
     make_nvp("base_version", c.base_version));
}

template <class Archive>
void serialize(Archive& ar, EditStudent& c) {
  ar(make_nvp("student_id", c.student_id), make_nvp("changes", c.changes));
}

template <class Archive>
void serialize(Archive& ar, FieldChoice& c) {
  ar(make_nvp("field", c.field), make_nvp("side", c.side));
}

template <class Archive>
void serialize(Archive& ar, DecideReviewCase& c) {
  ar(make_nvp("case_id", c.case_id), make_nvp("decision", c.decision),
     make_nvp("choices", c.choices), make_nvp("comment", c.comment));
}

template <class Archive>
void serialize(Archive& ar, AdmittedStudent& s) {
  ar(make_nvp("admission_id", s.admission_id), make_nvp("student_id", s.student_id),
     make_nvp("class_name", s.class_name));
}

template <class Archive>
void serialize(Archive& ar, AdmitEnrolledStudents& c) {
  ar(make_nvp("students", c.students));
}

template <class Archive, class C>
void load_command(Archive& ar, Operation& op) {
  C command;
  serialize(ar, command);
  op.command = std::move(command);
}

// An operation names its command ("kind") and carries that command's fields beside it.
// Always written in the current format (kOperationFormat): an operation read in format 1 and
// upgraded (upgrade_operation) is written back as format 2.
template <class Archive>
void save(Archive& ar, const Operation& op) {
  int format = kOperationFormat;
  ar(make_nvp("format", format), make_nvp("op_id", op.op_id), make_nvp("device_id", op.device_id),
     make_nvp("seq", op.seq), make_nvp("actor", op.actor), make_nvp("device_time", op.device_time),
     make_nvp("hlc", op.hlc), make_nvp("depends_on", op.depends_on),
     make_nvp("kind", std::string(command_kind(op.command))));
  std::visit(
      [&](auto& command) { serialize(ar, const_cast<std::decay_t<decltype(command)>&>(command)); },
      op.command);
}

// Reads formats kMinOperationFormat..kOperationFormat. Any other format keeps only what
// identifies the operation (op_id, device_id, seq) and its format_version: the server answers
// it UNSUPPORTED_VERSION instead of refusing the whole batch.
template <class Archive>
void load(Archive& ar, Operation& op) {
  int format = 0;
  std::string kind;
  ar(make_nvp("format", format), make_nvp("op_id", op.op_id), make_nvp("device_id", op.device_id),
     make_nvp("seq", op.seq));
  op.format_version = format;
  if (format < kMinOperationFormat || format > kOperationFormat) return;
  ar(make_nvp("actor", op.actor), make_nvp("device_time", op.device_time));
  if (format >= 2) ar(make_nvp("hlc", op.hlc), make_nvp("depends_on", op.depends_on));
  ar(make_nvp("kind", kind));
  if (kind == "register_student") {
    load_command<Archive, RegisterStudent>(ar, op);
  } else if (kind == "start_workflow") {
    load_command<Archive, StartWorkflow>(ar, op);
  } else if (kind == "decide_step") {
    load_command<Archive, DecideStep>(ar, op);
  } else if (kind == "force_step") {
    load_command<Archive, ForceStep>(ar, op);
  } else if (kind == "withdraw_workflow") {
    load_command<Archive, WithdrawWorkflow>(ar, op);
  } else if (kind == "report_problem_record") {
    load_command<Archive, ReportProblemRecord>(ar, op);
  } else if (kind == "resolve_problem_record") {
    load_command<Archive, ResolveProblemRecord>(ar, op);
  } else if (kind == "add_archive_entry") {
    load_command<Archive, AddArchiveEntry>(ar, op);
  } else if (kind == "record_paper_archive_check") {
    load_command<Archive, RecordPaperArchiveCheck>(ar, op);
  } else if (kind == "merge_schools") {
    load_command<Archive, MergeSchools>(ar, op);
  } else if (kind == "close_school") {
    load_command<Archive, CloseSchool>(ar, op);
  } else if (kind == "promote_school") {
    load_command<Archive, PromoteSchool>(ar, op);
  } else if (kind == "confirm_term_roster") {
    load_command<Archive, ConfirmTermRoster>(ar, op);
  } else if (kind == "sign_off_term_verification") {
    load_command<Archive, SignOffTermVerification>(ar, op);
  } else if (kind == "add_registrar_to_roster") {
    load_command<Archive, AddRegistrarToRoster>(ar, op);
  } else if (kind == "record_registrar_training") {
    load_command<Archive, RecordRegistrarTraining>(ar, op);
  } else if (kind == "file_registrar") {
    load_command<Archive, FileRegistrar>(ar, op);
  } else if (kind == "deactivate_registrar") {
    load_command<Archive, DeactivateRegistrar>(ar, op);
  } else if (kind == "approve_age_exception") {
    load_command<Archive, ApproveAgeException>(ar, op);
  } else if (kind == "edit_student") {
    load_command<Archive, EditStudent>(ar, op);
  } else if (kind == "decide_review_case") {
    load_command<Archive, DecideReviewCase>(ar, op);
  } else if (kind == "admit_enrolled_students") {
    load_command<Archive, AdmitEnrolledStudents>(ar, op);
  } else {
    throw cereal::Exception("unknown operation kind: " + kind);
  }
}

template <class Archive>
void save(Archive& ar, const OpVerdict& v) {
  ar(make_nvp("op_id", v.op_id), make_nvp("outcome", std::string(outcome_name(v.outcome))),
     make_nvp("code", v.code), make_nvp("field", v.field), make_nvp("message_zh", v.message_zh),
     make_nvp("message_en", v.message_en), make_nvp("registry_number", v.registry_number),
     make_nvp("warnings", v.warnings), make_nvp("case_id", v.case_id),
     make_nvp("held_by", v.held_by), make_nvp("hlc", v.hlc));
}

template <class Archive>
void load(Archive& ar, OpVerdict& v) {
  std::string outcome;
  ar(make_nvp("op_id", v.op_id), make_nvp("outcome", outcome), make_nvp("code", v.code),
     make_nvp("field", v.field), make_nvp("message_zh", v.message_zh),
     make_nvp("message_en", v.message_en), make_nvp("registry_number", v.registry_number),
     make_nvp("warnings", v.warnings), make_nvp("case_id", v.case_id),
     make_nvp("held_by", v.held_by), make_nvp("hlc", v.hlc));
  if (outcome == "applied")
    v.outcome = Outcome::Applied;
  else if (outcome == "rejected")
    v.outcome = Outcome::Rejected;
  else if (outcome == "conflict")
    v.outcome = Outcome::Conflict;
  else if (outcome == "held")
    v.outcome = Outcome::Held;
  else
    throw cereal::Exception("unknown outcome");
}

namespace {

// Root members are written straight into the top-level JSON object.
template <class Fields>
std::string write_json(Fields&& write_fields) {
  std::ostringstream out;
  {
    cereal::JSONOutputArchive archive(out, cereal::JSONOutputArchive::Options::NoIndent());
    write_fields(archive);
  }
  return out.str();
}

// cereal reports malformed input by throwing; the exception never crosses this boundary.
template <class T, class Fields>
Result<T> read_json(std::string_view json, Fields&& read_fields) {
  try {
    std::istringstream in{std::string(json)};
    cereal::JSONInputArchive archive(in);
    T value{};
    read_fields(archive, value);
    return value;
  } catch (const std::exception& e) {
    return make_error(ErrorCode::MalformedRequest, {}, e.what());
  }
}

}  // namespace

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::Applied:
      return "applied";
    case Outcome::Rejected:
      return "rejected";
    case Outcome::Conflict:
      return "conflict";
    case Outcome::Held:
      return "held";
  }
  return "rejected";
}

std::string to_json(const Operation& op) {
  return write_json([&](auto& ar) { save(ar, op); });
}

Result<Operation> parse_operation(std::string_view json) {
  return read_json<Operation>(json, [](auto& ar, Operation& op) { load(ar, op); });
}

std::string to_json(const PushRequest& r) {
  return write_json([&](auto& ar) {
    ar(make_nvp("protocol_version", r.protocol_version), make_nvp("device_id", r.device_id),
       make_nvp("ops", r.ops));
  });
}

Result<PushRequest> parse_push_request(std::string_view json) {
  return read_json<PushRequest>(json, [](auto& ar, PushRequest& r) {
    ar(make_nvp("protocol_version", r.protocol_version), make_nvp("device_id", r.device_id),
       make_nvp("ops", r.ops));
  });
}

std::string to_json(const PushResponse& r) {
  return write_json([&](auto& ar) {
    ar(make_nvp("protocol_version", r.protocol_version), make_nvp("verdicts", r.verdicts),
       make_nvp("server_hlc", r.server_hlc));
  });
}

Result<PushResponse> parse_push_response(std::string_view json) {
  return read_json<PushResponse>(json, [](auto& ar, PushResponse& r) {
    ar(make_nvp("protocol_version", r.protocol_version), make_nvp("verdicts", r.verdicts),
       make_nvp("server_hlc", r.server_hlc));
  });
}

std::string to_json(const LoginRequest& r) {
  return write_json([&](auto& ar) {
    ar(make_nvp("username", r.username), make_nvp("password", r.password),
       make_nvp("device_id", r.device_id));
  });
}

Result<LoginRequest> parse_login_request(std::string_view json) {
  return read_json<LoginRequest>(json, [](auto& ar, LoginRequest& r) {
    ar(make_nvp("username", r.username), make_nvp("password", r.password),
       make_nvp("device_id", r.device_id));
  });
}

namespace {
template <class Archive, class S>
void session_fields(Archive& ar, S& s) {
  ar(make_nvp("token", s.token), make_nvp("account", s.account),
     make_nvp("display_name", s.display_name), make_nvp("role", s.role),
     make_nvp("unit_code", s.unit_code), make_nvp("unit_name", s.unit_name),
     make_nvp("device_id", s.device_id));
}
template <class Archive, class B>
void error_fields(Archive& ar, B& b) {
  ar(make_nvp("code", b.code), make_nvp("field", b.field), make_nvp("message_zh", b.message_zh),
     make_nvp("message_en", b.message_en));
}
}  // namespace

std::string to_json(const Session& s) {
  return write_json([&](auto& ar) { session_fields(ar, s); });
}

Result<Session> parse_session(std::string_view json) {
  return read_json<Session>(json, [](auto& ar, Session& s) { session_fields(ar, s); });
}

std::string to_json(const ErrorBody& b) {
  return write_json([&](auto& ar) { error_fields(ar, b); });
}

Result<ErrorBody> parse_error_body(std::string_view json) {
  return read_json<ErrorBody>(json, [](auto& ar, ErrorBody& b) { error_fields(ar, b); });
}

ErrorBody error_body(const Error& error) {
  return ErrorBody{std::string(code_name(error.code)), error.field,
                   std::string(message(error.code, Lang::Zh)),
                   std::string(message(error.code, Lang::En))};
}

}  // namespace xueji
