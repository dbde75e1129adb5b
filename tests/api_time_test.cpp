// Time (GP TEE Internal Core API v1.3.1 §7.2): system and REE time seen by the api_test
// TA, TA persistent time in memory and across secure-world restarts, TEE_Wait and the
// entry time limit; and the TaTimeStore behind GET_TIME / SET_TA_TIME with fake clocks.
#include <chrono>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "api_test_client.h"
#include "swemu/core/tee_abi.h"
#include "syscalls/syscalls.h"

namespace swemu::test {
namespace {

constexpr uint32_t kTimeNotSet = 0xFFFF5000;
constexpr uint32_t kTimeNeedsReset = 0xFFFF5001;

uint64_t host_wall_ms() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

uint64_t host_steady_ms() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

class ApiTime : public ::testing::Test {
protected:
  void SetUp() override {
    use_secure_world({SWEMU_TEST_MANIFEST_DIR});
    ASSERT_EQ(ta_.start(), TEEC_SUCCESS);
  }

  struct Readings {
    TEEC_Result res = 0;
    uint64_t before_ms = 0;
    uint64_t after_ms = 0;
  };
  Readings system_time_around_wait(uint32_t wait_ms) {
    TEEC_Operation op = operation(
        TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_VALUE_OUTPUT, TEEC_NONE));
    op.params[0].value.a = wait_ms;
    Readings r;
    r.res = ta_.invoke(API_TEST_CMD_SYSTEM_TIME, &op);
    r.before_ms = uint64_t{op.params[1].value.a} * 1000 + op.params[1].value.b;
    r.after_ms = uint64_t{op.params[2].value.a} * 1000 + op.params[2].value.b;
    return r;
  }

  ApiTaClient ta_;
};

TEST_F(ApiTime, SystemTimeIsMonotonicAndCoversTheWait) {
  uint64_t last = 0;
  for (int i = 0; i < 3; ++i) {
    auto r = system_time_around_wait(30);
    ASSERT_EQ(r.res, TEEC_SUCCESS);
    EXPECT_GE(r.before_ms, last);
    EXPECT_GE(r.after_ms, r.before_ms + 30);
    last = r.after_ms;
  }
}

TEST_F(ApiTime, ReeTimeIsTheHostWallClock) {
  const uint64_t before = host_wall_ms();
  auto t = ta_.ree_time();
  const uint64_t after = host_wall_ms();
  ASSERT_EQ(t.res, TEEC_SUCCESS);
  EXPECT_LT(t.millis, 1000u);
  EXPECT_GE(t.ms, before);
  EXPECT_LE(t.ms, after);
}

TEST_F(ApiTime, PersistentTimeIsNotSetAtFirst) {
  auto t = ta_.get_ta_time();
  EXPECT_EQ(t.res, kTimeNotSet);
  EXPECT_EQ(t.seconds, 0u);
  EXPECT_EQ(t.millis, 0u);
}

TEST_F(ApiTime, PersistentTimeRunsOnFromWhereItWasSet) {
  const uint64_t start = host_steady_ms();
  ASSERT_EQ(ta_.set_ta_time(1000, 500), TEEC_SUCCESS);
  auto t = ta_.get_ta_time();
  const uint64_t elapsed = host_steady_ms() - start;
  ASSERT_EQ(t.res, TEEC_SUCCESS);
  EXPECT_GE(t.ms, 1000500u);
  EXPECT_LE(t.ms, 1000500u + elapsed + 2); // never ahead of the time that really passed
  EXPECT_LT(t.millis, 1000u);
}

TEST_F(ApiTime, PersistentTimeIsSharedByTheTasInstances) {
  ASSERT_EQ(ta_.set_ta_time(77, 0), TEEC_SUCCESS);
  TEEC_Session other;
  ASSERT_EQ(ta_.open_another(&other), TEEC_SUCCESS);
  TEEC_Operation op =
      operation(TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE));
  EXPECT_EQ(ta_.invoke(API_TEST_CMD_GET_TA_TIME, &op, &other), TEEC_SUCCESS);
  EXPECT_GE(op.params[0].value.a, 77u);
  TEEC_CloseSession(&other);
}

TEST_F(ApiTime, PersistentTimeWrapsWithOverflow) {
  ASSERT_EQ(ta_.set_ta_time(0xFFFFFFFF, 999), TEEC_SUCCESS);
  ASSERT_EQ(system_time_around_wait(5).res, TEEC_SUCCESS); // let a few ms pass
  auto t = ta_.get_ta_time();
  EXPECT_EQ(t.res, TEE_ERROR_OVERFLOW);
  EXPECT_LT(t.seconds, 0xFFFFFFFFu); // the wrapped value
}

TEST_F(ApiTime, UnnormalizedPersistentTimePanicsTheTa) {
  EXPECT_EQ(ta_.set_ta_time(1, 1000), TEEC_ERROR_TARGET_DEAD);
  EXPECT_EQ(ta_.origin(), TEEC_ORIGIN_TEE);
}

TEST_F(ApiTime, WaitLastsAtLeastItsTimeout) {
  TEEC_Operation op =
      operation(TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE));
  op.params[0].value.a = 100;
  ASSERT_EQ(ta_.invoke(API_TEST_CMD_WAIT, &op), TEEC_SUCCESS);
  EXPECT_GE(op.params[1].value.a, 100u);
  EXPECT_EQ(op.params[1].value.b, 0u); // nobody cancelled
  op.params[0].value.a = 0;
  EXPECT_EQ(ta_.invoke(API_TEST_CMD_WAIT, &op), TEEC_SUCCESS);
}

TEST(ApiTimeRestart, WithoutAStateDirARestartedSecureWorldForgetsTheTime) {
  use_secure_world({SWEMU_TEST_MANIFEST_DIR});
  {
    ApiTaClient ta;
    ASSERT_EQ(ta.start(), TEEC_SUCCESS);
    ASSERT_EQ(ta.set_ta_time(5000, 0), TEEC_SUCCESS);
  }
  ApiTaClient ta;
  ASSERT_EQ(ta.start(), TEEC_SUCCESS);
  EXPECT_EQ(ta.get_ta_time().res, kTimeNotSet);
}

TEST(ApiTimeRestart, WithAStateDirTheTimeSurvivesARestart) {
  TempDir state("ta_time");
  use_secure_world({SWEMU_TEST_MANIFEST_DIR}, state.path());
  const uint64_t start = host_wall_ms();
  {
    ApiTaClient ta;
    ASSERT_EQ(ta.start(), TEEC_SUCCESS);
    ASSERT_EQ(ta.set_ta_time(5000, 250), TEEC_SUCCESS);
  } // the secure world is gone
  EXPECT_TRUE(fs::exists(state.path() / "ta_time" / (std::string(API_TEST_TA_UUID_STR) + ".json")));

  ApiTaClient ta;
  ASSERT_EQ(ta.start(), TEEC_SUCCESS);
  auto t = ta.get_ta_time();
  const uint64_t elapsed = host_wall_ms() - start;
  ASSERT_EQ(t.res, TEEC_SUCCESS);
  EXPECT_GE(t.ms, 5000250u);
  EXPECT_LE(t.ms, 5000250u + elapsed + 2);
}

TEST(ApiTimeRestart, AnUnreadableStateFileNeedsAReset) {
  TempDir state("ta_time");
  fs::create_directories(state.path() / "ta_time");
  state.write(std::string("ta_time/") + API_TEST_TA_UUID_STR + ".json", "{ not json");
  use_secure_world({SWEMU_TEST_MANIFEST_DIR}, state.path());
  ApiTaClient ta;
  ASSERT_EQ(ta.start(), TEEC_SUCCESS);
  auto t = ta.get_ta_time();
  EXPECT_EQ(t.res, kTimeNeedsReset);
  EXPECT_EQ(t.ms, 0u);
  ASSERT_EQ(ta.set_ta_time(10, 0), TEEC_SUCCESS);
  EXPECT_EQ(ta.get_ta_time().res, TEEC_SUCCESS);
}

// The entry time limit counts a TEE_Wait: a wait that outlasts it ends at the limit and
// the entry is stopped like any runaway one.
TEST(ApiTimeLimit, AWaitLongerThanTheTimeLimitStopsTheEntry) {
  TempDir manifests("api_manifests");
  manifests.write("api_test.json", R"({"uuid": ")" API_TEST_TA_UUID_STR
                                   R"(", "binary": "api_test.elf", "time_limit_ms": 300})");
  use_secure_world({manifests.path()});
  ApiTaClient ta;
  ASSERT_EQ(ta.start(), TEEC_SUCCESS);
  for (uint32_t timeout : {60'000u, 0xFFFFFFFFu}) { // finite, and TEE_TIMEOUT_INFINITE
    TEEC_Operation op =
        operation(TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE));
    op.params[0].value.a = timeout;
    EXPECT_EQ(ta.invoke(API_TEST_CMD_WAIT, &op), TEEC_ERROR_TARGET_DEAD);
    EXPECT_EQ(ta.origin(), TEEC_ORIGIN_TEE);
    ta.stop();
    ASSERT_EQ(ta.start(), TEEC_SUCCESS); // a fresh instance
  }
  // A wait within the limit is fine.
  TEEC_Operation op =
      operation(TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE));
  op.params[0].value.a = 10;
  EXPECT_EQ(ta.invoke(API_TEST_CMD_WAIT, &op), TEEC_SUCCESS);
}

// --- TaTimeStore with fake clocks -------------------------------------------------------

class TaTimeStoreTest : public ::testing::Test {
protected:
  core::TaTimeStore::Clocks clocks() {
    return {[this] { return system_ms_; }, [this] { return ree_ms_; }};
  }
  int64_t system_ms_ = 1'000;          // monotonic, since some boot
  int64_t ree_ms_ = 1'700'000'000'000; // wall clock
  Uuid ta_ = *Uuid::parse(API_TEST_TA_UUID_STR);
  Uuid other_ = *Uuid::parse("8296e59f-0c73-418b-8e62-20011adec8d6");
};

TEST_F(TaTimeStoreTest, TimeIsPerTaAndFollowsTheSystemClock) {
  core::TaTimeStore store({}, clocks());
  EXPECT_EQ(store.get(ta_).result, kTimeNotSet);
  ASSERT_EQ(store.set(ta_, {100, 250}), abi::TEE_SUCCESS);
  system_ms_ += 1'500;
  ree_ms_ += 99'000; // a change of the REE clock does not move TA time while running
  auto r = store.get(ta_);
  EXPECT_EQ(r.result, abi::TEE_SUCCESS);
  EXPECT_EQ(r.time.seconds, 101u);
  EXPECT_EQ(r.time.millis, 750u);
  EXPECT_EQ(store.get(other_).result, kTimeNotSet);
}

TEST_F(TaTimeStoreTest, TimeCanBeSetBackwards) {
  core::TaTimeStore store({}, clocks());
  ASSERT_EQ(store.set(ta_, {0, 0}), abi::TEE_SUCCESS);
  system_ms_ += 42;
  auto r = store.get(ta_);
  EXPECT_EQ(r.time.seconds, 0u);
  EXPECT_EQ(r.time.millis, 42u);
}

TEST_F(TaTimeStoreTest, UnnormalizedTimeIsRefused) {
  core::TaTimeStore store({}, clocks());
  EXPECT_EQ(store.set(ta_, {1, 1000}), abi::TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(store.get(ta_).result, kTimeNotSet);
}

TEST_F(TaTimeStoreTest, SecondsPast32BitsOverflowWithTheWrappedValue) {
  core::TaTimeStore store({}, clocks());
  ASSERT_EQ(store.set(ta_, {0xFFFFFFFF, 500}), abi::TEE_SUCCESS);
  EXPECT_EQ(store.get(ta_).result, abi::TEE_SUCCESS);
  system_ms_ += 2'600;
  auto r = store.get(ta_);
  EXPECT_EQ(r.result, TEE_ERROR_OVERFLOW);
  EXPECT_EQ(r.time.seconds, 2u);
  EXPECT_EQ(r.time.millis, 100u);
}

TEST_F(TaTimeStoreTest, AfterARestartTimeHasFollowedTheReeClock) {
  TempDir dir("store");
  {
    core::TaTimeStore store(dir.path(), clocks());
    ASSERT_EQ(store.set(ta_, {5000, 0}), abi::TEE_SUCCESS);
  }
  system_ms_ = 10; // a new boot
  ree_ms_ += 60'000;
  core::TaTimeStore store(dir.path(), clocks());
  auto r = store.get(ta_);
  EXPECT_EQ(r.result, abi::TEE_SUCCESS);
  EXPECT_EQ(r.time.seconds, 5060u);
  EXPECT_EQ(r.time.millis, 0u);
  system_ms_ += 1'000;
  EXPECT_EQ(store.get(ta_).time.seconds, 5061u);
  EXPECT_EQ(store.get(other_).result, kTimeNotSet);
}

TEST_F(TaTimeStoreTest, AReeClockSetBackBeforeTheSetTimeNeedsAReset) {
  TempDir dir("store");
  {
    core::TaTimeStore store(dir.path(), clocks());
    ASSERT_EQ(store.set(ta_, {5000, 0}), abi::TEE_SUCCESS);
  }
  ree_ms_ -= 1'000;
  core::TaTimeStore store(dir.path(), clocks());
  EXPECT_EQ(store.get(ta_).result, kTimeNeedsReset);
  ASSERT_EQ(store.set(ta_, {7, 0}), abi::TEE_SUCCESS);
  EXPECT_EQ(store.get(ta_).result, abi::TEE_SUCCESS);
}

TEST_F(TaTimeStoreTest, AFailedWriteLeavesTheTimeUnset) {
  TempDir dir("store");
  dir.write("ta_time", "a file where the directory should be");
  core::TaTimeStore store(dir.path(), clocks());
  EXPECT_EQ(store.set(ta_, {3, 0}), abi::TEE_ERROR_STORAGE_NO_SPACE);
  EXPECT_EQ(store.get(ta_).result, kTimeNotSet);
}

} // namespace
} // namespace swemu::test
