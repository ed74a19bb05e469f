// Browser-only pieces main_web.cpp wires together (the shared ones are in platform.hpp).
#pragma once

namespace xueji::client {
struct App;
}

namespace xueji::client::platform {

// Mounts IDBFS at /data and starts copying IndexedDB into it (storage_loaded() when done).
void mount_storage();
// Clipboard and IME placement for the bridge's off-screen <input>, through which all typed
// text arrives (IME, paste, soft keyboards); the window is opened with glfw_text_input off.
void install_text_input();
// Keeps the canvas the size of the page (CSS px, device pixel ratio 1 for now).
void fit_canvas_to_page();
// The single App the exported test hooks read.
App& web_app();

}  // namespace xueji::client::platform
