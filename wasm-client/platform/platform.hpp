// What the app needs from the platform, implemented once for the browser (*_web.cpp: JS
// fetch, IDBFS) and once natively (*_native.cpp: cpp-httplib, plain files). The app and its
// screens see only this header, so they compile unchanged in both builds.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace xueji::client::platform {

// --- HTTP to the sync server (same origin in the browser) ---------------------------------
struct HttpResponse {
  int status = 0;  // 0: the request never reached a server (offline, server down)
  std::string body;
};
using HttpCallback = std::function<void(HttpResponse)>;

// POSTs a JSON body to `path` ("/api/login"); `bearer_token` adds an Authorization header
// when not empty. `done` runs later on the UI thread, never inside this call.
void http_post(const std::string& path, const std::string& body, const std::string& bearer_token,
               HttpCallback done);
// GETs `path` (the reachability probe /api/health, the pull pages with a bearer token).
void http_get(const std::string& path, HttpCallback done, const std::string& bearer_token = {});
// PUTs binary `bytes` (an attachment chunk, application/octet-stream) with extra headers
// (X-Blob-Size, X-Blob-Type); answered like http_post.
void http_put_bytes(const std::string& path, const std::string& bytes,
                    const std::vector<std::pair<std::string, std::string>>& headers,
                    const std::string& bearer_token, HttpCallback done);
// Runs the callbacks of finished requests (natively they finish on a worker thread).
void deliver_http_responses();
// The browser's own opinion (navigator.onLine); natively always true.
bool network_available();

// --- Durable storage of the local database ------------------------------------------------
// Where the database lives: /data/xueji.db (IDBFS) in the browser, ./xueji-client.db natively.
std::string database_path();
// Browser: true once IndexedDB has been copied into /data (FS.syncfs(true)); natively at once.
bool storage_loaded();
bool storage_load_failed();
// Makes everything committed so far durable; `done(ok)` runs when it is (browser: after
// FS.syncfs(false) calls back). Calls made while a write is in flight are coalesced.
void persist(std::function<void(bool ok)> done);

// The browser's storage for this origin (navigator.storage): whether it granted persistent
// storage (no eviction under pressure) and usage/quota in bytes; refreshed now and then by the
// bridge. Natively: nothing known (quota 0).
struct StorageEstimate {
  bool persisted = false;
  double usage = 0;
  double quota = 0;
};
StorageEstimate storage_estimate();

// --- Static files of the app (the rare-character font chunks) -----------------------------
// `done(ok, bytes)` with the file at `path` relative to the web root ("fonts/rare/index.json").
// Browser: fetch() through the page's font cache (CacheStorage), so a chunk fetched once is there
// offline; natively from the build directory, and `done` may run inside this call.
using AssetCallback = std::function<void(bool ok, std::string bytes)>;
void load_asset(const std::string& path, AssetCallback done);

// Lets the user choose a file (photo, scan; on a phone the camera): `done(ok, bytes)`, ok false
// when cancelled. `camera`: a photo straight from the phone's back camera (accept="image/*"
// capture="environment"). Natively not available (done(false) at once).
void pick_file(AssetCallback done, bool camera = false);

// --- Text input ---------------------------------------------------------------------------
// Called once per frame with ImGui's io.WantTextInput: the browser focuses its off-screen
// <input> (IME composition, soft keyboards) while a text field is active.
void set_text_input_active(bool active);
bool text_input_focused();

}  // namespace xueji::client::platform
