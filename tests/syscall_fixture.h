// A loaded TA instance whose syscall handlers a test calls directly, outside any entry,
// with helpers to read and write the TA's memory.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>

#include <gtest/gtest.h>

#include "syscalls/syscalls.h"
#include "ta_runtime.h"

namespace swemu::core {

class SyscallFixture : public ::testing::Test {
protected:
  uint32_t call(uint64_t number, std::initializer_list<uint64_t> args) {
    SyscallArgs a;
    size_t i = 0;
    for (uint64_t v : args)
      a.a[i++] = v;
    return lookup_syscall(number)(*ta_, a);
  }
  template <class T> T read(uint64_t va) {
    T v{};
    EXPECT_TRUE(ta_->copy_from_ta(va, &v, sizeof v));
    return v;
  }
  template <class T> void write(uint64_t va, const T& v) {
    ASSERT_TRUE(ta_->copy_to_ta(va, &v, sizeof v));
  }

  std::unique_ptr<TaInstance> ta_;
  uint64_t code_ = 0; // the TA's entry point: mapped, read-only
};

} // namespace swemu::core
