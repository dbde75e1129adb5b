// swemu run: the environment it sets, the exit status it passes through, its errors. The
// /dev/tee0 client itself runs under it as the CTest entries tee0_raw_client_*.
#include <string>

#include <gtest/gtest.h>

#include "shell_command.h"

namespace {

using swemu::test::ShellResult; // stdout and stderr together

// `prefix` goes before the swemu command (environment assignments).
ShellResult swemu(const std::string& args, const std::string& prefix = "") {
  return swemu::test::run_shell(prefix + " " + SWEMU_TOOL_PATH + " " + args + " 2>&1");
}

TEST(CliRun, PassesTheProgramsExitStatusThrough) {
  EXPECT_EQ(swemu("run -- sh -c 'exit 7'").status, 7);
  EXPECT_EQ(swemu("run -- true").status, 0);
}

TEST(CliRun, SetsThePreloadAndTheSecureWorldsEnvironment) {
  const ShellResult r =
      swemu("run --ta-dir /tmp/t1 --ta-dir /tmp/t2 --manifest-dir /tmp/m --state-dir /tmp/s "
            "--random-seed xyz -- sh -c "
            "'echo \"$LD_PRELOAD|$SWEMU_TA_DIR|$SWEMU_MANIFEST_DIR|$SWEMU_STATE_DIR|"
            "$SWEMU_RANDOM_SEED\"'",
            "LD_PRELOAD= SWEMU_PRELOAD=");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("/libswemu_preload.so|/tmp/t1:/tmp/t2|/tmp/m|/tmp/s|xyz"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("-- sh"), std::string::npos) << r.out;
}

TEST(CliRun, PutsItsLibraryBeforeAnExistingPreload) {
  const ShellResult r = swemu("run -- sh -c 'echo \"$LD_PRELOAD\"'", "LD_PRELOAD=libother.so");
  EXPECT_NE(r.out.find("/libswemu_preload.so:libother.so"), std::string::npos) << r.out;
}

TEST(CliRun, AProgramThatCannotRunIs127Or126LikeAShell) {
  ShellResult r = swemu("run -- no-such-program-swemu");
  EXPECT_EQ(r.status, 127) << r.out;
  EXPECT_NE(r.out.find("swemu: run: cannot execute 'no-such-program-swemu'"), std::string::npos)
      << r.out;
  r = swemu("run -- /dev/null");
  EXPECT_EQ(r.status, 126) << r.out;
}

TEST(CliRun, NeedsAProgramAfterTheDashes) {
  EXPECT_EQ(swemu("run").status, 2);
  EXPECT_EQ(swemu("run --").status, 2);
  EXPECT_EQ(swemu("run true").status, 2); // without --, nothing is taken as the program
}

TEST(CliRun, SaysWhenThePreloadLibraryIsMissing) {
  const ShellResult r = swemu("run -- true", "SWEMU_PRELOAD=/nonexistent/libswemu_preload.so");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("SWEMU_PRELOAD"), std::string::npos) << r.out;
}

} // namespace
