// GET /api/sync/pull?cursor=N&max_bytes=M  (Bearer)  → PullPage (docs/SYNC.md). The query
// and the scope rules live in the core (ServerRegistry::pull); this file only decodes, audits
// and encodes. httplib gzips the JSON when the client accepts it (CPPHTTPLIB_ZLIB_SUPPORT).
#include <charconv>

#include "../src/clock.hpp"
#include "../src/log.hpp"
#include "bearer.hpp"
#include "endpoints.hpp"
#include "responses.hpp"
#include "xueji/registry_store.hpp"
#include "xueji/server_registry.hpp"

namespace xueji::server::http {
namespace {

constexpr std::size_t kMaxPullBytes = 1024 * 1024;

// A non-negative integer query parameter; `fallback` when absent, nullopt when malformed.
std::optional<std::int64_t> number_param(const httplib::Request& req, const char* name,
                                         std::int64_t fallback) {
  if (!req.has_param(name)) return fallback;
  const std::string text = req.get_param_value(name);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

void handle_pull(ApiContext& ctx, const httplib::Request& req, httplib::Response& res) {
  auto actor = ctx.auth.authenticate(bearer_token(req), unix_now());
  if (!actor) return reply_error(res, actor.error());
  auto cursor = number_param(req, "cursor", 0);
  if (!cursor) return reply_error(res, make_error(ErrorCode::MalformedRequest, "cursor"));
  auto max_bytes = number_param(req, "max_bytes", static_cast<std::int64_t>(kDefaultPullBytes));
  if (!max_bytes) return reply_error(res, make_error(ErrorCode::MalformedRequest, "max_bytes"));
  const auto budget = std::min(static_cast<std::size_t>(*max_bytes), kMaxPullBytes);

  // The page is read on a read connection (one consistent snapshot, server_pull.cpp), so a
  // bootstrap page of a whole school does not hold pushes behind the writer's lock; only the
  // audit row takes it.
  auto page = ctx.db.read([&](Database& db) {
    ServerRegistry registry(db);
    return registry.pull(*actor, *cursor, budget);
  });
  // R18 (第二十四条): every read of personal data is attributed and audited, before it is sent.
  if (page && !page->changes.empty()) {
    auto audited = ctx.db.with([&](Database& db) {
      return append_audit(db, actor->account, actor->device_id, "pull", actor->unit_code,
                          std::to_string(page->changes.size()) + " entities");
    });
    if (!audited) return reply_error(res, audited.error());
  }
  if (!page) return reply_error(res, page.error());
  std::string body = to_json(*page);
  log_info("pull", {{"account", actor->account},
                    {"device", actor->device_id},
                    {"cursor", std::to_string(page->cursor)},
                    {"next_cursor", std::to_string(page->next_cursor)},
                    {"entities", std::to_string(page->changes.size())},
                    {"remaining", std::to_string(page->remaining)}});
  // Not reply_json: httplib 0.11 compresses only the exact type "application/json" (JSON is
  // UTF-8 by definition, RFC 8259), and a bootstrap page shrinks to about a fifth with gzip.
  res.status = 200;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body, "application/json");
}

}  // namespace xueji::server::http
