// Attachments (issue 4): content-addressed blobs, the device's upload queue apart from the
// outbox, the server's resumable chunks (offset = bytes received), verification against the
// hash, one copy per content, and reads scoped like the archive (第十九条, R18).
#include <catch2/catch.hpp>

#include "registry_fixture.hpp"
#include "xueji/archive.hpp"
#include "xueji/blob_store.hpp"
#include "xueji/local_registry.hpp"
#include "xueji/session.hpp"
#include "xueji/sha256.hpp"

using namespace xueji;

namespace {

// A JPEG-looking file of `size` bytes (signature, then pseudo-random content).
std::string jpeg_bytes(std::size_t size, unsigned seed = 1) {
  std::string bytes = "\xFF\xD8\xFF\xE0";
  std::uint32_t x = seed * 2654435761u + 1;
  while (bytes.size() < size) {
    x = x * 1664525u + 1013904223u;
    bytes.push_back(static_cast<char>(x >> 24));
  }
  bytes.resize(size);
  return bytes;
}

AttachmentRef ref_of(const std::string& bytes, std::string type = "image/jpeg") {
  return AttachmentRef{
      sha256_hex(bytes), static_cast<std::int64_t>(bytes.size()), std::move(type), {}};
}

std::int64_t count(Database& db, const std::string& sql) {
  auto stmt = db.prepare(sql);
  REQUIRE(stmt.ok());
  REQUIRE(stmt->step().value());
  return stmt->integer(0);
}

// Sends `bytes` from `offset` in chunks of `chunk`, at most `max_chunks` of them.
BlobStatus upload(Database& db, const AttachmentRef& ref, const std::string& bytes,
                  std::int64_t offset, std::size_t chunk = kMaxBlobChunkBytes,
                  int max_chunks = 1000) {
  BlobStatus status;
  for (int i = 0; i < max_chunks && offset < ref.byte_size; ++i) {
    auto part = std::string_view(bytes).substr(static_cast<std::size_t>(offset), chunk);
    auto sent = receive_blob_chunk(db, ref, offset, part, "reg-a");
    REQUIRE(sent.ok());
    status = *sent;
    offset = status.received_bytes;
  }
  return status;
}

}  // namespace

TEST_CASE("Attachments: the device keeps a chosen file once and queues it once for upload",
          "[attachments]") {
  TempDir dir;
  auto local = LocalRegistry::open(dir.file("device.db"));
  REQUIRE(local.ok());
  Database& db = local->database();
  const std::string scan = jpeg_bytes(600'000);
  auto ref = store_device_blob(db, scan, "户口簿.jpg");
  REQUIRE(ref.ok());
  CHECK(ref->content_hash == sha256_hex(scan));
  CHECK(ref->media_type == "image/jpeg");  // from the bytes: the picker tells nothing
  CHECK(ref->byte_size == 600'000);
  auto again = store_device_blob(db, scan, "copy.jpg");
  REQUIRE(again.ok());
  CHECK(again->content_hash == ref->content_hash);
  CHECK(count(db, "SELECT count(*) FROM device_blobs") == 1);
  CHECK(pending_upload_count(db) == 1);
  CHECK(local->pending_count() == 0);  // the outbox knows nothing of it: sync never waits

  // Chunks of 256 KB from the confirmed offset; the resume point is the server's count.
  auto first = next_upload_chunk(db, ref->content_hash);
  REQUIRE(first.ok());
  REQUIRE(first->has_value());
  CHECK((*first)->offset == 0);
  CHECK((*first)->bytes == scan.substr(0, kMaxBlobChunkBytes));
  REQUIRE(record_upload_progress(db, ref->content_hash, kMaxBlobChunkBytes, false).ok());
  auto second = next_upload_chunk(db, ref->content_hash);
  REQUIRE(second.ok());
  CHECK((*second)->offset == kMaxBlobChunkBytes);
  CHECK((*second)->bytes == scan.substr(kMaxBlobChunkBytes, kMaxBlobChunkBytes));
  // The server discarded a tampered upload: its count (0) wins over the device's.
  REQUIRE(record_upload_progress(db, ref->content_hash, 0, false, "BLOB_HASH_MISMATCH").ok());
  CHECK((*next_upload_chunk(db, ref->content_hash))->offset == 0);
  auto pending = pending_uploads(db);
  REQUIRE(pending.ok());
  REQUIRE(pending->size() == 1);
  CHECK(pending->at(0).attempts == 1);
  CHECK(pending->at(0).last_error == "BLOB_HASH_MISMATCH");

  // A rebase rebuilds the records from the mirror; the bytes and the queue are device-only.
  REQUIRE(local
              ->save_session(Session{"token", "reg-a", "reg-a", "school_registrar", "4116230001",
                                     "unit", local->device_id()})
              .ok());
  REQUIRE(local->rebase().ok());
  CHECK(has_device_blob(db, ref->content_hash));
  CHECK(pending_upload_count(db) == 1);

  REQUIRE(record_upload_progress(db, ref->content_hash, 600'000, true).ok());
  CHECK(pending_upload_count(db) == 0);
  CHECK_FALSE(next_upload_chunk(db, ref->content_hash)->has_value());
  // Chosen again after upload: still uploaded, nothing queued again.
  REQUIRE(store_device_blob(db, scan, "again.jpg").ok());
  CHECK(pending_upload_count(db) == 0);
  auto kept = device_blob(db, ref->content_hash);
  REQUIRE(kept.ok());
  REQUIRE(kept->has_value());
  CHECK((*kept)->content == scan);
}

TEST_CASE("Attachments: only JPEG, PNG or PDF up to 10 MB, on the device and on the server",
          "[attachments]") {
  TempDir dir;
  auto local = LocalRegistry::open(dir.file("device.db"));
  REQUIRE(local.ok());
  Database& db = local->database();
  auto text = store_device_blob(db, "just some text, not a scan", "note.txt");
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().code == ErrorCode::AttachmentTypeNotAllowed);
  auto huge = store_device_blob(db, jpeg_bytes(kMaxAttachmentBytes + 1), "huge.jpg");
  REQUIRE_FALSE(huge.ok());
  CHECK(huge.error().code == ErrorCode::AttachmentTooLarge);
  CHECK(store_device_blob(db, std::string("%PDF-1.4\n%") + jpeg_bytes(100).substr(4), "a.pdf")
            ->media_type == "application/pdf");
  CHECK(store_device_blob(db, std::string("\x89PNG\r\n\x1A\n") + jpeg_bytes(100), "a.png")
            ->media_type == "image/png");
  CHECK(pending_upload_count(db) == 2);

  RegistryFixture f;
  const std::string scan = jpeg_bytes(1000);
  AttachmentRef gif = ref_of(scan, "image/gif");
  CHECK(receive_blob_chunk(f.db, gif, 0, scan, "reg-a").error().code ==
        ErrorCode::AttachmentTypeNotAllowed);
  AttachmentRef big = ref_of(scan);
  big.byte_size = kMaxAttachmentBytes + 1;
  CHECK(receive_blob_chunk(f.db, big, 0, scan, "reg-a").error().code ==
        ErrorCode::AttachmentTooLarge);
  const std::string large = jpeg_bytes(kMaxBlobChunkBytes + 1);
  CHECK(receive_blob_chunk(f.db, ref_of(large), 0, large, "reg-a").error().code ==
        ErrorCode::PayloadTooLarge);
  CHECK(count(f.db, "SELECT count(*) FROM server_blobs") == 0);
}

TEST_CASE("Attachments: the server resumes at the bytes received and keeps one copy per content",
          "[attachments]") {
  RegistryFixture f;
  const std::string scan = jpeg_bytes(3 * 1024 * 1024 + 17);
  const AttachmentRef ref = ref_of(scan);

  // Three chunks, then the connection drops.
  BlobStatus cut = upload(f.db, ref, scan, 0, kMaxBlobChunkBytes, 3);
  CHECK(cut.received_bytes == 3 * kMaxBlobChunkBytes);
  CHECK_FALSE(cut.complete);
  // A chunk at the wrong offset (a retry of one already counted) changes nothing.
  auto stale =
      receive_blob_chunk(f.db, ref, 2 * kMaxBlobChunkBytes,
                         std::string_view(scan).substr(2 * kMaxBlobChunkBytes, 1000), "reg-a");
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.error().code == ErrorCode::BlobOffsetMismatch);
  auto ahead = receive_blob_chunk(f.db, ref, 5 * kMaxBlobChunkBytes, "\x01", "reg-a");
  CHECK(ahead.error().code == ErrorCode::BlobOffsetMismatch);
  auto status = server_blob_status(f.db, ref.content_hash);
  REQUIRE(status.ok());
  CHECK(status->received_bytes == 3 * kMaxBlobChunkBytes);
  CHECK(count(f.db, "SELECT count(*) FROM server_blob_chunks") == 3);
  // Another declaration of the same hash is not the same file.
  AttachmentRef other = ref;
  other.byte_size += 1;
  CHECK(receive_blob_chunk(f.db, other, status->received_bytes, "x", "reg-a").error().code ==
        ErrorCode::AttachmentMismatch);
  CHECK(server_blob_content(f.db, ref.content_hash).error().code == ErrorCode::BlobIncomplete);

  // Resume from the status offset, in chunks of another size.
  BlobStatus done = upload(f.db, ref, scan, status->received_bytes, 100'000);
  CHECK(done.complete);
  auto content = server_blob_content(f.db, ref.content_hash);
  REQUIRE(content.ok());
  CHECK(sha256_hex(*content) == ref.content_hash);
  CHECK(*content == scan);

  // The same content again (another school's device): nothing new is stored.
  const auto chunks = count(f.db, "SELECT count(*) FROM server_blob_chunks");
  const auto bytes = count(f.db, "SELECT sum(length(content)) FROM server_blob_chunks");
  auto twice = receive_blob_chunk(f.db, ref, 0, std::string_view(scan).substr(0, 1000), "reg-b");
  REQUIRE(twice.ok());
  CHECK(twice->complete);
  CHECK(count(f.db, "SELECT count(*) FROM server_blobs") == 1);
  CHECK(count(f.db, "SELECT count(*) FROM server_blob_chunks") == chunks);
  CHECK(count(f.db, "SELECT sum(length(content)) FROM server_blob_chunks") == bytes);
  CHECK(bytes == ref.byte_size);
}

TEST_CASE("Attachments: tampered content is discarded whole and never served", "[attachments]") {
  RegistryFixture f;
  const std::string scan = jpeg_bytes(700'000, 2);
  const AttachmentRef ref = ref_of(scan);
  std::string tampered = scan;
  tampered[500'000] ^= 0x55;
  BlobStatus partial = upload(f.db, ref, tampered, 0, kMaxBlobChunkBytes, 2);
  REQUIRE(partial.received_bytes == 2 * kMaxBlobChunkBytes);
  auto last =
      receive_blob_chunk(f.db, ref, partial.received_bytes,
                         std::string_view(tampered).substr(partial.received_bytes), "reg-a");
  REQUIRE_FALSE(last.ok());
  CHECK(last.error().code == ErrorCode::BlobHashMismatch);
  CHECK(count(f.db, "SELECT count(*) FROM server_blobs") == 0);
  CHECK(count(f.db, "SELECT count(*) FROM server_blob_chunks") == 0);
  CHECK(server_blob_content(f.db, ref.content_hash).error().code == ErrorCode::NotFound);
  auto status = server_blob_status(f.db, ref.content_hash);
  CHECK(status->received_bytes == 0);
  // The true bytes go through from 0.
  CHECK(upload(f.db, ref, scan, 0).complete);
  CHECK(*server_blob_content(f.db, ref.content_hash) == scan);

  // Right hash, wrong declared type (a JPEG said to be a PNG): refused at the end too.
  const std::string photo = jpeg_bytes(5000, 3);
  AttachmentRef as_png = ref_of(photo, "image/png");
  auto lied = receive_blob_chunk(f.db, as_png, 0, photo, "reg-a");
  REQUIRE_FALSE(lied.ok());
  CHECK(lied.error().code == ErrorCode::BlobContentType);
  CHECK(server_blob_status(f.db, as_png.content_hash)->known == false);
}

TEST_CASE("Attachments: the metadata an archive entry recorded binds the upload", "[attachments]") {
  RegistryFixture f;
  Student pupil = f.enroll(f.school_a, "周小雨", 1);
  const std::string scan = jpeg_bytes(20'000, 4);
  AddArchiveEntry add;
  add.entry_id = new_uuid();
  add.student_id = pupil.student_id;
  add.kind = "awards";
  add.title = "县运动会跳绳一等奖";
  add.attachment = AttachmentRef{sha256_hex(scan), 20'000, "image/jpeg", "award.jpg"};
  REQUIRE(f.run(f.school_a, add).ok());
  AttachmentRef wrong_type = ref_of(scan, "application/pdf");
  CHECK(receive_blob_chunk(f.db, wrong_type, 0, scan, "reg-a").error().code ==
        ErrorCode::AttachmentMismatch);
  CHECK(receive_blob_chunk(f.db, ref_of(scan), 0, scan, "reg-a")->complete);

  // 第十九条/R18: the student's school and the authorities over it; not another school.
  CHECK(may_read_blob(f.db, f.school_a, add.attachment.content_hash).value());
  CHECK(may_read_blob(f.db, f.shangshui, add.attachment.content_hash).value());
  CHECK(may_read_blob(f.db, f.zhoukou, add.attachment.content_hash).value());
  CHECK_FALSE(may_read_blob(f.db, f.school_b, add.attachment.content_hash).value());
  CHECK_FALSE(may_read_blob(f.db, f.jinshui, add.attachment.content_hash).value());
  // Content nobody refers to is nobody's to read.
  CHECK_FALSE(may_read_blob(f.db, f.school_a, sha256_hex("unreferenced")).value());
}
