// Background upload of attachments (issue 4, docs/SYNC.md "Attachments"): after the record
// sync, each queued blob asks the server how much it holds (GET /api/blobs/{sha256}/status),
// then sends 256 KB chunks from there (PUT ?offset=N). A cut connection stops the run; the
// next run resumes at the server's count. The operation outbox never waits for any of it.
#include <algorithm>

#include "app.hpp"
#include "platform/platform.hpp"
#include "xueji/blob_store.hpp"
#include "xueji/session.hpp"

namespace xueji::client {
namespace {

void upload_next(App& app);

std::string response_code(const platform::HttpResponse& response) {
  if (auto body = parse_error_body(response.body); body && !body->code.empty()) return body->code;
  return "HTTP_" + std::to_string(response.status);
}

void finish_uploads(App& app, std::string error_code) {
  app.uploads.in_progress = false;
  app.uploads.error_code = std::move(error_code);
  app.uploads.tried.clear();
  if (app.registry) app.uploads.pending = pending_upload_count(app.registry->database());
  committed(app);  // the resume points (one write per run: the blobs make the file large)
}

bool given_up(const App& app, const std::string& hash) {
  return std::find(app.uploads.tried.begin(), app.uploads.tried.end(), hash) !=
         app.uploads.tried.end();
}

// The server refused this blob (tampered, mismatched, out of limits): note why, leave it queued
// for the next run, go on with the others.
void give_up(App& app, const std::string& hash, const std::string& code) {
  (void)record_upload_progress(app.registry->database(), hash, 0, false, code);
  app.uploads.tried.push_back(hash);
  upload_next(app);
}

bool handle_common(App& app, const platform::HttpResponse& response) {
  if (response.status == 0) {
    app.server_reachable = false;
    finish_uploads(app, "NETWORK");
    return true;
  }
  if (response.status == 401) {
    app.session_expired = true;
    finish_uploads(app, "UNAUTHENTICATED");
    return true;
  }
  return false;
}

void send_chunk(App& app, const std::string& hash);

void on_status(App& app, const std::string& hash, const platform::HttpResponse& response) {
  if (handle_common(app, response)) return;
  auto status = response.status == 200
                    ? parse_blob_status(response.body)
                    : Result<BlobStatus>(make_error(ErrorCode::MalformedRequest));
  if (!status) return give_up(app, hash, response_code(response));
  Database& db = app.registry->database();
  if (!record_upload_progress(db, hash, status->received_bytes, status->complete))
    return give_up(app, hash, "STORAGE_ERROR");
  if (status->complete) return upload_next(app);  // held already: the same content is sent once
  send_chunk(app, hash);
}

void ask_status(App& app, const std::string& hash) {
  platform::http_get(
      "/api/blobs/" + hash + "/status",
      [&app, hash](platform::HttpResponse response) { on_status(app, hash, response); },
      app.session->token);
}

void send_chunk(App& app, const std::string& hash) {
  auto chunk = next_upload_chunk(app.registry->database(), hash);
  if (!chunk) return give_up(app, hash, "STORAGE_ERROR");
  if (!chunk->has_value()) return ask_status(app, hash);  // all sent: the server's word
  const UploadChunk& c = **chunk;
  const auto size = static_cast<std::int64_t>(c.bytes.size());
  platform::http_put_bytes(
      "/api/blobs/" + hash + "?offset=" + std::to_string(c.offset), c.bytes,
      {{"X-Blob-Size", std::to_string(c.ref.byte_size)}, {"X-Blob-Type", c.ref.media_type}},
      app.session->token, [&app, hash, size](platform::HttpResponse response) {
        if (handle_common(app, response)) return;
        const std::string code = response_code(response);
        // Another device (or an earlier try) moved the server's count: ask it and go on.
        if (code == "BLOB_OFFSET_MISMATCH") return ask_status(app, hash);
        if (response.status != 200) return give_up(app, hash, code);
        auto status = parse_blob_status(response.body);
        if (!status) return give_up(app, hash, "MALFORMED_REQUEST");
        if (!record_upload_progress(app.registry->database(), hash, status->received_bytes,
                                    status->complete))
          return give_up(app, hash, "STORAGE_ERROR");
        app.uploads.sent_bytes += size;
        if (status->complete) {
          app.uploads.pending = pending_upload_count(app.registry->database());
          return upload_next(app);
        }
        send_chunk(app, hash);
      });
}

void upload_next(App& app) {
  if (!app.registry || !app.session) return finish_uploads(app, "UNAUTHENTICATED");
  auto pending = pending_uploads(app.registry->database());
  if (!pending) return finish_uploads(app, "STORAGE_ERROR");
  for (const PendingUpload& upload : *pending) {
    if (given_up(app, upload.ref.content_hash)) continue;
    return ask_status(app, upload.ref.content_hash);
  }
  finish_uploads(app, {});
}

}  // namespace

void start_uploads(App& app) {
  if (app.uploads.in_progress || !app.registry || !app.session) return;
  app.uploads.pending = pending_upload_count(app.registry->database());
  if (app.uploads.pending == 0) return;
  app.uploads.in_progress = true;
  app.uploads.sent_bytes = 0;
  app.uploads.error_code.clear();
  app.uploads.tried.clear();
  upload_next(app);
}

std::string keep_attachment(App& app, const std::string& bytes, const std::string& name) {
  if (!app.registry) return {};
  auto ref = store_device_blob(app.registry->database(), bytes, name);
  if (!ref) {
    app.draft.error_code = std::string(code_name(ref.error().code));
    app.draft.error_field = ref.error().field;
    return {};
  }
  app.uploads.pending = pending_upload_count(app.registry->database());
  committed(app);  // the bytes are durable before the operation that refers to them
  return ref->content_hash;
}

const char* attachment_state_label(App& app, const std::string& content_hash) {
  if (!app.registry) return nullptr;
  auto uploaded = device_blob_uploaded(app.registry->database(), content_hash);
  if (!uploaded) return nullptr;
  return tr(*uploaded ? Text::Uploaded : Text::StoredOnDevice, app.lang);
}

}  // namespace xueji::client
