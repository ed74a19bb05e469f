#include "platform/window.hpp"

#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstring>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "platform/input_queue.hpp"

namespace xueji::client::platform {
namespace {

void report_glfw_error(int code, const char* description) {
  std::fprintf(stderr, "glfw error %d: %s\n", code, description);
}

// Bumped whenever the font texture is uploaded again: same vertices, new pixels.
unsigned long long font_texture_generation = 0;

// FNV-1a over 8-byte words of everything that reaches the GPU: vertices, indices, commands
// (clip rects, textures, offsets), the framebuffer size and the font texture's generation.
// About 1 ms for a screen of CJK text; a draw costs far more.
struct Signature {
  unsigned long long hash = 14695981039346656037ull;
  void add(const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    std::size_t i = 0;
    for (; i + 8 <= bytes; i += 8) {
      unsigned long long word;
      std::memcpy(&word, p + i, 8);
      hash = (hash ^ word) * 1099511628211ull;
    }
    for (; i < bytes; ++i) hash = (hash ^ p[i]) * 1099511628211ull;
  }
};

unsigned long long draw_signature(const ImDrawData* data, int width, int height) {
  Signature s;
  s.add(&width, sizeof width);
  s.add(&height, sizeof height);
  s.add(&font_texture_generation, sizeof font_texture_generation);
  if (!data) return s.hash;
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
    s.add(list->VtxBuffer.Data,
          static_cast<std::size_t>(list->VtxBuffer.Size) * sizeof(ImDrawVert));
    s.add(list->IdxBuffer.Data, static_cast<std::size_t>(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      s.add(&cmd.ClipRect, sizeof cmd.ClipRect);
      s.add(&cmd.TextureId, sizeof cmd.TextureId);
      s.add(&cmd.VtxOffset, sizeof cmd.VtxOffset);
      s.add(&cmd.IdxOffset, sizeof cmd.IdxOffset);
      s.add(&cmd.ElemCount, sizeof cmd.ElemCount);
    }
  }
  return s.hash;
}

}  // namespace

bool Window::open(const WindowOptions& options) {
  glfwSetErrorCallback(report_glfw_error);
  if (!glfwInit()) return false;
#ifdef __EMSCRIPTEN__
  // WebGL2 = OpenGL ES 3.0; the ImGui backend is compiled with IMGUI_IMPL_OPENGL_ES3.
  const char* glsl_version = "#version 300 es";
  // No alpha, depth or stencil buffer (ImGui uses none): an opaque canvas the compositor copies
  // instead of blending, and fewer buffers to clear each frame (SwiftShader does all of it on
  // the CPU in headless Chromium; issue 7, keystroke frame).
  glfwWindowHint(GLFW_ALPHA_BITS, 0);
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
#else
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  const char* glsl_version = "#version 130";
#endif
  window_ = glfwCreateWindow(options.width, options.height, "学籍 Xueji", nullptr, nullptr);
  if (!window_) return false;
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  load_fonts(options.font_path, options.font_size);
  apply_style();
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  install_input_queue(window_, options.glfw_text_input);
  ImGui_ImplOpenGL3_Init(glsl_version);
  skip_unchanged_ = options.skip_unchanged_frames;
  return true;
}

void Window::close() {
  if (!window_) return;
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
  window_ = nullptr;
}

bool Window::should_close() const {
  return glfwWindowShouldClose(window_);
}

void Window::begin_frame() {
  glfwPollEvents();
  apply_queued_input(window_);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

bool Window::end_frame() {
  ImGui::Render();
  int width = 0;
  int height = 0;
  glfwGetFramebufferSize(window_, &width, &height);
  if (skip_unchanged_) {
    const unsigned long long signature = draw_signature(ImGui::GetDrawData(), width, height);
    if (signature == last_signature_) return false;
    last_signature_ = signature;
  }
  glViewport(0, 0, width, height);
  glClearColor(0.94f, 0.94f, 0.94f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glfwSwapBuffers(window_);
  return true;
}

void rebuild_font_texture() {
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  ++font_texture_generation;
}

}  // namespace xueji::client::platform
