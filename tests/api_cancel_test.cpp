// Cancellation (GP TEE Internal Core API v1.3.1 §4.10): TEEC_RequestCancellation from
// another client thread reaches the api_test TA's TEE_Wait through OPTEE_MSG_CMD_CANCEL;
// the per-session mask; the CancelState behind it; and CANCEL at the monitor.
#include <sys/mman.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>

#include <gtest/gtest.h>

#include "api_test_client.h"
#include "swemu/core/smc.h"
#include "swemu/core/tee_abi.h"
#include "syscalls/syscalls.h"

namespace swemu::test {
namespace {

using namespace std::chrono_literals;

class ApiCancel : public ::testing::Test {
protected:
  void SetUp() override {
    use_secure_world({SWEMU_TEST_MANIFEST_DIR});
    ASSERT_EQ(ta_.start(), TEEC_SUCCESS);
  }

  // Runs `cmd` with `op` while another thread keeps asking to cancel it, until it returns.
  // The requests start before the TA gets to its wait and go on after, so the test does
  // not depend on timing; RequestCancellation does nothing while the operation is not
  // running in the TEE.
  TEEC_Result invoke_while_cancelling(uint32_t cmd, TEEC_Operation* op) {
    std::atomic<bool> done = false;
    std::thread canceller([&] {
      while (!done) {
        TEEC_RequestCancellation(op);
        std::this_thread::sleep_for(5ms);
      }
    });
    TEEC_Result res = ta_.invoke(cmd, op);
    done = true;
    canceller.join();
    // A request that landed after the command ended is dropped when the next entry
    // returns; this one makes sure of that before the test goes on.
    ta_.cancel_flag();
    return res;
  }

  ApiTaClient ta_;
};

TEST_F(ApiCancel, ANewSessionStartsMaskedAndTheMaskPersistsAcrossEntries) {
  TEEC_Result res = 0;
  EXPECT_EQ(ta_.set_mask(false, &res), 1u); // was masked
  EXPECT_EQ(res, TEEC_SUCCESS);
  EXPECT_EQ(ta_.set_mask(false), 0u); // still unmasked from the previous entry
  EXPECT_EQ(ta_.set_mask(true), 0u);
  EXPECT_EQ(ta_.set_mask(true), 1u);
}

TEST_F(ApiCancel, TheFlagIsClearWithoutARequest) {
  EXPECT_EQ(ta_.cancel_flag(), 0u);
  ta_.set_mask(false);
  TEEC_Result res = 0;
  EXPECT_EQ(ta_.cancel_flag(&res), 0u);
  EXPECT_EQ(res, TEEC_SUCCESS);
}

TEST_F(ApiCancel, RequestCancellationEndsAnUnmaskedWait) {
  TEEC_Operation op =
      operation(TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE));
  op.params[0].value.a = 30'000; // far longer than the test takes when cancellation works
  op.params[0].value.b = 1;      // unmask around the wait
  EXPECT_EQ(invoke_while_cancelling(API_TEST_CMD_WAIT, &op), TEEC_ERROR_CANCEL);
  EXPECT_EQ(ta_.origin(), TEEC_ORIGIN_TRUSTED_APP); // TEE_Wait's result, returned by the TA
  EXPECT_EQ(op.params[1].value.b, 1u);              // the flag was set after the wait

  // The request belonged to that operation: the next one starts clean.
  ta_.set_mask(false);
  EXPECT_EQ(ta_.cancel_flag(), 0u);
  op.params[0].value.a = 10;
  EXPECT_EQ(ta_.invoke(API_TEST_CMD_WAIT, &op), TEEC_SUCCESS);
}

TEST_F(ApiCancel, AMaskedWaitIsNotCancelled) {
  TEEC_Operation op =
      operation(TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE));
  op.params[0].value.a = 30'000;
  EXPECT_EQ(invoke_while_cancelling(API_TEST_CMD_MASKED_WAIT, &op), TEEC_SUCCESS);
  EXPECT_EQ(op.params[1].value.b, 1u); // the request was seen through the mask
  EXPECT_GE(op.params[1].value.a, 2u); // and masked waits ran to their end meanwhile
}

TEST_F(ApiCancel, OtherSessionsAreNotCancelled) {
  TEEC_Session other;
  ASSERT_EQ(ta_.open_another(&other), TEEC_SUCCESS);
  TEEC_Operation mask =
      operation(TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE));
  mask.params[0].value.a = 0;
  ASSERT_EQ(ta_.invoke(API_TEST_CMD_SET_MASK, &mask, &other), TEEC_SUCCESS);

  TEEC_Operation op =
      operation(TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE));
  op.params[0].value.a = 30'000;
  op.params[0].value.b = 1;
  EXPECT_EQ(invoke_while_cancelling(API_TEST_CMD_WAIT, &op), TEEC_ERROR_CANCEL);

  TEEC_Operation flag =
      operation(TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE));
  ASSERT_EQ(ta_.invoke(API_TEST_CMD_CANCEL_FLAG, &flag, &other), TEEC_SUCCESS);
  EXPECT_EQ(flag.params[0].value.a, 0u);
  TEEC_CloseSession(&other);
}

// --- CancelState -------------------------------------------------------------------------

TEST(CancelState, StartsMaskedAndNotCancelled) {
  core::CancelState c;
  EXPECT_FALSE(c.cancelled());
  EXPECT_TRUE(c.set_mask(true)); // was masked
}

TEST(CancelState, ARequestCountsOnlyWhileUnmasked) {
  core::CancelState c;
  c.request();
  EXPECT_FALSE(c.cancelled());
  EXPECT_TRUE(c.set_mask(false));
  EXPECT_TRUE(c.cancelled());
  EXPECT_FALSE(c.set_mask(true));
  EXPECT_FALSE(c.cancelled());
}

TEST(CancelState, TheRequestEndsWithTheEntryButTheMaskStays) {
  core::CancelState c;
  c.set_mask(false);
  c.request();
  c.end_entry();
  EXPECT_FALSE(c.cancelled());
  EXPECT_FALSE(c.set_mask(false)); // still unmasked
}

TEST(CancelState, AWaitEndsAtItsDeadlineWhenNotCancelled) {
  core::CancelState c;
  c.set_mask(false);
  const auto deadline = core::CancelState::Clock::now() + 20ms;
  EXPECT_FALSE(c.wait_until(deadline));
  EXPECT_GE(core::CancelState::Clock::now(), deadline);
  c.request();
  c.set_mask(true);
  EXPECT_FALSE(c.wait_until(core::CancelState::Clock::now() + 5ms)); // masked
}

// TA-to-TA cancellationRequestTimeout: past the deadline the entry counts as cancelled
// (unless masked), an endless wait ends, and the next entry starts without it.
TEST(CancelState, RequestDeadlineCancelsOnceItPasses) {
  core::CancelState c;
  c.set_mask(false);
  c.set_request_deadline(core::CancelState::Clock::now() + 20ms);
  EXPECT_FALSE(c.cancelled());
  EXPECT_TRUE(c.wait_until(std::nullopt));
  EXPECT_TRUE(c.cancelled());
  c.set_mask(true);
  EXPECT_FALSE(c.cancelled());
  c.set_mask(false);
  c.end_entry();
  EXPECT_FALSE(c.cancelled());
}

TEST(CancelState, RequestsArePassedToTheLinkedCalleeOnly) {
  core::CancelState caller;
  core::CancelState callee;
  callee.set_mask(false);
  caller.link_callee(&callee);
  caller.request();
  EXPECT_TRUE(callee.cancelled());
  callee.end_entry();
  caller.link_callee(nullptr);
  caller.request();
  EXPECT_FALSE(callee.cancelled());
  // A request made before the link is passed on when the link is made.
  caller.link_callee(&callee);
  EXPECT_TRUE(callee.cancelled());
}

TEST(CancelState, APendingRequestEndsAWaitAtOnce) {
  core::CancelState c;
  c.request();
  c.set_mask(false);
  EXPECT_TRUE(c.wait_until(std::nullopt));
}

TEST(CancelState, ARequestFromAnotherThreadWakesAWaitWithoutDeadline) {
  core::CancelState c;
  c.set_mask(false);
  std::thread t([&] {
    std::this_thread::sleep_for(10ms);
    c.request();
  });
  EXPECT_TRUE(c.wait_until(std::nullopt));
  t.join();
}

// --- The monitor --------------------------------------------------------------------------

TEST(CancelMonitor, CancelForAnUnknownSessionIsBadParameters) {
  constexpr uint64_t kPa = 0x42000000;
  constexpr uint64_t kSize = 16 * 1024;
  auto* mem = static_cast<uint8_t*>(
      mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(mem, MAP_FAILED);
  core::SecureWorldConfig cfg;
  cfg.manifest_dirs = {SWEMU_TEST_MANIFEST_DIR};
  cfg.ta_dirs = {SWEMU_TEST_TA_DIR};
  auto world = core::SecureWorld::create(cfg, core::NsShm{mem, kPa, kSize});
  ASSERT_TRUE(world) << world.error().message;

  // optee_msg_arg: cmd, func, session, cancel_id, pad, ret, ret_origin, num_params.
  const uint32_t hdr[8] = {abi::OPTEE_MSG_CMD_CANCEL, 0, 4242, 0, 0, 0, 0, 0};
  std::memcpy(mem, hdr, sizeof hdr);
  core::SmcRegs in;
  in.a[0] = abi::OPTEE_SMC_CALL_WITH_ARG;
  in.a[2] = kPa;
  EXPECT_EQ((*world)->smc(in).a[0], abi::OPTEE_SMC_RETURN_OK);
  uint32_t ret = 0;
  std::memcpy(&ret, mem + 20, 4);
  EXPECT_EQ(ret, abi::TEE_ERROR_BAD_PARAMETERS);
  world->reset();
  munmap(mem, kSize);
}

} // namespace
} // namespace swemu::test
