#include "deployment.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "json.hpp"

namespace xueji::it {
namespace {

void write_file(const std::filesystem::path& file, const std::string& bytes) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << bytes;
}

// A stand-in client: the real one is built by the WebAssembly build, which these tests do
// not depend on. The bytes are shaped like the real formats (wasm magic, OpenType 'OTTO').
void write_web_root(const std::filesystem::path& root) {
  write_file(root / "index.html", "<!doctype html><meta charset=utf-8><title>学籍管理</title>\n");
  write_file(root / "sw.js", "self.addEventListener('fetch', () => {});\n");
  write_file(root / "app.js", "console.log('学籍');\n");
  write_file(root / "app.wasm", std::string("\0asm\x01\0\0\0", 8));
  write_file(root / "fonts" / "NotoSansSC-subset.otf", std::string("OTTO\0\x0b\0\x80", 8));
}

}  // namespace

rapidjson::Document parse_json(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  INFO(body);
  REQUIRE_FALSE(doc.HasParseError());
  return doc;
}

std::vector<Credential> read_demo_accounts(const std::filesystem::path& file) {
  std::vector<Credential> accounts;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string field; std::getline(fields, field, '\t');) f.push_back(field);
    if (f.size() == 5) accounts.push_back({f[0], f[1], f[2], f[3], f[4]});
  }
  return accounts;
}

Deployment::Deployment(const std::vector<std::string>& serve_args)
    : data_dir_(dir_.path() / "data"), web_root_(dir_.path() / "web"), serve_args_(serve_args) {
  seed_data_dir(data_dir_);
  write_web_root(web_root_);
  accounts_ = read_demo_accounts(data_dir_ / "demo-accounts.txt");
  REQUIRE(accounts_.size() >= 3);
  server_ = std::make_unique<ServerProcess>(data_dir_, web_root_, serve_args);
}

void Deployment::restart_server() {
  server_.reset();
  server_ = std::make_unique<ServerProcess>(data_dir_, web_root_, serve_args_);
}

httplib::Client Deployment::client() const {
  httplib::Client client("127.0.0.1", server_->port());
  client.set_connection_timeout(5);
  client.set_read_timeout(30);
  return client;
}

const Credential& Deployment::registrar(size_t n) const {
  size_t seen = 0;
  for (const auto& a : accounts_)
    if (a.role == "school_registrar" && seen++ == n) return a;
  FAIL("the seed made fewer than " << n + 1 << " registrars");
  throw;  // unreachable: FAIL throws
}

const Credential& Deployment::account(const std::string& role) const {
  for (const auto& a : accounts_)
    if (a.role == role) return a;
  FAIL("the seed made no " << role << " account");
  throw;
}

const Credential& Deployment::county() const {
  for (const auto& a : accounts_)
    if (a.role == "county") return a;
  FAIL("the seed made no county account");
  throw;
}

}  // namespace xueji::it
