// End to end: GP TEE Client API → optee_msg frames → monitor → session manager → the
// hello TA running in Unicorn, and back.
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

// Before tee_client_api.h, whose TEE_ERROR_* macros would clash with tee_abi.h names.
#include "test_world.h"
#include "watchdog.h"

#include "hello_ta.h"
#include "tee_client_api.h"

namespace {

using swemu::test::use_secure_world;

namespace fs = std::filesystem;

const TEEC_UUID kHello = HELLO_TA_UUID;
const TEEC_UUID kHello32 = {
    0x6a4e1f0c, 0x1d2b, 0x4c8e, {0x9a, 0x57, 0x3f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a}};
const TEEC_UUID kHelloSingle = HELLO_SINGLE_TA_UUID;

// The same hello code built for AArch64 (hello) and AArch32 (hello32).
struct HelloBuild {
  const char* arch;
  TEEC_UUID uuid;
};
void PrintTo(const HelloBuild& b, std::ostream* os) {
  *os << b.arch;
}
const HelloBuild kBuilds[] = {{"AArch64", kHello}, {"AArch32", kHello32}};

class HelloBase : public ::testing::Test {
protected:
  void SetUp() override {
    use_secure_world({SWEMU_TEST_MANIFEST_DIR});
    ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx_), TEEC_SUCCESS);
  }
  void TearDown() override { TEEC_FinalizeContext(&ctx_); }

  virtual const TEEC_UUID& hello() const { return kHello; }
  TEEC_Result open(TEEC_Session* s) { return open(s, hello()); }
  TEEC_Result open(TEEC_Session* s, const TEEC_UUID& uuid, uint32_t login = TEEC_LOGIN_PUBLIC,
                   const void* data = nullptr) {
    origin_ = 0;
    return TEEC_OpenSession(&ctx_, s, &uuid, login, data, nullptr, &origin_);
  }
  TEEC_Result invoke(TEEC_Session* s, uint32_t cmd, TEEC_Operation* op) {
    origin_ = 0;
    return TEEC_InvokeCommand(s, cmd, op, &origin_);
  }
  static TEEC_Operation no_params() {
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_NONE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
    return op;
  }
  uint32_t inc(TEEC_Session* s, uint32_t v, TEEC_Result* res) {
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
    op.params[0].value.a = v;
    *res = invoke(s, HELLO_CMD_INC_VALUE, &op);
    return op.params[0].value.a;
  }

  TEEC_Context ctx_{};
  uint32_t origin_ = 0;
};

// Runs on both builds of hello.
class HelloE2E : public HelloBase, public ::testing::WithParamInterface<HelloBuild> {
protected:
  const TEEC_UUID& hello() const override { return GetParam().uuid; }
};

std::string build_name(const ::testing::TestParamInfo<HelloBuild>& info) {
  return info.param.arch;
}

// Tests about the secure world rather than the TA's architecture.
class HelloWorldE2E : public HelloBase {};

TEST_P(HelloE2E, IncrementsAValue) {
  TEEC_Session s;
  ASSERT_EQ(open(&s), TEEC_SUCCESS);
  TEEC_Result res;
  EXPECT_EQ(inc(&s, 41, &res), 42u);
  EXPECT_EQ(res, TEEC_SUCCESS);
  EXPECT_EQ(origin_, TEEC_ORIGIN_TRUSTED_APP);
  EXPECT_EQ(inc(&s, 0xFFFFFFFF, &res), 0u);
  TEEC_CloseSession(&s);
}

TEST_P(HelloE2E, ReversesATemporaryMemrefInPlace) {
  TEEC_Session s;
  ASSERT_EQ(open(&s), TEEC_SUCCESS);
  char buf[] = "abcdefgh";
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].tmpref.buffer = buf;
  op.params[0].tmpref.size = 8;
  ASSERT_EQ(invoke(&s, HELLO_CMD_REVERSE, &op), TEEC_SUCCESS);
  EXPECT_STREQ(buf, "hgfedcba");
  TEEC_CloseSession(&s);
}

TEST_P(HelloE2E, ReversesAllocatedSharedMemoryAcrossAPageBoundary) {
  TEEC_Session s;
  ASSERT_EQ(open(&s), TEEC_SUCCESS);
  TEEC_SharedMemory shm{};
  shm.size = 3 * 4096;
  shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
  ASSERT_EQ(TEEC_AllocateSharedMemory(&ctx_, &shm), TEEC_SUCCESS);
  auto* p = static_cast<uint8_t*>(shm.buffer);
  for (size_t i = 0; i < shm.size; ++i)
    p[i] = static_cast<uint8_t>(i * 7);
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].memref.parent = &shm;
  op.params[0].memref.offset = 4000; // straddles two pages
  op.params[0].memref.size = 5000;
  ASSERT_EQ(invoke(&s, HELLO_CMD_REVERSE, &op), TEEC_SUCCESS);
  for (size_t i = 0; i < 5000; ++i)
    ASSERT_EQ(p[4000 + i], static_cast<uint8_t>((4000 + 4999 - i) * 7)) << i;
  EXPECT_EQ(p[3999], static_cast<uint8_t>(3999 * 7));
  EXPECT_EQ(p[9000], static_cast<uint8_t>(9000 * 7));
  TEEC_ReleaseSharedMemory(&shm);
  TEEC_CloseSession(&s);
}

TEST_P(HelloE2E, CopyReportsShortBufferWithTheNeededSize) {
  TEEC_Session s;
  ASSERT_EQ(open(&s), TEEC_SUCCESS);
  char in[100];
  for (int i = 0; i < 100; ++i)
    in[i] = static_cast<char>(i);
  char out[150];
  std::memset(out, 0x5A, sizeof out);
  TEEC_Operation op{};
  op.paramTypes =
      TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
  op.params[0].tmpref.buffer = in;
  op.params[0].tmpref.size = 100;
  op.params[1].tmpref.buffer = out;
  op.params[1].tmpref.size = 10;
  EXPECT_EQ(invoke(&s, HELLO_CMD_COPY, &op), TEEC_ERROR_SHORT_BUFFER);
  EXPECT_EQ(origin_, TEEC_ORIGIN_TRUSTED_APP);
  EXPECT_EQ(op.params[1].tmpref.size, 100u);
  EXPECT_EQ(static_cast<unsigned char>(out[10]), 0x5A); // nothing written past the buffer

  op.params[1].tmpref.size = 150;
  ASSERT_EQ(invoke(&s, HELLO_CMD_COPY, &op), TEEC_SUCCESS);
  EXPECT_EQ(op.params[1].tmpref.size, 100u);
  EXPECT_EQ(std::memcmp(in, out, 100), 0);
  TEEC_CloseSession(&s);
}

TEST_P(HelloE2E, WrongParamTypesAreRejectedByTheTa) {
  TEEC_Session s;
  ASSERT_EQ(open(&s), TEEC_SUCCESS);
  TEEC_Operation op = no_params();
  EXPECT_EQ(invoke(&s, HELLO_CMD_INC_VALUE, &op), TEEC_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(origin_, TEEC_ORIGIN_TRUSTED_APP);
  EXPECT_EQ(invoke(&s, 0x7777, &op), TEEC_ERROR_NOT_SUPPORTED);
  TEEC_CloseSession(&s);
}

TEST_P(HelloE2E, HeapAndFloatingPointWork) {
  TEEC_Session s;
  ASSERT_EQ(open(&s), TEEC_SUCCESS);
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  EXPECT_EQ(invoke(&s, HELLO_CMD_HEAP, &op), TEEC_SUCCESS);
  EXPECT_GT(op.params[0].value.a, 0u);
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].value.a = 10;
  EXPECT_EQ(invoke(&s, HELLO_CMD_FP, &op), TEEC_SUCCESS);
  EXPECT_EQ(op.params[0].value.a, 15u);
  TEEC_CloseSession(&s);
}

TEST_P(HelloE2E, PanicKillsTheInstanceButNotTheHost) {
  TEEC_Session s;
  ASSERT_EQ(open(&s), TEEC_SUCCESS);
  TEEC_Operation op = no_params();
  EXPECT_EQ(invoke(&s, HELLO_CMD_PANIC, &op), TEEC_ERROR_TARGET_DEAD);
  EXPECT_EQ(origin_, TEEC_ORIGIN_TEE);
  TEEC_Result res;
  inc(&s, 1, &res);
  EXPECT_EQ(res, TEEC_ERROR_TARGET_DEAD);
  TEEC_CloseSession(&s);
  // A new session gets a fresh instance.
  ASSERT_EQ(open(&s), TEEC_SUCCESS);
  EXPECT_EQ(inc(&s, 1, &res), 2u);
  EXPECT_EQ(res, TEEC_SUCCESS);
  TEEC_CloseSession(&s);
}

class HelloFault : public HelloBase,
                   public ::testing::WithParamInterface<std::tuple<HelloBuild, uint32_t>> {
protected:
  const TEEC_UUID& hello() const override { return std::get<0>(GetParam()).uuid; }
};

TEST_P(HelloFault, EndsTheCallWithTargetDead) {
  TEEC_Session s;
  ASSERT_EQ(open(&s), TEEC_SUCCESS);
  TEEC_Operation op = no_params();
  EXPECT_EQ(invoke(&s, std::get<1>(GetParam()), &op), TEEC_ERROR_TARGET_DEAD);
  EXPECT_EQ(origin_, TEEC_ORIGIN_TEE);
  TEEC_Result res;
  inc(&s, 1, &res);
  EXPECT_EQ(res, TEEC_ERROR_TARGET_DEAD);
  TEEC_CloseSession(&s);
  TEEC_Session s2;
  ASSERT_EQ(open(&s2), TEEC_SUCCESS);
  EXPECT_EQ(inc(&s2, 5, &res), 6u);
  TEEC_CloseSession(&s2);
}

INSTANTIATE_TEST_SUITE_P(
    Hello, HelloFault,
    ::testing::Combine(::testing::ValuesIn(kBuilds),
                       ::testing::Values(HELLO_CMD_FAULT_UNMAPPED, HELLO_CMD_FAULT_WRITE_CODE,
                                         HELLO_CMD_FAULT_EXEC_DATA, HELLO_CMD_FAULT_UNDEF)),
    [](const auto& info) {
      return std::string(std::get<0>(info.param).arch) + "_cmd" +
             std::to_string(std::get<1>(info.param));
    });

INSTANTIATE_TEST_SUITE_P(Hello, HelloE2E, ::testing::ValuesIn(kBuilds), build_name);

// Every entry arms the watchdog (time limit, foreign-interrupt slice) without waking its
// thread: that would be a cross-CPU wakeup per invoke.
TEST_F(HelloWorldE2E, InvokesDoNotWakeTheWatchdog) {
  TEEC_Session s;
  ASSERT_EQ(open(&s), TEEC_SUCCESS);
  const uint64_t before = swemu::core::Watchdog::instance().wakeups();
  TEEC_Result res = TEEC_SUCCESS;
  for (uint32_t i = 0; i < 50; ++i)
    ASSERT_EQ(inc(&s, i, &res), i + 1);
  EXPECT_EQ(swemu::core::Watchdog::instance().wakeups(), before);
  TEEC_CloseSession(&s);
}

TEST_F(HelloWorldE2E, UnknownUuidIsItemNotFound) {
  TEEC_Session s;
  TEEC_UUID nobody = {0x12345678, 0x1234, 0x1234, {1, 2, 3, 4, 5, 6, 7, 8}};
  EXPECT_EQ(open(&s, nobody), TEEC_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(origin_, TEEC_ORIGIN_TEE);
}

TEST_P(HelloE2E, EachSessionOfAMultiInstanceTaHasItsOwnInstance) {
  TEEC_Session a, b;
  ASSERT_EQ(open(&a), TEEC_SUCCESS);
  ASSERT_EQ(open(&b), TEEC_SUCCESS);
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  ASSERT_EQ(invoke(&a, HELLO_CMD_SESSION_COUNT, &op), TEEC_SUCCESS);
  ASSERT_EQ(invoke(&a, HELLO_CMD_SESSION_COUNT, &op), TEEC_SUCCESS);
  EXPECT_EQ(op.params[0].value.a, 2u);
  EXPECT_EQ(op.params[0].value.b, 1u);
  ASSERT_EQ(invoke(&b, HELLO_CMD_SESSION_COUNT, &op), TEEC_SUCCESS);
  EXPECT_EQ(op.params[0].value.a, 1u);
  TEEC_CloseSession(&a);
  TEEC_CloseSession(&b);
}

TEST_F(HelloWorldE2E, SingleSessionTaIsBusyForASecondSession) {
  TEEC_Session a, b;
  ASSERT_EQ(open(&a, kHelloSingle), TEEC_SUCCESS);
  EXPECT_EQ(open(&b, kHelloSingle), TEEC_ERROR_BUSY);
  EXPECT_EQ(origin_, TEEC_ORIGIN_TEE);
  TEEC_CloseSession(&a);
  ASSERT_EQ(open(&b, kHelloSingle), TEEC_SUCCESS);
  TEEC_CloseSession(&b);
}

TEST_F(HelloWorldE2E, LoginNotInTheManifestIsDenied) {
  TEEC_Session s;
  gid_t gid = getgid();
  EXPECT_EQ(open(&s, kHelloSingle, TEEC_LOGIN_GROUP, &gid), TEEC_ERROR_ACCESS_DENIED);
  EXPECT_EQ(origin_, TEEC_ORIGIN_TEE);
  ASSERT_EQ(open(&s, kHelloSingle, TEEC_LOGIN_USER), TEEC_SUCCESS);
  TEEC_CloseSession(&s);
}

class HelloCustomManifests : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("swemu_e2e_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    TEEC_FinalizeContext(&ctx_);
    fs::remove_all(dir_);
  }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  fs::path dir_;
  TEEC_Context ctx_{};
};

TEST_F(HelloCustomManifests, BrokenManifestLeavesTheOthersWorking) {
  write("a_broken.json", R"({"uuid": "8296e59f", "binary": "hello.elf"})");
  write("b_missing_binary.json",
        R"({"uuid": "11111111-2222-3333-4444-555555555555", "binary": "nope.elf"})");
  write("c_hello.json", R"({"uuid": "8296e59f-0c73-418b-8e62-20011adec8d6", "binary": "hello.elf",
                            "stack_size": 16384, "heap_size": 1048576})");
  use_secure_world({dir_});
  ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx_), TEEC_SUCCESS);
  TEEC_Session s;
  uint32_t origin;
  ASSERT_EQ(TEEC_OpenSession(&ctx_, &s, &kHello, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
            TEEC_SUCCESS);
  // The heap now comes from the manifest's override region.
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  EXPECT_EQ(TEEC_InvokeCommand(&s, HELLO_CMD_HEAP, &op, &origin), TEEC_SUCCESS);
  TEEC_CloseSession(&s);
}

TEST_F(HelloCustomManifests, RunawayEntryIsStoppedAtTheTimeLimit) {
  write("hello.json", R"({"uuid": "8296e59f-0c73-418b-8e62-20011adec8d6", "binary": "hello.elf",
                          "time_limit_ms": 200})");
  use_secure_world({dir_});
  ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx_), TEEC_SUCCESS);
  TEEC_Session s;
  uint32_t origin;
  ASSERT_EQ(TEEC_OpenSession(&ctx_, &s, &kHello, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
            TEEC_SUCCESS);
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_NONE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  EXPECT_EQ(TEEC_InvokeCommand(&s, HELLO_CMD_SPIN, &op, &origin), TEEC_ERROR_TARGET_DEAD);
  EXPECT_EQ(origin, TEEC_ORIGIN_TEE);
  TEEC_CloseSession(&s);
  // The next session gets a fresh instance that works.
  ASSERT_EQ(TEEC_OpenSession(&ctx_, &s, &kHello, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
            TEEC_SUCCESS);
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].value.a = 1;
  EXPECT_EQ(TEEC_InvokeCommand(&s, HELLO_CMD_INC_VALUE, &op, &origin), TEEC_SUCCESS);
  EXPECT_EQ(op.params[0].value.a, 2u);
  TEEC_CloseSession(&s);
}

TEST_F(HelloCustomManifests, ManifestUuidMustMatchTheBinary) {
  write("wrong.json", R"({"uuid": "11111111-2222-3333-4444-555555555555", "binary": "hello.elf"})");
  use_secure_world({dir_});
  ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx_), TEEC_SUCCESS);
  TEEC_Session s;
  uint32_t origin;
  TEEC_UUID wrong = {0x11111111, 0x2222, 0x3333, {0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55}};
  EXPECT_EQ(TEEC_OpenSession(&ctx_, &s, &wrong, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
            TEEC_ERROR_ITEM_NOT_FOUND);
}

} // namespace
