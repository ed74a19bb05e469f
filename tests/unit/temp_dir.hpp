// A fresh directory per test for real SQLite files, removed afterwards.
#pragma once
#include <filesystem>
#include <string>

#include "xueji/uuid.hpp"

class TempDir {
 public:
  TempDir() : path_(std::filesystem::temp_directory_path() / ("xueji-test-" + xueji::new_uuid())) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};
