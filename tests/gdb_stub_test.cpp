// Debugging TAs with gdb: gdb-multiarch in batch mode drives the stub (debug/gdb_stub.h)
// against the hello TA while a client thread invokes it through the GP Client API.
// Breakpoints by function name, backtraces, registers, locals, memory writes that change
// the TA's result, watchpoints, single steps, and a fault stopping at the faulting line.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

// Before tee_client_api.h, whose TEE_ERROR_* macros would clash with tee_abi.h names.
#include "debug/gdb_stub.h"
#include "ta_runtime.h"
#include "test_world.h"

#include "hello_ta.h"
#include "shell_command.h"
#include "tee_client_api.h"

namespace {

namespace fs = std::filesystem;

struct GdbRun {
  std::string gdb;        // gdb's output
  TEEC_Result result = 0; // of the invoke
  uint32_t value = 0;     // param 0 value a after it
};

bool have_gdb() {
  return std::system("gdb-multiarch --version > /dev/null 2>&1") == 0;
}

// Invokes `cmd` of `ta` with VALUE_INOUT (41, 0) while gdb runs `commands` (after loading
// `elf` and connecting). `random_load_address`: the TA is loaded at a random base.
GdbRun run_under_gdb(const TEEC_UUID& ta, const char* uuid_text, const std::string& elf,
                     uint32_t cmd, const std::vector<std::string>& commands,
                     bool random_load_address = false) {
  GdbRun run;
  auto stub = swemu::core::GdbStub::listen(0);
  EXPECT_TRUE(stub.ok());
  if (!stub.ok())
    return run;
  std::shared_ptr<swemu::core::GdbStub> debugger = std::move(stub).value();
  swemu::test::use_secure_world([&](swemu::core::SecureWorldConfig& c) {
    c.manifest_dirs = {SWEMU_TEST_MANIFEST_DIR};
    c.debugger = debugger;
    c.debug_ta = swemu::Uuid::parse(uuid_text);
    c.random_load_address = random_load_address;
  });
  std::thread client([&] {
    TEEC_Context ctx{};
    TEEC_Session s{};
    if (TEEC_InitializeContext(nullptr, &ctx) != TEEC_SUCCESS)
      return;
    if (TEEC_OpenSession(&ctx, &s, &ta, TEEC_LOGIN_PUBLIC, nullptr, nullptr, nullptr) ==
        TEEC_SUCCESS) {
      TEEC_Operation op{};
      op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
      op.params[0].value.a = 41;
      run.result = TEEC_InvokeCommand(&s, cmd, &op, nullptr);
      run.value = op.params[0].value.a;
      TEEC_CloseSession(&s);
    }
    TEEC_FinalizeContext(&ctx);
    debugger->exited(0);
  });

  // gdb comes once the TA waits at its first instruction (its architecture is known then).
  for (int i = 0; i < 6000 && !debugger->instance_waiting_for_gdb(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const fs::path script =
      fs::temp_directory_path() / ("swemu-gdb-" + std::to_string(getpid()) + ".gdb");
  {
    std::ofstream out(script);
    out << "set pagination off\nset confirm off\n";
    out << "file " << elf << "\n";
    out << "target remote 127.0.0.1:" << debugger->port() << "\n";
    for (const auto& c : commands)
      out << c << "\n";
  }
  run.gdb =
      swemu::test::run_shell("timeout 120 gdb-multiarch -nx -batch -x " + script.string() + " 2>&1")
          .out;
  debugger->abandon(); // should gdb not have connected or resumed, the TA runs on
  client.join();
  fs::remove(script);
  return run;
}

bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

class GdbStub : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_TRUE(have_gdb()) << "gdb-multiarch is not installed (scripts/bootstrap.sh installs it)";
  }
};

TEST_F(GdbStub, BreakpointBacktraceRegistersLocalsAndAMemoryWriteOnAArch64) {
  const GdbRun run = run_under_gdb(
      HELLO_TA_UUID, "8296e59f-0c73-418b-8e62-20011adec8d6",
      std::string(SWEMU_TEST_TA_DIR) + "/hello.elf", HELLO_CMD_INC_VALUE,
      {"break TA_InvokeCommandEntryPoint", "continue", "bt", "printf \"x2=%d\\n\", $x2",
       "printf \"a=%u\\n\", params[0].value.a", "set var params[0].value.a = 1000", "continue"});
  EXPECT_TRUE(contains(run.gdb, "Breakpoint 1, TA_InvokeCommandEntryPoint")) << run.gdb;
  EXPECT_TRUE(contains(run.gdb, "in invoke_command")) << run.gdb; // the caller
  EXPECT_TRUE(contains(run.gdb, "x2=3\n")) << run.gdb;            // param_types VALUE_INOUT
  EXPECT_TRUE(contains(run.gdb, "a=41\n")) << run.gdb;            // the client's value
  EXPECT_TRUE(contains(run.gdb, "exited normally")) << run.gdb;   // ran to completion
  EXPECT_EQ(run.result, TEEC_SUCCESS);
  EXPECT_EQ(run.value, 1001u); // the TA incremented what gdb wrote
}

TEST_F(GdbStub, WatchpointAndStepOnAArch32) {
  const GdbRun run =
      run_under_gdb({0x6a4e1f0c, 0x1d2b, 0x4c8e, {0x9a, 0x57, 0x3f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a}},
                    "6a4e1f0c-1d2b-4c8e-9a57-3f1e2d3c4b5a",
                    std::string(SWEMU_TEST_TA_DIR) + "/hello32.elf", HELLO_CMD_INC_VALUE,
                    {"break TA_InvokeCommandEntryPoint", "continue", "printf \"r2=%d\\n\", $r2",
                     "watch invoke_count", "continue", "printf \"pc1=%#x\\n\", $pc", "stepi",
                     "printf \"pc2=%#x\\n\", $pc", "delete", "continue"});
  EXPECT_TRUE(contains(run.gdb, "r2=3\n")) << run.gdb;
  EXPECT_TRUE(contains(run.gdb, "Hardware watchpoint 2: invoke_count")) << run.gdb;
  EXPECT_TRUE(contains(run.gdb, "New value = 1")) << run.gdb;
  const size_t p1 = run.gdb.find("pc1="), p2 = run.gdb.find("pc2=");
  ASSERT_NE(p1, std::string::npos) << run.gdb;
  ASSERT_NE(p2, std::string::npos) << run.gdb;
  EXPECT_NE(run.gdb.substr(p1 + 4, 8), run.gdb.substr(p2 + 4, 8)); // the step moved on
  EXPECT_TRUE(contains(run.gdb, "exited normally")) << run.gdb;
  EXPECT_EQ(run.value, 42u);
}

TEST_F(GdbStub, Aarch32VfpRegistersAreReadAndWritten) {
  const GdbRun run = run_under_gdb(
      {0x6a4e1f0c, 0x1d2b, 0x4c8e, {0x9a, 0x57, 0x3f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a}},
      "6a4e1f0c-1d2b-4c8e-9a57-3f1e2d3c4b5a", std::string(SWEMU_TEST_TA_DIR) + "/hello32.elf",
      HELLO_CMD_FP,
      {"break TA_InvokeCommandEntryPoint", "continue", "set $d5 = 2.5", "set $d31 = -1.25",
       "set $fpscr = 0x3000000", "printf \"d5=%f d31=%f fpscr=%#x\\n\", $d5, $d31, $fpscr",
       "info registers d0", "continue"});
  EXPECT_TRUE(contains(run.gdb, "d5=2.500000 d31=-1.250000 fpscr=0x3000000\n")) << run.gdb;
  EXPECT_TRUE(contains(run.gdb, "d0 ")) << run.gdb;
  EXPECT_TRUE(contains(run.gdb, "exited normally")) << run.gdb;
  EXPECT_EQ(run.value, 61u); // 41 * 1.5, computed with the VFP after gdb's writes
}

TEST_F(GdbStub, AFaultStopsAtTheFaultingInstruction) {
  const GdbRun run = run_under_gdb(HELLO_TA_UUID, "8296e59f-0c73-418b-8e62-20011adec8d6",
                                   std::string(SWEMU_TEST_TA_DIR) + "/hello.elf",
                                   HELLO_CMD_FAULT_UNMAPPED, {"continue", "x/i $pc", "kill"});
  EXPECT_TRUE(contains(run.gdb, "SIGSEGV")) << run.gdb;
  EXPECT_TRUE(contains(run.gdb, "cmd_fault_unmapped")) << run.gdb;
  EXPECT_TRUE(contains(run.gdb, "TA fault: write to unmapped address 0x10")) << run.gdb;
  EXPECT_TRUE(contains(run.gdb, ":\tstr")) << run.gdb; // the store itself, not one before
  EXPECT_EQ(run.result, TEEC_ERROR_TARGET_DEAD);
}

// With a random load address, qOffsets tells gdb the instance's base: a breakpoint by
// function name (resolved after connecting) hits, and the code runs far from 0x400000.
TEST_F(GdbStub, RandomLoadAddressBreakpointByNameHits) {
  struct Case {
    TEEC_UUID uuid;
    const char* uuid_text;
    const char* elf;
  };
  for (const Case& c :
       {Case{HELLO_TA_UUID, "8296e59f-0c73-418b-8e62-20011adec8d6", "hello.elf"},
        Case{{0x6a4e1f0c, 0x1d2b, 0x4c8e, {0x9a, 0x57, 0x3f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a}},
             "6a4e1f0c-1d2b-4c8e-9a57-3f1e2d3c4b5a",
             "hello32.elf"}}) {
    SCOPED_TRACE(c.elf);
    const GdbRun run = run_under_gdb(
        c.uuid, c.uuid_text, std::string(SWEMU_TEST_TA_DIR) + "/" + c.elf, HELLO_CMD_INC_VALUE,
        {"break TA_InvokeCommandEntryPoint", "continue", "printf \"pc=%lx\\n\", (unsigned long)$pc",
         "continue"},
        true);
    EXPECT_TRUE(contains(run.gdb, "Breakpoint 1, TA_InvokeCommandEntryPoint")) << run.gdb;
    EXPECT_TRUE(contains(run.gdb, "exited normally")) << run.gdb;
    EXPECT_EQ(run.result, TEEC_SUCCESS);
    EXPECT_EQ(run.value, 42u);
    const size_t at = run.gdb.find("pc=");
    ASSERT_NE(at, std::string::npos) << run.gdb;
    const uint64_t pc = std::stoull(run.gdb.substr(at + 3), nullptr, 16);
    EXPECT_GE(pc, swemu::core::kTaRandomBaseMin) << run.gdb;
    EXPECT_LT(pc, swemu::core::kTaHeapBase) << run.gdb;
  }
}

} // namespace
