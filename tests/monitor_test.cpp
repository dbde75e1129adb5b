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

// An optee_msg_arg (optee-abi.md §2) at the start of `mem`: header, then 32-byte params.
void put_header(uint8_t* mem, uint32_t cmd, uint32_t func, uint32_t session, uint32_t params) {
  std::memset(mem, 0, 32 + 32 * size_t{params});
  const uint32_t hdr[8] = {cmd, func, session, 0, 0, 0, 0, params};
  std::memcpy(mem, hdr, sizeof hdr);
}

void put_open_session(uint8_t* mem, const uint8_t (&ta)[16]) {
  put_header(mem, OPTEE_MSG_CMD_OPEN_SESSION, 0, 0, 2);
  const uint64_t meta = OPTEE_MSG_ATTR_META | OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
  std::memcpy(mem + 32, &meta, 8);
  std::memcpy(mem + 40, ta, 16);
  std::memcpy(mem + 64, &meta, 8); // client UUID zero, login 0 (public)
}

uint32_t frame_ret(const uint8_t* mem) {
  uint32_t ret = 0;
  std::memcpy(&ret, mem + 20, 4);
  return ret;
}

uint32_t frame_session(const uint8_t* mem) {
  uint32_t session = 0;
  std::memcpy(&session, mem + 8, 4);
  return session;
}

// b915eda8-f1af-41a4-8b54-57e0bfa8e9f5: hello_single, one session at a time.
constexpr uint8_t kHelloSingle[16] = {0xb9, 0x15, 0xed, 0xa8, 0xf1, 0xaf, 0x41, 0xa4,
                                      0x8b, 0x54, 0x57, 0xe0, 0xbf, 0xa8, 0xe9, 0xf5};

TEST_F(Monitor, EntriesKeepTheirSessionsToThemselvesAndCloseThemWhenDestroyed) {
  constexpr uint64_t kPa2 = 0x43000000;
  auto* mem2 = static_cast<uint8_t*>(
      mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(mem2, MAP_FAILED);
  auto opened = world_->open_entry(NsShm{mem2, kPa2, kSize});
  ASSERT_TRUE(opened) << opened.error().message;
  std::unique_ptr<SecureWorld> entry = std::move(opened.value());
  EXPECT_FALSE(world_->open_entry(NsShm{}));

  SmcRegs in;
  in.a[0] = OPTEE_SMC_GET_SHM_CONFIG;
  EXPECT_EQ(entry->smc(in).a[1], kPa2);
  in.a[0] = OPTEE_SMC_CALL_WITH_ARG;
  in.a[2] = kPa2;

  put_open_session(mem2, kHelloSingle);
  ASSERT_EQ(entry->smc(in).a[0], OPTEE_SMC_RETURN_OK);
  ASSERT_EQ(frame_ret(mem2), TEE_SUCCESS);
  const uint32_t session = frame_session(mem2);

  // The entry's memory is its own: its PA means nothing to the first entry.
  EXPECT_EQ(call(OPTEE_SMC_CALL_WITH_ARG, 0, kPa2).a[0], OPTEE_SMC_RETURN_EBADADDR);
  // Nor do its sessions exist there.
  put_header(mem_, OPTEE_MSG_CMD_INVOKE_COMMAND, 0, session, 0);
  EXPECT_EQ(call(OPTEE_SMC_CALL_WITH_ARG, 0, kPa).a[0], OPTEE_SMC_RETURN_OK);
  EXPECT_EQ(frame_ret(mem_), TEE_ERROR_ITEM_NOT_FOUND);
  put_header(mem_, OPTEE_MSG_CMD_CLOSE_SESSION, 0, session, 0);
  EXPECT_EQ(call(OPTEE_SMC_CALL_WITH_ARG, 0, kPa).a[0], OPTEE_SMC_RETURN_OK);
  EXPECT_EQ(frame_ret(mem_), TEE_ERROR_ITEM_NOT_FOUND);
  put_header(mem_, OPTEE_MSG_CMD_CANCEL, 0, session, 0);
  EXPECT_EQ(call(OPTEE_SMC_CALL_WITH_ARG, 0, kPa).a[0], OPTEE_SMC_RETURN_OK);
  EXPECT_EQ(frame_ret(mem_), TEE_ERROR_BAD_PARAMETERS);
  // The TA is the same one: its only session is taken.
  put_open_session(mem_, kHelloSingle);
  EXPECT_EQ(call(OPTEE_SMC_CALL_WITH_ARG, 0, kPa).a[0], OPTEE_SMC_RETURN_OK);
  EXPECT_EQ(frame_ret(mem_), TEE_ERROR_BUSY);

  // Gone with the entry, as with a released device.
  entry.reset();
  munmap(mem2, kSize);
  put_open_session(mem_, kHelloSingle);
  EXPECT_EQ(call(OPTEE_SMC_CALL_WITH_ARG, 0, kPa).a[0], OPTEE_SMC_RETURN_OK);
  EXPECT_EQ(frame_ret(mem_), TEE_SUCCESS);
}

TEST_F(Monitor, ReturnFromRpcWithoutRpcIsResumeError) {
  EXPECT_EQ(call(OPTEE_SMC_CALL_RETURN_FROM_RPC).a[0], OPTEE_SMC_RETURN_ERESUME);
}

} // namespace
} // namespace swemu::core
