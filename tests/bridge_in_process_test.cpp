// The in-process transport with the real secure world behind it: the boundary contract the
// normal world relies on (fast-call answers, shared memory config, frame handling).
#include <cstdlib>

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
  EXPECT_EQ((*driver)->pool().live_blocks(), 0u);
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
