#include "automation.hpp"

#include "imgui.h"

namespace xueji::client {

void Automation::record(const char* id) {
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  current_[id] = WidgetRect{min.x, min.y, max.x - min.x, max.y - min.y};
}

}  // namespace xueji::client
