// A TA written for OP-TEE's dev kit (tests/optee_style_ta/ta: Makefile including
// $(TA_DEV_KIT_DIR)/mk/ta_dev_kit.mk, sub.mk with a subdirectory and per-file cflags),
// built unmodified with make against ta_sdk/export-ta_arm64 and export-ta_arm32, then run.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

// Before tee_client_api.h, whose TEE_ERROR_* macros would clash with tee_abi.h names.
#include "test_world.h"

#include "tee_client_api.h"

namespace {

namespace fs = std::filesystem;

const TEEC_UUID kChecksum = {
    0xcd5fb830, 0x5b70, 0x45e6, {0xa1, 0xc7, 0x09, 0xbd, 0xe4, 0x53, 0xdd, 0x51}};

class OpteeStyleTa : public ::testing::TestWithParam<const char*> {};

TEST_P(OpteeStyleTa, BuildsWithTaDevKitMkAndRuns) {
  fs::path dir = fs::temp_directory_path() / ("swemu_optee_style_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "checksum.json")
      << R"({"uuid": "cd5fb830-5b70-45e6-a1c7-09bde453dd51", "binary": ")"
      << SWEMU_TEST_OPTEE_STYLE_DIR << GetParam() << "/cd5fb830-5b70-45e6-a1c7-09bde453dd51.elf\"}";
  swemu::test::use_secure_world({dir});

  TEEC_Context ctx;
  ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx), TEEC_SUCCESS);
  TEEC_Session s;
  uint32_t origin = 0;
  ASSERT_EQ(TEEC_OpenSession(&ctx, &s, &kChecksum, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
            TEEC_SUCCESS);
  // Fletcher-16 of "abcde" is 0xC8F0 (the usual published check value).
  char data[] = "abcde";
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
  op.params[0].tmpref.buffer = data;
  op.params[0].tmpref.size = 5;
  ASSERT_EQ(TEEC_InvokeCommand(&s, 0, &op, &origin), TEEC_SUCCESS);
  EXPECT_EQ(op.params[1].value.a, 0xC8F0u);
  EXPECT_EQ(op.params[1].value.b, 7u); // cflags-checksum_ta.c-y from sub.mk reached the TA
  // GET_PROPERTY takes seven arguments: on AArch32 three of them travel on the stack.
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  ASSERT_EQ(TEEC_InvokeCommand(&s, 1, &op, &origin), TEEC_SUCCESS);
  EXPECT_EQ(op.params[0].value.a, 0xcd5fb830u);
  TEEC_CloseSession(&s);
  TEEC_FinalizeContext(&ctx);
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Arch, OpteeStyleTa, ::testing::Values("arm64", "arm32"));

} // namespace
