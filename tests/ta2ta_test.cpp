// TA-to-TA sessions (OPEN_TA_SESSION / INVOKE_TA_COMMAND / CLOSE_TA_SESSION): the
// ta2ta_test TA, built for AArch64 and AArch32, as a client of hello, hello32 and
// hello_single, driven end to end through the GP TEE Client API.
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

// Before tee_client_api.h, whose TEE_ERROR_* macros would clash with tee_abi.h names.
#include "test_world.h"

#include "hello_ta.h"
#include "ta2ta_round_trip.h"
#include "ta2ta_test_ta.h"
#include "tee_client_api.h"

namespace {

using swemu::test::use_secure_world;

namespace fs = std::filesystem;

const TEEC_UUID kTa2Ta = {
    0x4ee124b9, 0x8d89, 0x450a, {0xb2, 0xc4, 0x30, 0xf5, 0xa3, 0x05, 0xc4, 0x92}};
const TEEC_UUID kTa2Ta32 = {
    0x3f37032b, 0x091c, 0x48f0, {0xa5, 0xd3, 0xc3, 0xdc, 0xe7, 0x7e, 0xc7, 0xdc}};
const TEEC_UUID kHelloSingle = HELLO_SINGLE_TA_UUID;
const TEEC_UUID kHello = HELLO_TA_UUID;

struct Ta2TaBuild {
  const char* arch;
  TEEC_UUID uuid;
  const char* name; // binary and manifest base name
};
void PrintTo(const Ta2TaBuild& b, std::ostream* os) {
  *os << b.arch;
}
const Ta2TaBuild kBuilds[] = {{"AArch64", kTa2Ta, "ta2ta_test"},
                              {"AArch32", kTa2Ta32, "ta2ta_test32"}};

class Ta2TaTest : public ::testing::TestWithParam<Ta2TaBuild> {
protected:
  void SetUp() override { start({SWEMU_TEST_MANIFEST_DIR}); }
  void TearDown() override { stop(); }

  void start(std::vector<fs::path> manifests) {
    use_secure_world(std::move(manifests));
    ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx_), TEEC_SUCCESS);
    started_ = true;
    uint32_t origin = 0;
    ASSERT_EQ(TEEC_OpenSession(&ctx_, &sess_, &GetParam().uuid, TEEC_LOGIN_PUBLIC, nullptr, nullptr,
                               &origin),
              TEEC_SUCCESS);
    open_ = true;
  }
  void stop() {
    if (open_)
      TEEC_CloseSession(&sess_);
    if (started_)
      TEEC_FinalizeContext(&ctx_);
    open_ = started_ = false;
  }

  // Runs a command whose parameters are all values; returns the result.
  TEEC_Result values(uint32_t cmd, uint32_t types, TEEC_Value* v) {
    TEEC_Operation op{};
    op.paramTypes = types;
    for (int i = 0; i < 4; ++i)
      op.params[i].value = v[i];
    origin_ = 0;
    TEEC_Result r = TEEC_InvokeCommand(&sess_, cmd, &op, &origin_);
    for (int i = 0; i < 4; ++i)
      v[i] = op.params[i].value;
    return r;
  }

  TEEC_Context ctx_{};
  TEEC_Session sess_{};
  bool started_ = false;
  bool open_ = false;
  uint32_t origin_ = 0;
};

TEST_P(Ta2TaTest, RoundTripWithValuesAndHeapMemrefs) {
  for (uint32_t target : {0u, 1u}) // hello (AArch64), hello32
    swemu::test::expect_ta2ta_round_trip(sess_, target);
}

TEST_P(Ta2TaTest, OpeningItselfIsBusy) {
  TEEC_Value v[4] = {};
  ASSERT_EQ(values(TA2TA_CMD_SELF_OPEN,
                   TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE), v),
            TEEC_SUCCESS);
  EXPECT_EQ(v[0].a, TEEC_ERROR_BUSY);
  EXPECT_EQ(v[0].b, TEEC_ORIGIN_TEE);
  // Still usable afterwards.
  ASSERT_EQ(values(TA2TA_CMD_OPEN_HELLO,
                   TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE), v),
            TEEC_SUCCESS);
  EXPECT_EQ(v[0].a, TEEC_SUCCESS);
}

TEST_P(Ta2TaTest, ShortBufferSizeIsPropagated) {
  TEEC_Value v[4] = {};
  ASSERT_EQ(values(TA2TA_CMD_SHORT_BUFFER,
                   TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE), v),
            TEEC_SUCCESS);
  EXPECT_EQ(v[0].a, TEEC_ERROR_SHORT_BUFFER);
  EXPECT_EQ(v[0].b, 16u);
  EXPECT_EQ(v[1].a, TEEC_ORIGIN_TRUSTED_APP);
  EXPECT_EQ(v[1].b, 1u) << "the too-small output buffer was written";
}

TEST_P(Ta2TaTest, ManifestCanDenyTrustedAppClients) {
  stop();
  char tmpl[] = "/tmp/swemu_ta2ta_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const fs::path dir = tmpl;
  const std::string ta_dir = SWEMU_TEST_TA_DIR;
  {
    std::ofstream(dir / "hello.json")
        << R"({"name": "hello", "uuid": ")" << HELLO_TA_UUID_STR << R"(", "binary": ")" << ta_dir
        << R"(/hello.elf", "clients": [{"login": "public"},)"
        << R"( {"login": "trusted_app", "uuid": "11111111-2222-3333-4444-555555555555"}]})";
    char uuid[37];
    const TEEC_UUID& u = GetParam().uuid;
    std::snprintf(uuid, sizeof uuid, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", u.timeLow,
                  u.timeMid, u.timeHiAndVersion, u.clockSeqAndNode[0], u.clockSeqAndNode[1],
                  u.clockSeqAndNode[2], u.clockSeqAndNode[3], u.clockSeqAndNode[4],
                  u.clockSeqAndNode[5], u.clockSeqAndNode[6], u.clockSeqAndNode[7]);
    std::ofstream(dir / "ta2ta.json")
        << R"({"name": ")" << GetParam().name << R"(", "uuid": ")" << uuid << R"(", "binary": ")"
        << ta_dir << "/" << GetParam().name << R"(.elf"})";
  }
  start({dir});
  TEEC_Value v[4] = {};
  EXPECT_EQ(values(TA2TA_CMD_OPEN_HELLO,
                   TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE), v),
            TEEC_SUCCESS);
  EXPECT_EQ(v[0].a, TEEC_ERROR_ACCESS_DENIED);
  EXPECT_EQ(v[0].b, TEEC_ORIGIN_TEE);
  // The normal world is still let in.
  TEEC_Session hello{};
  uint32_t origin = 0;
  EXPECT_EQ(TEEC_OpenSession(&ctx_, &hello, &kHello, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
            TEEC_SUCCESS);
  TEEC_CloseSession(&hello);
  stop();
  fs::remove_all(dir);
}

TEST_P(Ta2TaTest, ForeignSessionIdFailsCleanly) {
  // A session of the normal world's: the TA may neither invoke nor close it.
  TEEC_Session hello{};
  uint32_t origin = 0;
  ASSERT_EQ(TEEC_OpenSession(&ctx_, &hello, &kHello, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
            TEEC_SUCCESS);
  TEEC_Value v[4] = {};
  v[0].a = hello.imp.session_id;
  ASSERT_EQ(
      values(TA2TA_CMD_RAW_SESSION,
             TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_VALUE_OUTPUT, TEEC_NONE),
             v),
      TEEC_SUCCESS);
  EXPECT_EQ(v[1].a, TEEC_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(v[1].b, TEEC_ORIGIN_TEE);
  EXPECT_EQ(v[2].a, TEEC_ERROR_BAD_PARAMETERS);
  // ... and the normal world's session is intact.
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  op.params[0].value.a = 1;
  EXPECT_EQ(TEEC_InvokeCommand(&hello, HELLO_CMD_INC_VALUE, &op, &origin), TEEC_SUCCESS);
  EXPECT_EQ(op.params[0].value.a, 2u);
  TEEC_CloseSession(&hello);

  // Ids that were never handed out, including 0.
  for (uint32_t id : {0u, 0x7fffffffu}) {
    TEEC_Value w[4] = {};
    w[0].a = id;
    ASSERT_EQ(
        values(TA2TA_CMD_RAW_SESSION,
               TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_VALUE_OUTPUT, TEEC_NONE),
               w),
        TEEC_SUCCESS);
    EXPECT_EQ(w[1].a, TEEC_ERROR_BAD_PARAMETERS);
    EXPECT_EQ(w[2].a, TEEC_ERROR_BAD_PARAMETERS);
  }
}

TEST_P(Ta2TaTest, ClosedSessionIdFailsCleanly) {
  TEEC_Value v[4] = {};
  ASSERT_EQ(values(TA2TA_CMD_STALE_SESSION,
                   TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE), v),
            TEEC_SUCCESS);
  EXPECT_EQ(v[0].a, TEEC_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(v[0].b, TEEC_ORIGIN_TEE);
}

TEST_P(Ta2TaTest, SessionsATaLeftOpenCloseWithIt) {
  TEEC_Value v[4] = {};
  ASSERT_EQ(values(TA2TA_CMD_KEEP_SINGLE,
                   TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE), v),
            TEEC_SUCCESS);
  ASSERT_EQ(v[0].a, TEEC_SUCCESS);
  // hello_single takes one session at a time: the TA holds it.
  TEEC_Session single{};
  uint32_t origin = 0;
  EXPECT_EQ(
      TEEC_OpenSession(&ctx_, &single, &kHelloSingle, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
      TEEC_ERROR_BUSY);
  // Closing the last session of ta2ta_test ends the instance and the sessions it opened.
  TEEC_CloseSession(&sess_);
  open_ = false;
  ASSERT_EQ(
      TEEC_OpenSession(&ctx_, &single, &kHelloSingle, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
      TEEC_SUCCESS);
  TEEC_CloseSession(&single);
}

// cancellationRequestTimeout: the callee's unmasked TEE_Wait ends with TEE_ERROR_CANCEL
// once the timeout passes, long before the wait would (GP §4.9.3, OP-TEE cancel_time).
TEST_P(Ta2TaTest, CancellationTimeoutCancelsTheCallee) {
  const uint32_t arm32 = std::string(GetParam().arch) == "AArch32" ? 1 : 0;
  TEEC_Value v[4] = {{50, 20000}, {}, {arm32, 0}, {}};
  ASSERT_EQ(values(TA2TA_CMD_WAIT_IN_CALLEE,
                   TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_VALUE_INPUT,
                                    TEEC_VALUE_OUTPUT),
                   v),
            TEEC_SUCCESS);
  EXPECT_EQ(v[1].a, TEEC_ERROR_CANCEL);
  EXPECT_EQ(v[1].b, TEEC_ORIGIN_TRUSTED_APP);
  EXPECT_LT(v[3].a, 20000u); // the wait was cut short
  EXPECT_EQ(v[3].b, 1u);     // and the flag is up after it
}

TEST_P(Ta2TaTest, InfiniteTimeoutLetsTheCalleeFinish) {
  const uint32_t arm32 = std::string(GetParam().arch) == "AArch32" ? 1 : 0;
  TEEC_Value v[4] = {{0xFFFFFFFF, 20}, {}, {arm32, 0}, {}};
  ASSERT_EQ(values(TA2TA_CMD_WAIT_IN_CALLEE,
                   TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_VALUE_INPUT,
                                    TEEC_VALUE_OUTPUT),
                   v),
            TEEC_SUCCESS);
  EXPECT_EQ(v[1].a, TEEC_SUCCESS);
  EXPECT_GE(v[3].a, 20u);
  EXPECT_EQ(v[3].b, 0u);
}

// The client cancels the caller's operation while the callee waits: the request is passed
// on, and the callee's wait ends with TEE_ERROR_CANCEL.
TEST_P(Ta2TaTest, ClientCancellationReachesTheCallee) {
  const uint32_t arm32 = std::string(GetParam().arch) == "AArch32" ? 1 : 0;
  TEEC_Operation op{};
  op.paramTypes =
      TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT);
  op.params[0].value = {0xFFFFFFFF, 0xFFFFFFFF}; // no timeout, wait forever
  op.params[2].value = {arm32, 0};
  op.started = 0;
  auto call = std::async(std::launch::async, [&] {
    return TEEC_InvokeCommand(&sess_, TA2TA_CMD_WAIT_IN_CALLEE, &op, nullptr);
  });
  // Keep asking until the call finishes: a request that arrives before the callee's entry
  // starts is passed on when the link is made.
  while (call.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready)
    TEEC_RequestCancellation(&op);
  ASSERT_EQ(call.get(), TEEC_SUCCESS);
  EXPECT_EQ(op.params[1].value.a, TEEC_ERROR_CANCEL);
  EXPECT_EQ(op.params[3].value.b, 1u);
}

// ta2ta_test and ta2ta_test32 are single-instance TAs. Two clients that each make one call
// the other at the same time would wait for each other forever; the secure world sees the
// cycle and answers TEE_ERROR_BUSY to the call that would close it.
TEST(Ta2TaCycle, TwoThreadsCallingEachOthersInstanceDoNotDeadlock) {
  use_secure_world({SWEMU_TEST_MANIFEST_DIR});
  TEEC_Context ctx{};
  ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx), TEEC_SUCCESS);
  auto call_peer = [&](const TEEC_UUID& ta, uint32_t peer) {
    TEEC_Session s{};
    EXPECT_EQ(TEEC_OpenSession(&ctx, &s, &ta, TEEC_LOGIN_PUBLIC, nullptr, nullptr, nullptr),
              TEEC_SUCCESS);
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
    op.params[0].value = {peer, 200}; // both are inside their TA before either calls out
    EXPECT_EQ(TEEC_InvokeCommand(&s, TA2TA_CMD_CALL_PEER, &op, nullptr), TEEC_SUCCESS);
    TEEC_CloseSession(&s);
    return op.params[1].value.a;
  };
  auto first = std::async(std::launch::async, call_peer, kTa2Ta, 1u);
  auto second = std::async(std::launch::async, call_peer, kTa2Ta32, 0u);
  const uint32_t a = first.get();
  const uint32_t b = second.get();
  for (uint32_t r : {a, b})
    EXPECT_TRUE(r == TEEC_SUCCESS || r == TEEC_ERROR_BUSY) << std::hex << r;
  EXPECT_LE(int(a == TEEC_ERROR_BUSY) + int(b == TEEC_ERROR_BUSY), 1);
  TEEC_FinalizeContext(&ctx);
}

INSTANTIATE_TEST_SUITE_P(Builds, Ta2TaTest, ::testing::ValuesIn(kBuilds),
                         [](const auto& info) { return std::string(info.param.arch); });

} // namespace
