// `xueji-server seed`: real divisions, valid demo data, idempotent, no plain passwords.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "api.hpp"
#include "json.hpp"
#include "xueji/id_number.hpp"

using namespace xueji;
using namespace xueji::it;

namespace {
std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}
}  // namespace

TEST_CASE("seeded students carry valid ID numbers whose birth dates and sexes they match",
          "[seed]") {
  Deployment deployment;
  auto client = deployment.client();
  Session county = login(client, deployment.county(), "device-county");
  auto res = get_with_token(client, "/api/students", county.token);
  REQUIRE(res);
  auto doc = parse_json(res->body);
  const auto& students = doc["students"];
  REQUIRE(students.Size() >= 200);  // "a few hundred"
  std::set<std::string> ids;
  for (const auto& s : students.GetArray()) {
    std::string id = s["id_number"].GetString();
    INFO(id);
    auto parsed = parse_id_number(id, Date{2100, 1, 1});
    REQUIRE(parsed.ok());
    CHECK(id.substr(0, 2) == "41");  // real Henan county codes
    CHECK(format_date(parsed->birth_date) == s["birth_date"].GetString());
    CHECK((parsed->gender == Gender::Male ? "male" : "female") ==
          std::string(s["gender"].GetString()));
    CHECK(std::string(s["registry_number"].GetString()) == "G" + id);
    CHECK(ids.insert(id).second);  // 第八条: no number twice
  }
}

TEST_CASE("seeding twice keeps the accounts, their passwords and the students", "[seed]") {
  Deployment deployment;
  deployment.server().stop();
  const auto accounts_file = deployment.data_dir() / "demo-accounts.txt";
  const std::string before = read_all(accounts_file);
  seed_data_dir(deployment.data_dir());
  CHECK(read_all(accounts_file) == before);

  ServerProcess again(deployment.data_dir(), deployment.web_root());
  httplib::Client client("127.0.0.1", again.port());
  // The passwords written the first time still work: nothing was reset.
  Session county = login(client, deployment.county(), "device-county");
  auto listed = listed_id_numbers(client, county.token);
  CHECK(std::set<std::string>(listed.begin(), listed.end()).size() == listed.size());
}

TEST_CASE("the demo passwords are random per installation and readable by the owner only",
          "[seed]") {
  TempDir one, two;
  seed_data_dir(one.path());
  seed_data_dir(two.path());
  auto first = read_demo_accounts(one.path() / "demo-accounts.txt");
  auto second = read_demo_accounts(two.path() / "demo-accounts.txt");
  REQUIRE(first.size() == second.size());
  for (size_t i = 0; i < first.size(); ++i) {
    CHECK(first[i].username == second[i].username);  // same data for the same --seed
    CHECK(first[i].password != second[i].password);  // never a default password
    CHECK(first[i].password.size() >= 12);
  }
  struct stat info {};
  REQUIRE(stat((one.path() / "demo-accounts.txt").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  // The database holds hashes only: no password appears in it in plain text.
  const std::string db = read_all(one.path() / "xueji.db") + read_all(one.path() / "xueji.db-wal");
  for (const auto& account : first) CHECK(db.find(account.password) == std::string::npos);
}

TEST_CASE("SIGTERM stops the server gracefully with exit status 0", "[shutdown]") {
  Deployment deployment;
  auto client = deployment.client();
  REQUIRE(client.Get("/api/health")->status == 200);
  CHECK(deployment.server().stop() == 0);
}
