// The in-process transport with the real secure world behind it: the boundary contract the
// normal world relies on (fast-call answers, shared memory config, frame handling).
#include <chrono>
#include <cstdlib>
#include <thread>

#include <gtest/gtest.h>

#include "swemu/bridge/default_transport.h"
#include "swemu/bridge/driver.h"
#include "swemu/bridge/transport.h"

namespace swemu::bridge {
namespace {

using namespace swemu::abi;

InProcessOptions empty_world() {
  InProcessOptions options; // no manifests: a secure world without TAs
  options.shm_size = uint64_t{256} * 1024;
  return options;
}

TEST(InProcessTransport, CreatesPageAlignedSharedMemoryAtTheFakePa) {
  auto t = InProcessTransport::create(empty_world());
  ASSERT_TRUE(t.ok()) << t.error().message;
  const core::NsShm shm = (*t)->shared_memory();
  EXPECT_EQ(shm.pa, kDefaultShmPa);
  EXPECT_EQ(shm.size, 256u * 1024);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(shm.host) % kPageSize, 0u);
}

TEST(InProcessTransport, RefusesAnUnalignedPa) {
  InProcessOptions options = empty_world();
  options.shm_pa = kDefaultShmPa + 8;
  EXPECT_FALSE(InProcessTransport::create(options).ok());
}

TEST(InProcessTransport, DriverProbesTheSecureWorldAndGetsAnswers) {
  auto t = InProcessTransport::create(empty_world());
  ASSERT_TRUE(t.ok()) << t.error().message;
  auto driver = Driver::create(std::move(t).value());
  ASSERT_TRUE(driver.ok()) << driver.error().message;
  EXPECT_EQ((*driver)->pool().region().pa, kDefaultShmPa);

  // No TA is installed: the secure world answers the call with an error of its own.
  OpenSessionRequest request;
  request.ta = Uuid::parse("00000000-0000-0000-0000-000000000001").value();
  Param p = Param::value(TEE_PARAM_TYPE_VALUE_INPUT, 1, 2);
  auto reply = (*driver)->open_session(request, {&p, 1});
  ASSERT_TRUE(reply.ok()) << reply.error().message;
  EXPECT_NE(reply->ret, TEE_SUCCESS);
  EXPECT_EQ(reply->session, 0u);
  EXPECT_EQ((*driver)->pool().live_blocks(), (*driver)->cached_frame_buffers());
}

// TEE_IOC_CANCEL by cancel id (cookie): an OPEN_SESSION that waits for its busy
// single-instance TA gives up with TEE_ERROR_CANCEL, found by the cancel id alone.
TEST(InProcessTransport, CancelIdAbandonsAnOpenWaitingForItsBusyTa) {
  InProcessOptions options;
  options.config.manifest_dirs = {SWEMU_TEST_MANIFEST_DIR};
  options.config.ta_dirs = {SWEMU_TEST_TA_DIR};
  auto t = InProcessTransport::create(options);
  ASSERT_TRUE(t.ok()) << t.error().message;
  auto created = Driver::create(std::move(t).value());
  ASSERT_TRUE(created.ok()) << created.error().message;
  std::shared_ptr<Driver> driver = *created;
  // ta2ta_test: single instance, multi-session (tas/ta2ta_test/ta2ta_test_ta.h).
  OpenSessionRequest request;
  request.ta = Uuid::parse("4ee124b9-8d89-450a-b2c4-30f5a305c492").value();
  auto first = driver->open_session(request, {});
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_EQ(first->ret, TEE_SUCCESS);

  // CALL_PEER waits p0.b = 5 s before its calls: the instance is busy meanwhile. The
  // second open starts well after it (the wait is what the test needs, not its length).
  std::thread busy([&] {
    Param p[2] = {Param::value(TEE_PARAM_TYPE_VALUE_INPUT, 9, 5000),
                  Param::value(TEE_PARAM_TYPE_VALUE_OUTPUT, 0, 0)};
    auto r = driver->invoke(first->session, 7 /* TA2TA_CMD_CALL_PEER */, 0, p);
    EXPECT_TRUE(r.ok());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  Result<Reply> second = make_error(TEE_ERROR_GENERIC, "not run");
  std::thread opener([&] {
    OpenSessionRequest waiting = request;
    waiting.cancel_id = 0xC0FFEE;
    second = driver->open_session(waiting, {});
  });
  // Cancel by cookie; until the open is under way its cancel id is unknown (an error).
  bool cancelled = false;
  for (int i = 0; i < 2000 && !cancelled; ++i) {
    auto c = driver->cancel(0, 0xC0FFEE);
    cancelled = c.ok() && c->ret == TEE_SUCCESS;
    if (!cancelled)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  opener.join();
  EXPECT_TRUE(cancelled);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->ret, TEE_ERROR_CANCEL);
  EXPECT_EQ(second->origin, TEE_ORIGIN_TEE);
  EXPECT_EQ(second->session, 0u);
  // An unknown cookie finds nothing.
  auto unknown = driver->cancel(0, 0xBAD);
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->ret, TEE_ERROR_BAD_PARAMETERS);
  busy.join();
  EXPECT_TRUE(driver->close_session(first->session).ok());
}

TEST(DefaultTransport, EnvironmentListsAreColonSeparatedWithCompiledFallbacks) {
  ::setenv("SWEMU_MANIFEST_DIR", "/a:/b::/c", 1);
  ::setenv("SWEMU_TA_DIR", "", 1);
  InProcessOptions options = in_process_options_from_environment();
  ::unsetenv("SWEMU_MANIFEST_DIR");
  ::unsetenv("SWEMU_TA_DIR");
  ASSERT_EQ(options.config.manifest_dirs.size(), 3u);
  EXPECT_EQ(options.config.manifest_dirs[0], "/a");
  EXPECT_EQ(options.config.manifest_dirs[2], "/c");
  EXPECT_EQ(options.config.ta_dirs.size(), 1u) << "an empty variable means the default";

  InProcessOptions defaults = in_process_options_from_environment();
  ASSERT_EQ(defaults.config.manifest_dirs.size(), 1u);
  EXPECT_EQ(defaults.config.manifest_dirs[0].filename(), "manifests");
}

} // namespace
} // namespace swemu::bridge
