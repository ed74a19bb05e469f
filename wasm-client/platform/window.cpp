#include "platform/window.hpp"

#include <GLFW/glfw3.h>

#include <cstdio>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "platform/input_queue.hpp"

namespace xueji::client::platform {
namespace {

void report_glfw_error(int code, const char* description) {
  std::fprintf(stderr, "glfw error %d: %s\n", code, description);
}

}  // namespace

bool Window::open(const WindowOptions& options) {
  glfwSetErrorCallback(report_glfw_error);
  if (!glfwInit()) return false;
#ifdef __EMSCRIPTEN__
  // WebGL2 = OpenGL ES 3.0; the ImGui backend is compiled with IMGUI_IMPL_OPENGL_ES3.
  const char* glsl_version = "#version 300 es";
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

void Window::end_frame() {
  ImGui::Render();
  int width = 0;
  int height = 0;
  glfwGetFramebufferSize(window_, &width, &height);
  glViewport(0, 0, width, height);
  glClearColor(0.94f, 0.94f, 0.94f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glfwSwapBuffers(window_);
}

void rebuild_font_texture() {
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

}  // namespace xueji::client::platform
