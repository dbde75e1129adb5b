// Invoke round trip of the hello INC_VALUE command through the GP Client API, against the
// floor: the bare uc_emu_start of the same TA code (entry → INC → RETURN syscall) on an
// instance that is already set up. Both run in one process; the ratio is printed at the end.
#include <unistd.h>

#include <cstdio>
#include <string>

#include <benchmark/benchmark.h>

#include "api_test_ta.h"
#include "bare_floor.h"
#include "bench_support.h"
#include "debug/trace.h"
#include "hello_ta.h"
#include "swemu/bridge/default_transport.h"
#include "ta2ta_test_ta.h"
#include "ta_runtime.h"
#include "tee_client_api.h"

namespace {

using namespace swemu;

constexpr int64_t kSyscallLoop = 100000;
constexpr int64_t kTa2TaLoop = 2000;
const TEEC_UUID kApiTest = API_TEST64_TA_UUID;
const TEEC_UUID kTa2Ta = TA2TA_TEST_TA_UUID;
const TEEC_UUID kHello = HELLO_TA_UUID;

// Floor: one uc_emu_start of the TA entry with INVOKE_COMMAND/INC_VALUE (bare_floor.h).
void BM_Floor_BareEmuStart(benchmark::State& state) {
  bench::bare_emu_start_floor(state);
}

// The invoke round trip; with a tracer, every SMC, optee_msg command, entry and syscall
// of it is written to a trace file (docs/debugging.md).
void invoke_round_trip(benchmark::State& state, const std::shared_ptr<core::Tracer>& tracer) {
  bench::use_bundled_secure_world(tracer);
  TEEC_Context ctx;
  TEEC_Session sess;
  uint32_t origin;
  if (TEEC_InitializeContext(nullptr, &ctx) != TEEC_SUCCESS ||
      TEEC_OpenSession(&ctx, &sess, &kHello, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin) !=
          TEEC_SUCCESS) {
    state.SkipWithError("cannot open a session to hello");
    return;
  }
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  for (auto _ : state) {
    op.params[0].value.a = 41;
    if (TEEC_InvokeCommand(&sess, HELLO_CMD_INC_VALUE, &op, &origin) != TEEC_SUCCESS) {
      state.SkipWithError("invoke failed");
      break;
    }
  }
  TEEC_CloseSession(&sess);
  TEEC_FinalizeContext(&ctx);
}

void BM_ClientInvokeRoundTrip(benchmark::State& state) {
  invoke_round_trip(state, nullptr);
}

void BM_ClientInvokeRoundTripTraced(benchmark::State& state) {
  const std::string lines = "/tmp/swemu-bench-trace-" + std::to_string(getpid()) + ".jsonl";
  auto tracer = core::Tracer::open(lines, {});
  if (!tracer) {
    state.SkipWithError(tracer.error().message.c_str());
    return;
  }
  invoke_round_trip(state, tracer.value());
  (void)tracer.value()->finish();
  std::remove(lines.c_str());
}

// Invokes `cmd` of the TA `uuid` with one VALUE_INOUT whose a is state.range(0), the
// number of times the TA repeats the thing measured; the cost of one is the slope between
// the two sizes, printed by main().
void run_loop_command(benchmark::State& state, const TEEC_UUID& uuid, uint32_t cmd) {
  bench::use_bundled_secure_world();
  TEEC_Context ctx;
  TEEC_Session sess;
  uint32_t origin;
  if (TEEC_InitializeContext(nullptr, &ctx) != TEEC_SUCCESS ||
      TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin) !=
          TEEC_SUCCESS) {
    state.SkipWithError("cannot open a session");
    return;
  }
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  for (auto _ : state) {
    op.params[0].value.a = static_cast<uint32_t>(state.range(0));
    if (TEEC_InvokeCommand(&sess, cmd, &op, &origin) != TEEC_SUCCESS) {
      state.SkipWithError("invoke failed");
      break;
    }
  }
  TEEC_CloseSession(&sess);
  TEEC_FinalizeContext(&ctx);
}

// One TA syscall round trip (svc trap, table dispatch, checked write back, resume):
// api_test's loop of TEE_GetCancellationFlag.
void BM_SyscallLoopInvoke(benchmark::State& state) {
  run_loop_command(state, kApiTest, API_TEST_CMD_SYSCALL_LOOP);
}

// TA-to-TA invokes: ta2ta_test opens one session on hello and invokes INC_VALUE in a loop
// inside one client invoke; main() compares one with a client invoke of the same command.
void BM_Ta2TaInvokeLoop(benchmark::State& state) {
  run_loop_command(state, kTa2Ta, TA2TA_CMD_INVOKE_LOOP);
}

BENCHMARK(BM_Floor_BareEmuStart);
BENCHMARK(BM_ClientInvokeRoundTrip);
BENCHMARK(BM_ClientInvokeRoundTripTraced);
BENCHMARK(BM_SyscallLoopInvoke)->Arg(0)->Arg(kSyscallLoop);
BENCHMARK(BM_Ta2TaInvokeLoop)->Arg(0)->Arg(kTa2TaLoop);

} // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  swemu::bench::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  double floor = reporter.ns("BM_Floor_BareEmuStart");
  double trip = reporter.ns("BM_ClientInvokeRoundTrip");
  if (floor > 0 && trip > 0)
    std::printf("\ninvoke round trip / bare uc_emu_start floor = %.2fx (target <= 3x)\n",
                trip / floor);
  const double traced = reporter.ns("BM_ClientInvokeRoundTripTraced");
  if (trip > 0 && traced > 0)
    std::printf("invoke round trip with --trace on / off = %.2fx\n", traced / trip);
  double loop0 = reporter.ns("BM_SyscallLoopInvoke/0");
  double loopn = reporter.ns("BM_SyscallLoopInvoke/" + std::to_string(kSyscallLoop));
  if (loop0 > 0 && loopn > 0)
    std::printf("one TA syscall round trip (GET_CANCELLATION_FLAG) = %.1f ns\n",
                (loopn - loop0) / static_cast<double>(kSyscallLoop));
  double ta0 = reporter.ns("BM_Ta2TaInvokeLoop/0");
  double tan = reporter.ns("BM_Ta2TaInvokeLoop/" + std::to_string(kTa2TaLoop));
  if (ta0 > 0 && tan > 0 && trip > 0) {
    const double per_call = (tan - ta0) / static_cast<double>(kTa2TaLoop);
    std::printf("one TA-to-TA invoke = %.0f ns = %.2fx a client invoke of the same command\n",
                per_call, per_call / trip);
  }
  benchmark::Shutdown();
  return 0;
}
