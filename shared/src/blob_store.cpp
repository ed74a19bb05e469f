// Attachment bytes on the device and on the server (docs/SYNC.md, "Attachments").
#include "xueji/blob_store.hpp"

#include <rapidjson/document.h>

#include "xueji/archive.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/sha256.hpp"

namespace xueji {
namespace {

// A savepoint works inside or outside a caller's transaction; released on commit(), rolled
// back otherwise, so a failed step leaves nothing behind.
class Savepoint {
 public:
  static Result<Savepoint> begin(Database& db) {
    if (auto ok = db.exec("SAVEPOINT blob_store;"); !ok) return ok.error();
    return Savepoint(db);
  }
  Savepoint(Savepoint&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Savepoint& operator=(Savepoint&&) = delete;
  ~Savepoint() {
    if (db_) (void)db_->exec("ROLLBACK TO blob_store; RELEASE blob_store;");
  }
  Result<void> commit() {
    auto ok = db_->exec("RELEASE blob_store;");
    if (ok) db_ = nullptr;
    return ok;
  }

 private:
  explicit Savepoint(Database& db) : db_(&db) {}
  Database* db_;
};

bool starts_with(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

Result<std::optional<AttachmentRef>> attachment_metadata(Database& db, const std::string& hash) {
  auto stmt = db.prepare("SELECT byte_size, media_type FROM attachments WHERE content_hash = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, hash);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<AttachmentRef>{};
  return std::optional<AttachmentRef>{AttachmentRef{hash, stmt->integer(0), stmt->text(1), {}}};
}

Result<std::string> assemble_chunks(Database& db, const std::string& hash) {
  auto stmt =
      db.prepare("SELECT content FROM server_blob_chunks WHERE content_hash = ?1 ORDER BY offset");
  if (!stmt) return stmt.error();
  stmt->bind(1, hash);
  std::string content;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return content;
    content += stmt->blob(0);
  }
}

}  // namespace

std::string sniff_media_type(std::string_view bytes) {
  if (starts_with(bytes, "\xFF\xD8\xFF")) return "image/jpeg";
  if (starts_with(bytes, "\x89PNG\r\n\x1A\n")) return "image/png";
  if (starts_with(bytes, "%PDF-")) return "application/pdf";
  return {};
}

Result<void> validate_blob(const AttachmentRef& ref, std::string_view bytes) {
  if (auto valid = validate_attachment(ref); !valid) return valid;
  if (static_cast<std::int64_t>(bytes.size()) != ref.byte_size)
    return make_error(ErrorCode::AttachmentMismatch, "byte_size");
  if (sha256_hex(bytes) != ref.content_hash)
    return make_error(ErrorCode::BlobHashMismatch, "content_hash");
  if (sniff_media_type(bytes) != ref.media_type)
    return make_error(ErrorCode::BlobContentType, "media_type");
  return {};
}

// --- Device ------------------------------------------------------------------------------

Result<AttachmentRef> store_device_blob(Database& db, std::string_view bytes,
                                        const std::string& original_name) {
  if (static_cast<std::int64_t>(bytes.size()) > kMaxAttachmentBytes)
    return make_error(ErrorCode::AttachmentTooLarge, "byte_size");
  AttachmentRef ref{sha256_hex(bytes), static_cast<std::int64_t>(bytes.size()),
                    sniff_media_type(bytes), original_name};
  if (ref.media_type.empty()) return make_error(ErrorCode::AttachmentTypeNotAllowed, "media_type");
  if (auto valid = validate_blob(ref, bytes); !valid) return valid.error();
  auto sp = Savepoint::begin(db);
  if (!sp) return sp.error();
  auto blob = db.prepare(
      "INSERT OR IGNORE INTO device_blobs(content_hash, byte_size, media_type, original_name, "
      "content) VALUES(?1, ?2, ?3, ?4, ?5)");
  if (!blob) return blob.error();
  blob->bind(1, ref.content_hash)
      .bind(2, ref.byte_size)
      .bind(3, ref.media_type)
      .bind(4, ref.original_name)
      .bind_blob(5, bytes);
  if (auto ok = blob->run(); !ok) return ok.error();
  // Already queued or already uploaded: the same content is sent once.
  auto queue = db.prepare("INSERT OR IGNORE INTO upload_queue(content_hash) VALUES(?1)");
  if (!queue) return queue.error();
  queue->bind(1, ref.content_hash);
  if (auto ok = queue->run(); !ok) return ok.error();
  if (auto ok = sp->commit(); !ok) return ok.error();
  return ref;
}

Result<std::optional<DeviceBlob>> device_blob(Database& db, const std::string& content_hash) {
  auto stmt = db.prepare(
      "SELECT byte_size, media_type, original_name, content FROM device_blobs "
      "WHERE content_hash = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, content_hash);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<DeviceBlob>{};
  return std::optional<DeviceBlob>{DeviceBlob{
      AttachmentRef{content_hash, stmt->integer(0), stmt->text(1), stmt->text(2)}, stmt->blob(3)}};
}

bool has_device_blob(Database& db, const std::string& content_hash) {
  auto stmt = db.prepare("SELECT 1 FROM device_blobs WHERE content_hash = ?1");
  if (!stmt) return false;
  stmt->bind(1, content_hash);
  auto row = stmt->step();
  return row && *row;
}

std::optional<bool> device_blob_uploaded(Database& db, const std::string& content_hash) {
  auto stmt = db.prepare(
      "SELECT coalesce(q.state, 'uploaded') FROM device_blobs b "
      "LEFT JOIN upload_queue q USING (content_hash) WHERE b.content_hash = ?1");
  if (!stmt) return std::nullopt;
  stmt->bind(1, content_hash);
  auto row = stmt->step();
  if (!row || !*row) return std::nullopt;
  return stmt->text(0) == "uploaded";
}

Result<std::vector<PendingUpload>> pending_uploads(Database& db) {
  auto stmt = db.prepare(
      "SELECT q.content_hash, b.byte_size, b.media_type, b.original_name, q.confirmed_bytes, "
      "q.attempts, q.last_error FROM upload_queue q JOIN device_blobs b USING (content_hash) "
      "WHERE q.state = 'pending' ORDER BY b.stored_at, q.rowid");
  if (!stmt) return stmt.error();
  std::vector<PendingUpload> pending;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return pending;
    pending.push_back(
        PendingUpload{AttachmentRef{stmt->text(0), stmt->integer(1), stmt->text(2), stmt->text(3)},
                      stmt->integer(4), static_cast<int>(stmt->integer(5)), stmt->text(6)});
  }
}

int pending_upload_count(Database& db) {
  auto stmt = db.prepare("SELECT count(*) FROM upload_queue WHERE state = 'pending'");
  if (!stmt) return 0;
  auto row = stmt->step();
  return row && *row ? static_cast<int>(stmt->integer(0)) : 0;
}

Result<void> record_upload_progress(Database& db, const std::string& content_hash,
                                    std::int64_t received, bool complete,
                                    const std::string& error) {
  if (received < 0) return make_error(ErrorCode::InvalidInput, "received_bytes");
  auto stmt = db.prepare(
      "UPDATE upload_queue SET confirmed_bytes = min(?2, (SELECT byte_size FROM device_blobs b "
      "WHERE b.content_hash = upload_queue.content_hash)), state = ?3, "
      "attempts = attempts + (?4 <> ''), last_error = ?4 WHERE content_hash = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, content_hash)
      .bind(2, received)
      .bind(3, complete ? "uploaded" : "pending")
      .bind(4, error);
  if (auto ok = stmt->run(); !ok) return ok;
  if (db.changes() == 0) return make_error(ErrorCode::NotFound, "content_hash");
  return {};
}

Result<std::optional<UploadChunk>> next_upload_chunk(Database& db, const std::string& content_hash,
                                                     std::int64_t max_bytes) {
  if (max_bytes <= 0 || max_bytes > kMaxBlobChunkBytes)
    return make_error(ErrorCode::InvalidInput, "max_bytes");
  // substr() on the BLOB: only the chunk leaves SQLite, not the whole 10 MB.
  auto stmt = db.prepare(
      "SELECT b.byte_size, b.media_type, b.original_name, q.confirmed_bytes, "
      "substr(b.content, q.confirmed_bytes + 1, ?2) FROM upload_queue q "
      "JOIN device_blobs b USING (content_hash) WHERE q.content_hash = ?1 AND q.state = 'pending'");
  if (!stmt) return stmt.error();
  stmt->bind(1, content_hash).bind(2, max_bytes);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<UploadChunk>{};
  UploadChunk chunk{AttachmentRef{content_hash, stmt->integer(0), stmt->text(1), stmt->text(2)},
                    stmt->integer(3), stmt->blob(4)};
  if (chunk.bytes.empty()) return std::optional<UploadChunk>{};  // all sent: ask the status
  return std::optional<UploadChunk>{std::move(chunk)};
}

// --- Server ------------------------------------------------------------------------------

Result<BlobStatus> server_blob_status(Database& db, const std::string& content_hash) {
  if (!is_content_hash(content_hash))
    return make_error(ErrorCode::AttachmentHashInvalid, "content_hash");
  auto stmt = db.prepare(
      "SELECT byte_size, media_type, received_bytes, complete FROM server_blobs "
      "WHERE content_hash = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, content_hash);
  auto row = stmt->step();
  if (!row) return row.error();
  BlobStatus status;
  status.content_hash = content_hash;
  if (!*row) return status;
  status.known = true;
  status.byte_size = stmt->integer(0);
  status.media_type = stmt->text(1);
  status.received_bytes = stmt->integer(2);
  status.complete = stmt->integer(3) != 0;
  return status;
}

Result<BlobStatus> parse_blob_status(std::string_view json) {
  try {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError() || !doc.IsObject()) return make_error(ErrorCode::MalformedRequest);
    // HasMember + operator[], not FindMember: comparing member iterators is ambiguous in C++20.
    auto text = [&](const char* key) -> std::optional<std::string> {
      if (!doc.HasMember(key) || !doc[key].IsString()) return std::nullopt;
      return std::string(doc[key].GetString(), doc[key].GetStringLength());
    };
    auto number = [&](const char* key) -> std::optional<std::int64_t> {
      if (!doc.HasMember(key) || !doc[key].IsInt64()) return std::nullopt;
      return doc[key].GetInt64();
    };
    auto hash = text("content_hash");
    auto received = number("received_bytes");
    if (!hash || !received || *received < 0 || !doc.HasMember("complete") ||
        !doc["complete"].IsBool())
      return make_error(ErrorCode::MalformedRequest);
    BlobStatus status;
    status.content_hash = *hash;
    status.received_bytes = *received;
    status.complete = doc["complete"].GetBool();
    status.byte_size = number("byte_size").value_or(0);
    status.media_type = text("media_type").value_or("");
    status.known = status.byte_size > 0;
    return status;
  } catch (const JsonAssertion&) {
    return make_error(ErrorCode::MalformedRequest);
  }
}

Result<BlobStatus> receive_blob_chunk(Database& db, const AttachmentRef& ref, std::int64_t offset,
                                      std::string_view bytes, const std::string& account) {
  AttachmentRef declared = ref;
  declared.original_name.clear();  // the chunk protocol carries no name
  if (auto valid = validate_attachment(declared); !valid) return valid.error();
  const auto size = static_cast<std::int64_t>(bytes.size());
  if (size == 0) return make_error(ErrorCode::InvalidInput, "chunk");
  if (size > kMaxBlobChunkBytes) return make_error(ErrorCode::PayloadTooLarge, "chunk");
  auto sp = Savepoint::begin(db);
  if (!sp) return sp.error();
  // The archive's metadata (from AddArchiveEntry) and an earlier declaration must agree.
  auto metadata = attachment_metadata(db, ref.content_hash);
  if (!metadata) return metadata.error();
  if (*metadata &&
      ((*metadata)->byte_size != ref.byte_size || (*metadata)->media_type != ref.media_type))
    return make_error(ErrorCode::AttachmentMismatch, "content_hash");
  auto status = server_blob_status(db, ref.content_hash);
  if (!status) return status.error();
  if (status->known && (status->byte_size != ref.byte_size || status->media_type != ref.media_type))
    return make_error(ErrorCode::AttachmentMismatch, "content_hash");
  if (status->complete) return *status;  // already held: the same content is kept once
  if (offset != status->received_bytes) return make_error(ErrorCode::BlobOffsetMismatch, "offset");
  if (offset + size > ref.byte_size) return make_error(ErrorCode::AttachmentMismatch, "byte_size");
  if (!status->known) {
    auto insert = db.prepare(
        "INSERT INTO server_blobs(content_hash, byte_size, media_type, started_by) "
        "VALUES(?1, ?2, ?3, ?4)");
    if (!insert) return insert.error();
    insert->bind(1, ref.content_hash)
        .bind(2, ref.byte_size)
        .bind(3, ref.media_type)
        .bind(4, account);
    if (auto ok = insert->run(); !ok) return ok.error();
  }
  auto chunk = db.prepare(
      "INSERT INTO server_blob_chunks(content_hash, offset, content) VALUES(?1, ?2, ?3)");
  if (!chunk) return chunk.error();
  chunk->bind(1, ref.content_hash).bind(2, offset).bind_blob(3, bytes);
  if (auto ok = chunk->run(); !ok) return ok.error();
  BlobStatus next = *status;
  next.known = true;
  next.byte_size = ref.byte_size;
  next.media_type = ref.media_type;
  next.received_bytes = offset + size;
  if (next.received_bytes == ref.byte_size) {
    auto content = assemble_chunks(db, ref.content_hash);
    if (!content) return content.error();
    if (auto verified = validate_blob(declared, *content); !verified) {
      // Nothing wrong is kept: every chunk goes, the next upload starts at 0. This is committed
      // (the error is the answer, the discard is the state).
      auto discard = db.prepare("DELETE FROM server_blobs WHERE content_hash = ?1");
      if (!discard) return discard.error();
      discard->bind(1, ref.content_hash);
      if (auto ok = discard->run(); !ok) return ok.error();
      if (auto ok = sp->commit(); !ok) return ok.error();
      return verified.error();
    }
    next.complete = true;
  }
  auto update = db.prepare(
      "UPDATE server_blobs SET received_bytes = ?2, complete = ?3, completed_at = CASE WHEN ?3 "
      "THEN strftime('%Y-%m-%dT%H:%M:%SZ', 'now') ELSE '' END WHERE content_hash = ?1");
  if (!update) return update.error();
  update->bind(1, ref.content_hash).bind(2, next.received_bytes).bind(3, next.complete ? 1 : 0);
  if (auto ok = update->run(); !ok) return ok.error();
  if (auto ok = sp->commit(); !ok) return ok.error();
  return next;
}

Result<std::string> server_blob_content(Database& db, const std::string& content_hash) {
  auto status = server_blob_status(db, content_hash);
  if (!status) return status.error();
  if (!status->known) return make_error(ErrorCode::NotFound, "content_hash");
  if (!status->complete) return make_error(ErrorCode::BlobIncomplete, "content_hash");
  return assemble_chunks(db, content_hash);
}

Result<bool> may_read_blob(Database& db, const Actor& actor, const std::string& content_hash) {
  // A transfer's proofs are given by the receiving school before the student is its own: the
  // units of the workflow (its starter and its steps) may read them too (第十一条).
  auto units = db.prepare(
      "SELECT 1 FROM workflow_proofs p JOIN workflows w ON w.workflow_id = p.workflow_id "
      "WHERE p.content_hash = ?1 AND (w.started_unit = ?2 OR EXISTS (SELECT 1 FROM "
      "workflow_steps s WHERE s.workflow_id = w.workflow_id AND s.unit_code = ?2)) LIMIT 1");
  if (!units) return units.error();
  units->bind(1, content_hash).bind(2, actor.unit_code);
  auto unit_row = units->step();
  if (!unit_row) return unit_row.error();
  if (*unit_row) return true;
  auto stmt = db.prepare(
      "SELECT student_id FROM archive_entries WHERE attachment_hash = ?1 "
      "UNION SELECT w.student_id FROM workflow_proofs p "
      "JOIN workflows w ON w.workflow_id = p.workflow_id WHERE p.content_hash = ?1 "
      "UNION SELECT r.student_id FROM problem_evidence e "
      "JOIN problem_records r ON r.problem_id = e.problem_id WHERE e.content_hash = ?1");
  if (!stmt) return stmt.error();
  stmt->bind(1, content_hash);
  auto students = stmt->texts(0);
  if (!students) return students.error();
  for (const auto& id : *students) {
    auto student = find_student(db, id);
    if (!student) return student.error();
    if (!*student) continue;
    auto may = may_read_archive(db, actor, **student);
    if (!may) return may.error();
    if (*may) return true;
  }
  return false;
}

}  // namespace xueji
