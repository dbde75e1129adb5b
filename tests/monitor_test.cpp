#include <sys/mman.h>

#include <cstring>

#include <gtest/gtest.h>

#include "swemu/core/smc.h"
#include "swemu/core/tee_abi.h"

namespace swemu::core {
namespace {

using namespace swemu::abi;

constexpr uint64_t kPa = 0x42000000;
constexpr uint64_t kSize = 64 * 1024;

class Monitor : public ::testing::Test {
protected:
  void SetUp() override {
    mem_ = static_cast<uint8_t*>(
        mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    ASSERT_NE(mem_, MAP_FAILED);
    SecureWorldConfig cfg;
    cfg.manifest_dirs = {SWEMU_TEST_MANIFEST_DIR};
    cfg.ta_dirs = {SWEMU_TEST_TA_DIR};
    auto w = SecureWorld::create(cfg, NsShm{mem_, kPa, kSize});
    ASSERT_TRUE(w) << w.error().message;
    world_ = std::move(w.value());
  }
  void TearDown() override { munmap(mem_, kSize); }

  SmcRegs call(uint64_t a0, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0) {
    SmcRegs in;
    in.a[0] = a0;
    in.a[1] = a1;
    in.a[2] = a2;
    in.a[3] = a3;
    in.a[7] = 0x77; // preserved register
    return world_->smc(in);
  }

  uint8_t* mem_ = nullptr;
  std::unique_ptr<SecureWorld> world_;
};

TEST_F(Monitor, AnswersIdentificationFastCalls) {
  auto uid = call(OPTEE_SMC_CALLS_UID);
  EXPECT_EQ(uid.a[0], 0x384fb3e0u);
  EXPECT_EQ(uid.a[1], 0xe7f811e3u);
  EXPECT_EQ(uid.a[2], 0xaf630002u);
  EXPECT_EQ(uid.a[3], 0xa5d5c51bu);
  auto rev = call(OPTEE_SMC_CALLS_REVISION);
  EXPECT_EQ(rev.a[0], 2u);
  EXPECT_EQ(rev.a[1], 0u);
  auto os = call(OPTEE_SMC_CALL_GET_OS_UUID);
  EXPECT_EQ(os.a[0], 0x486178e0u);
  EXPECT_EQ(os.a[3], 0xa5d5c51bu);
  auto osrev = call(OPTEE_SMC_CALL_GET_OS_REVISION);
  EXPECT_EQ(osrev.a[0], 4u);
  EXPECT_EQ(osrev.a[1], 10u);
  EXPECT_EQ(call(OPTEE_SMC_CALLS_COUNT).a[0], 12u);
}

TEST_F(Monitor, ExchangesCapabilities) {
  auto caps = call(OPTEE_SMC_EXCHANGE_CAPABILITIES, OPTEE_SMC_NSEC_CAP_UNIPROCESSOR);
  EXPECT_EQ(caps.a[0], OPTEE_SMC_RETURN_OK);
  EXPECT_TRUE(caps.a[1] & OPTEE_SMC_SEC_CAP_HAVE_RESERVED_SHM);
  EXPECT_TRUE(caps.a[1] & OPTEE_SMC_SEC_CAP_MEMREF_NULL);
  EXPECT_EQ(caps.a[3] & 0xFF, 4u);
  EXPECT_EQ(call(OPTEE_SMC_EXCHANGE_CAPABILITIES, 0x2).a[0], OPTEE_SMC_RETURN_ENOTAVAIL);
}

TEST_F(Monitor, ReportsSharedMemoryConfig) {
  auto shm = call(OPTEE_SMC_GET_SHM_CONFIG);
  EXPECT_EQ(shm.a[0], OPTEE_SMC_RETURN_OK);
  EXPECT_EQ(shm.a[1], kPa);
  EXPECT_EQ(shm.a[2], kSize);
}

TEST_F(Monitor, UnknownFunctionIdIsRejected) {
  EXPECT_EQ(call(0xB2001234).a[0], OPTEE_SMC_RETURN_UNKNOWN_FUNCTION);
  EXPECT_EQ(call(0x12345678).a[0], OPTEE_SMC_RETURN_UNKNOWN_FUNCTION);
}

TEST_F(Monitor, CallWithArgOutsideSharedMemoryIsBadAddress) {
  EXPECT_EQ(call(OPTEE_SMC_CALL_WITH_ARG, 0, 0x1000).a[0], OPTEE_SMC_RETURN_EBADADDR);
  EXPECT_EQ(call(OPTEE_SMC_CALL_WITH_ARG, 0, kPa + kSize).a[0], OPTEE_SMC_RETURN_EBADADDR);
  EXPECT_EQ(call(OPTEE_SMC_CALL_WITH_ARG, 1, kPa).a[0], OPTEE_SMC_RETURN_EBADADDR);
  EXPECT_EQ(call(OPTEE_SMC_CALL_WITH_ARG, 0, kPa + 3).a[0], OPTEE_SMC_RETURN_EBADADDR);
}

TEST_F(Monitor, UnknownMsgCommandIsBadCmd) {
  std::memset(mem_, 0, 64);
  uint32_t cmd = 42;
  std::memcpy(mem_, &cmd, 4);
  EXPECT_EQ(call(OPTEE_SMC_CALL_WITH_ARG, 0, kPa).a[0], OPTEE_SMC_RETURN_EBADCMD);
}

TEST_F(Monitor, BadFrameGetsBadParametersInTheFrame) {
  std::memset(mem_, 0, 128);
  uint32_t hdr[8] = {OPTEE_MSG_CMD_INVOKE_COMMAND, 0, 1, 0, 0, 0, 0, 1};
  std::memcpy(mem_, hdr, sizeof hdr);
  uint64_t attr = 0x4; // not a type
  std::memcpy(mem_ + 32, &attr, 8);
  auto out = call(OPTEE_SMC_CALL_WITH_ARG, 0, kPa);
  EXPECT_EQ(out.a[0], OPTEE_SMC_RETURN_OK);
  EXPECT_EQ(out.a[7], 0x77u);
  uint32_t ret = 0;
  std::memcpy(&ret, mem_ + 20, 4);
  EXPECT_EQ(ret, TEE_ERROR_BAD_PARAMETERS);
}

TEST_F(Monitor, InvokeOnUnknownSessionIsItemNotFound) {
  std::memset(mem_, 0, 64);
  uint32_t hdr[8] = {OPTEE_MSG_CMD_INVOKE_COMMAND, 0, 12345, 0, 0, 0, 0, 0};
  std::memcpy(mem_, hdr, sizeof hdr);
  EXPECT_EQ(call(OPTEE_SMC_CALL_WITH_ARG, 0, kPa).a[0], OPTEE_SMC_RETURN_OK);
  uint32_t ret = 0;
  std::memcpy(&ret, mem_ + 20, 4);
  EXPECT_EQ(ret, TEE_ERROR_ITEM_NOT_FOUND);
}

TEST_F(Monitor, ReturnFromRpcWithoutRpcIsResumeError) {
  EXPECT_EQ(call(OPTEE_SMC_CALL_RETURN_FROM_RPC).a[0], OPTEE_SMC_RETURN_ERESUME);
}

} // namespace
} // namespace swemu::core
