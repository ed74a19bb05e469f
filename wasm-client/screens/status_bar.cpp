#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "screens/screens.hpp"

namespace xueji::client {
namespace {

constexpr int kMaxRejectionLines = 5;  // the rest scrolls
const ImVec4 kOnline(0.05f, 0.55f, 0.20f, 1.0f);
const ImVec4 kOffline(0.60f, 0.40f, 0.05f, 1.0f);
const ImVec4 kError(0.78f, 0.10f, 0.10f, 1.0f);

void separator_dot() {
  ImGui::SameLine();
  ImGui::TextDisabled("|");
  ImGui::SameLine();
}

void draw_last_sync(App& app) {
  const SyncStatus& sync = app.sync;
  if (sync.in_progress && (sync.pulled > 0 || sync.remaining > 0)) {
    // Progress of the pull: records received of the total, and the time left at this pace.
    const float total = static_cast<float>(sync.pulled) + static_cast<float>(sync.remaining);
    const float fraction = total > 0 ? static_cast<float>(sync.pulled) / total : 0.0f;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - sync.started).count();
    const int seconds_left = sync.pulled > 0
                                 ? static_cast<int>(elapsed * static_cast<double>(sync.remaining) /
                                                    static_cast<double>(sync.pulled)) +
                                       1
                                 : 0;
    char overlay[160];
    std::snprintf(overlay, sizeof overlay, tr(Text::SyncProgress, app.lang), sync.pulled,
                  static_cast<int>(sync.remaining), seconds_left);
    ImGui::ProgressBar(fraction, ImVec2(ImGui::GetFontSize() * 20, 0), overlay);
    app.automation.record(ids::kSyncProgress);
  } else if (sync.in_progress) {
    ImGui::TextUnformatted(tr(Text::Syncing, app.lang));
  } else if (!sync.attempted) {
    ImGui::TextDisabled("%s", tr(Text::NeverSynced, app.lang));
  } else if (sync.ok) {
    ImGui::Text(tr(Text::LastSyncOk, app.lang), sync.finished_at.c_str(), sync.summary.applied,
                sync.summary.rejected, sync.summary.conflicts);
  } else {
    ImGui::TextColored(kError, tr(Text::LastSyncFailed, app.lang), sync.finished_at.c_str(),
                       sync.error.c_str());
  }
}

void draw_rejections(App& app) {
  ImGui::TextColored(kError, tr(Text::NeedsAttention, app.lang),
                     static_cast<int>(app.rejections.size()));
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const int lines = std::min(static_cast<int>(app.rejections.size()), kMaxRejectionLines);
  ImGui::BeginChild("##rejections", ImVec2(0, line * static_cast<float>(lines) + 4), false);
  int index = 0;
  for (const Rejection& rejection : app.rejections) {
    const std::string& server_text =
        app.lang == Lang::Zh ? rejection.message_zh : rejection.message_en;
    const std::string reason = error_message(app, rejection.code, server_text);
    ImGui::Bullet();
    ImGui::Text(tr(Text::RejectionLine, app.lang), rejection.student_name.c_str(), reason.c_str(),
                rejection.code.c_str());
    ImGui::SameLine();
    ImGui::PushID(index);
    const bool fix = ImGui::SmallButton(tr(Text::FixRejection, app.lang));
    app.automation.record(("rejection.fix." + std::to_string(index)).c_str());
    ImGui::PopID();
    ++index;
    if (fix) {
      fix_rejection(app, rejection);
      break;
    }
  }
  ImGui::EndChild();
}

}  // namespace

float status_bar_height(const App& app) {
  const ImGuiStyle& style = ImGui::GetStyle();
  float height = ImGui::GetFrameHeightWithSpacing() + style.ItemSpacing.y * 2;
  if (storage_nearly_full()) height += ImGui::GetTextLineHeightWithSpacing();
  if (!app.rejections.empty()) {
    const int lines = std::min(static_cast<int>(app.rejections.size()), kMaxRejectionLines);
    height += ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(lines + 1) + 4 +
              style.ItemSpacing.y;
  }
  return height;
}

void draw_status_bar(App& app) {
  ImGui::Separator();
  const bool online = app.online();
  if (app.session) {
    ImGui::BeginDisabled(app.sync.in_progress);
    if (ImGui::Button(tr(app.sync.in_progress ? Text::Syncing : Text::SyncButton, app.lang))) {
      start_sync(app);
    }
    app.automation.record(ids::kSync);
    ImGui::EndDisabled();
    ImGui::SameLine();
  }
  ImGui::AlignTextToFramePadding();
  const bool checking = app.checking_connection();
  ImGui::TextColored(online ? kOnline : kOffline, "%s",
                     tr(online     ? Text::Online
                        : checking ? Text::CheckingConnection
                                   : Text::Offline,
                        app.lang));
  separator_dot();
  // 已同步 only when the outbox and 需处理 are both empty.
  if (app.pending > 0) {
    ImGui::Text(tr(Text::PendingCount, app.lang), app.pending);
  } else if (!app.rejections.empty()) {
    ImGui::TextColored(kError, tr(Text::NeedsAttention, app.lang),
                       static_cast<int>(app.rejections.size()));
  } else {
    ImGui::TextColored(kOnline, "%s", tr(Text::FullySynced, app.lang));
  }
  app.automation.record(ids::kSyncBadge);
  separator_dot();
  // Attachments upload apart from the records: their count never holds back 已同步.
  if (app.uploads.pending > 0) {
    ImGui::Text(tr(app.uploads.in_progress ? Text::Uploading : Text::PendingUploads, app.lang),
                app.uploads.pending);
    separator_dot();
  }
  if (app.save_failed) {
    ImGui::TextColored(kError, "%s", tr(Text::SaveFailed, app.lang));
  } else {
    ImGui::TextUnformatted(tr(app.saved() ? Text::Saved : Text::Saving, app.lang));
  }
  separator_dot();
  draw_last_sync(app);
  if (app.session_expired) {
    ImGui::SameLine();
    if (ImGui::SmallButton(tr(Text::Relogin, app.lang))) {
      app.login.username = app.session ? app.session->account : std::string();
      app.screen = Screen::Login;
    }
    app.automation.record(ids::kRelogin);
  }

  if (storage_nearly_full()) {
    ImGui::TextColored(kError, tr(Text::StorageNearlyFull, app.lang),
                       static_cast<int>(storage_used_share() * 100));
  }
  if (!app.rejections.empty()) draw_rejections(app);
}

}  // namespace xueji::client
