// The normal-world driver (smc_bridge/) against a fake secure world that decodes every
// optee_msg_arg frame itself.
#include <algorithm>
#include <atomic>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <functional>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "../smc_bridge/testing/fake_secure_world.h"
#include "swemu/bridge/driver.h"

namespace swemu::bridge {
namespace {

using namespace swemu::abi;
using testing::FakeFrame;
using testing::FakeSecureWorld;
using testing::FakeTransport;

constexpr uint64_t kMeta = OPTEE_MSG_ATTR_META | OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;

// RPC encodings (optee-abi.md §3.3, §2.9), spelled out here independently of the driver.
core::SmcRegs rpc(uint32_t func, uint64_t a1 = 0, uint64_t a2 = 0) {
  core::SmcRegs r;
  r.a[0] = 0xFFFF0000u | func;
  r.a[1] = a1;
  r.a[2] = a2;
  return r;
}

Uuid uuid(const char* text) {
  return Uuid::parse(text).value();
}

class DriverTest : public ::testing::Test {
protected:
  void SetUp() override { make_driver(); }

  void make_driver() {
    auto d = Driver::create(std::make_unique<FakeTransport>(world_));
    ASSERT_TRUE(d.ok()) << d.error().message;
    driver_ = *d;
  }

  void TearDown() override {
    for (const auto& v : world_->violations)
      ADD_FAILURE() << "frame convention broken: " << v;
  }

  ShmBuffer buffer(uint64_t size) { return ShmBuffer::allocate(driver_->pool(), size).value(); }

  Reply open(uint32_t login = TEE_LOGIN_PUBLIC) {
    OpenSessionRequest request;
    request.ta = uuid("8aaaf200-2450-11e4-abe2-0002a5d5c51b");
    request.login = login;
    auto reply = driver_->open_session(request, {});
    EXPECT_TRUE(reply.ok());
    return reply.ok() ? *reply : Reply{};
  }

  std::shared_ptr<FakeSecureWorld> world_ = std::make_shared<FakeSecureWorld>();
  std::shared_ptr<Driver> driver_;
};

TEST_F(DriverTest, ProbesCapabilitiesAndUsesTheReservedSharedMemory) {
  EXPECT_TRUE(driver_->memref_null());
  EXPECT_TRUE(driver_->reserved_shm());
  EXPECT_EQ(driver_->pool().region().pa, testing::kFakeShmPa);
  EXPECT_EQ(driver_->pool().region().size, world_->shm().size);
  EXPECT_EQ(world_->std_calls, 0) << "probing uses fast calls only";
}

TEST_F(DriverTest, PoolCoversOnlyTheRangeTheSecureWorldReports) {
  const core::NsShm all = world_->shm();
  world_->shm_config = core::NsShm{nullptr, all.pa + 4096, 8192};
  make_driver();
  EXPECT_EQ(driver_->pool().region().pa, all.pa + 4096);
  EXPECT_EQ(driver_->pool().region().host, all.host + 4096);
  EXPECT_EQ(driver_->pool().region().size, 8192u);
}

TEST_F(DriverTest, CreationFailsWhenSharedMemoryConfigIsOutsideTheTransport) {
  world_->shm_config = core::NsShm{nullptr, world_->shm().pa + 4096, world_->shm().size};
  auto d = Driver::create(std::make_unique<FakeTransport>(world_));
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().origin, TEE_ORIGIN_COMMS);
}

TEST_F(DriverTest, CreationFailsWhenCapabilitiesAreRefused) {
  world_->caps_a0 = OPTEE_SMC_RETURN_ENOTAVAIL;
  EXPECT_FALSE(Driver::create(std::make_unique<FakeTransport>(world_)).ok());
}

TEST_F(DriverTest, CreationFailsWithoutATransport) {
  EXPECT_FALSE(Driver::create(nullptr).ok());
}

TEST_F(DriverTest, OpenSessionSendsTwoMetaParamsWithUuidOctetsAndLogin) {
  Reply reply = open();
  EXPECT_EQ(reply.ret, TEE_SUCCESS);
  EXPECT_EQ(reply.session, 1u);

  ASSERT_EQ(world_->frames.size(), 1u);
  const FakeFrame& f = world_->frames[0];
  EXPECT_EQ(f.cmd, OPTEE_MSG_CMD_OPEN_SESSION);
  ASSERT_EQ(f.num_params, 2u);
  EXPECT_EQ(f.params[0].attr, kMeta);
  // The worked example of optee-abi.md §2.5.
  EXPECT_EQ(f.params[0].a, 0xe411502400f2aa8aULL);
  EXPECT_EQ(f.params[0].b, 0x1bc5d5a50200e2abULL);
  EXPECT_EQ(f.params[1].attr, kMeta);
  EXPECT_EQ(f.params[1].a, 0u) << "PUBLIC: nil client UUID";
  EXPECT_EQ(f.params[1].b, 0u);
  EXPECT_EQ(f.params[1].c, TEE_LOGIN_PUBLIC);
}

TEST_F(DriverTest, OpenSessionAppendsTaParamsAfterTheMetaParams) {
  OpenSessionRequest request;
  request.ta = uuid("8aaaf200-2450-11e4-abe2-0002a5d5c51b");
  request.cancel_id = 9;
  std::vector<Param> params = {Param::value(TEE_PARAM_TYPE_VALUE_INPUT, 5, 6), Param::none()};
  ASSERT_TRUE(driver_->open_session(request, params).ok());
  const FakeFrame& f = world_->frames.at(0);
  ASSERT_EQ(f.num_params, 4u);
  EXPECT_EQ(f.cancel_id, 9u);
  EXPECT_EQ(f.params[2].attr, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT);
  EXPECT_EQ(f.params[2].a, 5u);
  EXPECT_EQ(f.params[2].b, 6u);
  EXPECT_EQ(f.params[3].attr, OPTEE_MSG_ATTR_TYPE_NONE);
}

TEST_F(DriverTest, UserLoginSendsTheKernelsUuidV5OfTheEffectiveUid) {
  open(TEE_LOGIN_USER);
  const FakeFrame& f = world_->frames.at(0);
  Uuid sent = Uuid::from_octets(reinterpret_cast<const uint8_t*>(&f.params[1].a));
  EXPECT_EQ(sent, tee_client_uuid_v5(fmt::format("uid={:x}", geteuid())));
  EXPECT_EQ(sent.octets[6] >> 4, 5) << "version 5";
  EXPECT_EQ(f.params[1].c, TEE_LOGIN_USER);
}

TEST(TeeClientUuid, MatchesRfc4122Version5InTheTeeNamespace) {
  // Reference values from an independent RFC 4122 implementation (Python's uuid.uuid5).
  EXPECT_EQ(tee_client_uuid_v5("uid=0").str(), "ef0180a3-13f3-5d1c-b7f5-888c0e21059a");
  EXPECT_EQ(tee_client_uuid_v5("uid=3e8").str(), "fc34275c-d8dd-5ba7-968b-504718363b87");
  EXPECT_EQ(tee_client_uuid_v5("gid=3e8").str(), "0ece43ed-001d-51bd-bab7-480c8954c3cf");
}

TEST(TeeClientUuid, GroupLoginNeedsMembershipOfTheGroup) {
  std::array<uint8_t, 16> data{};
  gid_t mine = getegid();
  std::memcpy(data.data(), &mine, sizeof mine);
  auto ok = client_uuid_for_login(TEE_LOGIN_GROUP, data);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, tee_client_uuid_v5(fmt::format("gid={:x}", mine)));

  std::vector<gid_t> groups(static_cast<size_t>(getgroups(0, nullptr)) + 1);
  groups.resize(static_cast<size_t>(getgroups(static_cast<int>(groups.size()), groups.data())));
  gid_t stranger = 54321;
  while (stranger == mine || std::find(groups.begin(), groups.end(), stranger) != groups.end())
    ++stranger;
  std::memcpy(data.data(), &stranger, sizeof stranger);
  auto refused = client_uuid_for_login(TEE_LOGIN_GROUP, data);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().origin, TEE_ORIGIN_COMMS);
}

TEST(TeeClientUuid, PublicIsNilAndApplicationLoginsNameTheExecutable) {
  EXPECT_TRUE(client_uuid_for_login(TEE_LOGIN_PUBLIC, {}).value().is_nil());
  // Reference value from Python's uuid.uuid5 in the TEE client namespace.
  EXPECT_EQ(tee_client_uuid_v5("app=/usr/bin/client").str(),
            "eb11fde9-7b96-5117-ac11-5f73f55d3416");
  const std::string exe = std::filesystem::read_symlink("/proc/self/exe").string();
  EXPECT_EQ(client_uuid_for_login(TEE_LOGIN_APPLICATION, {}).value(),
            tee_client_uuid_v5("app=" + exe));
  EXPECT_EQ(client_uuid_for_login(TEE_LOGIN_APPLICATION_USER, {}).value(),
            tee_client_uuid_v5(fmt::format("uid={:x}:app={}", geteuid(), exe)));
  std::array<uint8_t, 16> data{};
  const gid_t mine = getegid();
  std::memcpy(data.data(), &mine, sizeof mine);
  EXPECT_EQ(client_uuid_for_login(TEE_LOGIN_APPLICATION_GROUP, data).value(),
            tee_client_uuid_v5(fmt::format("gid={:x}:app={}", mine, exe)));
  for (uint32_t login : {TEE_LOGIN_REE_KERNEL, 3u}) {
    auto r = client_uuid_for_login(login, {});
    ASSERT_FALSE(r.ok()) << login;
    EXPECT_EQ(r.error().code, TEE_ERROR_BAD_PARAMETERS);
    EXPECT_EQ(r.error().origin, TEE_ORIGIN_COMMS);
  }
}

TEST_F(DriverTest, RefusedLoginSendsNothing) {
  OpenSessionRequest request;
  request.login = TEE_LOGIN_REE_KERNEL;
  auto reply = driver_->open_session(request, {});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(world_->std_calls, 0);
}

TEST_F(DriverTest, InvokeEncodesValuesAsValueAndMemrefsAsTmemByPhysicalAddress) {
  ShmBuffer in = buffer(16);
  ShmBuffer out = buffer(32);
  std::vector<Param> params = {
      Param::value(TEE_PARAM_TYPE_VALUE_INOUT, 0x1111, 0x2222),
      Param::memref(TEE_PARAM_TYPE_MEMREF_INPUT, in.host(), 16),
      Param::memref(TEE_PARAM_TYPE_MEMREF_OUTPUT, out.host() + 8, 24),
      Param::none(),
  };
  ASSERT_TRUE(driver_->invoke(42, 7, 3, params).ok());

  const FakeFrame& f = world_->frames.at(0);
  EXPECT_EQ(f.cmd, OPTEE_MSG_CMD_INVOKE_COMMAND);
  EXPECT_EQ(f.session, 42u);
  EXPECT_EQ(f.func, 7u);
  EXPECT_EQ(f.cancel_id, 3u);
  ASSERT_EQ(f.num_params, 4u);
  EXPECT_EQ(f.params[0].attr, OPTEE_MSG_ATTR_TYPE_VALUE_INOUT);
  EXPECT_EQ(f.params[0].a, 0x1111u);
  EXPECT_EQ(f.params[0].b, 0x2222u);
  EXPECT_EQ(f.params[1].attr, OPTEE_MSG_ATTR_TYPE_TMEM_INPUT);
  EXPECT_EQ(f.params[1].a, in.pa());
  EXPECT_EQ(f.params[1].b, 16u);
  EXPECT_EQ(f.params[1].c, 0u);
  EXPECT_EQ(f.params[2].attr, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT);
  EXPECT_EQ(f.params[2].a, out.pa() + 8);
  EXPECT_EQ(f.params[2].b, 24u);
  EXPECT_EQ(f.params[3].attr, OPTEE_MSG_ATTR_TYPE_NONE);
}

TEST_F(DriverTest, EveryParamTypeMapsToItsMessageAttribute) {
  ShmBuffer b = buffer(64);
  const std::pair<uint32_t, uint64_t> map[] = {
      {TEE_PARAM_TYPE_NONE, OPTEE_MSG_ATTR_TYPE_NONE},
      {TEE_PARAM_TYPE_VALUE_INPUT, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT},
      {TEE_PARAM_TYPE_VALUE_OUTPUT, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT},
      {TEE_PARAM_TYPE_VALUE_INOUT, OPTEE_MSG_ATTR_TYPE_VALUE_INOUT},
      {TEE_PARAM_TYPE_MEMREF_INPUT, OPTEE_MSG_ATTR_TYPE_TMEM_INPUT},
      {TEE_PARAM_TYPE_MEMREF_OUTPUT, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT},
      {TEE_PARAM_TYPE_MEMREF_INOUT, OPTEE_MSG_ATTR_TYPE_TMEM_INOUT},
  };
  for (const auto& [type, attr] : map) {
    Param p;
    p.type = type;
    p.buffer = b.host();
    p.size = 64;
    ASSERT_TRUE(driver_->invoke(1, 0, 0, {&p, 1}).ok()) << type;
    EXPECT_EQ(world_->frames.back().params.at(0).attr, attr) << type;
  }
}

TEST_F(DriverTest, InvokeReadsBackOnlyOutputValuesAndOutputSizes) {
  world_->handler = [](FakeFrame& f) {
    for (auto& p : f.params) {
      p.a += 100; // values: a; memrefs: this would move buf_ptr, which must be ignored
      p.b += 1;
      p.c = 7;
    }
    f.ret = TEE_SUCCESS;
    f.ret_origin = TEE_ORIGIN_TRUSTED_APP;
  };
  ShmBuffer b = buffer(64);
  std::vector<Param> params = {
      Param::value(TEE_PARAM_TYPE_VALUE_INPUT, 1, 2),
      Param::value(TEE_PARAM_TYPE_VALUE_OUTPUT, 3, 4),
      Param::memref(TEE_PARAM_TYPE_MEMREF_INPUT, b.host(), 10),
      Param::memref(TEE_PARAM_TYPE_MEMREF_INOUT, b.host() + 16, 10),
  };
  auto reply = driver_->invoke(1, 0, 0, params);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->ret, TEE_SUCCESS);
  EXPECT_EQ(reply->origin, TEE_ORIGIN_TRUSTED_APP);
  EXPECT_EQ(params[0].a, 1u);
  EXPECT_EQ(params[0].b, 2u);
  EXPECT_EQ(params[1].a, 103u);
  EXPECT_EQ(params[1].b, 5u);
  EXPECT_EQ(params[1].c, 7u);
  EXPECT_EQ(params[2].size, 10u);
  EXPECT_EQ(params[3].size, 11u);
  EXPECT_EQ(params[3].buffer, b.host() + 16);
}

TEST_F(DriverTest, ShortBufferReplyStillReturnsTheSizeNeeded) {
  world_->handler = [](FakeFrame& f) {
    f.params[0].b = 4096;
    f.ret = TEE_ERROR_SHORT_BUFFER;
    f.ret_origin = TEE_ORIGIN_TRUSTED_APP;
  };
  ShmBuffer b = buffer(16);
  Param p = Param::memref(TEE_PARAM_TYPE_MEMREF_OUTPUT, b.host(), 16);
  auto reply = driver_->invoke(1, 0, 0, {&p, 1});
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->ret, TEE_ERROR_SHORT_BUFFER);
  EXPECT_EQ(p.size, 4096u);
}

TEST_F(DriverTest, NullMemrefIsTmemWithBufPtrZero) {
  Param p = Param::memref(TEE_PARAM_TYPE_MEMREF_OUTPUT, nullptr, 0);
  ASSERT_TRUE(driver_->invoke(1, 0, 0, {&p, 1}).ok());
  const auto& sent = world_->frames.at(0).params.at(0);
  EXPECT_EQ(sent.attr, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT);
  EXPECT_EQ(sent.a, 0u);
  EXPECT_EQ(sent.b, 0u);
}

TEST_F(DriverTest, NullMemrefIsRefusedWhenTheSecureWorldCannotTakeIt) {
  world_->sec_caps &= ~OPTEE_SMC_SEC_CAP_MEMREF_NULL;
  make_driver();
  EXPECT_FALSE(driver_->memref_null());
  Param p = Param::memref(TEE_PARAM_TYPE_MEMREF_INPUT, nullptr, 0);
  auto reply = driver_->invoke(1, 0, 0, {&p, 1});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(world_->std_calls, 0);
}

TEST_F(DriverTest, MemrefsOutsideLiveBlocksAreRefusedBeforeAnySmc) {
  uint8_t stack[16] = {};
  ShmBuffer b = buffer(64);
  uint8_t* freed = nullptr;
  {
    ShmBuffer gone = buffer(64);
    freed = gone.host();
  }
  const Param bad[] = {
      Param::memref(TEE_PARAM_TYPE_MEMREF_INPUT, stack, sizeof stack),
      Param::memref(TEE_PARAM_TYPE_MEMREF_INPUT, b.host() + 32, 64), // runs past the block
      Param::memref(TEE_PARAM_TYPE_MEMREF_INPUT, b.host(), UINT64_MAX),
      Param::memref(TEE_PARAM_TYPE_MEMREF_INPUT, freed, 8),
  };
  for (Param p : bad) {
    auto reply = driver_->invoke(1, 0, 0, {&p, 1});
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().code, TEE_ERROR_BAD_PARAMETERS);
    EXPECT_EQ(reply.error().origin, TEE_ORIGIN_COMMS);
  }
  EXPECT_EQ(world_->std_calls, 0);
}

TEST_F(DriverTest, UnknownParamTypeIsRefused) {
  for (uint32_t type : {4u, 8u, 0xCu, 0x101u}) {
    Param p;
    p.type = type;
    auto reply = driver_->invoke(1, 0, 0, {&p, 1});
    ASSERT_FALSE(reply.ok()) << type;
    EXPECT_EQ(reply.error().code, TEE_ERROR_BAD_PARAMETERS);
  }
  EXPECT_EQ(world_->std_calls, 0);
}

TEST_F(DriverTest, FailedSmcIsCommunicationErrorFromComms) {
  world_->call_a0 = OPTEE_SMC_RETURN_EBADCMD;
  Param p = Param::value(TEE_PARAM_TYPE_VALUE_OUTPUT, 1, 2);
  auto reply = driver_->invoke(1, 0, 0, {&p, 1});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, TEE_ERROR_COMMUNICATION);
  EXPECT_EQ(reply.error().origin, TEE_ORIGIN_COMMS);
  EXPECT_EQ(p.a, 1u) << "nothing is written back from a failed call";
}

TEST_F(DriverTest, ChangedNumParamsIsCommunicationError) {
  world_->handler = [](FakeFrame& f) { f.num_params = 3; };
  Param p = Param::value(TEE_PARAM_TYPE_VALUE_OUTPUT, 1, 2);
  auto reply = driver_->invoke(1, 0, 0, {&p, 1});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, TEE_ERROR_COMMUNICATION);
  EXPECT_EQ(p.a, 1u);
}

TEST_F(DriverTest, ChangedParamAttributeIsCommunicationError) {
  world_->handler = [](FakeFrame& f) { f.params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INOUT; };
  Param p = Param::value(TEE_PARAM_TYPE_VALUE_OUTPUT, 1, 2);
  auto reply = driver_->invoke(1, 0, 0, {&p, 1});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, TEE_ERROR_COMMUNICATION);
}

TEST_F(DriverTest, UnknownErrorOriginIsReportedAsTee) {
  world_->handler = [](FakeFrame& f) {
    f.ret = TEE_ERROR_GENERIC;
    f.ret_origin = 99;
  };
  auto reply = driver_->invoke(1, 0, 0, {});
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->origin, TEE_ORIGIN_TEE);
}

TEST_F(DriverTest, FailedOpenSessionReportsNoSession) {
  world_->handler = [](FakeFrame& f) {
    f.session = 55; // must not be believed
    f.ret = TEE_ERROR_ITEM_NOT_FOUND;
    f.ret_origin = TEE_ORIGIN_TEE;
  };
  Reply reply = open();
  EXPECT_EQ(reply.ret, TEE_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(reply.session, 0u);
}

TEST_F(DriverTest, CloseSessionAndCancelSendNoParams) {
  ASSERT_TRUE(driver_->close_session(5).ok());
  ASSERT_TRUE(driver_->cancel(6, 2).ok());
  ASSERT_EQ(world_->frames.size(), 2u);
  EXPECT_EQ(world_->frames[0].cmd, OPTEE_MSG_CMD_CLOSE_SESSION);
  EXPECT_EQ(world_->frames[0].session, 5u);
  EXPECT_EQ(world_->frames[0].num_params, 0u);
  EXPECT_EQ(world_->frames[1].cmd, OPTEE_MSG_CMD_CANCEL);
  EXPECT_EQ(world_->frames[1].session, 6u);
  EXPECT_EQ(world_->frames[1].cancel_id, 2u);
}

TEST_F(DriverTest, ArgFramesAreAlignedWithinOnePageAndFreedAfterTheCall) {
  // Fill the pool so that the next free byte is just short of a page boundary.
  ShmBuffer pad = ShmBuffer::allocate(driver_->pool(), 4096 - 128).value();
  const size_t live = driver_->pool().live_blocks();
  std::vector<Param> params(4, Param::value(TEE_PARAM_TYPE_VALUE_INPUT, 1, 1));
  OpenSessionRequest request;
  ASSERT_TRUE(driver_->open_session(request, params).ok()); // 6 params: 224 bytes
  const uint64_t pa = world_->frames.at(0).pa;
  EXPECT_EQ(pa % 8, 0u);
  EXPECT_EQ(pa / 4096, (pa + optee_msg_get_arg_size(6) - 1) / 4096);
  // The frame's block is kept for the next call, which uses the same memory.
  EXPECT_EQ(driver_->cached_frame_buffers(), 1u);
  EXPECT_EQ(driver_->pool().live_blocks(), live + 1);
  ASSERT_TRUE(driver_->open_session(request, params).ok());
  EXPECT_EQ(world_->frames.at(1).pa, pa);
  EXPECT_EQ(driver_->pool().live_blocks(), live + 1);
}

TEST_F(DriverTest, TooManyParamsForOnePageAreRefused) {
  std::vector<Param> params(200);
  auto reply = driver_->invoke(1, 0, 0, params);
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(world_->std_calls, 0);
}

TEST_F(DriverTest, PoolExhaustionForTheArgIsOutOfMemory) {
  ShmBuffer all = ShmBuffer::allocate(driver_->pool(), driver_->pool().region().size).value();
  auto reply = driver_->invoke(1, 0, 0, {});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, TEE_ERROR_OUT_OF_MEMORY);
  EXPECT_EQ(reply.error().origin, TEE_ORIGIN_COMMS);
}

TEST_F(DriverTest, RetriesWhileEverySecureThreadIsBusy) {
  world_->thread_limit_times = 3;
  auto reply = driver_->invoke(1, 0, 0, {});
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->ret, TEE_SUCCESS);
  EXPECT_EQ(world_->std_calls, 4);
}

TEST_F(DriverTest, ForeignInterruptRpcResumesTheSameSecureThread) {
  int steps = 0;
  world_->rpc = [&](const core::SmcRegs&) -> std::optional<core::SmcRegs> {
    if (steps++ < 2)
      return rpc(4);
    return std::nullopt;
  };
  auto reply = driver_->invoke(1, 0, 0, {});
  ASSERT_TRUE(reply.ok());
  ASSERT_EQ(world_->resumes.size(), 2u);
  for (const auto& r : world_->resumes) {
    EXPECT_EQ(r.a[0], OPTEE_SMC_CALL_RETURN_FROM_RPC);
    EXPECT_EQ(r.a[3], FakeSecureWorld::kThreadId);
  }
}

TEST_F(DriverTest, AllocAndFreeRpcsLendPoolMemoryByCookie) {
  uint64_t cookie = 0;
  uint64_t pa = 0;
  int step = 0;
  world_->rpc = [&](const core::SmcRegs& in) -> std::optional<core::SmcRegs> {
    switch (step++) {
    case 0:
      return rpc(0, 160); // ALLOC room for an RPC arg with 4 params
    case 1:
      pa = (in.a[1] << 32) | in.a[2];
      cookie = (in.a[4] << 32) | in.a[5];
      return rpc(2, cookie >> 32, cookie & 0xFFFFFFFF); // FREE
    default:
      return std::nullopt;
    }
  };
  ASSERT_TRUE(driver_->invoke(1, 0, 0, {}).ok());
  EXPECT_NE(cookie, 0u);
  EXPECT_NE(world_->mem(pa, 160), nullptr);
  EXPECT_EQ(pa % 8, 0u);
  EXPECT_EQ(pa / 4096, (pa + 159) / 4096) << "an RPC arg stays within one page";
  EXPECT_EQ(driver_->rpc_allocations(), 0u);
}

// Runs one RPC command through ALLOC, CMD, FREE; `fill` writes the RPC arg, `check` reads
// it back after the driver served it.
void run_rpc_cmd(FakeSecureWorld& world, Driver& driver, const std::function<void(uint8_t*)>& fill,
                 const std::function<void(uint8_t*)>& check, size_t left_lent = 0) {
  uint64_t cookie = 0;
  uint8_t* arg = nullptr;
  int step = 0;
  world.rpc = [&](const core::SmcRegs& in) -> std::optional<core::SmcRegs> {
    switch (step++) {
    case 0:
      return rpc(0, optee_msg_get_arg_size(4));
    case 1:
      cookie = (in.a[4] << 32) | in.a[5];
      arg = world.mem((in.a[1] << 32) | in.a[2], optee_msg_get_arg_size(4));
      fill(arg);
      return rpc(5, cookie >> 32, cookie & 0xFFFFFFFF); // CMD
    case 2:
      check(arg);
      return rpc(2, cookie >> 32, cookie & 0xFFFFFFFF);
    default:
      return std::nullopt;
    }
  };
  ASSERT_TRUE(driver.invoke(1, 0, 0, {}).ok());
  EXPECT_EQ(step, 4);
  EXPECT_EQ(driver.rpc_allocations(), left_lent);
}

uint32_t rd32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
uint64_t rd64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
void wr32(uint8_t* p, uint32_t v) {
  std::memcpy(p, &v, 4);
}
void wr64(uint8_t* p, uint64_t v) {
  std::memcpy(p, &v, 8);
}

TEST_F(DriverTest, UnsupportedRpcCommandIsAnsweredNotSupported) {
  run_rpc_cmd(
      *world_, *driver_,
      [](uint8_t* arg) {
        wr32(arg + 0, 2);                  // OPTEE_RPC_CMD_FS: a supplicant service not served
        wr32(arg + 20, TEE_ERROR_GENERIC); // what OP-TEE presets
        wr32(arg + 28, 2);
        wr64(arg + 32, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT);
        wr64(arg + 64, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT);
      },
      [](uint8_t* arg) { EXPECT_EQ(rd32(arg + 20), TEE_ERROR_NOT_SUPPORTED); });
}

TEST_F(DriverTest, GetTimeRpcCommandReturnsTheWallClock) {
  const auto before = static_cast<uint64_t>(time(nullptr));
  run_rpc_cmd(
      *world_, *driver_,
      [](uint8_t* arg) {
        wr32(arg + 0, 3); // OPTEE_RPC_CMD_GET_TIME
        wr32(arg + 20, TEE_ERROR_GENERIC);
        wr32(arg + 28, 1);
        wr64(arg + 32, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT);
      },
      [&](uint8_t* arg) {
        EXPECT_EQ(rd32(arg + 20), TEE_SUCCESS);
        EXPECT_GE(rd64(arg + 40), before);
        EXPECT_LT(rd64(arg + 48), 1000000000u);
      });
}

TEST_F(DriverTest, ShmAllocRpcCommandReturnsTmemWithCookie) {
  uint64_t shm_cookie = 0;
  run_rpc_cmd(
      *world_, *driver_,
      [](uint8_t* arg) {
        wr32(arg + 0, 6); // OPTEE_RPC_CMD_SHM_ALLOC
        wr32(arg + 20, TEE_ERROR_GENERIC);
        wr32(arg + 28, 1);
        wr64(arg + 32, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT);
        wr64(arg + 40, 1);    // kernel memory
        wr64(arg + 48, 5000); // bytes
        wr64(arg + 56, 8);    // alignment
      },
      [&](uint8_t* arg) {
        ASSERT_EQ(rd32(arg + 20), TEE_SUCCESS);
        EXPECT_EQ(rd64(arg + 32), OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT);
        EXPECT_NE(world_->mem(rd64(arg + 40), 5000), nullptr);
        EXPECT_EQ(rd64(arg + 48), 5000u);
        shm_cookie = rd64(arg + 56);
        EXPECT_NE(shm_cookie, 0u);
        EXPECT_EQ(driver_->rpc_allocations(), 2u);
      },
      1);
  // Still lent: the secure world frees it with SHM_FREE when it is done.
  EXPECT_EQ(driver_->rpc_allocations(), 1u);
  run_rpc_cmd(
      *world_, *driver_,
      [&](uint8_t* arg) {
        wr32(arg + 0, 7); // OPTEE_RPC_CMD_SHM_FREE
        wr32(arg + 28, 1);
        wr64(arg + 32, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT);
        wr64(arg + 40, 1);
        wr64(arg + 48, shm_cookie);
      },
      [](uint8_t* arg) { EXPECT_EQ(rd32(arg + 20), TEE_SUCCESS); });
}

TEST_F(DriverTest, UnknownRpcFunctionsAndCookiesResumeWithoutHanging) {
  int step = 0;
  world_->rpc = [&](const core::SmcRegs&) -> std::optional<core::SmcRegs> {
    switch (step++) {
    case 0:
      return rpc(0x99, 1, 2); // no such function
    case 1:
      return rpc(5, 0, 0xDEAD); // CMD in memory never lent
    case 2:
      return rpc(2, 0, 0xBEEF); // FREE of nothing
    default:
      return std::nullopt;
    }
  };
  ASSERT_TRUE(driver_->invoke(1, 0, 0, {}).ok());
  ASSERT_EQ(world_->resumes.size(), 3u);
  EXPECT_EQ(world_->resumes[0].a[1], 0u);
  EXPECT_EQ(world_->resumes[0].a[2], 0u);
}

TEST_F(DriverTest, ConcurrentCallsUseSeparateFrames) {
  world_->handler = [](FakeFrame& f) {
    f.params[0].a = f.params[0].a * 2;
    f.ret = TEE_SUCCESS;
  };
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (uint64_t t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (uint64_t i = 0; i < 100; ++i) {
        Param p = Param::value(TEE_PARAM_TYPE_VALUE_INOUT, t * 1000 + i, 0);
        auto reply = driver_->invoke(1, 0, 0, {&p, 1});
        if (!reply.ok() || p.a != 2 * (t * 1000 + i))
          ++wrong;
      }
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(wrong.load(), 0);
  // Only the frame blocks kept for reuse remain, one per call that ran at the same time.
  EXPECT_LE(driver_->cached_frame_buffers(), 4u);
  EXPECT_EQ(driver_->pool().live_blocks(), driver_->cached_frame_buffers());
}

TEST_F(DriverTest, ContextUsesOnlyItsOwnSessionsAndClosesThemWhenDestroyed) {
  auto a = std::make_unique<DriverContext>(driver_);
  DriverContext b(driver_);
  OpenSessionRequest request;
  auto s1 = a->open_session(request, {}).value().session;
  auto s2 = a->open_session(request, {}).value().session;
  EXPECT_EQ(a->session_count(), 2u);

  auto foreign = b.invoke(s1, 0, 0, {});
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, TEE_ERROR_BAD_PARAMETERS);
  EXPECT_FALSE(b.close_session(s1).ok());
  EXPECT_FALSE(b.cancel(s1, 0).ok());
  EXPECT_TRUE(a->invoke(s1, 0, 0, {}).ok());

  ASSERT_TRUE(a->close_session(s1).ok());
  EXPECT_FALSE(a->close_session(s1).ok()) << "closed twice";
  world_->frames.clear();
  a.reset();
  ASSERT_EQ(world_->frames.size(), 1u);
  EXPECT_EQ(world_->frames[0].cmd, OPTEE_MSG_CMD_CLOSE_SESSION);
  EXPECT_EQ(world_->frames[0].session, s2);
}

} // namespace
} // namespace swemu::bridge
