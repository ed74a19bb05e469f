// Native HTTP for development builds: cpp-httplib on a worker thread per request, answered on
// the UI thread by deliver_http_responses(). Server: $XUEJI_SERVER or http://127.0.0.1:8080.
#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <utility>
#include <vector>

#include "platform/platform.hpp"

namespace xueji::client::platform {
namespace {

struct InFlight {
  std::future<HttpResponse> response;
  HttpCallback done;
};

std::vector<InFlight>& in_flight() {
  static std::vector<InFlight> requests;
  return requests;
}

std::string server_base() {
  const char* configured = std::getenv("XUEJI_SERVER");
  return configured && *configured ? configured : "http://127.0.0.1:8080";
}

HttpResponse post_blocking(const std::string& path, const std::string& body,
                           const std::string& bearer_token) {
  httplib::Client client(server_base());
  client.set_connection_timeout(5);
  client.set_read_timeout(30);
  httplib::Headers headers;
  if (!bearer_token.empty()) headers.emplace("Authorization", "Bearer " + bearer_token);
  auto result = client.Post(path.c_str(), headers, body, "application/json");
  if (!result) return HttpResponse{0, {}};
  return HttpResponse{result->status, result->body};
}

HttpResponse get_blocking(const std::string& path, const std::string& bearer_token) {
  httplib::Client client(server_base());
  client.set_connection_timeout(5);
  client.set_read_timeout(10);
  httplib::Headers headers;
  if (!bearer_token.empty()) headers.emplace("Authorization", "Bearer " + bearer_token);
  auto result = client.Get(path.c_str(), headers);
  if (!result) return HttpResponse{0, {}};
  return HttpResponse{result->status, result->body};
}

HttpResponse put_blocking(const std::string& path, const std::string& bytes,
                          const std::vector<std::pair<std::string, std::string>>& extra,
                          const std::string& bearer_token) {
  httplib::Client client(server_base());
  client.set_connection_timeout(5);
  client.set_read_timeout(30);
  httplib::Headers headers(extra.begin(), extra.end());
  if (!bearer_token.empty()) headers.emplace("Authorization", "Bearer " + bearer_token);
  auto result = client.Put(path.c_str(), headers, bytes, "application/octet-stream");
  if (!result) return HttpResponse{0, {}};
  return HttpResponse{result->status, result->body};
}

}  // namespace

void http_put_bytes(const std::string& path, const std::string& bytes,
                    const std::vector<std::pair<std::string, std::string>>& headers,
                    const std::string& bearer_token, HttpCallback done) {
  in_flight().push_back(
      InFlight{std::async(std::launch::async, put_blocking, path, bytes, headers, bearer_token),
               std::move(done)});
}

void http_get(const std::string& path, HttpCallback done, const std::string& bearer_token) {
  in_flight().push_back(
      InFlight{std::async(std::launch::async, get_blocking, path, bearer_token), std::move(done)});
}

void http_post(const std::string& path, const std::string& body, const std::string& bearer_token,
               HttpCallback done) {
  in_flight().push_back(InFlight{
      std::async(std::launch::async, post_blocking, path, body, bearer_token), std::move(done)});
}

void deliver_http_responses() {
  auto& requests = in_flight();
  // Callbacks may start new requests, so finished ones are taken out before any runs.
  std::vector<InFlight> finished;
  for (auto it = requests.begin(); it != requests.end();) {
    if (it->response.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      finished.push_back(std::move(*it));
      it = requests.erase(it);
    } else {
      ++it;
    }
  }
  for (InFlight& request : finished) request.done(request.response.get());
}

bool network_available() {
  return true;
}

}  // namespace xueji::client::platform
