// Serves the client (index.html, sw.js, app.js, app.wasm, fonts/…) from the web root.
#pragma once
#include <httplib.h>

#include <filesystem>

namespace xueji::server::http {

class StaticFiles {
 public:
  // `root` must exist; it is resolved once so that symlinks cannot lead outside it later.
  explicit StaticFiles(const std::filesystem::path& root);
  // GET/HEAD of any path outside /api/. Every file is revalidated (Cache-Control: no-cache +
  // ETag): app.js and app.wasm keep fixed names, so a stale cached copy of one next to a
  // fresh copy of the other would break the client; the service worker does the offline
  // caching, and a revalidation costs a 304.
  void serve(const httplib::Request& req, httplib::Response& res) const;

 private:
  std::filesystem::path root_;
};

}  // namespace xueji::server::http
