// What recording TA coverage (SecureWorldConfig::coverage) costs: hello invokes through the
// GP Client API with and without it. INC_VALUE is a short path (where the per-entry merge
// weighs most); REVERSE of 64 KiB is a hot loop (32 Ki iterations over the
// same few blocks, where the block hook's own cost shows). Ratios are printed at the end.
#include <cstdio>
#include <memory>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench_support.h"
#include "debug/coverage.h"
#include "hello_ta.h"
#include "swemu/bridge/default_transport.h"
#include "tee_client_api.h"

namespace {

using namespace swemu;

const TEEC_UUID kHello = HELLO_TA_UUID;
constexpr size_t kReverseBytes = 64 * 1024;

// The bundled secure world, recording coverage into `coverage` when it is not null.
void use_secure_world(std::shared_ptr<core::Coverage> coverage) {
  bridge::set_default_transport_factory(
      [coverage]() -> Result<std::unique_ptr<bridge::SmcTransport>> {
        bridge::InProcessOptions o;
        o.config.manifest_dirs = {SWEMU_BENCH_MANIFEST_DIR};
        o.config.ta_dirs = {SWEMU_BENCH_TA_DIR};
        o.config.coverage = coverage;
        auto t = bridge::InProcessTransport::create(o);
        if (!t)
          return t.take_error();
        return std::unique_ptr<bridge::SmcTransport>(std::move(t.value()));
      });
}

// state.range(0): 1 with coverage. state.range(1): the command.
void BM_HelloInvoke(benchmark::State& state) {
  auto coverage = state.range(0) != 0 ? std::make_shared<core::Coverage>() : nullptr;
  use_secure_world(coverage);
  const auto cmd = static_cast<uint32_t>(state.range(1));
  TEEC_Context ctx;
  TEEC_Session sess;
  uint32_t origin;
  if (TEEC_InitializeContext(nullptr, &ctx) != TEEC_SUCCESS ||
      TEEC_OpenSession(&ctx, &sess, &kHello, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin) !=
          TEEC_SUCCESS) {
    state.SkipWithError("cannot open a session to hello");
    return;
  }
  std::vector<uint8_t> buf(kReverseBytes, 0x5A);
  TEEC_Operation op{};
  if (cmd == HELLO_CMD_REVERSE) {
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
    op.params[0].tmpref.buffer = buf.data();
    op.params[0].tmpref.size = buf.size();
  } else {
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  }
  for (auto _ : state) {
    if (cmd == HELLO_CMD_REVERSE)
      op.params[0].tmpref.size = buf.size(); // a union with value.a/b
    else
      op.params[0].value.a = 41;
    if (TEEC_InvokeCommand(&sess, cmd, &op, &origin) != TEEC_SUCCESS) {
      state.SkipWithError("invoke failed");
      break;
    }
  }
  TEEC_CloseSession(&sess);
  TEEC_FinalizeContext(&ctx);
  if (coverage && !coverage->modules().empty())
    state.counters["blocks"] = static_cast<double>(coverage->blocks(0).size());
}

BENCHMARK(BM_HelloInvoke)
    ->ArgNames({"coverage", "cmd"})
    ->Args({0, HELLO_CMD_INC_VALUE})
    ->Args({1, HELLO_CMD_INC_VALUE})
    ->Args({0, HELLO_CMD_REVERSE})
    ->Args({1, HELLO_CMD_REVERSE});

} // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  swemu::bench::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  const char* names[] = {"INC_VALUE", "REVERSE 64 KiB"};
  const int cmds[] = {HELLO_CMD_INC_VALUE, HELLO_CMD_REVERSE};
  for (int i = 0; i < 2; ++i) {
    const double off = reporter.ns("BM_HelloInvoke/coverage:0/cmd:" + std::to_string(cmds[i]));
    const double on = reporter.ns("BM_HelloInvoke/coverage:1/cmd:" + std::to_string(cmds[i]));
    if (off > 0 && on > 0)
      std::printf("%s invoke with coverage / without = %.2fx (%.0f ns / %.0f ns)\n", names[i],
                  on / off, on, off);
  }
  benchmark::Shutdown();
  return 0;
}
