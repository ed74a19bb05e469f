// The browser's durable storage: IDBFS mounted at /data. IndexedDB is copied into memory once
// (FS.syncfs(true)) before the database opens, and copied back (FS.syncfs(false)) after every
// committed command; only that callback makes a commit "saved".
#include <emscripten.h>

#include <functional>
#include <utility>
#include <vector>

#include "platform/platform.hpp"

namespace xueji::client::platform {
namespace {

enum class LoadState { NotStarted, Loading, Loaded, Failed };
LoadState load_state = LoadState::NotStarted;

// One FS.syncfs(false) at a time (IDBFS does extra work and may reorder otherwise): commits
// made while one runs wait for the next, which then covers them all.
struct PersistQueue {
  bool in_flight = false;
  std::vector<std::function<void(bool)>> covered_by_current;
  std::vector<std::function<void(bool)>> waiting;
};
PersistQueue persist_queue;

}  // namespace

EM_JS(void, xueji_js_mount_data, (), {
  try {
    FS.mkdir('/data');
    FS.mount(IDBFS, {}, '/data');
  } catch (err) {
    console.error('xueji: cannot mount IDBFS at /data', err);
    Module['_xueji_storage_loaded'](0);
    return;
  }
  FS.syncfs(
      true, function(err) {
        if (err) console.error('xueji: loading /data from IndexedDB failed', err);
        Module['_xueji_storage_loaded'](err ? 0 : 1);
      });
});

EM_JS(void, xueji_js_persist_data, (), {
  FS.syncfs(
      false, function(err) {
        if (err) console.error('xueji: writing /data to IndexedDB failed', err);
        globalThis.xuejiBridge.refreshStorageSoon();
        Module['_xueji_storage_persisted'](err ? 0 : 1);
      });
});

EM_JS(double, xueji_js_storage_value, (int which), {
  var info = globalThis.xuejiBridge.storageInfo;
  return which == 0 ? (info.persisted ? 1 : 0) : which == 1 ? info.usage : info.quota;
});

StorageEstimate storage_estimate() {
  return StorageEstimate{xueji_js_storage_value(0) != 0, xueji_js_storage_value(1),
                         xueji_js_storage_value(2)};
}

void mount_storage() {
  if (load_state != LoadState::NotStarted) return;
  load_state = LoadState::Loading;
  xueji_js_mount_data();
}

std::string database_path() {
  return "/data/xueji.db";
}
bool storage_loaded() {
  return load_state == LoadState::Loaded;
}
bool storage_load_failed() {
  return load_state == LoadState::Failed;
}

void persist(std::function<void(bool ok)> done) {
  if (persist_queue.in_flight) {
    persist_queue.waiting.push_back(std::move(done));
    return;
  }
  persist_queue.in_flight = true;
  persist_queue.covered_by_current.push_back(std::move(done));
  xueji_js_persist_data();
}

}  // namespace xueji::client::platform

extern "C" EMSCRIPTEN_KEEPALIVE void xueji_storage_loaded(int ok) {
  using namespace xueji::client::platform;
  load_state = ok ? LoadState::Loaded : LoadState::Failed;
}

extern "C" EMSCRIPTEN_KEEPALIVE void xueji_storage_persisted(int ok) {
  using namespace xueji::client::platform;
  auto finished = std::move(persist_queue.covered_by_current);
  persist_queue.covered_by_current.clear();
  if (!persist_queue.waiting.empty()) {
    persist_queue.covered_by_current = std::move(persist_queue.waiting);
    persist_queue.waiting.clear();
    xueji_js_persist_data();
  } else {
    persist_queue.in_flight = false;
  }
  for (auto& done : finished) done(ok != 0);
}
