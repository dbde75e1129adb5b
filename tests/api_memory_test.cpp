// End to end: TEE_CheckMemoryAccessRights and the cache operations on the api_test TA's
// own memory and its parameters, instance data, and the TA's raw syscall argument checks.
#include <vector>

#include <gtest/gtest.h>

#include "api_test_client.h"

namespace swemu::test {
namespace {

class ApiMemory : public ::testing::Test {
protected:
  void SetUp() override {
    use_secure_world({SWEMU_TEST_MANIFEST_DIR});
    ASSERT_EQ(ta_.start(), TEEC_SUCCESS);
  }

  // Runs a command whose checks report (passed, first failing result) in p1.
  void run_checks(uint32_t cmd, uint32_t expected_checks) {
    std::vector<uint8_t> buffer(256, 0x11);
    TEEC_Operation op = operation(
        TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INOUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE));
    op.params[0].tmpref.buffer = buffer.data();
    op.params[0].tmpref.size = buffer.size();
    EXPECT_EQ(ta_.invoke(cmd, &op), TEEC_SUCCESS)
        << "check #" << op.params[1].value.a << " got " << std::hex << op.params[1].value.b;
    EXPECT_EQ(op.params[1].value.a, expected_checks);
  }

  ApiTaClient ta_;
};

TEST_F(ApiMemory, AccessRightsOfCodeDataStackHeapAndParameters) {
  run_checks(API_TEST_CMD_ACCESS_RIGHTS, 25);
}

TEST_F(ApiMemory, SyscallsCheckTheirArguments) {
  run_checks(API_TEST_CMD_SYSCALL_CHECKS, 44);
}

TEST_F(ApiMemory, InstanceDataLastsAsLongAsTheInstance) {
  TEEC_Operation op =
      operation(TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE));
  op.params[0].value.a = 7;
  ASSERT_EQ(ta_.invoke(API_TEST_CMD_INSTANCE_DATA, &op), TEEC_SUCCESS);
  EXPECT_EQ(op.params[0].value.b, 1u); // nothing set yet
  op.params[0].value.a = 9;
  ASSERT_EQ(ta_.invoke(API_TEST_CMD_INSTANCE_DATA, &op), TEEC_SUCCESS);
  EXPECT_EQ(op.params[0].value.b, 0u);
  EXPECT_EQ(op.params[0].value.a, 7u);

  TEEC_Session other; // its own instance
  ASSERT_EQ(ta_.open_another(&other), TEEC_SUCCESS);
  op.params[0].value.a = 1;
  ASSERT_EQ(ta_.invoke(API_TEST_CMD_INSTANCE_DATA, &op, &other), TEEC_SUCCESS);
  EXPECT_EQ(op.params[0].value.b, 1u);
  TEEC_CloseSession(&other);
}

} // namespace
} // namespace swemu::test
