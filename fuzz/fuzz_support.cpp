#include "fuzz_support.h"

#include <array>

// libFuzzer's driver, from libclang_rt.fuzzer_no_main (compiler-rt FuzzerInterface.h).
extern "C" int LLVMFuzzerRunDriver(int* argc, char*** argv,
                                   int (*user_cb)(const uint8_t* data, size_t size));

namespace swemu::fuzz {
namespace {

// libFuzzer reads every byte of this section after each run as extra coverage counters
// (compiler-rt FuzzerExtraCounters.cpp) and clears them before the next. Small, so the
// per-run scan stays cheap; collisions only merge features.
constexpr size_t kCounters = 16 * 1024;
__attribute__((used, section("__libfuzzer_extra_counters"))) std::array<uint8_t, kCounters>
    counters;

} // namespace

int run_driver(int argc, char** argv, TestOneInput test) {
  return LLVMFuzzerRunDriver(&argc, &argv, test);
}

void reach(uint64_t key) {
  uint8_t& c = counters[key % kCounters];
  if (c != 0xFF) // saturate: libFuzzer buckets counts, a wrap would lose the feature
    ++c;
}

} // namespace swemu::fuzz
