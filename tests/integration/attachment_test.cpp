// Attachments over HTTP with the real server (issue 4, docs/API.md "Attachments"): a device
// uploads a scan in 256 KB chunks from its upload queue, the connection drops (after k chunks,
// and once in the middle of a chunk's body), the upload resumes at the server's count, the
// stored blob is the source byte for byte; the same content again stores nothing; another
// school's download is refused (403, audited); tampered content is refused and discarded.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>

#include "api.hpp"
#include "fault_proxy.hpp"
#include "temp_dir.hpp"
#include "xueji/archive_commands.hpp"
#include "xueji/blob_store.hpp"
#include "xueji/local_registry.hpp"
#include "xueji/sha256.hpp"
#include "xueji/uuid.hpp"

using namespace xueji;
using namespace xueji::it;

namespace {

std::string jpeg_bytes(std::size_t size, unsigned seed) {
  std::string bytes = "\xFF\xD8\xFF\xE0";
  std::uint32_t x = seed * 2654435761u + 7;
  while (bytes.size() < size) {
    x = x * 1664525u + 1013904223u;
    bytes.push_back(static_cast<char>(x >> 24));
  }
  bytes.resize(size);
  return bytes;
}

httplib::Result put_chunk(httplib::Client& client, const std::string& token,
                          const AttachmentRef& ref, std::int64_t offset, const std::string& bytes) {
  httplib::Headers headers{{"Authorization", "Bearer " + token},
                           {"X-Blob-Size", std::to_string(ref.byte_size)},
                           {"X-Blob-Type", ref.media_type}};
  return client.Put(
      ("/api/blobs/" + ref.content_hash + "?offset=" + std::to_string(offset)).c_str(), headers,
      bytes, "application/octet-stream");
}

BlobStatus status_of(httplib::Client& client, const std::string& token, const std::string& hash) {
  auto res = get_with_token(client, "/api/blobs/" + hash + "/status", token);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto status = parse_blob_status(res->body);
  REQUIRE(status.ok());
  return *status;
}

// What the client's background upload does (wasm-client/app.cpp): ask the server's count, then
// send the device's chunks from there; at most `max_chunks` (a dropped connection after them).
// Returns the number of chunk requests sent.
int upload_from_device(httplib::Client& client, const std::string& token, Database& device,
                       const std::string& hash, int max_chunks = 1000) {
  BlobStatus server = status_of(client, token, hash);
  REQUIRE(record_upload_progress(device, hash, server.received_bytes, server.complete).ok());
  int sent = 0;
  while (sent < max_chunks) {
    auto chunk = next_upload_chunk(device, hash);
    REQUIRE(chunk.ok());
    if (!chunk->has_value()) break;
    auto res = put_chunk(client, token, (*chunk)->ref, (*chunk)->offset, (*chunk)->bytes);
    ++sent;
    REQUIRE(res);
    REQUIRE(res->status == 200);
    auto status = parse_blob_status(res->body);
    REQUIRE(status.ok());
    REQUIRE(record_upload_progress(device, hash, status->received_bytes, status->complete).ok());
  }
  return sent;
}

// A chunk whose body stops half-way: the socket closes before Content-Length bytes arrived.
void send_cut_chunk(int port, const std::string& token, const AttachmentRef& ref,
                    std::int64_t offset, const std::string& bytes) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  std::string request =
      "PUT /api/blobs/" + ref.content_hash + "?offset=" + std::to_string(offset) +
      " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
      "\r\nX-Blob-Size: " + std::to_string(ref.byte_size) + "\r\nX-Blob-Type: " + ref.media_type +
      "\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
      std::to_string(bytes.size()) + "\r\n\r\n" + bytes.substr(0, bytes.size() / 2);
  REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size()));
  ::close(fd);
}

std::int64_t count(const Deployment& deployment, const std::string& sql) {
  auto db = Database::open(database_file(deployment));
  REQUIRE(db.ok());
  auto stmt = db->prepare(sql);
  REQUIRE(stmt.ok());
  REQUIRE(stmt->step().value());
  return stmt->integer(0);
}

// The client's behaviour under faults (wasm-client/uploads.cpp): any failed or unreadable answer
// ends the run; the next run asks the server's count and goes on from there.
struct Robust {
  int requests = 0;
  int failures = 0;
  bool complete = false;
};
Robust upload_robustly(httplib::Client& client, const std::string& token, Database& device,
                       const std::string& hash, int max_requests = 3000) {
  Robust r;
  while (r.requests < max_requests && !r.complete) {
    ++r.requests;
    auto res = get_with_token(client, "/api/blobs/" + hash + "/status", token);
    auto status = res && res->status == 200 ? parse_blob_status(res->body)
                                            : Result<BlobStatus>(make_error(ErrorCode::NotFound));
    if (!status) {
      ++r.failures;
      continue;
    }
    REQUIRE(record_upload_progress(device, hash, status->received_bytes, status->complete).ok());
    r.complete = status->complete;
    while (!r.complete && r.requests < max_requests) {
      auto chunk = next_upload_chunk(device, hash);
      REQUIRE(chunk.ok());
      if (!chunk->has_value()) break;
      ++r.requests;
      auto put = put_chunk(client, token, (*chunk)->ref, (*chunk)->offset, (*chunk)->bytes);
      auto after = put && put->status == 200 ? parse_blob_status(put->body)
                                             : Result<BlobStatus>(make_error(ErrorCode::NotFound));
      if (!after) {
        ++r.failures;
        break;
      }
      REQUIRE(record_upload_progress(device, hash, after->received_bytes, after->complete).ok());
      r.complete = after->complete;
    }
  }
  return r;
}

// A registered student of `school` with `ref` filed in the archive (proofs).
void file_in_archive(httplib::Client& client, const Session& school, const AttachmentRef& ref,
                     int n) {
  StudentRegistration pupil = first_grader("赵一鸣", unseeded_id_number(n));
  REQUIRE(parse_push(post_push(client, school.token, to_json(registration_batch(school, {pupil}))))
              .verdicts.at(0)
              .outcome == Outcome::Applied);
  AddArchiveEntry entry;
  entry.entry_id = new_uuid();
  entry.student_id = pupil.student_id;
  entry.kind = "proofs";
  entry.title = "户口簿";
  entry.attachment = ref;
  REQUIRE(push_command(client, school, entry).outcome == Outcome::Applied);
}

}  // namespace

TEST_CASE("a scan uploads in chunks, survives cut connections, resumes and is stored once",
          "[attachments]") {
  Deployment deployment;
  auto client = deployment.client();
  Session school = login(client, deployment.registrar(0), "device-att-a");
  Session other_school = login(client, deployment.registrar(1), "device-att-b");
  Session county = login(client, deployment.county(), "device-att-county");

  // The device: a registered student and a 3 MB scan filed in the student's archive. The
  // operation carries the reference; the bytes wait in the upload queue.
  TempDir dir;
  auto device = LocalRegistry::open((dir.path() / "device.db").string());
  REQUIRE(device.ok());
  const std::string scan = jpeg_bytes(3 * 1024 * 1024 + 123, 11);
  auto ref = store_device_blob(device->database(), scan, "转学申请.jpg");
  REQUIRE(ref.ok());
  StudentRegistration pupil = first_grader("孙晓梅", unseeded_id_number(31));
  REQUIRE(parse_push(post_push(client, school.token, to_json(registration_batch(school, {pupil}))))
              .verdicts.at(0)
              .outcome == Outcome::Applied);
  AddArchiveEntry entry;
  entry.entry_id = new_uuid();
  entry.student_id = pupil.student_id;
  entry.kind = "proofs";
  entry.title = "转学申请书";
  entry.attachment = *ref;
  REQUIRE(push_command(client, school, entry).outcome == Outcome::Applied);

  // Nothing received yet; four chunks, then the connection drops.
  CHECK(status_of(client, school.token, ref->content_hash).received_bytes == 0);
  CHECK(upload_from_device(client, school.token, device->database(), ref->content_hash, 4) == 4);
  CHECK(status_of(client, school.token, ref->content_hash).received_bytes ==
        4 * kMaxBlobChunkBytes);
  // A chunk cut in the middle of its body: the server counts none of it.
  auto fifth = next_upload_chunk(device->database(), ref->content_hash);
  REQUIRE(fifth.ok());
  REQUIRE(fifth->has_value());
  send_cut_chunk(deployment.server().port(), school.token, *ref, (*fifth)->offset, (*fifth)->bytes);
  auto after_cut = status_of(client, school.token, ref->content_hash);
  CHECK(after_cut.received_bytes == 4 * kMaxBlobChunkBytes);
  CHECK_FALSE(after_cut.complete);
  // A wrong offset is refused with the code that says: ask the status.
  auto stale = put_chunk(client, school.token, *ref, 0, scan.substr(0, 1000));
  REQUIRE(stale);
  CHECK(stale->status == 409);
  CHECK(parse_error(stale).code == "BLOB_OFFSET_MISMATCH");

  // Resume from the server's count: the 9 remaining chunks, and the content is the source.
  CHECK(upload_from_device(client, school.token, device->database(), ref->content_hash) == 9);
  CHECK(pending_upload_count(device->database()) == 0);
  auto done = status_of(client, school.token, ref->content_hash);
  CHECK(done.complete);
  CHECK(done.received_bytes == ref->byte_size);
  auto downloaded = get_with_token(client, "/api/blobs/" + ref->content_hash, school.token);
  REQUIRE(downloaded);
  REQUIRE(downloaded->status == 200);
  CHECK(downloaded->get_header_value("Content-Type") == "image/jpeg");
  CHECK(sha256_hex(downloaded->body) == ref->content_hash);
  CHECK(downloaded->body == scan);
  // The county over the school reads it too (第十九条).
  auto county_read = get_with_token(client, "/api/blobs/" + ref->content_hash, county.token);
  REQUIRE(county_read);
  CHECK(county_read->status == 200);

  // The same content from another device: the status says complete, nothing is sent or stored.
  const auto chunks = count(deployment, "SELECT count(*) FROM server_blob_chunks");
  TempDir other_dir;
  auto other_device = LocalRegistry::open((other_dir.path() / "device.db").string());
  REQUIRE(other_device.ok());
  REQUIRE(store_device_blob(other_device->database(), scan, "copy.jpg").ok());
  CHECK(upload_from_device(client, other_school.token, other_device->database(),
                           ref->content_hash) == 0);
  CHECK(pending_upload_count(other_device->database()) == 0);
  auto again = put_chunk(client, other_school.token, *ref, 0, scan.substr(0, kMaxBlobChunkBytes));
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(count(deployment, "SELECT count(*) FROM server_blobs") == 1);
  CHECK(count(deployment, "SELECT count(*) FROM server_blob_chunks") == chunks);
  CHECK(count(deployment, "SELECT sum(length(content)) FROM server_blob_chunks") == ref->byte_size);

  // Another school may not read it (第三条): 403 OUT_OF_SCOPE, and the attempt is audited.
  auto refused = get_with_token(client, "/api/blobs/" + ref->content_hash, other_school.token);
  REQUIRE(refused);
  CHECK(refused->status == 403);
  CHECK(parse_error(refused).code == "OUT_OF_SCOPE");
  auto audit = audit_rows(deployment.data_dir(), "read_blob");
  bool refusal_audited = false;
  for (const auto& row : audit)
    refusal_audited |= row.actor == other_school.account && row.result == "out_of_scope";
  CHECK(refusal_audited);
  auto anonymous = client.Get(("/api/blobs/" + ref->content_hash).c_str());
  REQUIRE(anonymous);
  CHECK(anonymous->status == 401);
}

TEST_CASE("tampered content is refused at the last chunk and nothing of it is kept",
          "[attachments]") {
  Deployment deployment;
  auto client = deployment.client();
  Session school = login(client, deployment.registrar(0), "device-att-t");
  const std::string scan = jpeg_bytes(600'000, 12);
  AttachmentRef ref{sha256_hex(scan), static_cast<std::int64_t>(scan.size()), "image/jpeg", {}};
  std::string tampered = scan;
  tampered[300'000] ^= 0x20;
  // Three chunks; the first two are taken, the last one completes the blob and fails the hash.
  const std::size_t chunk = static_cast<std::size_t>(kMaxBlobChunkBytes);
  for (std::size_t offset = 0; offset + chunk < tampered.size(); offset += chunk) {
    auto taken = put_chunk(client, school.token, ref, static_cast<std::int64_t>(offset),
                           tampered.substr(offset, chunk));
    REQUIRE(taken);
    CHECK(taken->status == 200);
  }
  auto last =
      put_chunk(client, school.token, ref, 2 * kMaxBlobChunkBytes, tampered.substr(2 * chunk));
  REQUIRE(last);
  CHECK(last->status == 422);
  CHECK(parse_error(last).code == "BLOB_HASH_MISMATCH");
  auto status = status_of(client, school.token, ref.content_hash);
  CHECK(status.received_bytes == 0);
  CHECK_FALSE(status.complete);
  CHECK(count(deployment, "SELECT count(*) FROM server_blob_chunks") == 0);

  // Malformed requests: a chunk over 256 KB, a missing size, a hash that is not one.
  auto big = put_chunk(client, school.token, ref, 0, scan.substr(0, kMaxBlobChunkBytes + 1));
  REQUIRE(big);
  CHECK(big->status == 413);
  auto no_size = client.Put(("/api/blobs/" + ref.content_hash + "?offset=0").c_str(),
                            {{"Authorization", "Bearer " + school.token}}, scan.substr(0, 10),
                            "application/octet-stream");
  REQUIRE(no_size);
  CHECK(no_size->status == 400);
  auto not_hash = get_with_token(client, "/api/blobs/xyz/status", school.token);
  REQUIRE(not_hash);
  CHECK(not_hash->status == 404);
}

TEST_CASE("a scan crosses the xueji-sim fault proxy (30% faults) intact", "[attachments][faults]") {
  Deployment deployment;
  auto direct = deployment.client();
  Session school = login(direct, deployment.registrar(0), "device-att-f");
  TempDir dir;
  auto device = LocalRegistry::open((dir.path() / "device.db").string());
  REQUIRE(device.ok());
  const std::string scan = jpeg_bytes(2 * 1024 * 1024 + 999, 13);
  auto ref = store_device_blob(device->database(), scan, "scan.jpg");
  REQUIRE(ref.ok());
  file_in_archive(direct, school, *ref, 41);

  // Dropped before or after the server, duplicated, reordered with late copies, truncated.
  sim::Stats stats;
  sim::FaultProxy proxy(stats, 2026, nullptr, deployment.server().port());
  proxy.set_fault_rate(300);
  const int port = proxy.start();
  REQUIRE(port > 0);
  httplib::Client faulty("127.0.0.1", port);
  faulty.set_connection_timeout(5);
  faulty.set_read_timeout(30);
  Robust r = upload_robustly(faulty, school.token, device->database(), ref->content_hash);
  proxy.stop();
  INFO("requests " << r.requests << ", failures " << r.failures << ", faults "
                   << stats.counter("faults"));
  REQUIRE(r.complete);
  CHECK(stats.counter("faults") > 0);
  auto downloaded = get_with_token(direct, "/api/blobs/" + ref->content_hash, school.token);
  REQUIRE(downloaded);
  REQUIRE(downloaded->status == 200);
  CHECK(downloaded->body == scan);
  CHECK(count(deployment, "SELECT sum(length(content)) FROM server_blob_chunks") == ref->byte_size);
}

// A figure, not a check of time (hidden; run with "[slow-link]"): a 3 MB scan through the
// proxy at 256 kbit/s with 400 ms latency each way, cut once after 5 chunks and resumed.
TEST_CASE("figure: a 3 MB scan over 256 kbit/s with a cut", "[.][slow-link]") {
  Deployment deployment;
  auto direct = deployment.client();
  Session school = login(direct, deployment.registrar(0), "device-att-s");
  TempDir dir;
  auto device = LocalRegistry::open((dir.path() / "device.db").string());
  REQUIRE(device.ok());
  const std::string scan = jpeg_bytes(3 * 1024 * 1024, 14);
  auto ref = store_device_blob(device->database(), scan, "scan.jpg");
  REQUIRE(ref.ok());
  file_in_archive(direct, school, *ref, 42);
  sim::Stats stats;
  sim::FaultProxy proxy(stats, 7, nullptr, deployment.server().port());
  proxy.set_slow_all(true);
  const int port = proxy.start();
  REQUIRE(port > 0);
  httplib::Client slow("127.0.0.1", port);
  slow.set_connection_timeout(5);
  slow.set_read_timeout(60);
  const auto started = std::chrono::steady_clock::now();
  CHECK(upload_from_device(slow, school.token, device->database(), ref->content_hash, 5) == 5);
  Robust r = upload_robustly(slow, school.token, device->database(), ref->content_hash);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  proxy.stop();
  REQUIRE(r.complete);
  std::printf("3 MB scan over 256 kbit/s + 400 ms, cut after 5 chunks: %.1f s, %d requests\n",
              seconds, 5 + 1 + r.requests);
}
