// What swemu's libFuzzer targets share: the driver entry (libFuzzer without its main, so a
// target built with g++ keeps its own main) and a coverage signal that needs no compiler
// instrumentation, plus a reader that decodes an input into structured values.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <span>

namespace swemu::fuzz {

using TestOneInput = int (*)(const uint8_t* data, size_t size);

// Runs libFuzzer with the command line (`-runs=N`, corpus directories, crash files ...)
// and returns its exit status.
int run_driver(int argc, char** argv, TestOneInput test);

// Marks `key` (any value a target derives from what an input made swemu do, e.g. a syscall
// number with its result) as reached in the current run. The keys land in libFuzzer's
// extra counters, so inputs that reach new keys, or reach one more often, are kept.
void reach(uint64_t key);

// Combines values into one key for reach().
constexpr uint64_t feature_key(std::initializer_list<uint64_t> parts) {
  uint64_t h = 0x9E3779B97F4A7C15u;
  for (uint64_t p : parts) {
    h ^= p + 0x9E3779B97F4A7C15u + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9u;
  }
  return h ^ (h >> 31);
}

// Consumes an input front to back; past its end every value is zero, so any input
// decodes to something.
class InputReader {
public:
  InputReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  bool empty() const { return pos_ >= size_; }
  size_t remaining() const { return size_ - pos_; }

  uint8_t u8() { return take<uint8_t>(); }
  uint16_t u16() { return take<uint16_t>(); }
  uint32_t u32() { return take<uint32_t>(); }
  uint64_t u64() { return take<uint64_t>(); }
  // Up to `n` bytes (fewer at the end of the input).
  std::span<const uint8_t> bytes(size_t n) {
    n = std::min(n, remaining());
    std::span<const uint8_t> s(data_ + pos_, n);
    pos_ += n;
    return s;
  }
  // One of `choices`, chosen by the next byte.
  template <class T, size_t N> const T& pick(const std::array<T, N>& choices) {
    return choices[u8() % N];
  }

private:
  template <class T> T take() {
    T v{};
    size_t n = std::min(sizeof v, remaining());
    std::memcpy(&v, data_ + pos_, n);
    pos_ += n;
    return v;
  }

  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

} // namespace swemu::fuzz
