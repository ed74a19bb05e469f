// The client's observable state as JSON, for the browser test hooks (window.xueji.state(),
// window.xueji.widgetRect(id)); see TEST-HOOKS.md. Read-only views of App.
#pragma once
#include <string>

#include "app.hpp"

namespace xueji::client {

std::string state_json(const App& app);
// {"x":..,"y":..,"width":..,"height":..} in canvas CSS px, or "null" for an unknown id.
std::string widget_rect_json(const App& app, const std::string& id);
// ["login.username", ...]: the ids drawn in the last frame.
std::string widget_ids_json(const App& app);

}  // namespace xueji::client
