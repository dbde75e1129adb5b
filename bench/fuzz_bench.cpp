// Fuzzing speed: executions per second of one short command (hello INC_VALUE, and the
// fuzz_demo TA's LOOKUP) through the fuzzer's snapshot-and-run path with TA coverage, the
// same without coverage, and the same command through the normal invoke path (GP Client
// API, in-process secure world), which is the floor the ratios are printed against.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "bench_support.h"
#include "fuzz/ta_fuzzer.h"
#include "hello_ta.h"
#include "tee_client_api.h"

namespace {

using namespace swemu::core;
using Bytes = std::vector<uint8_t>;

Bytes read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), {});
}

// One invoke of `cmd` with p0 VALUE_INOUT (hello INC_VALUE), or VALUE_INPUT + VALUE_OUTPUT
// (fuzz_demo LOOKUP), a = 3.
Bytes input_for(uint32_t cmd, bool two_values) {
  fuzz::Program p;
  fuzz::Call c;
  c.cmd = cmd;
  c.types = {two_values ? 1u : 3u, two_values ? 2u : 0u, 0u, 0u};
  c.a[0] = 3;
  p.invokes.push_back(c);
  return fuzz::encode(p, {});
}

void fuzz_exec(benchmark::State& state, const char* ta, uint32_t cmd, bool two_values,
               bool coverage) {
  fuzz::Options o;
  o.name = ta;
  o.coverage = coverage;
  auto f =
      fuzz::TaFuzzer::create(read_file(std::string(SWEMU_BENCH_TA_DIR) + "/" + ta + ".elf"), o);
  if (!f.ok()) {
    state.SkipWithError(f.error().message.c_str());
    return;
  }
  const Bytes input = input_for(cmd, two_values);
  for (auto _ : state) {
    fuzz::Outcome out = (*f)->run(input);
    if (out.dead || out.results.empty() || out.results[0] != 0) {
      state.SkipWithError("the command failed");
      return;
    }
  }
  state.counters["exec/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_FuzzHelloCoverage(benchmark::State& s) {
  fuzz_exec(s, "hello", HELLO_CMD_INC_VALUE, false, true);
}
void BM_FuzzHelloNoCoverage(benchmark::State& s) {
  fuzz_exec(s, "hello", HELLO_CMD_INC_VALUE, false, false);
}
void BM_FuzzDemoCoverage(benchmark::State& s) {
  fuzz_exec(s, "fuzz_demo", 2, true, true);
}
void BM_FuzzDemoNoCoverage(benchmark::State& s) {
  fuzz_exec(s, "fuzz_demo", 2, true, false);
}

// The normal path: TEEC_InvokeCommand on an open session.
void BM_InvokeHello(benchmark::State& state) {
  TEEC_Context ctx{};
  TEEC_Session sess{};
  const TEEC_UUID uuid = HELLO_TA_UUID;
  if (TEEC_InitializeContext(nullptr, &ctx) != TEEC_SUCCESS ||
      TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, nullptr, nullptr, nullptr) !=
          TEEC_SUCCESS) {
    state.SkipWithError("no session to hello");
    return;
  }
  for (auto _ : state) {
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
    op.params[0].value.a = 3;
    if (TEEC_InvokeCommand(&sess, HELLO_CMD_INC_VALUE, &op, nullptr) != TEEC_SUCCESS) {
      state.SkipWithError("invoke failed");
      break;
    }
  }
  state.counters["exec/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  TEEC_CloseSession(&sess);
  TEEC_FinalizeContext(&ctx);
}

BENCHMARK(BM_InvokeHello);
BENCHMARK(BM_FuzzHelloCoverage);
BENCHMARK(BM_FuzzHelloNoCoverage);
BENCHMARK(BM_FuzzDemoCoverage);
BENCHMARK(BM_FuzzDemoNoCoverage);

} // namespace

int main(int argc, char** argv) {
  swemu::bench::use_bundled_secure_world();
  benchmark::Initialize(&argc, argv);
  swemu::bench::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  const double floor = reporter.ns("BM_InvokeHello");
  std::printf("\nExecutions per second (target: >= 50,000 with coverage on a short command):\n");
  for (const char* name : {"BM_InvokeHello", "BM_FuzzHelloCoverage", "BM_FuzzHelloNoCoverage",
                           "BM_FuzzDemoCoverage", "BM_FuzzDemoNoCoverage"}) {
    const double ns = reporter.ns(name);
    if (ns <= 0)
      continue;
    std::printf("  %-24s %9.0f exec/s  %5.2fx the invoke path's time\n", name, 1e9 / ns,
                floor > 0 ? ns / floor : 0.0);
  }
  benchmark::Shutdown();
  return 0;
}
