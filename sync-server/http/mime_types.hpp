// Content types of the client's files. Browsers insist on some of them: WebAssembly streaming
// compilation needs application/wasm, module and service-worker scripts a JavaScript type.
#pragma once
#include <filesystem>
#include <string_view>

namespace xueji::server::http {

std::string_view mime_type_for(const std::filesystem::path& file);

}  // namespace xueji::server::http
