#include "temp_dir.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace xueji::it {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "xueji-it-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  if (std::getenv("XUEJI_KEEP_TEST_DATA")) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace xueji::it
