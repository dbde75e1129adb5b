// The fuzz_demo TA end to end: each deliberate bug is reached by one crafted input and
// kills the TA (TEEC_ERROR_TARGET_DEAD), while a benign input to the same command succeeds.
// These are the crashes `swemu fuzz` is expected to find.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

// Before tee_client_api.h, whose TEE_ERROR_* macros would clash with tee_abi.h names.
#include "test_world.h"

#include "fuzz_demo_ta.h"
#include "tee_client_api.h"

namespace {

const TEEC_UUID kFuzzDemo = FUZZ_DEMO_TA_UUID;

class FuzzDemo : public ::testing::Test {
protected:
  void SetUp() override {
    swemu::test::use_secure_world({SWEMU_TEST_MANIFEST_DIR});
    ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx_), TEEC_SUCCESS);
    uint32_t origin = 0;
    ASSERT_EQ(TEEC_OpenSession(&ctx_, &session_, &kFuzzDemo, TEEC_LOGIN_PUBLIC, nullptr, nullptr,
                               &origin),
              TEEC_SUCCESS);
  }
  void TearDown() override {
    TEEC_CloseSession(&session_);
    TEEC_FinalizeContext(&ctx_);
  }

  // p0 MEMREF_TEMP_INPUT over `in`, p1 VALUE_OUTPUT (kept in out_).
  TEEC_Result invoke_memref(uint32_t cmd, std::vector<uint8_t> in) {
    TEEC_Operation op{};
    op.paramTypes =
        TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
    op.params[0].tmpref.buffer = in.data();
    op.params[0].tmpref.size = in.size();
    return finish(cmd, &op);
  }
  // p0 VALUE_INPUT {a, b}, p1 VALUE_OUTPUT (kept in out_).
  TEEC_Result invoke_value(uint32_t cmd, uint32_t a, uint32_t b = 0) {
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
    op.params[0].value.a = a;
    op.params[0].value.b = b;
    return finish(cmd, &op);
  }
  TEEC_Result finish(uint32_t cmd, TEEC_Operation* op) {
    origin_ = 0;
    TEEC_Result res = TEEC_InvokeCommand(&session_, cmd, op, &origin_);
    out_a_ = op->params[1].value.a;
    out_b_ = op->params[1].value.b;
    return res;
  }
  // "FUZZ" <len> <name>.
  static std::vector<uint8_t> record(uint8_t len, const std::string& name) {
    std::vector<uint8_t> r{'F', 'U', 'Z', 'Z', len};
    r.insert(r.end(), name.begin(), name.end());
    return r;
  }
  static std::vector<uint8_t> bytes(const std::string& s) { return {s.begin(), s.end()}; }

  TEEC_Context ctx_{};
  TEEC_Session session_{};
  uint32_t origin_ = 0;
  uint32_t out_a_ = 0;
  uint32_t out_b_ = 0;
};

TEST_F(FuzzDemo, ParseAcceptsANameThatFits) {
  ASSERT_EQ(invoke_memref(FUZZ_DEMO_CMD_PARSE, record(3, "abc")), TEEC_SUCCESS);
  EXPECT_EQ(out_a_, 3u);
  EXPECT_EQ(out_b_, uint32_t{'a' + 'b' + 'c'});
  EXPECT_EQ(invoke_memref(FUZZ_DEMO_CMD_PARSE, bytes("FUZZ")), TEEC_ERROR_BAD_FORMAT);
  EXPECT_EQ(invoke_memref(FUZZ_DEMO_CMD_PARSE, record(9, "short")), TEEC_ERROR_BAD_FORMAT);
}

TEST_F(FuzzDemo, ParseOverflowsTheStackAndTheCanaryKillsTheTa) {
  // 40 name bytes into a 32-byte buffer: the canary right after it is overwritten.
  EXPECT_EQ(invoke_memref(FUZZ_DEMO_CMD_PARSE, record(40, std::string(40, 'A'))),
            TEEC_ERROR_TARGET_DEAD);
  EXPECT_EQ(origin_, TEEC_ORIGIN_TEE);
}

TEST_F(FuzzDemo, CopyAcceptsALabelShorterThanTheBuffer) {
  ASSERT_EQ(invoke_memref(FUZZ_DEMO_CMD_COPY, bytes(std::string(31, 'x'))), TEEC_SUCCESS);
  EXPECT_EQ(out_a_, 31u);
  EXPECT_EQ(invoke_memref(FUZZ_DEMO_CMD_COPY, bytes(std::string(33, 'x'))),
            TEEC_ERROR_SHORT_BUFFER);
}

TEST_F(FuzzDemo, CopyOfExactlyThirtyTwoBytesCorruptsTheHeapAndPanics) {
  // The terminator lands on the next block's header; TEE_Free of that block panics.
  EXPECT_EQ(invoke_memref(FUZZ_DEMO_CMD_COPY, bytes(std::string(32, 'x'))), TEEC_ERROR_TARGET_DEAD);
  EXPECT_EQ(origin_, TEEC_ORIGIN_TEE);
}

TEST_F(FuzzDemo, LookupReadsTheTable) {
  ASSERT_EQ(invoke_value(FUZZ_DEMO_CMD_LOOKUP, 3), TEEC_SUCCESS);
  EXPECT_EQ(out_a_, 7u);
  EXPECT_EQ(invoke_value(FUZZ_DEMO_CMD_LOOKUP, FUZZ_DEMO_TABLE_SIZE), TEEC_ERROR_BAD_PARAMETERS);
}

TEST_F(FuzzDemo, LookupWithANegativeIndexReadsUnmappedMemory) {
  EXPECT_EQ(invoke_value(FUZZ_DEMO_CMD_LOOKUP, 0x80000000u), TEEC_ERROR_TARGET_DEAD);
  EXPECT_EQ(origin_, TEEC_ORIGIN_TEE);
}

TEST_F(FuzzDemo, RareFindsRegisteredKeysAndAliases) {
  ASSERT_EQ(invoke_value(FUZZ_DEMO_CMD_RARE, FUZZ_DEMO_RARE_KEY), TEEC_SUCCESS);
  EXPECT_EQ(out_a_, 0xBEEFu);
  ASSERT_EQ(invoke_value(FUZZ_DEMO_CMD_RARE, FUZZ_DEMO_RARE_KEY, FUZZ_DEMO_ALIAS_TAG << 16 | 2),
            TEEC_SUCCESS);
  EXPECT_EQ(out_a_, 0x200u);
  EXPECT_EQ(invoke_value(FUZZ_DEMO_CMD_RARE, 4), TEEC_ERROR_ITEM_NOT_FOUND);
}

TEST_F(FuzzDemo, RareAliasToAnUnknownKeyDereferencesNull) {
  EXPECT_EQ(invoke_value(FUZZ_DEMO_CMD_RARE, FUZZ_DEMO_RARE_KEY, FUZZ_DEMO_ALIAS_TAG << 16),
            TEEC_ERROR_TARGET_DEAD);
  EXPECT_EQ(origin_, TEEC_ORIGIN_TEE);
}

TEST_F(FuzzDemo, WrongParameterTypesAreBadParameters) {
  for (uint32_t cmd : {FUZZ_DEMO_CMD_PARSE, FUZZ_DEMO_CMD_COPY})
    EXPECT_EQ(invoke_value(cmd, 0), TEEC_ERROR_BAD_PARAMETERS) << cmd;
  for (uint32_t cmd : {FUZZ_DEMO_CMD_LOOKUP, FUZZ_DEMO_CMD_RARE})
    EXPECT_EQ(invoke_memref(cmd, bytes("FUZZ")), TEEC_ERROR_BAD_PARAMETERS) << cmd;
}

} // namespace
