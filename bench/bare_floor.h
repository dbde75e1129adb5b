// The floor of the invoke benchmarks: one uc_emu_start of the hello TA's entry with
// INVOKE_COMMAND/INC_VALUE on an instance that is already set up, registers and utee_params
// prepared once; the TA's RETURN syscall stops the engine. Needs tee_core/src and tas/hello
// on the include path and Unicorn linked.
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <unicorn/unicorn.h>

#include "hello_ta.h"
#include "ta_runtime.h"

namespace swemu::bench {

inline void bare_emu_start_floor(benchmark::State& state) {
  std::ifstream in(std::string(SWEMU_BENCH_TA_DIR) + "/hello.elf", std::ios::binary);
  const std::vector<uint8_t> elf{std::istreambuf_iterator<char>(in), {}};
  auto ta = core::TaInstance::create(elf, {"hello"});
  if (!ta) {
    state.SkipWithError(ta.error().message.c_str());
    return;
  }
  // Open a session through the normal path so the TA has its session state.
  core::TaParams none{};
  core::EntryContext context;
  context.session_id = 1;
  (*ta)->enter(abi::UTEE_ENTRY_FUNC_OPEN_SESSION, context, none, 0);
  uc_engine* uc = (*ta)->engine();
  const uint64_t sp = core::kTaStackTop - 128;
  uint64_t up[9] = {abi::TEE_PARAM_TYPE_VALUE_INOUT, 41, 0};
  const uint64_t args[4] = {abi::UTEE_ENTRY_FUNC_INVOKE_COMMAND, 1, sp, HELLO_CMD_INC_VALUE};
  for (auto _ : state) {
    uc_mem_write(uc, sp, up, sizeof up);
    for (int i = 0; i < 4; ++i)
      uc_reg_write(uc, UC_ARM64_REG_X0 + i, &args[i]);
    uc_reg_write(uc, UC_ARM64_REG_SP, &sp);
    uc_emu_start(uc, (*ta)->image().entry, 0, 0, 0);
  }
}

} // namespace swemu::bench
