// An expected-style result that carries a stable error code across every boundary.
// (LLVM 14's libc++ under Emscripten has no std::expected, so the core uses its own.)
#pragma once
#include <string>
#include <utility>
#include <variant>

#include "xueji/error_code.hpp"

namespace xueji {

struct Error {
  ErrorCode code = ErrorCode::InvalidInput;
  std::string field;   // which input field is at fault, empty when none
  std::string detail;  // extra technical context (never shown instead of the catalogue message)
};

inline Error make_error(ErrorCode code, std::string field = {}, std::string detail = {}) {
  return Error{code, std::move(field), std::move(detail)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const Error& error() const { return std::get<1>(state_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace xueji
