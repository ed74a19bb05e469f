// Attachment blobs (issue 4, docs/API.md "Attachments", docs/SYNC.md "Attachments"):
//   PUT  /api/blobs/{sha256}?offset=N   one chunk (≤ 256 KB), X-Blob-Size / X-Blob-Type declare
//                                        the whole blob; answers the status
//   GET  /api/blobs/{sha256}/status     bytes received so far: the resume point
//   GET  /api/blobs/{sha256}            the verified content, for whoever may read a student
//                                        that refers to it (403 OUT_OF_SCOPE, audited)
// Every rule is in the core (blob_store.hpp); these decode and encode.
#include <charconv>

#include "../src/log.hpp"
#include "endpoints.hpp"
#include "json_writer.hpp"
#include "responses.hpp"
#include "review_support.hpp"
#include "xueji/blob_store.hpp"
#include "xueji/registry_store.hpp"

namespace xueji::server::http {
namespace {

std::string status_json(const BlobStatus& s) {
  JsonWriter w;
  w.begin_object()
      .field("content_hash", s.content_hash)
      .field("byte_size", s.byte_size)
      .field("media_type", s.media_type)
      .field("received_bytes", s.received_bytes)
      .field("complete", s.complete)
      .end_object();
  return w.str();
}

std::optional<std::int64_t> header_int(const httplib::Request& req, const char* name) {
  if (!req.has_header(name)) return std::nullopt;
  const std::string text = req.get_header_value(name);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

void handle_put_blob_chunk(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  const std::string hash = req.matches[1];
  auto offset = int_param(req, "offset", -1);
  auto size = header_int(req, "X-Blob-Size");
  if (!offset || *offset < 0)
    return reply_error(res, make_error(ErrorCode::InvalidInput, "offset"));
  if (!size) return reply_error(res, make_error(ErrorCode::InvalidInput, "X-Blob-Size"));
  AttachmentRef ref{hash, *size, req.get_header_value("X-Blob-Type"), {}};
  auto status = ctx.db.with(
      [&](Database& db) { return receive_blob_chunk(db, ref, *offset, req.body, actor->account); });
  if (!status) {
    if (status.error().code == ErrorCode::BlobHashMismatch ||
        status.error().code == ErrorCode::BlobContentType)
      log_info("blob_discarded", {{"account", actor->account}, {"blob", hash}});
    return reply_error(res, status.error());
  }
  reply_json(res, 200, status_json(*status));
}

void handle_blob_status(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  const std::string hash = req.matches[1];
  auto status = ctx.db.with([&](Database& db) { return server_blob_status(db, hash); });
  if (!status) return reply_error(res, status.error());
  reply_json(res, 200, status_json(*status));
}

void handle_get_blob(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = authenticated(ctx, req, res);
  if (!actor) return;
  const std::string hash = req.matches[1];
  struct Found {
    BlobStatus status;
    std::string content;
  };
  auto found = ctx.db.with([&](Database& db) -> Result<Found> {
    auto may = may_read_blob(db, *actor, hash);
    if (!may) return may.error();
    // No reference in the caller's scope: refused whether or not the content exists, so a
    // hash tells nothing to someone who may not read it.
    if (!*may) return make_error(ErrorCode::OutOfScope, "content_hash");
    auto status = server_blob_status(db, hash);
    if (!status) return status.error();
    auto content = server_blob_content(db, hash);
    if (!content) return content.error();
    // R18: a read of a personal record's attachment is attributed.
    if (auto audited = append_audit(db, actor->account, actor->device_id, "read_blob", hash, "ok");
        !audited)
      return audited.error();
    return Found{*status, std::move(*content)};
  });
  if (!found) return reply_refusal(ctx, *actor, "read_blob", hash, res, found.error());
  res.status = 200;
  res.set_header("Cache-Control", "no-store");
  res.set_header("ETag", "\"" + hash + "\"");
  res.set_content(std::move(found->content), found->status.media_type);
}

}  // namespace xueji::server::http
