// A fresh directory per test, removed afterwards (kept when XUEJI_KEEP_TEST_DATA is set, for
// looking at a failed run's database and server log).
#pragma once
#include <filesystem>

namespace xueji::it {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace xueji::it
