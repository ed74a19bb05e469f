#include "static_files.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "mime_types.hpp"
#include "responses.hpp"

namespace xueji::server::http {
namespace {

// Only plain names below the root: no "..", no ".", no hidden files, no backslashes or NULs
// (httplib has already percent-decoded the path, so encoded tricks arrive here decoded).
bool safe_relative(const std::string& path) {
  if (path.empty() || path.front() != '/') return false;
  std::stringstream segments(path.substr(1));
  for (std::string segment; std::getline(segments, segment, '/');) {
    if (segment.empty()) continue;
    if (segment.front() == '.' || segment.find('\\') != std::string::npos ||
        segment.find('\0') != std::string::npos)
      return false;
  }
  return true;
}

std::string etag_of(const std::filesystem::path& file, std::uintmax_t size) {
  std::error_code ec;
  auto modified = std::filesystem::last_write_time(file, ec).time_since_epoch().count();
  std::ostringstream tag;
  tag << '"' << std::hex << size << '-' << modified << '"';
  return tag.str();
}

void not_found(httplib::Response& res) {
  reply_error(res, make_error(ErrorCode::NotFound, "path"));
}

}  // namespace

StaticFiles::StaticFiles(const std::filesystem::path& root)
    : root_(std::filesystem::weakly_canonical(root)) {}

void StaticFiles::serve(const httplib::Request& req, httplib::Response& res) const {
  std::string path = req.path;
  if (!safe_relative(path)) return not_found(res);
  if (path.back() == '/') path += "index.html";
  std::error_code ec;
  auto file = std::filesystem::weakly_canonical(root_ / path.substr(1), ec);
  if (ec) return not_found(res);
  // Symlinks inside the web root must not lead out of it.
  auto [root_end, file_it] = std::mismatch(root_.begin(), root_.end(), file.begin(), file.end());
  if (root_end != root_.end()) return not_found(res);
  if (std::filesystem::is_directory(file, ec)) file /= "index.html";
  if (!std::filesystem::is_regular_file(file, ec)) return not_found(res);
  auto size = std::filesystem::file_size(file, ec);
  if (ec) return not_found(res);

  const std::string etag = etag_of(file, size);
  res.set_header("Cache-Control", "no-cache");
  res.set_header("ETag", etag);
  if (req.get_header_value("If-None-Match") == etag) {
    res.status = 304;
    return;
  }
  std::ifstream in(file, std::ios::binary);
  std::string body(size, '\0');
  if (!in.read(body.data(), static_cast<std::streamsize>(size))) return not_found(res);
  res.status = 200;
  res.set_content(body, std::string(mime_type_for(file)));
}

}  // namespace xueji::server::http
