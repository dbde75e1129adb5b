// Our libteec.so.2 (smc_bridge/libteec/): its ABI surface, and the GP Client API program
// tests/clients/gp_client.c run every way a client reaches the secure world: linked with
// the in-process API of swemu_bridge; linked with libteec.so.2 under `swemu run` (each
// shared-memory strategy of the device); the same binary through a `swemu serve` daemon,
// two at once and beside one killed mid-call; and built against an installed copy found
// with pkg-config. gp_client prints each failed check and exits 0 only if all passed.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "daemon_fixture.h"
#include "shell_command.h"

namespace swemu::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Every client run ends within this (a hang is a failure, not a stuck test run).
constexpr const char* kTimeout = "timeout 300 ";

// `swemu run [--connect SOCKET] -- CLIENT`, stdout and stderr together.
ShellResult swemu_run(const std::string& client, const std::string& env = "",
                      const std::string& connect = "") {
  std::string command = env + " " + kTimeout + SWEMU_TOOL_PATH + " run";
  if (!connect.empty())
    command += " --connect " + connect;
  return run_shell(command + " -- " + client + " 2>&1");
}

// The line gp_client ends with when it ran to the end.
bool finished(const ShellResult& r) {
  return r.out.find("gp_client: ") != std::string::npos;
}

TEST(Libteec, IsLibteecSo2ExportingOnlyTheTeecFunctions) {
  const ShellResult soname =
      run_shell(std::string("readelf -d ") + SWEMU_LIBTEEC_PATH + " 2>&1 | grep SONAME");
  EXPECT_NE(soname.out.find("[libteec.so.2]"), std::string::npos) << soname.out;

  const ShellResult nm =
      run_shell(std::string("nm -D --defined-only ") + SWEMU_LIBTEEC_PATH + " 2>&1");
  ASSERT_EQ(nm.status, 0) << nm.out;
  std::set<std::string> exported;
  std::istringstream lines(nm.out);
  for (std::string line; std::getline(lines, line);)
    exported.insert(line.substr(line.rfind(' ') + 1));
  // optee-abi.md §8.1, without OP-TEE's two trace helpers (_dprintf, dump_buffer).
  const std::set<std::string> want = {
      "TEEC_AllocateSharedMemory", "TEEC_CloseSession",
      "TEEC_FinalizeContext",      "TEEC_InitializeContext",
      "TEEC_InvokeCommand",        "TEEC_OpenSession",
      "TEEC_RegisterSharedMemory", "TEEC_RegisterSharedMemoryFileDescriptor",
      "TEEC_ReleaseSharedMemory",  "TEEC_RequestCancellation"};
  EXPECT_EQ(exported, want) << nm.out;

  // Nothing but libc: no C++ runtime, no secure world inside.
  const ShellResult needed =
      run_shell(std::string("readelf -d ") + SWEMU_LIBTEEC_PATH + " 2>&1 | grep NEEDED");
  EXPECT_EQ(needed.out.find("libstdc++"), std::string::npos) << needed.out;
  EXPECT_EQ(needed.out.find("unicorn"), std::string::npos) << needed.out;
}

TEST(Libteec, GpClientPassesWithTheInProcessApi) {
  const ShellResult r = run_shell(std::string(kTimeout) + SWEMU_GP_CLIENT_IN_PROCESS + " 2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(finished(r)) << r.out;
}

// SWEMU_TEE_GEN_CAPS picks the device's capabilities, so each of libteec's strategies
// runs: REG_MEM (registration in place) or not (SHM_ALLOC + mmap, shadows), MEMREF_NULL
// or not (an 8-byte stand-in for NULL temporary memrefs).
class LibteecUnderSwemuRun : public ::testing::TestWithParam<const char*> {};

TEST_P(LibteecUnderSwemuRun, GpClientPasses) {
  const std::string caps = GetParam();
  const ShellResult r =
      swemu_run(SWEMU_GP_CLIENT, caps.empty() ? "" : "SWEMU_TEE_GEN_CAPS=" + caps);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(finished(r)) << r.out;
}

INSTANTIATE_TEST_SUITE_P(GenCaps, LibteecUnderSwemuRun, ::testing::Values("", "0x1", "0x5", "0x9"),
                         [](const auto& info) {
                           const std::string caps = info.param;
                           return caps.empty() ? std::string("Default") : "Caps" + caps;
                         });

TEST(Libteec, WithoutADeviceInitializeContextFindsNothing) {
  // Not under swemu run: no /dev/tee0 on this machine, so TEEC_ERROR_ITEM_NOT_FOUND.
  if (access("/dev/tee0", F_OK) == 0)
    GTEST_SKIP() << "this machine has a /dev/tee0";
  const ShellResult r = run_shell(std::string(kTimeout) + SWEMU_GP_CLIENT + " 2>&1");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("TEEC_InitializeContext: 0xffff0008"), std::string::npos) << r.out;
}

using LibteecDaemon = DaemonFixture;

TEST_F(LibteecDaemon, GpClientPassesThroughSwemuServe) {
  ASSERT_NO_FATAL_FAILURE(start_daemon());
  const ShellResult r = swemu_run(SWEMU_GP_CLIENT, "", socket_);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(finished(r)) << r.out;
  ASSERT_NO_FATAL_FAILURE(stop_daemon());
}

TEST_F(LibteecDaemon, TwoClientsAtOnceBesideOneKilledMidCall) {
  ASSERT_NO_FATAL_FAILURE(start_daemon());
  // A libteec client that holds hello_single's only session and waits in api_test.
  pid_t holder = 0;
  ASSERT_NO_FATAL_FAILURE(start_holder(&holder, nullptr, {SWEMU_GP_CLIENT, "hold"}));

  auto run = [this] { return swemu_run(SWEMU_GP_CLIENT, "", socket_); };
  auto a = std::async(std::launch::async, run);
  auto b = std::async(std::launch::async, run);
  // Meanwhile hello_single is taken...
  EXPECT_EQ(run_client({SWEMU_TEE0_SINGLE_CLIENT, "open"}, 60s), std::optional<int>(3));
  // ...until the holder dies in the middle of its call.
  ASSERT_NO_FATAL_FAILURE(kill_holder_and_expect_reclaim(holder));
  const ShellResult ra = a.get();
  const ShellResult rb = b.get();
  EXPECT_EQ(ra.status, 0) << ra.out;
  EXPECT_EQ(rb.status, 0) << rb.out;
  const ShellResult after = run();
  EXPECT_EQ(after.status, 0) << after.out;
  ASSERT_NO_FATAL_FAILURE(stop_daemon());
}

// `cmake --install --component libteec` into a temporary prefix; a client built with
// `pkg-config --cflags --libs teec` against that copy, and run with it.
TEST(LibteecInstall, PkgConfigBuildsAClientAgainstTheInstalledCopy) {
  if (run_shell("command -v pkg-config >/dev/null 2>&1").status != 0)
    GTEST_SKIP() << "pkg-config is not installed";
  char tmpl[] = "/tmp/swemu-libteec-install-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const fs::path prefix = tmpl;
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{prefix};

  const ShellResult install =
      run_shell(std::string(SWEMU_CMAKE_COMMAND) + " --install " + SWEMU_BUILD_DIR +
                " --component libteec --prefix " + prefix.string() + " 2>&1");
  ASSERT_EQ(install.status, 0) << install.out;
  const fs::path lib = prefix / SWEMU_INSTALL_LIBDIR;
  EXPECT_TRUE(fs::is_regular_file(lib / "libteec.so.2.0.0"));
  EXPECT_EQ(fs::read_symlink(lib / "libteec.so.2"), "libteec.so.2.0.0");
  EXPECT_EQ(fs::read_symlink(lib / "libteec.so"), "libteec.so.2");
  EXPECT_TRUE(fs::is_regular_file(prefix / "include" / "tee_client_api.h"));
  EXPECT_TRUE(fs::is_regular_file(prefix / "include" / "tee_client_api_extensions.h"));

  const std::string pkg_config = "PKG_CONFIG_PATH=" + (lib / "pkgconfig").string() + " pkg-config";
  const ShellResult version = run_shell(pkg_config + " --modversion teec 2>&1");
  EXPECT_EQ(version.out, "2.0.0\n");
  const ShellResult flags = run_shell(pkg_config + " --cflags --libs teec 2>&1");
  ASSERT_EQ(flags.status, 0) << flags.out;
  EXPECT_NE(flags.out.find("-lteec"), std::string::npos) << flags.out;
  EXPECT_NE(flags.out.find("-I"), std::string::npos) << flags.out;

  // The test client, from its source, with nothing of the build tree but the TA headers.
  const fs::path client = prefix / "gp_client";
  const std::string source = std::string(SWEMU_TEST_SOURCE_DIR) + "/tests/clients/gp_client.c";
  const ShellResult cc = run_shell(
      std::string(SWEMU_C_COMPILER) + " " + SWEMU_C_FLAGS + " -std=c11 " + source + " -I" +
      SWEMU_TEST_SOURCE_DIR + "/tas/hello -I" + SWEMU_TEST_SOURCE_DIR + "/tas/api_test -o " +
      client.string() + " $(" + pkg_config + " --cflags --libs teec) -lpthread 2>&1");
  ASSERT_EQ(cc.status, 0) << cc.out;

  const std::string env = "LD_LIBRARY_PATH=" + lib.string();
  const ShellResult ldd = run_shell(env + " ldd " + client.string() + " 2>&1");
  EXPECT_NE(ldd.out.find((lib / "libteec.so.2").string()), std::string::npos) << ldd.out;
  const ShellResult r = swemu_run(client.string(), env);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(finished(r)) << r.out;
}

} // namespace
} // namespace swemu::test
