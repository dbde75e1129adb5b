// The TA fuzzer's harness (tee_core/src/fuzz): the input decoder, snapshot restore,
// coverage, and crash reports with their classes and symbols, on the hello TA.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "fuzz/ta_fuzzer.h"
#include "hello_ta.h"

namespace {

using namespace swemu::core;
using fuzz::Call;
using fuzz::Program;
using Bytes = std::vector<uint8_t>;

constexpr uint32_t kValueInput = 1, kValueInout = 3, kMemrefInput = 5, kMemrefOutput = 6,
                   kMemrefInout = 7;

Bytes read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), {});
}

std::unique_ptr<fuzz::TaFuzzer> hello_fuzzer(bool coverage = true) {
  fuzz::Options o;
  o.name = "hello";
  o.coverage = coverage;
  o.time_limit_ms = 200;
  auto f = fuzz::TaFuzzer::create(read_file(std::string(SWEMU_TEST_TA_DIR) + "/hello.elf"), o);
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.error().message);
  return f.ok() ? std::move(f).value() : nullptr;
}

Program invoke(uint32_t cmd, std::array<uint32_t, 4> types = {}) {
  Program p;
  Call c;
  c.cmd = cmd;
  c.types = types;
  p.invokes.push_back(c);
  return p;
}

TEST(FuzzDecoder, EveryInputDecodesAndReencodesToTheSameCalls) {
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    Bytes in(rng() % 200);
    for (auto& b : in)
      b = static_cast<uint8_t>(rng());
    for (const std::vector<uint32_t>& cmds :
         {std::vector<uint32_t>{}, std::vector<uint32_t>{0x10, 0x20, 0xFFFF0001}}) {
      Program p = fuzz::decode(in, cmds);
      ASSERT_GE(p.invokes.size(), 1u);
      ASSERT_LE(p.invokes.size(), fuzz::kMaxInvokes);
      for (const Call& c : p.invokes)
        for (const auto& m : c.memref)
          ASSERT_LE(m.size(), fuzz::kMaxMemref);
      Program again = fuzz::decode(fuzz::encode(p, cmds), cmds);
      ASSERT_EQ(fuzz::describe(again), fuzz::describe(p));
    }
  }
  // The empty input is a call too: command 0, no parameters.
  Program empty = fuzz::decode({}, {});
  ASSERT_EQ(empty.invokes.size(), 1u);
  EXPECT_EQ(empty.invokes[0].cmd, 0u);
  EXPECT_EQ(fuzz::describe(empty), "invoke cmd=0x0\n");
}

TEST(FuzzDecoder, WideCommandIds) {
  Program p = invoke(0x12345678, {kValueInput, kMemrefInput, 0, 0});
  p.invokes[0].a[0] = 5;
  p.invokes[0].memref[1] = {1, 2, 3};
  Bytes bytes = fuzz::encode(p, {});
  Program d = fuzz::decode(bytes, {});
  EXPECT_EQ(d.invokes[0].cmd, 0x12345678u);
  EXPECT_EQ(fuzz::describe(d), "invoke cmd=0x12345678 p0=VALUE_INPUT a=0x5 b=0x0 "
                               "p1=MEMREF_INPUT[3] 010203\n");
}

TEST(FuzzHarness, RunsCallsAndRestoresTheSnapshotExactly) {
  auto f = hello_fuzzer();
  ASSERT_TRUE(f);
  const uint64_t ready = f->state_hash();
  Program p = invoke(HELLO_CMD_INC_VALUE, {kValueInout, 0, 0, 0});
  p.invokes[0].a[0] = 41;
  fuzz::Outcome o = f->run(p);
  ASSERT_FALSE(o.dead);
  ASSERT_EQ(o.results.size(), 1u);
  EXPECT_EQ(o.results[0], 0u);
  // HEAP changes the heap; the restore brings every writable byte back.
  fuzz::Outcome heap = f->run(invoke(HELLO_CMD_HEAP, {2, 0, 0, 0}));
  EXPECT_FALSE(heap.dead);
  EXPECT_NE(f->state_hash(), ready);
  f->restore();
  EXPECT_EQ(f->state_hash(), ready);
  // SESSION_COUNT counts invokes per instance: after a restore it is always the first.
  for (int i = 0; i < 3; ++i) {
    fuzz::Outcome c = f->run(invoke(HELLO_CMD_SESSION_COUNT, {2, 0, 0, 0}));
    ASSERT_FALSE(c.dead);
  }
  EXPECT_GT(f->edges_seen(), 10u);
}

TEST(FuzzHarness, FullSequenceOpensInvokesAndCloses) {
  auto f = hello_fuzzer();
  Program p = invoke(HELLO_CMD_REVERSE, {kMemrefInout, 0, 0, 0});
  p.full = true;
  p.invokes[0].memref[0] = {1, 2, 3};
  fuzz::Outcome o = f->run(p);
  ASSERT_FALSE(o.dead);
  EXPECT_EQ(o.results, (std::vector<uint32_t>{0, 0, 0}));
}

struct CrashCase {
  uint32_t cmd;
  const char* crash_class;
  const char* function; // the location's symbol
};

TEST(FuzzHarness, CrashClassesAndSymbols) {
  auto f = hello_fuzzer();
  for (const CrashCase& c :
       {CrashCase{HELLO_CMD_PANIC, "panic", "cmd_panic"},
        CrashCase{HELLO_CMD_FAULT_UNMAPPED, "memory-write", "cmd_fault_unmapped"},
        CrashCase{HELLO_CMD_FAULT_WRITE_CODE, "memory-write", "cmd_fault_write_code"},
        CrashCase{HELLO_CMD_FAULT_EXEC_DATA, "memory-execute", ""},
        CrashCase{HELLO_CMD_FAULT_UNDEF, "undefined-instruction", "cmd_fault_undef"},
        CrashCase{HELLO_CMD_SPIN, "hang", "cmd_spin"}}) {
    SCOPED_TRACE(c.crash_class);
    fuzz::Outcome o = f->run(invoke(c.cmd));
    ASSERT_TRUE(o.dead);
    ASSERT_TRUE(o.report);
    EXPECT_EQ(o.report->crash_class, c.crash_class);
    // The TA is built with -Os: the command's function may be inlined into its caller.
    if (*c.function)
      EXPECT_TRUE(o.report->location.rfind(std::string(c.function) + "+", 0) == 0 ||
                  o.report->location.rfind("TA_InvokeCommandEntryPoint+", 0) == 0)
          << o.report->text();
    EXPECT_FALSE(o.report->instruction.empty());
    EXPECT_NE(o.report->text().find("backtrace:"), std::string::npos);
    // The next input starts from the ready state again.
    fuzz::Outcome ok = f->run(invoke(HELLO_CMD_SESSION_COUNT, {2, 0, 0, 0}));
    EXPECT_FALSE(ok.dead);
  }
  // The memory fault names its address, the panic its code.
  fuzz::Outcome w = f->run(invoke(HELLO_CMD_FAULT_UNMAPPED));
  EXPECT_EQ(w.report->fault.address, uint64_t{HELLO_UNMAPPED_ADDR});
  EXPECT_NE(w.report->instruction.find("str"), std::string::npos) << w.report->instruction;
  fuzz::Outcome p = f->run(invoke(HELLO_CMD_PANIC));
  EXPECT_EQ(p.report->fault.panic_code, uint32_t{HELLO_PANIC_CODE});
  EXPECT_EQ(p.report->key(), f->run(invoke(HELLO_CMD_PANIC)).report->key());
}

TEST(FuzzHarness, SeedsAreAcceptedCalls) {
  auto f = hello_fuzzer();
  auto seeds = f->seeds();
  size_t clean = 0;
  for (const Bytes& s : seeds)
    clean += f->run(s).dead ? 0 : 1;
  EXPECT_GE(clean, 3u);
  // hello's fault commands (3 to 7) crash with the simplest call: those seeds are kept.
  EXPECT_GT(seeds.size(), clean);
}

// Reproducers of the fuzz_demo TA's four bugs (tests/fuzz_inputs/), replayed: each gives its
// crash class at the function that has the bug.
TEST(FuzzHarness, StoredCrashInputsReplayToTheirClassAndSymbol) {
  fuzz::Options o;
  o.name = "fuzz_demo";
  auto f = fuzz::TaFuzzer::create(read_file(std::string(SWEMU_TEST_TA_DIR) + "/fuzz_demo.elf"), o);
  ASSERT_TRUE(f.ok()) << f.error().message;
  const std::string dir = std::string(SWEMU_TEST_SOURCE_DIR) + "/tests/fuzz_inputs/";
  struct Expected {
    const char* file;
    const char* crash_class;
    const char* function;
  };
  for (const Expected& e :
       {Expected{"fuzz_demo-stack-protector.input", "stack-protector", "parse_record+"},
        Expected{"fuzz_demo-heap-corruption.input", "heap-corruption", "checked_block+"},
        Expected{"fuzz_demo-memory-read-lookup.input", "memory-read",
                 "TA_InvokeCommandEntryPoint+"},
        Expected{"fuzz_demo-memory-read-rare.input", "memory-read",
                 "TA_InvokeCommandEntryPoint+"}}) {
    SCOPED_TRACE(e.file);
    const Bytes input = read_file(dir + e.file);
    ASSERT_FALSE(input.empty());
    fuzz::Outcome out = (*f)->run(input);
    ASSERT_TRUE(out.dead);
    EXPECT_EQ(out.report->crash_class, e.crash_class);
    EXPECT_EQ(out.report->location.rfind(e.function, 0), 0u) << out.report->text();
    // Deterministic: the same input, the same report.
    EXPECT_EQ((*f)->run(input).report->text(), out.report->text());
  }
  // The two memory reads are different bugs: different places.
  EXPECT_NE((*f)->run(read_file(dir + "fuzz_demo-memory-read-lookup.input")).report->key(),
            (*f)->run(read_file(dir + "fuzz_demo-memory-read-rare.input")).report->key());
}

TEST(FuzzHarness, Aarch32Tas) {
  fuzz::Options o;
  o.name = "hello32";
  o.time_limit_ms = 200;
  auto f = fuzz::TaFuzzer::create(read_file(std::string(SWEMU_TEST_TA_DIR) + "/hello32.elf"), o);
  ASSERT_TRUE(f.ok()) << f.error().message;
  Program p = invoke(HELLO_CMD_INC_VALUE, {kValueInout, 0, 0, 0});
  p.invokes[0].a[0] = 41;
  EXPECT_FALSE((*f)->run(p).dead);
  fuzz::Outcome o2 = (*f)->run(invoke(HELLO_CMD_FAULT_UNDEF));
  ASSERT_TRUE(o2.dead);
  EXPECT_EQ(o2.report->crash_class, "undefined-instruction");
  EXPECT_EQ(o2.report->location.rfind("TA_InvokeCommandEntryPoint+", 0), 0u) << o2.report->text();
  EXPECT_NE(o2.report->instruction.find("udf"), std::string::npos) << o2.report->instruction;
  fuzz::Outcome hang = (*f)->run(invoke(HELLO_CMD_SPIN));
  ASSERT_TRUE(hang.dead);
  EXPECT_EQ(hang.report->key().rfind("hang in ", 0), 0u) << hang.report->key();
}

TEST(FuzzHarness, WithoutCoverageNothingIsCounted) {
  auto counters = fuzz::coverage_counters();
  std::fill(counters.begin(), counters.end(), 0);
  auto f = hello_fuzzer(false);
  f->run(invoke(HELLO_CMD_INC_VALUE, {kValueInout, 0, 0, 0}));
  EXPECT_EQ(f->edges_seen(), 0u);
  (void)kMemrefOutput;
}

} // namespace
