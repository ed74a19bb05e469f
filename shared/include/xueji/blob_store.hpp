// Attachment bytes (scanned proofs, photos), content-addressed by their SHA-256 (issue 4,
// docs/SYNC.md "Attachments"). Operations carry only an AttachmentRef or a Proof (the hash);
// the bytes go their own way: the device keeps them with an upload queue apart from the
// operation outbox, the server receives them in resumable chunks of at most 256 KB and keeps
// each distinct content once. Both sides check the same rules here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xueji/actor.hpp"
#include "xueji/archive_commands.hpp"
#include "xueji/database.hpp"
#include "xueji/result.hpp"

namespace xueji {

// One chunk at most: a page's size on a 256 kbit/s link is ~8 s, and the server's body limit
// is far above it.
inline constexpr std::int64_t kMaxBlobChunkBytes = 256 * 1024;

// The media type the bytes themselves show (JPEG, PNG or PDF signature), empty otherwise.
std::string sniff_media_type(std::string_view bytes);
// validate_attachment (hash shape, allowed type, 1 byte … 10 MB, file name) plus: the bytes are
// what the reference says — their SHA-256, their size, their signature.
Result<void> validate_blob(const AttachmentRef& ref, std::string_view bytes);

// --- Device ------------------------------------------------------------------------------
// Keeps the bytes of a chosen file (type from the file's own signature, so a picker that tells
// nothing still works) and queues it for upload. The same content twice is one row, one queue
// entry. Returns the reference an operation carries.
Result<AttachmentRef> store_device_blob(Database& db, std::string_view bytes,
                                        const std::string& original_name);
struct DeviceBlob {
  AttachmentRef ref;
  std::string content;
};
Result<std::optional<DeviceBlob>> device_blob(Database& db, const std::string& content_hash);
bool has_device_blob(Database& db, const std::string& content_hash);
// For the screens: nullopt when the bytes are not on this device (chosen on another one),
// false while queued, true once the server confirmed the whole content.
std::optional<bool> device_blob_uploaded(Database& db, const std::string& content_hash);

struct PendingUpload {
  AttachmentRef ref;
  std::int64_t confirmed_bytes = 0;  // the server's received count as last heard
  int attempts = 0;
  std::string last_error;
};
// Queue entries not yet confirmed complete, oldest first.
Result<std::vector<PendingUpload>> pending_uploads(Database& db);
int pending_upload_count(Database& db);
// The server said it holds `received` bytes (complete: all, verified). A count below the stored
// one is taken as is (the server discarded a tampered upload): the resume point is the server's.
Result<void> record_upload_progress(Database& db, const std::string& content_hash,
                                    std::int64_t received, bool complete,
                                    const std::string& error = {});
// The next chunk to send: [confirmed_bytes, confirmed_bytes + max_bytes) of the content.
struct UploadChunk {
  AttachmentRef ref;
  std::int64_t offset = 0;
  std::string bytes;
};
Result<std::optional<UploadChunk>> next_upload_chunk(Database& db, const std::string& content_hash,
                                                     std::int64_t max_bytes = kMaxBlobChunkBytes);

// --- Server ------------------------------------------------------------------------------
struct BlobStatus {
  std::string content_hash;
  std::int64_t byte_size = 0;
  std::string media_type;
  std::int64_t received_bytes = 0;
  bool complete = false;
  bool known = false;  // false: nothing received yet for this hash
};
Result<BlobStatus> server_blob_status(Database& db, const std::string& content_hash);
// The server's answer to a chunk or a status request (docs/API.md), read by the device:
// {"content_hash","byte_size","media_type","received_bytes","complete"}.
Result<BlobStatus> parse_blob_status(std::string_view json);
// Appends one chunk in one transaction. `ref` declares the whole blob (hash, size, type); it
// must agree with an earlier declaration and with the archive's metadata (ATTACHMENT_MISMATCH).
// The chunk must start at the received count (BLOB_OFFSET_MISMATCH, nothing stored), hold
// 1 … 256 KB (PAYLOAD_TOO_LARGE) and stay within the size. The last chunk makes the server hash
// the whole content: a mismatch (BLOB_HASH_MISMATCH) or a wrong signature (BLOB_CONTENT_TYPE)
// discards every chunk, so the next upload starts at 0 and nothing wrong is ever served. A
// chunk for a blob already complete stores nothing and answers complete: the same content
// uploaded twice is kept once.
Result<BlobStatus> receive_blob_chunk(Database& db, const AttachmentRef& ref, std::int64_t offset,
                                      std::string_view bytes, const std::string& account);
// The complete, verified content (BLOB_INCOMPLETE while chunks are missing, NOT_FOUND if none).
Result<std::string> server_blob_content(Database& db, const std::string& content_hash);
// 第十九条/R18: whoever may read the archive of a student that refers to the content (archive
// entry, workflow proof, problem evidence) may read the content. in_scope through
// may_read_archive — the same permission function as every other read.
Result<bool> may_read_blob(Database& db, const Actor& actor, const std::string& content_hash);

}  // namespace xueji
