// A result type carrying a TEE_Result, its origin and a message for the logs.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

#include "swemu/core/tee_abi.h"

namespace swemu {

struct Error {
  uint32_t code = abi::TEE_ERROR_GENERIC;
  uint32_t origin = abi::TEE_ORIGIN_TEE;
  std::string message;
};

inline Error make_error(uint32_t code, std::string message, uint32_t origin = abi::TEE_ORIGIN_TEE) {
  return Error{code, origin, std::move(message)};
}

template <class T> class [[nodiscard]] Result {
public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return value(); }
  const Error& error() const { return std::get<1>(v_); }
  Error&& take_error() { return std::get<1>(std::move(v_)); }

private:
  std::variant<T, Error> v_;
};

template <> class [[nodiscard]] Result<void> {
public:
  Result() = default;
  Result(Error error) : err_(std::move(error)), ok_(false) {}
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return err_; }
  Error&& take_error() { return std::move(err_); }

private:
  Error err_;
  bool ok_ = true;
};

} // namespace swemu

// Propagates an error from a Result-returning expression; yields the value otherwise.
// Uses a GNU statement expression (g++ and clang).
#define SWEMU_TRY(expr)                                                                            \
  ({                                                                                               \
    auto _swemu_r = (expr);                                                                        \
    if (!_swemu_r.ok())                                                                            \
      return _swemu_r.take_error();                                                                \
    std::move(_swemu_r).value();                                                                   \
  })

#define SWEMU_TRY_VOID(expr)                                                                       \
  do {                                                                                             \
    auto _swemu_r = (expr);                                                                        \
    if (!_swemu_r.ok())                                                                            \
      return _swemu_r.take_error();                                                                \
  } while (0)
