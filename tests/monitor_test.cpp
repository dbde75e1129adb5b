#include <sys/mman.h>

#include <cstring>
#include <thread>

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

// A daemon client's entry: OPEN_SESSION may only claim what the kernel computes for it.
TEST_F(Monitor, AnEntryWithCredentialsChecksTheClaimedIdentity) {
  constexpr uint64_t kPa2 = 0x43000000;
  auto* mem2 = static_cast<uint8_t*>(
      mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(mem2, MAP_FAILED);
  ClientCredentials who;
  who.uid = 0x4d2;
  who.gids = {0x64, 0xc8};
  who.executable = "/usr/bin/client";
  auto opened = world_->open_entry(NsShm{mem2, kPa2, kSize}, who);
  ASSERT_TRUE(opened) << opened.error().message;
  std::unique_ptr<SecureWorld> entry = std::move(opened.value());
  // 8296e59f-0c73-418b-8e62-20011adec8d6: hello, open to every login.
  const uint8_t hello[16] = {0x82, 0x96, 0xe5, 0x9f, 0x0c, 0x73, 0x41, 0x8b,
                             0x8e, 0x62, 0x20, 0x01, 0x1a, 0xde, 0xc8, 0xd6};
  auto open_as = [&](SecureWorld& w, uint8_t* mem, uint64_t pa, uint32_t login,
                     const Uuid& claimed) {
    put_open_session(mem, hello);
    std::memcpy(mem + 72, claimed.octets.data(), 16);
    const uint64_t c = login;
    std::memcpy(mem + 88, &c, 8);
    SmcRegs in;
    in.a[0] = OPTEE_SMC_CALL_WITH_ARG;
    in.a[2] = pa;
    EXPECT_EQ(w.smc(in).a[0], OPTEE_SMC_RETURN_OK);
    return frame_ret(mem);
  };
  auto as = [&](uint32_t login, const char* name) {
    return open_as(*entry, mem2, kPa2, login, name ? Uuid::tee_client(name) : Uuid{});
  };
  EXPECT_EQ(as(TEE_LOGIN_PUBLIC, nullptr), TEE_SUCCESS);
  EXPECT_EQ(as(TEE_LOGIN_PUBLIC, "uid=4d2"), TEE_SUCCESS) << "PUBLIC's UUID is dropped";
  EXPECT_EQ(as(TEE_LOGIN_USER, "uid=4d2"), TEE_SUCCESS);
  EXPECT_EQ(as(TEE_LOGIN_USER, "uid=0"), TEE_ERROR_ACCESS_DENIED) << "someone else";
  EXPECT_EQ(as(TEE_LOGIN_GROUP, "gid=c8"), TEE_SUCCESS);
  EXPECT_EQ(as(TEE_LOGIN_GROUP, "gid=0"), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(as(TEE_LOGIN_APPLICATION, "app=/usr/bin/client"), TEE_SUCCESS);
  EXPECT_EQ(as(TEE_LOGIN_APPLICATION, "app=/usr/bin/other"), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(as(TEE_LOGIN_APPLICATION_USER, "uid=4d2:app=/usr/bin/client"), TEE_SUCCESS);
  EXPECT_EQ(as(TEE_LOGIN_APPLICATION_GROUP, "gid=64:app=/usr/bin/client"), TEE_SUCCESS);
  EXPECT_EQ(as(TEE_LOGIN_APPLICATION_GROUP, "gid=1:app=/usr/bin/client"), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(as(TEE_LOGIN_REE_KERNEL, nullptr), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(as(TEE_LOGIN_TRUSTED_APP, nullptr), TEE_ERROR_BAD_PARAMETERS) << "not a client's";
  // The first entry (in-process: the caller is the kernel) takes the identity as given.
  EXPECT_EQ(open_as(*world_, mem_, kPa, TEE_LOGIN_USER, Uuid::tee_client("uid=0")), TEE_SUCCESS);
  entry.reset();
  munmap(mem2, kSize);
}

TEST_F(Monitor, ReturnFromRpcWithoutRpcIsResumeError) {
  EXPECT_EQ(call(OPTEE_SMC_CALL_RETURN_FROM_RPC).a[0], OPTEE_SMC_RETURN_ERESUME);
}

// --- Secure threads and RPCs (optee-abi.md §3.3, §3.4, §2.9) ---------------------------

// 32b9de5a-f118-4231-beda-b0fe866fa18a: api_test (tas/api_test/api_test_ta.h).
constexpr uint8_t kApiTest[16] = {0x32, 0xb9, 0xde, 0x5a, 0xf1, 0x18, 0x42, 0x31,
                                  0xbe, 0xda, 0xb0, 0xfe, 0x86, 0x6f, 0xa1, 0x8a};
constexpr uint32_t kCmdReeTime = 12; // p0 VALUE_OUTPUT (seconds, millis)
constexpr uint32_t kCmdWait = 15;    // p0 VALUE_INPUT a = ms; p1 VALUE_OUTPUT

constexpr uint32_t kRpcAlloc = 0xFFFF0000;
constexpr uint32_t kRpcFree = 0xFFFF0002;
constexpr uint32_t kRpcCmd = 0xFFFF0005;

// One optee_msg_param at `at`.
void put_param(uint8_t* at, uint64_t attr, uint64_t a = 0, uint64_t b = 0, uint64_t c = 0) {
  const uint64_t words[4] = {attr, a, b, c};
  std::memcpy(at, words, sizeof words);
}
uint64_t param_word(const uint8_t* at, int word) {
  uint64_t v = 0;
  std::memcpy(&v, at + 8 * word, 8);
  return v;
}
uint32_t u32_at(const uint8_t* at) {
  uint32_t v = 0;
  std::memcpy(&v, at, 4);
  return v;
}

class MonitorRpc : public Monitor {
protected:
  // Opens an api_test session through the frame at the start of shared memory.
  uint32_t open_api_test() {
    put_open_session(mem_, kApiTest);
    EXPECT_EQ(call(OPTEE_SMC_CALL_WITH_ARG, 0, kPa).a[0], OPTEE_SMC_RETURN_OK);
    EXPECT_EQ(frame_ret(mem_), TEE_SUCCESS);
    return frame_session(mem_);
  }
  SmcRegs resume(const SmcRegs& rpc, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a4 = 0,
                 uint64_t a5 = 0) {
    SmcRegs in;
    in.a[0] = OPTEE_SMC_CALL_RETURN_FROM_RPC;
    in.a[1] = a1;
    in.a[2] = a2;
    in.a[3] = rpc.a[3];
    in.a[4] = a4;
    in.a[5] = a5;
    return world_->smc(in);
  }
};

TEST_F(MonitorRpc, ReeTimeIsAskedWithAnRpcInMemoryTheNormalWorldLends) {
  const uint32_t session = open_api_test();
  put_header(mem_, OPTEE_MSG_CMD_INVOKE_COMMAND, kCmdReeTime, session, 1);
  put_param(mem_ + 32, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT);

  // CALL_WITH_ARG: the secure thread first asks for memory for its RPC argument.
  SmcRegs out = call(OPTEE_SMC_CALL_WITH_ARG, 0, kPa);
  ASSERT_EQ(out.a[0], kRpcAlloc);
  EXPECT_GE(out.a[1], 32u + 4 * 32u);
  EXPECT_EQ(out.a[7], 0x77u) << "a4-a7 are preserved";
  const uint64_t arg_pa = kPa + 0x2000;
  uint8_t* arg = mem_ + 0x2000;
  out = resume(out, 0, arg_pa, 0, 0xC00C1E);
  ASSERT_EQ(out.a[0], kRpcCmd);
  EXPECT_EQ(out.a[2], 0xC00C1Eu) << "the RPC names the argument by its cookie";
  EXPECT_EQ(u32_at(arg), OPTEE_RPC_CMD_GET_TIME);
  EXPECT_EQ(u32_at(arg + 20), TEE_ERROR_GENERIC) << "ret starts as GENERIC";
  ASSERT_EQ(u32_at(arg + 28), 1u);
  EXPECT_EQ(param_word(arg + 32, 0), OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT);
  // The normal world's clock: 1 700 000 000 s and 250 ms.
  put_param(arg + 32, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 1'700'000'000, 250'000'000);
  const uint32_t ok = TEE_SUCCESS;
  std::memcpy(arg + 20, &ok, 4);
  out = resume(out);
  // The call gives the memory back before it ends.
  ASSERT_EQ(out.a[0], kRpcFree);
  EXPECT_EQ(out.a[2], 0xC00C1Eu);
  out = resume(out);
  ASSERT_EQ(out.a[0], OPTEE_SMC_RETURN_OK);
  EXPECT_EQ(frame_ret(mem_), TEE_SUCCESS);
  EXPECT_EQ(param_word(mem_ + 32, 1), 1'700'000'000u);
  EXPECT_EQ(param_word(mem_ + 32, 2), 250u);
}

TEST_F(MonitorRpc, CallWithRpcArgPutsTheRpcAfterTheFrame) {
  const uint32_t session = open_api_test();
  put_header(mem_, OPTEE_MSG_CMD_INVOKE_COMMAND, kCmdReeTime, session, 1);
  put_param(mem_ + 32, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT);
  SmcRegs out = call(OPTEE_SMC_CALL_WITH_RPC_ARG, 0, kPa);
  ASSERT_EQ(out.a[0], kRpcCmd) << "no RPC_FUNC_ALLOC";
  uint8_t* arg = mem_ + 64; // after a 1-param frame
  EXPECT_EQ(u32_at(arg), OPTEE_RPC_CMD_GET_TIME);
  put_param(arg + 32, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 42, 7'000'000);
  const uint32_t ok = TEE_SUCCESS;
  std::memcpy(arg + 20, &ok, 4);
  out = resume(out);
  ASSERT_EQ(out.a[0], OPTEE_SMC_RETURN_OK);
  EXPECT_EQ(param_word(mem_ + 32, 1), 42u);
  EXPECT_EQ(param_word(mem_ + 32, 2), 7u);

  // A frame whose RPC argument would run past shared memory is refused.
  const uint64_t last = kSize - 64;
  put_header(mem_ + last, OPTEE_MSG_CMD_INVOKE_COMMAND, kCmdReeTime, session, 1);
  put_param(mem_ + last + 32, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT);
  EXPECT_EQ(call(OPTEE_SMC_CALL_WITH_RPC_ARG, 0, kPa + last).a[0], OPTEE_SMC_RETURN_EBADADDR);
}

TEST_F(MonitorRpc, AFailedRpcFallsBackToTheHostClock) {
  const uint32_t session = open_api_test();
  put_header(mem_, OPTEE_MSG_CMD_INVOKE_COMMAND, kCmdReeTime, session, 1);
  put_param(mem_ + 32, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT);
  SmcRegs out = call(OPTEE_SMC_CALL_WITH_ARG, 0, kPa);
  ASSERT_EQ(out.a[0], kRpcAlloc);
  out = resume(out); // no memory: PA 0
  ASSERT_EQ(out.a[0], OPTEE_SMC_RETURN_OK);
  EXPECT_EQ(frame_ret(mem_), TEE_SUCCESS);
  EXPECT_GT(param_word(mem_ + 32, 1), 1'600'000'000u) << "the host's wall clock";
}

TEST(MonitorThreads, ThreadLimitResumeChecksAndAbandon) {
  constexpr size_t kBytes = 64 * 1024;
  auto* mem = static_cast<uint8_t*>(
      mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(mem, MAP_FAILED);
  SecureWorldConfig cfg;
  cfg.manifest_dirs = {SWEMU_TEST_MANIFEST_DIR};
  cfg.ta_dirs = {SWEMU_TEST_TA_DIR};
  cfg.secure_threads = 0;
  EXPECT_FALSE(SecureWorld::create(cfg, NsShm{mem, kPa, kBytes})) << "0 threads is refused";
  cfg.secure_threads = 1;
  auto created = SecureWorld::create(cfg, NsShm{mem, kPa, kBytes});
  ASSERT_TRUE(created) << created.error().message;
  auto world = std::move(created.value());
  auto smc = [&](uint64_t a0, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0) {
    SmcRegs in;
    in.a[0] = a0;
    in.a[1] = a1;
    in.a[2] = a2;
    in.a[3] = a3;
    in.a[6] = 0x66;
    return world->smc(in);
  };
  EXPECT_EQ(smc(OPTEE_SMC_GET_THREAD_COUNT).a[1], 1u);

  put_open_session(mem, kApiTest);
  ASSERT_EQ(smc(OPTEE_SMC_CALL_WITH_ARG, 0, kPa).a[0], OPTEE_SMC_RETURN_OK);
  const uint32_t session = frame_session(mem);

  // A 60 ms TEE_Wait sleeps in the normal world, a SUSPEND of at most 20 ms at a time.
  put_header(mem, OPTEE_MSG_CMD_INVOKE_COMMAND, kCmdWait, session, 2);
  put_param(mem + 32, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 60);
  put_param(mem + 64, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT);
  SmcRegs rpc = smc(OPTEE_SMC_CALL_WITH_RPC_ARG, 0, kPa);
  ASSERT_EQ(rpc.a[0], kRpcCmd);
  uint8_t* arg = mem + 96;
  EXPECT_EQ(u32_at(arg), OPTEE_RPC_CMD_SUSPEND);
  EXPECT_GE(param_word(arg + 32, 1), 1u);
  EXPECT_LE(param_word(arg + 32, 1), 20u);

  // The only thread is taken: another call is turned away with a1-a7 preserved.
  put_header(mem + 0x1000, OPTEE_MSG_CMD_INVOKE_COMMAND, kCmdReeTime, session, 1);
  const SmcRegs busy = smc(OPTEE_SMC_CALL_WITH_ARG, 0, kPa + 0x1000, 0x33);
  EXPECT_EQ(busy.a[0], OPTEE_SMC_RETURN_ETHREAD_LIMIT);
  EXPECT_EQ(busy.a[2], kPa + 0x1000);
  EXPECT_EQ(busy.a[3], 0x33u);
  EXPECT_EQ(busy.a[6], 0x66u);

  // Resuming a thread that waits for nothing, or from another normal-world thread: ERESUME.
  EXPECT_EQ(smc(OPTEE_SMC_CALL_RETURN_FROM_RPC, 0, 0, rpc.a[3] + 1).a[0], OPTEE_SMC_RETURN_ERESUME);
  SmcRegs elsewhere;
  std::thread([&] { elsewhere = smc(OPTEE_SMC_CALL_RETURN_FROM_RPC, 0, 0, rpc.a[3]); }).join();
  EXPECT_EQ(elsewhere.a[0], OPTEE_SMC_RETURN_ERESUME);

  // Answer one slice without sleeping: the TA waits on, with another SUSPEND.
  const uint32_t ok = TEE_SUCCESS;
  std::memcpy(arg + 20, &ok, 4);
  rpc = smc(OPTEE_SMC_CALL_RETURN_FROM_RPC, 0, 0, rpc.a[3]);
  ASSERT_EQ(rpc.a[0], kRpcCmd);
  EXPECT_EQ(u32_at(arg), OPTEE_RPC_CMD_SUSPEND);

  // The normal world goes away: the call finishes on this thread without it.
  world->abandon_rpcs();
  EXPECT_EQ(frame_ret(mem), TEE_SUCCESS);
  EXPECT_GE(param_word(mem + 64, 1), 55u) << "the wait still lasted its time";
  // The thread is free again.
  put_header(mem, OPTEE_MSG_CMD_CLOSE_SESSION, 0, session, 0);
  EXPECT_EQ(smc(OPTEE_SMC_CALL_WITH_ARG, 0, kPa).a[0], OPTEE_SMC_RETURN_OK);
  EXPECT_EQ(frame_ret(mem), TEE_SUCCESS);
  world.reset();
  munmap(mem, kBytes);
}

} // namespace
} // namespace swemu::core
