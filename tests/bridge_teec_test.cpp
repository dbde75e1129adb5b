// Our libteec (GP TEE Client API) over the driver, against a fake secure world plugged in
// with set_default_transport_factory.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstring>
#include <numeric>
#include <thread>
#include <vector>

#include <filesystem>
#include <fmt/format.h>

#include <gtest/gtest.h>
#include <unistd.h>

#include "../smc_bridge/testing/fake_secure_world.h"
#include "swemu/bridge/default_transport.h"
#include "swemu/bridge/driver.h"

// Last: it defines TEE_ERROR_* macros.
#include "tee_client_api.h"
// The libteec.so.2 layouts (optee-abi.md §8.4), checked at compile time.
#include "swemu/bridge/teec_layout.h"

namespace swemu::bridge {
namespace {

using testing::FakeFrame;
using testing::FakeParam;
using testing::FakeSecureWorld;
using testing::FakeTransport;

static_assert(TEEC_PARAM_TYPES(1, 2, 3, 0xF) == 0xF321);
static_assert(TEEC_PARAM_TYPE_GET(0xF321, 2) == 3);

constexpr TEEC_UUID kTa = {
    0x8aaaf200, 0x2450, 0x11e4, {0xab, 0xe2, 0x00, 0x02, 0xa5, 0xd5, 0xc5, 0x1b}};
constexpr uint32_t kNoOrigin = 0xDEAD;

class TeecTest : public ::testing::Test {
protected:
  void SetUp() override {
    set_default_transport_factory([this]() -> Result<std::unique_ptr<SmcTransport>> {
      ++factory_calls_;
      return std::unique_ptr<SmcTransport>(new FakeTransport(world_));
    });
    ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx_), TEEC_SUCCESS);
    uint32_t origin = kNoOrigin;
    ASSERT_EQ(
        TEEC_OpenSession(&ctx_, &session_, &kTa, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
        TEEC_SUCCESS);
    EXPECT_EQ(origin, TEEC_ORIGIN_TRUSTED_APP);
    world_->frames.clear();
  }

  void TearDown() override {
    world_->handler = nullptr; // the default answers the closing calls
    world_->call_a0 = abi::OPTEE_SMC_RETURN_OK;
    TEEC_CloseSession(&session_);
    TEEC_FinalizeContext(&ctx_);
    EXPECT_EQ(FakeTransport::live().load(), 0) << "the secure world outlived its last context";
    set_default_transport_factory({});
    for (const auto& v : world_->violations)
      ADD_FAILURE() << "frame convention broken: " << v;
  }

  // The only frame sent since SetUp (or the last clear), which must be an invoke.
  const FakeFrame& invoked() {
    EXPECT_EQ(world_->frames.size(), 1u);
    EXPECT_EQ(world_->frames.back().cmd, abi::OPTEE_MSG_CMD_INVOKE_COMMAND);
    return world_->frames.back();
  }

  TEEC_Result invoke(TEEC_Operation* op, uint32_t* origin, uint32_t cmd = 1) {
    *origin = kNoOrigin;
    return TEEC_InvokeCommand(&session_, cmd, op, origin);
  }

  // Bytes at a TMEM param's buf_ptr, as the secure world sees them.
  std::vector<uint8_t> seen(const FakeParam& p) {
    const uint8_t* m = world_->mem(p.a, p.b);
    return m == nullptr ? std::vector<uint8_t>{} : std::vector<uint8_t>(m, m + p.b);
  }

  std::shared_ptr<FakeSecureWorld> world_ = std::make_shared<FakeSecureWorld>();
  int factory_calls_ = 0;
  TEEC_Context ctx_{};
  TEEC_Session session_{};
};

TEST(TeecLayout, MatchesLibteecSo2OnLp64) {
  // The static_asserts of teec_layout.h are the test; this records that they were compiled in.
  EXPECT_EQ(sizeof(TEEC_Operation), 112u);
}

TEST_F(TeecTest, InitializeContextAcceptsOnlyNoNameOrOpteeTz) {
  TEEC_Context other{};
  EXPECT_EQ(TEEC_InitializeContext("optee-tz", &other), TEEC_SUCCESS);
  TEEC_FinalizeContext(&other);
  EXPECT_EQ(TEEC_InitializeContext("some-other-tee", &other), TEEC_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(TEEC_InitializeContext("", &other), TEEC_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(TEEC_InitializeContext(nullptr, nullptr), TEEC_ERROR_BAD_PARAMETERS);
}

TEST_F(TeecTest, ContextReportsCapabilities) {
  EXPECT_FALSE(ctx_.imp.reg_mem) << "client memory is never registered in place";
  EXPECT_TRUE(ctx_.imp.memref_null);
}

TEST_F(TeecTest, ContextsShareOneSecureWorldUntilTheLastIsFinalized) {
  TEEC_Context second{};
  ASSERT_EQ(TEEC_InitializeContext(nullptr, &second), TEEC_SUCCESS);
  EXPECT_NE(second.imp.fd, ctx_.imp.fd);
  EXPECT_EQ(factory_calls_, 1);
  EXPECT_EQ(FakeTransport::live().load(), 1);
  TEEC_FinalizeContext(&second);
  EXPECT_EQ(FakeTransport::live().load(), 1) << "the first context still uses it";
  TEEC_FinalizeContext(&second); // finalizing twice is harmless

  TEEC_CloseSession(&session_);
  TEEC_FinalizeContext(&ctx_);
  EXPECT_EQ(FakeTransport::live().load(), 0);

  // The next context brings up a fresh secure world.
  ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx_), TEEC_SUCCESS);
  EXPECT_EQ(factory_calls_, 2);
}

TEST(TeecNoSecureWorld, InitializeContextIsItemNotFoundWhenTheTransportFails) {
  set_default_transport_factory([]() -> Result<std::unique_ptr<SmcTransport>> {
    return make_error(abi::TEE_ERROR_GENERIC, "no secure world here");
  });
  TEEC_Context ctx{};
  EXPECT_EQ(TEEC_InitializeContext(nullptr, &ctx), TEEC_ERROR_ITEM_NOT_FOUND);
  set_default_transport_factory({});
}

TEST(TeecNoSecureWorld, InitializeContextIsItemNotFoundWhenTheSecureWorldIsNotOptee) {
  auto world = std::make_shared<FakeSecureWorld>();
  world->caps_a0 = abi::OPTEE_SMC_RETURN_ENOTAVAIL;
  set_default_transport_factory([world]() -> Result<std::unique_ptr<SmcTransport>> {
    return std::unique_ptr<SmcTransport>(new FakeTransport(world));
  });
  TEEC_Context ctx{};
  EXPECT_EQ(TEEC_InitializeContext(nullptr, &ctx), TEEC_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(FakeTransport::live().load(), 0);
  set_default_transport_factory({});
}

TEST_F(TeecTest, OpenSessionSendsTaUuidOctetsAndPublicLogin) {
  TEEC_Session s{};
  ASSERT_EQ(TEEC_OpenSession(&ctx_, &s, &kTa, TEEC_LOGIN_PUBLIC, nullptr, nullptr, nullptr),
            TEEC_SUCCESS);
  const FakeFrame& f = world_->frames.at(0);
  EXPECT_EQ(f.cmd, abi::OPTEE_MSG_CMD_OPEN_SESSION);
  ASSERT_EQ(f.num_params, 6u) << "two meta params and always four TA params";
  EXPECT_EQ(f.params[0].a, 0xe411502400f2aa8aULL);
  EXPECT_EQ(f.params[0].b, 0x1bc5d5a50200e2abULL);
  EXPECT_EQ(f.params[1].a | f.params[1].b, 0u);
  EXPECT_EQ(f.params[1].c, TEEC_LOGIN_PUBLIC);
  for (size_t i = 2; i < 6; ++i)
    EXPECT_EQ(f.params[i].attr, abi::OPTEE_MSG_ATTR_TYPE_NONE);
  EXPECT_EQ(s.imp.ctx, &ctx_);
  EXPECT_NE(s.imp.session_id, session_.imp.session_id);
  TEEC_CloseSession(&s);
}

TEST_F(TeecTest, OpenSessionUserLoginSendsTheKernelsClientUuid) {
  TEEC_Session s{};
  ASSERT_EQ(TEEC_OpenSession(&ctx_, &s, &kTa, TEEC_LOGIN_USER, nullptr, nullptr, nullptr),
            TEEC_SUCCESS);
  const FakeFrame& f = world_->frames.at(0);
  EXPECT_EQ(Uuid::from_octets(reinterpret_cast<const uint8_t*>(&f.params[1].a)),
            tee_client_uuid_v5(fmt::format("uid={:x}", geteuid())));
  EXPECT_EQ(f.params[1].c, TEEC_LOGIN_USER);
  TEEC_CloseSession(&s);
}

TEST_F(TeecTest, OpenSessionGroupLoginTakesTheGidFromConnectionData) {
  TEEC_Session s{};
  gid_t gid = getegid();
  ASSERT_EQ(TEEC_OpenSession(&ctx_, &s, &kTa, TEEC_LOGIN_GROUP, &gid, nullptr, nullptr),
            TEEC_SUCCESS);
  const FakeFrame& f = world_->frames.at(0);
  EXPECT_EQ(Uuid::from_octets(reinterpret_cast<const uint8_t*>(&f.params[1].a)),
            tee_client_uuid_v5(fmt::format("gid={:x}", gid)));
  EXPECT_EQ(f.params[1].c, TEEC_LOGIN_GROUP);
  TEEC_CloseSession(&s);

  uint32_t origin = kNoOrigin;
  EXPECT_EQ(TEEC_OpenSession(&ctx_, &s, &kTa, TEEC_LOGIN_GROUP, nullptr, nullptr, &origin),
            TEEC_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(origin, TEEC_ORIGIN_API);
}

TEST_F(TeecTest, OpenSessionWithApplicationLoginSendsTheExecutablesUuid) {
  TEEC_Session s{};
  uint32_t origin = kNoOrigin;
  EXPECT_EQ(TEEC_OpenSession(&ctx_, &s, &kTa, TEEC_LOGIN_APPLICATION, nullptr, nullptr, &origin),
            TEEC_SUCCESS);
  const FakeFrame& f = world_->frames.at(0);
  const Uuid sent = Uuid::from_octets(reinterpret_cast<const uint8_t*>(&f.params[1].a));
  EXPECT_EQ(sent,
            tee_client_uuid_v5("app=" + std::filesystem::read_symlink("/proc/self/exe").string()));
  EXPECT_EQ(f.params[1].c, TEEC_LOGIN_APPLICATION);
  TEEC_CloseSession(&s);
  // The kernel's range stays closed.
  EXPECT_EQ(TEEC_OpenSession(&ctx_, &s, &kTa, 0x80000000u, nullptr, nullptr, &origin),
            TEEC_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(origin, TEEC_ORIGIN_COMMS);
}

TEST_F(TeecTest, OpenSessionFailureReportsTheTeesOriginAndLeavesTheSessionUnset) {
  world_->handler = [](FakeFrame& f) {
    f.ret = TEEC_ERROR_ITEM_NOT_FOUND;
    f.ret_origin = TEEC_ORIGIN_TEE;
  };
  TEEC_Session s{};
  uint32_t origin = kNoOrigin;
  EXPECT_EQ(TEEC_OpenSession(&ctx_, &s, &kTa, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
            TEEC_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(origin, TEEC_ORIGIN_TEE);
  EXPECT_EQ(s.imp.ctx, nullptr);
}

TEST_F(TeecTest, OpenSessionPassesAndReturnsOperationParams) {
  world_->handler = [](FakeFrame& f) {
    f.params[2].a += 1;
    f.ret = TEEC_SUCCESS;
    f.ret_origin = TEEC_ORIGIN_TRUSTED_APP;
    f.session = 77;
  };
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].value.a = 41;
  TEEC_Session s{};
  ASSERT_EQ(TEEC_OpenSession(&ctx_, &s, &kTa, TEEC_LOGIN_PUBLIC, nullptr, &op, nullptr),
            TEEC_SUCCESS);
  EXPECT_EQ(op.params[0].value.a, 42u);
  EXPECT_EQ(s.imp.session_id, 77u);
  world_->handler = nullptr;
  TEEC_CloseSession(&s);
}

TEST_F(TeecTest, NullArgumentsAreBadParametersFromTheApi) {
  TEEC_Session s{};
  uint32_t origin = kNoOrigin;
  EXPECT_EQ(TEEC_OpenSession(nullptr, &s, &kTa, 0, nullptr, nullptr, &origin),
            TEEC_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(origin, TEEC_ORIGIN_API);
  EXPECT_EQ(TEEC_OpenSession(&ctx_, nullptr, &kTa, 0, nullptr, nullptr, &origin),
            TEEC_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(TEEC_OpenSession(&ctx_, &s, nullptr, 0, nullptr, nullptr, &origin),
            TEEC_ERROR_BAD_PARAMETERS);
  origin = kNoOrigin;
  EXPECT_EQ(TEEC_InvokeCommand(nullptr, 1, nullptr, &origin), TEEC_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(origin, TEEC_ORIGIN_API);
  EXPECT_EQ(TEEC_InvokeCommand(&s, 1, nullptr, nullptr), TEEC_ERROR_BAD_PARAMETERS)
      << "a session that was never opened";
  EXPECT_TRUE(world_->frames.empty());

  // returnOrigin may be NULL; NULL handles are ignored where GP returns nothing.
  EXPECT_EQ(TEEC_InvokeCommand(&session_, 1, nullptr, nullptr), TEEC_SUCCESS);
  TEEC_CloseSession(nullptr);
  TEEC_FinalizeContext(nullptr);
  TEEC_ReleaseSharedMemory(nullptr);
  TEEC_RequestCancellation(nullptr);
}

TEST_F(TeecTest, InvokeWithoutOperationSendsFourNoneParams) {
  uint32_t origin = 0;
  ASSERT_EQ(invoke(nullptr, &origin, 0x1234), TEEC_SUCCESS);
  EXPECT_EQ(origin, TEEC_ORIGIN_TRUSTED_APP);
  const FakeFrame& f = invoked();
  EXPECT_EQ(f.func, 0x1234u);
  EXPECT_EQ(f.session, session_.imp.session_id);
  EXPECT_EQ(f.cancel_id, 0u);
  ASSERT_EQ(f.num_params, 4u);
  for (const auto& p : f.params)
    EXPECT_EQ(p.attr, abi::OPTEE_MSG_ATTR_TYPE_NONE);
}

TEST_F(TeecTest, ValueParamsAreMarshalledAndOnlyOutputsWrittenBack) {
  world_->handler = [](FakeFrame& f) {
    for (auto& p : f.params) {
      p.a = p.a * 10 + 1;
      p.b = p.b * 10 + 2;
    }
    f.ret = TEEC_SUCCESS;
    f.ret_origin = TEEC_ORIGIN_TRUSTED_APP;
  };
  TEEC_Operation op{};
  op.paramTypes =
      TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_VALUE_INOUT, TEEC_NONE);
  op.params[0].value = {1, 2};
  op.params[1].value = {3, 4};
  op.params[2].value = {5, 6};
  uint32_t origin = 0;
  ASSERT_EQ(invoke(&op, &origin), TEEC_SUCCESS);
  const FakeFrame& f = invoked();
  EXPECT_EQ(f.params[0].attr, abi::OPTEE_MSG_ATTR_TYPE_VALUE_INPUT);
  EXPECT_EQ(f.params[1].attr, abi::OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT);
  EXPECT_EQ(f.params[2].attr, abi::OPTEE_MSG_ATTR_TYPE_VALUE_INOUT);
  EXPECT_EQ(f.params[2].a, 5u);
  EXPECT_EQ(f.params[2].b, 6u);
  EXPECT_EQ(op.params[0].value.a, 1u) << "inputs are not written back";
  EXPECT_EQ(op.params[1].value.a, 31u);
  EXPECT_EQ(op.params[1].value.b, 42u);
  EXPECT_EQ(op.params[2].value.a, 51u);
  EXPECT_EQ(op.params[2].value.b, 62u);
}

TEST_F(TeecTest, TempMemrefsAreShadowedWithCopyInAndCopyOut) {
  world_->handler = [this](FakeFrame& f) {
    // p0 INPUT: read only. p1 OUTPUT: write "out!" and report 4. p2 INOUT: reverse.
    uint8_t* out = world_->mem(f.params[1].a, f.params[1].b);
    std::copy_n("out!", 4, out);
    f.params[1].b = 4;
    uint8_t* io = world_->mem(f.params[2].a, f.params[2].b);
    std::reverse(io, io + f.params[2].b);
    f.ret = TEEC_SUCCESS;
  };
  char in[] = "input";
  char out[16] = "xxxxxxxxxxxxxxx";
  char io[] = "abcdef";
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT,
                                   TEEC_MEMREF_TEMP_INOUT, TEEC_NONE);
  op.params[0].tmpref = {in, 5};
  op.params[1].tmpref = {out, sizeof out};
  op.params[2].tmpref = {io, 6};
  uint32_t origin = 0;
  ASSERT_EQ(invoke(&op, &origin), TEEC_SUCCESS);

  const FakeFrame& f = invoked();
  EXPECT_EQ(f.params[0].attr, abi::OPTEE_MSG_ATTR_TYPE_TMEM_INPUT);
  EXPECT_EQ(f.params[1].attr, abi::OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT);
  EXPECT_EQ(f.params[2].attr, abi::OPTEE_MSG_ATTR_TYPE_TMEM_INOUT);
  EXPECT_EQ(f.params[0].b, 5u);
  EXPECT_EQ(seen(f.params[0]), std::vector<uint8_t>(in, in + 5));
  EXPECT_EQ(op.params[0].tmpref.size, 5u);
  EXPECT_EQ(std::string(out, 4), "out!");
  EXPECT_EQ(out[4], 'x') << "only the returned size is copied out";
  EXPECT_EQ(op.params[1].tmpref.size, 4u);
  EXPECT_EQ(std::string(io), "fedcba");
  EXPECT_EQ(op.params[2].tmpref.size, 6u);
}

TEST_F(TeecTest, NullTempMemrefWithSizeZeroIsANullTmem) {
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].tmpref = {nullptr, 0};
  world_->handler = [](FakeFrame& f) {
    f.params[0].b = 24; // "I need 24 bytes"
    f.ret = TEEC_ERROR_SHORT_BUFFER;
    f.ret_origin = TEEC_ORIGIN_TRUSTED_APP;
  };
  uint32_t origin = 0;
  ASSERT_EQ(invoke(&op, &origin), TEEC_ERROR_SHORT_BUFFER);
  EXPECT_EQ(origin, TEEC_ORIGIN_TRUSTED_APP);
  const FakeFrame& f = invoked();
  EXPECT_EQ(f.params[0].attr, abi::OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT);
  EXPECT_EQ(f.params[0].a, 0u);
  EXPECT_EQ(f.params[0].b, 0u);
  EXPECT_EQ(op.params[0].tmpref.size, 24u) << "the size query is answered";
  EXPECT_EQ(op.params[0].tmpref.buffer, nullptr);
}

TEST_F(TeecTest, NullTempMemrefWithASizeIsBadParametersFromTheApi) {
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].tmpref = {nullptr, 8};
  uint32_t origin = 0;
  EXPECT_EQ(invoke(&op, &origin), TEEC_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(origin, TEEC_ORIGIN_API);
  EXPECT_TRUE(world_->frames.empty());
}

TEST_F(TeecTest, ShortBufferWritesTheNeededSizeWithoutOverflowingTheCallersBuffer) {
  world_->handler = [this](FakeFrame& f) {
    // A careless TA fills its whole buffer, then claims it needs 32 bytes.
    std::memset(world_->mem(f.params[0].a, f.params[0].b), 'T', f.params[0].b);
    f.params[0].b = 32;
    f.ret = TEEC_ERROR_SHORT_BUFFER;
    f.ret_origin = TEEC_ORIGIN_TRUSTED_APP;
  };
  struct {
    char buf[8];
    char guard[16];
  } mem;
  std::memset(&mem, 'G', sizeof mem);
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].tmpref = {mem.buf, sizeof mem.buf};
  uint32_t origin = 0;
  EXPECT_EQ(invoke(&op, &origin), TEEC_ERROR_SHORT_BUFFER);
  EXPECT_EQ(origin, TEEC_ORIGIN_TRUSTED_APP);
  EXPECT_EQ(op.params[0].tmpref.size, 32u);
  EXPECT_EQ(std::string(mem.buf, 8), "TTTTTTTT") << "copy-out is limited to the buffer";
  EXPECT_EQ(std::string(mem.guard, 16), std::string(16, 'G'));
}

TEST_F(TeecTest, AllocatedSharedMemoryIsPassedInPlace) {
  TEEC_SharedMemory shm{};
  shm.size = 64;
  shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
  ASSERT_EQ(TEEC_AllocateSharedMemory(&ctx_, &shm), TEEC_SUCCESS);
  ASSERT_NE(shm.buffer, nullptr);
  EXPECT_EQ(shm.imp.shadow_buffer, nullptr);
  EXPECT_EQ(shm.imp.registered_fd, -1);
  EXPECT_EQ(shm.imp.alloced_size, 64u);
  std::memcpy(shm.buffer, "hello", 5);

  world_->handler = [this](FakeFrame& f) {
    uint8_t* m = world_->mem(f.params[0].a, f.params[0].b);
    m[0] = 'J';
    f.params[0].b = 5;
    f.ret = TEEC_SUCCESS;
  };
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].memref.parent = &shm;
  uint32_t origin = 0;
  ASSERT_EQ(invoke(&op, &origin), TEEC_SUCCESS);
  const FakeFrame& f = invoked();
  EXPECT_EQ(f.params[0].attr, abi::OPTEE_MSG_ATTR_TYPE_TMEM_INOUT);
  EXPECT_EQ(f.params[0].a, world_->pa_of(shm.buffer)) << "zero-copy: the TA sees shm.buffer";
  EXPECT_EQ(f.params[0].b, 64u);
  EXPECT_EQ(std::string(static_cast<char*>(shm.buffer), 5), "Jello");
  EXPECT_EQ(op.params[0].memref.size, 5u);
  TEEC_ReleaseSharedMemory(&shm);
  EXPECT_EQ(shm.buffer, nullptr);
}

TEST_F(TeecTest, WholeMemrefDirectionFollowsTheParentFlags) {
  const std::pair<uint32_t, uint64_t> cases[] = {
      {TEEC_MEM_INPUT, abi::OPTEE_MSG_ATTR_TYPE_TMEM_INPUT},
      {TEEC_MEM_OUTPUT, abi::OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT},
      {TEEC_MEM_INPUT | TEEC_MEM_OUTPUT, abi::OPTEE_MSG_ATTR_TYPE_TMEM_INOUT},
  };
  for (const auto& [flags, attr] : cases) {
    TEEC_SharedMemory shm{};
    shm.size = 32;
    shm.flags = flags;
    ASSERT_EQ(TEEC_AllocateSharedMemory(&ctx_, &shm), TEEC_SUCCESS);
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
    op.params[0].memref.parent = &shm;
    op.params[0].memref.size = 999; // ignored on input for WHOLE
    uint32_t origin = 0;
    world_->frames.clear();
    ASSERT_EQ(invoke(&op, &origin), TEEC_SUCCESS);
    EXPECT_EQ(invoked().params[0].attr, attr);
    EXPECT_EQ(invoked().params[0].b, 32u);
    EXPECT_EQ(op.params[0].memref.size, (flags & TEEC_MEM_OUTPUT) != 0 ? 32u : 999u);
    TEEC_ReleaseSharedMemory(&shm);
  }
}

TEST_F(TeecTest, RegisteredSharedMemoryIsShadowedAroundEachOperation) {
  std::vector<uint8_t> user(100);
  std::iota(user.begin(), user.end(), 0);
  TEEC_SharedMemory shm{};
  shm.buffer = user.data();
  shm.size = user.size();
  shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
  ASSERT_EQ(TEEC_RegisterSharedMemory(&ctx_, &shm), TEEC_SUCCESS);
  ASSERT_NE(shm.imp.shadow_buffer, nullptr);
  EXPECT_EQ(shm.buffer, user.data()) << "the client's pointer is kept";

  world_->handler = [this](FakeFrame& f) {
    uint8_t* m = world_->mem(f.params[0].a, f.params[0].b);
    for (uint64_t i = 0; i < f.params[0].b; ++i)
      m[i] = static_cast<uint8_t>(m[i] + 1);
    f.ret = TEEC_SUCCESS;
  };
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].memref.parent = &shm;
  uint32_t origin = 0;
  ASSERT_EQ(invoke(&op, &origin), TEEC_SUCCESS);
  const FakeFrame& f = invoked();
  EXPECT_EQ(f.params[0].a, world_->pa_of(shm.imp.shadow_buffer));
  for (size_t i = 0; i < user.size(); ++i)
    ASSERT_EQ(user[i], static_cast<uint8_t>(i + 1)) << i;

  // The client changes its buffer between operations: the next one sees the change.
  user[0] = 200;
  world_->frames.clear();
  ASSERT_EQ(invoke(&op, &origin), TEEC_SUCCESS);
  EXPECT_EQ(user[0], 201);
  EXPECT_EQ(user[1], 3);
  TEEC_ReleaseSharedMemory(&shm);
  EXPECT_EQ(shm.buffer, user.data()) << "the client's buffer is not ours to forget";
}

TEST_F(TeecTest, PartialMemrefsPassOnlyTheirWindow) {
  std::vector<uint8_t> user(64, 'u');
  TEEC_SharedMemory shm{};
  shm.buffer = user.data();
  shm.size = user.size();
  shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
  ASSERT_EQ(TEEC_RegisterSharedMemory(&ctx_, &shm), TEEC_SUCCESS);
  std::memcpy(user.data() + 16, "window", 6);

  world_->handler = [this](FakeFrame& f) {
    EXPECT_EQ(seen(f.params[0]), std::vector<uint8_t>({'w', 'i', 'n', 'd', 'o', 'w'}));
    std::memcpy(world_->mem(f.params[1].a, f.params[1].b), "OUT", 3);
    f.params[1].b = 3;
    f.ret = TEEC_SUCCESS;
  };
  TEEC_Operation op{};
  op.paramTypes =
      TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT, TEEC_MEMREF_PARTIAL_OUTPUT, TEEC_NONE, TEEC_NONE);
  op.params[0].memref = {&shm, 6, 16};
  op.params[1].memref = {&shm, 10, 40};
  uint32_t origin = 0;
  ASSERT_EQ(invoke(&op, &origin), TEEC_SUCCESS);
  const FakeFrame& f = invoked();
  EXPECT_EQ(f.params[0].attr, abi::OPTEE_MSG_ATTR_TYPE_TMEM_INPUT);
  EXPECT_EQ(f.params[0].a, world_->pa_of(shm.imp.shadow_buffer) + 16);
  EXPECT_EQ(f.params[1].attr, abi::OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT);
  EXPECT_EQ(f.params[1].a, world_->pa_of(shm.imp.shadow_buffer) + 40);
  EXPECT_EQ(f.params[1].b, 10u);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(user.data()) + 40, 4), "OUTu");
  EXPECT_EQ(op.params[1].memref.size, 3u);
  EXPECT_EQ(op.params[0].memref.size, 6u);
  TEEC_ReleaseSharedMemory(&shm);
}

TEST_F(TeecTest, PartialDirectionNotAllowedByTheParentIsBadParametersFromTheApi) {
  const std::pair<uint32_t, uint32_t> refused[] = {
      {TEEC_MEM_INPUT, TEEC_MEMREF_PARTIAL_OUTPUT},
      {TEEC_MEM_INPUT, TEEC_MEMREF_PARTIAL_INOUT},
      {TEEC_MEM_OUTPUT, TEEC_MEMREF_PARTIAL_INPUT},
      {TEEC_MEM_OUTPUT, TEEC_MEMREF_PARTIAL_INOUT},
  };
  for (const auto& [flags, type] : refused) {
    TEEC_SharedMemory shm{};
    shm.size = 32;
    shm.flags = flags;
    ASSERT_EQ(TEEC_AllocateSharedMemory(&ctx_, &shm), TEEC_SUCCESS);
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_NONE, type, TEEC_NONE, TEEC_NONE);
    op.params[1].memref = {&shm, 8, 0};
    uint32_t origin = 0;
    EXPECT_EQ(invoke(&op, &origin), TEEC_ERROR_BAD_PARAMETERS) << flags << " " << type;
    EXPECT_EQ(origin, TEEC_ORIGIN_API);
    TEEC_ReleaseSharedMemory(&shm);
  }
  EXPECT_TRUE(world_->frames.empty());
}

TEST_F(TeecTest, PartialWindowOutsideTheParentIsBadParametersFromTheApi) {
  TEEC_SharedMemory shm{};
  shm.size = 32;
  shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
  ASSERT_EQ(TEEC_AllocateSharedMemory(&ctx_, &shm), TEEC_SUCCESS);
  const TEEC_RegisteredMemoryReference bad[] = {
      {&shm, 33, 0},        {&shm, 1, 32},        {&shm, 0, 33},
      {&shm, SIZE_MAX, 16}, {&shm, 16, SIZE_MAX}, {&shm, SIZE_MAX, SIZE_MAX},
      {nullptr, 1, 0},
  };
  for (const auto& ref : bad) {
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
    op.params[0].memref = ref;
    uint32_t origin = 0;
    EXPECT_EQ(invoke(&op, &origin), TEEC_ERROR_BAD_PARAMETERS) << ref.offset << "+" << ref.size;
    EXPECT_EQ(origin, TEEC_ORIGIN_API);
  }
  // The last byte exactly is fine.
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].memref = {&shm, 1, 31};
  uint32_t origin = 0;
  EXPECT_EQ(invoke(&op, &origin), TEEC_SUCCESS);
  TEEC_ReleaseSharedMemory(&shm);
}

TEST_F(TeecTest, ReleasedOrForeignSharedMemoryIsRefused) {
  TEEC_SharedMemory shm{};
  shm.size = 16;
  shm.flags = TEEC_MEM_INPUT;
  ASSERT_EQ(TEEC_AllocateSharedMemory(&ctx_, &shm), TEEC_SUCCESS);
  TEEC_SharedMemory copy = shm;
  TEEC_ReleaseSharedMemory(&shm);

  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].memref.parent = &copy; // a stale copy still names the freed block
  uint32_t origin = 0;
  EXPECT_EQ(invoke(&op, &origin), TEEC_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(origin, TEEC_ORIGIN_COMMS);

  TEEC_Context other{};
  ASSERT_EQ(TEEC_InitializeContext(nullptr, &other), TEEC_SUCCESS);
  TEEC_SharedMemory theirs{};
  theirs.size = 16;
  theirs.flags = TEEC_MEM_INPUT;
  ASSERT_EQ(TEEC_AllocateSharedMemory(&other, &theirs), TEEC_SUCCESS);
  op.params[0].memref.parent = &theirs;
  EXPECT_EQ(invoke(&op, &origin), TEEC_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(origin, TEEC_ORIGIN_COMMS) << "the kernel refuses another context's memory";
  TEEC_ReleaseSharedMemory(&theirs);
  TEEC_FinalizeContext(&other);
  EXPECT_TRUE(world_->frames.empty());
}

TEST_F(TeecTest, SharedMemoryFlagsAndSizesAreChecked) {
  TEEC_SharedMemory shm{};
  shm.size = 16;
  for (uint32_t flags : {0u, 4u, TEEC_MEM_INPUT | 8u}) {
    shm.flags = flags;
    EXPECT_EQ(TEEC_AllocateSharedMemory(&ctx_, &shm), TEEC_ERROR_BAD_PARAMETERS) << flags;
  }
  EXPECT_EQ(TEEC_AllocateSharedMemory(nullptr, &shm), TEEC_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(TEEC_AllocateSharedMemory(&ctx_, nullptr), TEEC_ERROR_BAD_PARAMETERS);

  shm.flags = TEEC_MEM_OUTPUT;
  shm.size = 0;
  ASSERT_EQ(TEEC_AllocateSharedMemory(&ctx_, &shm), TEEC_SUCCESS);
  EXPECT_EQ(shm.imp.alloced_size, 8u) << "size 0 is treated as 8";
  EXPECT_NE(shm.buffer, nullptr);
  TEEC_ReleaseSharedMemory(&shm);

  TEEC_SharedMemory reg{};
  reg.size = 4;
  reg.flags = TEEC_MEM_INPUT;
  EXPECT_EQ(TEEC_RegisterSharedMemory(&ctx_, &reg), TEEC_ERROR_BAD_PARAMETERS)
      << "registration needs a buffer";
}

TEST_F(TeecTest, WholeMemrefOfAGrownParentIsRefused) {
  std::vector<uint8_t> user(64);
  TEEC_SharedMemory shm{};
  shm.buffer = user.data();
  shm.size = 32;
  shm.flags = TEEC_MEM_INPUT;
  ASSERT_EQ(TEEC_RegisterSharedMemory(&ctx_, &shm), TEEC_SUCCESS);
  shm.size = 64; // larger than what was registered
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].memref.parent = &shm;
  uint32_t origin = 0;
  EXPECT_EQ(invoke(&op, &origin), TEEC_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(origin, TEEC_ORIGIN_API);
  TEEC_ReleaseSharedMemory(&shm);
}

TEST_F(TeecTest, PoolExhaustionIsOutOfMemory) {
  TEEC_SharedMemory shm{};
  shm.size = size_t{4} * 1024 * 1024; // larger than the fake's whole pool
  shm.flags = TEEC_MEM_INPUT;
  EXPECT_EQ(TEEC_AllocateSharedMemory(&ctx_, &shm), TEEC_ERROR_OUT_OF_MEMORY);
  std::vector<uint8_t> big(shm.size);
  shm.buffer = big.data();
  EXPECT_EQ(TEEC_RegisterSharedMemory(&ctx_, &shm), TEEC_ERROR_OUT_OF_MEMORY);

  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].tmpref = {big.data(), big.size()};
  uint32_t origin = 0;
  EXPECT_EQ(invoke(&op, &origin), TEEC_ERROR_OUT_OF_MEMORY);
  EXPECT_EQ(origin, TEEC_ORIGIN_API);
  EXPECT_TRUE(world_->frames.empty());
}

TEST_F(TeecTest, FailedSmcIsCommunicationFromCommsAndWritesNothingBack) {
  world_->call_a0 = abi::OPTEE_SMC_RETURN_EBADADDR;
  char out[8] = "keepme";
  TEEC_Operation op{};
  op.paramTypes =
      TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
  op.params[0].value = {5, 6};
  op.params[1].tmpref = {out, sizeof out};
  uint32_t origin = 0;
  EXPECT_EQ(invoke(&op, &origin), TEEC_ERROR_COMMUNICATION);
  EXPECT_EQ(origin, TEEC_ORIGIN_COMMS);
  EXPECT_EQ(op.params[0].value.a, 5u);
  EXPECT_EQ(op.params[1].tmpref.size, sizeof out);
  EXPECT_STREQ(out, "keepme");
  world_->call_a0 = abi::OPTEE_SMC_RETURN_OK;
}

TEST_F(TeecTest, UnknownParamTypeIsBadParametersFromTheApi) {
  for (uint32_t type : {4u, 8u, 9u, 0xAu, 0xBu}) {
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_NONE, TEEC_NONE, TEEC_NONE, type);
    uint32_t origin = 0;
    EXPECT_EQ(invoke(&op, &origin), TEEC_ERROR_BAD_PARAMETERS) << type;
    EXPECT_EQ(origin, TEEC_ORIGIN_API);
  }
  EXPECT_TRUE(world_->frames.empty());
}

TEST_F(TeecTest, ReleaseSharedMemoryTwiceIsSafe) {
  TEEC_SharedMemory shm{};
  shm.size = 128;
  shm.flags = TEEC_MEM_INPUT;
  ASSERT_EQ(TEEC_AllocateSharedMemory(&ctx_, &shm), TEEC_SUCCESS);
  TEEC_SharedMemory copy = shm;
  TEEC_ReleaseSharedMemory(&shm);
  EXPECT_EQ(shm.imp.id, -1);
  TEEC_ReleaseSharedMemory(&shm);
  TEEC_ReleaseSharedMemory(&copy); // a stale copy names nothing any more

  // A new allocation can take the same block; the stale copy must not free it.
  TEEC_SharedMemory next{};
  next.size = 128;
  next.flags = TEEC_MEM_INPUT;
  ASSERT_EQ(TEEC_AllocateSharedMemory(&ctx_, &next), TEEC_SUCCESS);
  TEEC_ReleaseSharedMemory(&copy);
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].memref.parent = &next;
  uint32_t origin = 0;
  EXPECT_EQ(invoke(&op, &origin), TEEC_SUCCESS);
  TEEC_ReleaseSharedMemory(&next);
}

TEST_F(TeecTest, SharedMemoryOutlivingItsContextStaysValidUntilReleased) {
  TEEC_Context other{};
  ASSERT_EQ(TEEC_InitializeContext(nullptr, &other), TEEC_SUCCESS);
  TEEC_SharedMemory shm{};
  shm.size = 64;
  shm.flags = TEEC_MEM_OUTPUT;
  ASSERT_EQ(TEEC_AllocateSharedMemory(&other, &shm), TEEC_SUCCESS);
  TEEC_FinalizeContext(&other);
  std::memset(shm.buffer, 0x42, shm.size); // still mapped, as with libteec's mmap
  TEEC_ReleaseSharedMemory(&shm);
}

TEST_F(TeecTest, CloseSessionClosesOnceAndFinalizeClosesWhatIsLeft) {
  TEEC_Session a{};
  TEEC_Session b{};
  ASSERT_EQ(TEEC_OpenSession(&ctx_, &a, &kTa, TEEC_LOGIN_PUBLIC, nullptr, nullptr, nullptr),
            TEEC_SUCCESS);
  ASSERT_EQ(TEEC_OpenSession(&ctx_, &b, &kTa, TEEC_LOGIN_PUBLIC, nullptr, nullptr, nullptr),
            TEEC_SUCCESS);
  world_->frames.clear();
  TEEC_CloseSession(&a);
  TEEC_CloseSession(&a);
  ASSERT_EQ(world_->frames.size(), 1u);
  EXPECT_EQ(world_->frames[0].cmd, abi::OPTEE_MSG_CMD_CLOSE_SESSION);
  EXPECT_EQ(world_->frames[0].session, a.imp.session_id);

  world_->frames.clear();
  TEEC_FinalizeContext(&ctx_);
  std::vector<uint32_t> closed;
  for (const auto& f : world_->frames) {
    EXPECT_EQ(f.cmd, abi::OPTEE_MSG_CMD_CLOSE_SESSION);
    closed.push_back(f.session);
  }
  std::sort(closed.begin(), closed.end());
  std::vector<uint32_t> expected = {session_.imp.session_id, b.imp.session_id};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(closed, expected);
  uint32_t origin = 0;
  EXPECT_EQ(TEEC_InvokeCommand(&b, 1, nullptr, &origin), TEEC_ERROR_BAD_PARAMETERS)
      << "its context is gone";
  EXPECT_EQ(origin, TEEC_ORIGIN_API);
}

TEST_F(TeecTest, RequestCancellationIsSafeWhenNothingRuns) {
  TEEC_Operation op{};
  TEEC_RequestCancellation(&op);
  uint32_t origin = 0;
  ASSERT_EQ(invoke(&op, &origin), TEEC_SUCCESS);
  EXPECT_EQ(op.imp.session, nullptr) << "a finished operation names no session";
  TEEC_RequestCancellation(&op);
  EXPECT_EQ(world_->frames.size(), 1u) << "no cancel for an operation that is not running";
}

TEST_F(TeecTest, RequestCancellationDuringAnInvokeCancelsItsSession) {
  TEEC_Operation op{};
  bool nested = false;
  world_->handler = [&](FakeFrame& f) {
    if (f.cmd == abi::OPTEE_MSG_CMD_INVOKE_COMMAND && !nested) {
      nested = true;
      TEEC_RequestCancellation(&op); // as another thread would, while the TA runs
      f.ret = TEEC_ERROR_CANCEL;
      f.ret_origin = TEEC_ORIGIN_TRUSTED_APP;
      return;
    }
    f.ret = TEEC_SUCCESS;
  };
  uint32_t origin = 0;
  EXPECT_EQ(invoke(&op, &origin), TEEC_ERROR_CANCEL);
  ASSERT_EQ(world_->frames.size(), 2u);
  EXPECT_EQ(world_->frames[1].cmd, abi::OPTEE_MSG_CMD_CANCEL);
  EXPECT_EQ(world_->frames[1].session, session_.imp.session_id);
  world_->handler = nullptr;
}

TEST_F(TeecTest, ConcurrentInvokesFromSeveralThreads) {
  world_->handler = [this](FakeFrame& f) {
    if (f.cmd == abi::OPTEE_MSG_CMD_INVOKE_COMMAND) {
      uint8_t* m = world_->mem(f.params[0].a, f.params[0].b);
      for (uint64_t i = 0; i < f.params[0].b; ++i)
        m[i] ^= 0xFF;
    }
    f.ret = TEEC_SUCCESS;
  };
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        std::vector<uint8_t> data(16 + t * 8 + i, static_cast<uint8_t>(t));
        TEEC_Operation op{};
        op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
        op.params[0].tmpref = {data.data(), data.size()};
        if (TEEC_InvokeCommand(&session_, 1, &op, nullptr) != TEEC_SUCCESS ||
            std::any_of(data.begin(), data.end(),
                        [&](uint8_t b) { return b != static_cast<uint8_t>(t ^ 0xFF); }))
          ++wrong;
      }
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(wrong.load(), 0);
  world_->handler = nullptr;
}

} // namespace
} // namespace swemu::bridge
