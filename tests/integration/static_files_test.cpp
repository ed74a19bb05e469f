// The server serves the client with the types browsers insist on and revalidates the shell.
#include <catch2/catch.hpp>

#include "api.hpp"

using namespace xueji::it;

TEST_CASE("client files are served with their MIME types, and the shell is never cached stale",
          "[static]") {
  Deployment deployment;
  auto client = deployment.client();

  struct Expected {
    const char* path;
    const char* type;
  };
  for (auto [path, type] : {Expected{"/", "text/html; charset=utf-8"},
                            Expected{"/index.html", "text/html; charset=utf-8"},
                            Expected{"/sw.js", "text/javascript; charset=utf-8"},
                            Expected{"/app.js", "text/javascript; charset=utf-8"},
                            Expected{"/app.wasm", "application/wasm"},
                            Expected{"/fonts/NotoSansSC-subset.otf", "font/otf"}}) {
    INFO(path);
    auto res = client.Get(path);
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == type);
    CHECK(res->get_header_value("Cache-Control") == "no-cache");
    CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
  }
  auto wasm = client.Get("/app.wasm");
  CHECK(wasm->body == std::string("\0asm\x01\0\0\0", 8));
  auto index = client.Get("/index.html");
  CHECK(index->body.find("学籍管理") != std::string::npos);

  SECTION("an unchanged file revalidates with 304") {
    auto etag = client.Get("/sw.js")->get_header_value("ETag");
    REQUIRE_FALSE(etag.empty());
    auto again = client.Get("/sw.js", {{"If-None-Match", etag}});
    REQUIRE(again);
    CHECK(again->status == 304);
  }
}

TEST_CASE("paths outside the web root and unknown API paths are 404 with a JSON error",
          "[static]") {
  Deployment deployment;
  auto client = deployment.client();
  for (const char* path : {"/../data/xueji.db", "/%2e%2e/data/demo-accounts.txt", "/.hidden",
                           "/missing.js", "/api/no-such-endpoint"}) {
    INFO(path);
    auto res = client.Get(path);
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(parse_error(res).code == "NOT_FOUND");
  }
}
