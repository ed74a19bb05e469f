// HTTP in the browser: the bridge's fetch() (same origin, so /api/ needs no CORS), answered
// through the exported xueji_http_done. A failed fetch (offline, server stopped) is status 0.
#include <emscripten.h>

#include <fstream>
#include <map>
#include <utility>

#include "platform/platform.hpp"

namespace xueji::client::platform {
namespace {

std::map<int, HttpCallback>& pending_requests() {
  static std::map<int, HttpCallback> requests;
  return requests;
}

int next_request_id = 1;

}  // namespace

EM_JS(void, xueji_js_http_request,
      (int id, const char* method, const char* path, const char* body, const char* token), {
        globalThis.xuejiBridge.httpRequest(id, UTF8ToString(method), UTF8ToString(path),
                                           UTF8ToString(body), UTF8ToString(token));
      });

// The chunk goes through MEMFS (/upload-<id>): bytes, not a C string. Headers as "k: v\n" lines.
EM_JS(void, xueji_js_http_put_file,
      (int id, const char* path, const char* file, const char* headers, const char* token), {
        globalThis.xuejiBridge.httpPutFile(id, UTF8ToString(path), UTF8ToString(file),
                                           UTF8ToString(headers), UTF8ToString(token));
      });

EM_JS(int, xueji_js_network_available, (), { return navigator.onLine ? 1 : 0; });

void http_post(const std::string& path, const std::string& body, const std::string& bearer_token,
               HttpCallback done) {
  const int id = next_request_id++;
  pending_requests().emplace(id, std::move(done));
  xueji_js_http_request(id, "POST", path.c_str(), body.c_str(), bearer_token.c_str());
}

void http_get(const std::string& path, HttpCallback done, const std::string& bearer_token) {
  const int id = next_request_id++;
  pending_requests().emplace(id, std::move(done));
  xueji_js_http_request(id, "GET", path.c_str(), "", bearer_token.c_str());
}

void http_put_bytes(const std::string& path, const std::string& bytes,
                    const std::vector<std::pair<std::string, std::string>>& headers,
                    const std::string& bearer_token, HttpCallback done) {
  const int id = next_request_id++;
  pending_requests().emplace(id, std::move(done));
  const std::string file = "/upload-" + std::to_string(id);
  {
    std::ofstream out(file, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  std::string lines;
  for (const auto& [name, value] : headers) lines += name + ": " + value + "\n";
  xueji_js_http_put_file(id, path.c_str(), file.c_str(), lines.c_str(), bearer_token.c_str());
}

void deliver_http_responses() {}  // fetch() answers on the UI thread already

bool network_available() {
  return xueji_js_network_available() != 0;
}

}  // namespace xueji::client::platform

extern "C" EMSCRIPTEN_KEEPALIVE void xueji_http_done(int id, int status, const char* body) {
  auto& requests = xueji::client::platform::pending_requests();
  auto found = requests.find(id);
  if (found == requests.end()) return;
  xueji::client::platform::HttpCallback done = std::move(found->second);
  requests.erase(found);
  done(xueji::client::platform::HttpResponse{status, body ? body : ""});
}
