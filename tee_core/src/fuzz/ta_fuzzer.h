// Fuzzing a TA's entry points (`swemu fuzz`): one TA instance brought to a ready state
// once, then for every input restored from a snapshot (CPU context and writable memory),
// fed the calls the input decodes to, and checked for a crash. Coverage is the TA's own:
// basic-block edges from a Unicorn block hook, counted in libFuzzer's extra-counters
// section, so libFuzzer is guided by the TA and not by the emulator. Time, random numbers
// and storage are reset with every input, so a run depends on its input alone.
//
// The input format (every byte string decodes to some calls, nothing is rejected; bytes
// past the end read as zero):
//   u8 header      bits 0-1: invokes - 1 (1 to 4); bit 2: full sequence: open the session
//                  with decoded parameters, invoke, close (else the invokes go to a session
//                  opened at start-up without parameters)
//   then per call (the open, if full, then each invoke):
//   u8 selector    with --cmd lists: the command is list[selector % n]; otherwise the
//                  selector is the command id, or, when it is 0xFF, a u32 that follows is
//   u16 types      four nibbles, each % 7 → NONE, VALUE_INPUT, VALUE_OUTPUT, VALUE_INOUT,
//                  MEMREF_INPUT, MEMREF_OUTPUT, MEMREF_INOUT
//   per parameter  value input/inout: u32 a, u32 b; memref: u16 size (at most
//                  kMaxMemref), then for input/inout that many content bytes
// All integers little-endian.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "crash_report.h"
#include "swemu/core/result.h"
#include "ta_param.h"

namespace swemu::core::fuzz {

inline constexpr uint32_t kMaxMemref = 8192;
inline constexpr size_t kMaxInvokes = 4;

struct Call {
  uint32_t cmd = 0;
  std::array<uint32_t, 4> types{}; // TEE_PARAM_TYPE_*
  std::array<uint32_t, 4> a{}, b{};
  std::array<std::vector<uint8_t>, 4> memref; // size = the memref's size
};

struct Program {
  bool full = false; // open (with `open`'s parameters) → invokes → close
  Call open;
  std::vector<Call> invokes;
};

Program decode(std::span<const uint8_t> input, const std::vector<uint32_t>& commands);
// The bytes that decode to `p` (with the same command list).
std::vector<uint8_t> encode(const Program& p, const std::vector<uint32_t>& commands);
// One line per call: "invoke cmd=0x1 p0=MEMREF_INPUT[20] 46555a5a... p1=VALUE_INPUT a=.. b=..".
std::string describe(const Program& p);

struct Options {
  std::vector<uint32_t> commands; // --cmd; empty: command ids come from the input
  bool coverage = true;
  uint32_t time_limit_ms = 500; // per entry; past it the input is a hang
  std::string name = "fuzz";    // for logs
  uint32_t stack_size = 0;      // 0: the TA's own
  uint64_t heap_size = 0;
};

struct Outcome {
  bool dead = false;                 // some entry ended in a crash, panic or hang
  std::optional<CrashReport> report; // when dead
  std::vector<uint32_t> results;     // TEE_Result of each entry run
};

class TaFuzzer {
public:
  // Loads the TA, runs a first open-session (no parameters) and takes the two snapshots.
  static Result<std::unique_ptr<TaFuzzer>> create(std::span<const uint8_t> elf,
                                                  const Options& options);
  ~TaFuzzer();
  TaFuzzer(const TaFuzzer&) = delete;
  TaFuzzer& operator=(const TaFuzzer&) = delete;

  Outcome run(std::span<const uint8_t> input);
  Outcome run(const Program& program);

  // Inputs for a first corpus: each command with a few common parameter shapes, value
  // parameters set to the constants of dictionary() (a second one in b when the first
  // reached new code), memrefs starting with its
  // word-like strings. Kept: the calls the TA accepted, those that reached new code or ran
  // an edge more often, and those that crashed (libFuzzer then reports them first); at
  // least one per command.
  std::vector<std::vector<uint8_t>> seeds();

  // A libFuzzer dictionary made from the TA itself: printable strings of its read-only
  // data, and the constants its code compares with or loads (AArch64), little-endian.
  // Magic values then reach the input without comparison tracing, which Unicorn cannot
  // give cheaply for ARM code.
  std::vector<std::string> dictionary() const;

  const Options& options() const { return options_; }
  // Back to the ready state (what run() does before every input).
  void restore();
  // A hash of every writable byte of the instance, to check that a restore brings back
  // exactly the snapshot.
  uint64_t state_hash();
  // Edges counted so far (coverage mode): for tests and benchmarks.
  size_t edges_seen() const;

  struct Impl;

private:
  TaFuzzer() = default;
  Options options_;
  std::unique_ptr<Impl> impl_;
};

// libFuzzer's extra counters: TaFuzzer writes TA edge coverage here.
std::span<uint8_t> coverage_counters();

} // namespace swemu::core::fuzz
