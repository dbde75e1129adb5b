// The swemu command line, run as a user would run it.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "shell_command.h"
#include "ta_file_builder.h"

namespace {

using CmdResult = swemu::test::ShellResult; // stdout and stderr together

CmdResult run(const std::string& args) {
  return swemu::test::run_shell(std::string(SWEMU_TOOL_PATH) + " " + args + " 2>&1");
}

std::string dirs() {
  return std::string(" --manifests ") + SWEMU_TEST_MANIFEST_DIR + " --ta-dir " + SWEMU_TEST_TA_DIR;
}

const char* kHello = "8296e59f-0c73-418b-8e62-20011adec8d6";

TEST(Cli, InvokeIncrementsAValue) {
  CmdResult r = run(std::string("invoke ") + kHello + " 0 --value 41,7" + dirs());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("TEE_SUCCESS"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("param 0: value a=42"), std::string::npos) << r.out;
}

TEST(Cli, InvokeCopiesInputToOutputInOrder) {
  CmdResult r = run(std::string("invoke ") + kHello + " 2 --in 01020304 --out 8" + dirs());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("param 1: memref size=4 data=01020304"), std::string::npos) << r.out;
}

TEST(Cli, InvokeReportsShortBuffer) {
  CmdResult r = run(std::string("invoke ") + kHello + " 2 --in 0102030405 --out 2" + dirs());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("TEE_ERROR_SHORT_BUFFER"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("size=5"), std::string::npos) << r.out;
}

TEST(Cli, InvokeUnknownTaSaysItemNotFound) {
  CmdResult r = run("invoke 11111111-2222-3333-4444-555555555555 0" + dirs());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("TEE_ERROR_ITEM_NOT_FOUND"), std::string::npos) << r.out;
}

TEST(Cli, TaInfoShowsTheHead) {
  CmdResult r = run(std::string("ta info ") + SWEMU_TEST_TA_DIR + "/hello_single.elf");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("b915eda8-f1af-41a4-8b54-57e0bfa8e9f5"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("SINGLE_INSTANCE"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("AArch64"), std::string::npos) << r.out;
  // Properties come from the TA's own table (TA_DATA_SIZE is 32 KiB for hello_single).
  EXPECT_NE(r.out.find("gpd.ta.singleInstance                true"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("gpd.ta.dataSize                      32768"), std::string::npos) << r.out;
}

TEST(Cli, TaInfoOnANonElfFileFailsClearly) {
  CmdResult r = run(std::string("ta info ") + SWEMU_TEST_MANIFEST_DIR + "/hello.json");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("hello.json"), std::string::npos) << r.out;
}

class CliTaSign : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("swemu_cli_sign_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    static swemu::test::TestRsaKey key(2048, 0x5157);
    std::ofstream(dir_ / "key.pem") << key.private_pem();
    std::ofstream(dir_ / "key.pub") << key.public_pem();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

TEST_F(CliTaSign, SignedTaVerifiesWithTheMatchingKeyOnly) {
  for (const char* algo : {"pss", "pkcs1"}) {
    CmdResult s = run(std::string("ta sign ") + SWEMU_TEST_TA_DIR + "/hello.elf --key " +
                      path("key.pem") + " --algo " + algo + " --out " + path("hello.ta"));
    ASSERT_EQ(s.status, 0) << s.out;
    CmdResult v = run("ta info " + path("hello.ta") + " --key " + path("key.pub"));
    EXPECT_EQ(v.status, 0) << v.out;
    EXPECT_NE(v.out.find("signature verified"), std::string::npos) << algo << ": " << v.out;
    EXPECT_NE(v.out.find("8296e59f-0c73-418b-8e62-20011adec8d6"), std::string::npos) << v.out;
    // Against OP-TEE's development key only, the same file is not verified.
    CmdResult d = run("ta info " + path("hello.ta"));
    EXPECT_NE(d.out.find("NOT verified"), std::string::npos) << d.out;
  }
}

TEST_F(CliTaSign, InvokeLoadsASignedTaFromATaDirectory) {
  std::filesystem::create_directories(dir_ / "ta");
  std::filesystem::create_directories(dir_ / "manifests");
  ASSERT_EQ(run(std::string("ta sign ") + SWEMU_TEST_TA_DIR + "/hello.elf --key " +
                path("key.pem") + " --out " + path("ta") +
                "/8296e59f-0c73-418b-8e62-20011adec8d6.ta")
                .status,
            0);
  std::string base = std::string("invoke 8296e59f-0c73-418b-8e62-20011adec8d6 0 --value 1") +
                     " --manifests " + path("manifests") + " --ta-dir " + path("ta");
  CmdResult ok = run(base + " --ta-key " + path("key.pub"));
  EXPECT_EQ(ok.status, 0) << ok.out;
  EXPECT_NE(ok.out.find("param 0: value a=2"), std::string::npos) << ok.out;
  CmdResult untrusted = run(base);
  EXPECT_EQ(untrusted.status, 1) << untrusted.out;
  EXPECT_NE(untrusted.out.find("TEE_ERROR_SECURITY"), std::string::npos) << untrusted.out;
  CmdResult dev = run(base + " --allow-unsigned");
  EXPECT_EQ(dev.status, 0) << dev.out;
}

TEST_F(CliTaSign, TamperedTaIsRefused) {
  ASSERT_EQ(run(std::string("ta sign ") + SWEMU_TEST_TA_DIR + "/hello.elf --key " +
                path("key.pem") + " --out " + path("hello.ta"))
                .status,
            0);
  {
    std::fstream f(path("hello.ta"), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(2000);
    f.put('\x5a');
  }
  CmdResult v = run("ta info " + path("hello.ta") + " --key " + path("key.pub"));
  EXPECT_EQ(v.status, 1) << v.out;
  EXPECT_NE(v.out.find("hash mismatch"), std::string::npos) << v.out;
}

TEST_F(CliTaSign, SignWithoutAKeyFileFails) {
  CmdResult r =
      run(std::string("ta sign ") + SWEMU_TEST_TA_DIR + "/hello.elf --key " + path("missing.pem"));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("missing.pem"), std::string::npos) << r.out;
}

struct BadArgs {
  const char* args;
};

void PrintTo(const BadArgs& a, std::ostream* os) {
  *os << '"' << a.args << '"';
}

class CliBadArguments : public ::testing::TestWithParam<BadArgs> {};

TEST_P(CliBadArguments, GiveOneLineAndExitCode2) {
  CmdResult r = run(GetParam().args);
  EXPECT_EQ(r.status, 2) << r.out;
  ASSERT_FALSE(r.out.empty());
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "more than one line: " << r.out;
}

INSTANTIATE_TEST_SUITE_P(
    Cli, CliBadArguments,
    ::testing::Values(BadArgs{""}, BadArgs{"frobnicate"}, BadArgs{"invoke"},
                      BadArgs{"invoke not-a-uuid 0"},
                      BadArgs{"invoke 8296e59f-0c73-418b-8e62-20011adec8d6 x"},
                      BadArgs{"invoke 8296e59f-0c73-418b-8e62-20011adec8d6 0 --value q"},
                      BadArgs{"invoke 8296e59f-0c73-418b-8e62-20011adec8d6 0 --in 123"},
                      BadArgs{"invoke 8296e59f-0c73-418b-8e62-20011adec8d6 0 --in @/nonexistent"},
                      BadArgs{"invoke 8296e59f-0c73-418b-8e62-20011adec8d6 0 --out -1"},
                      BadArgs{"invoke 8296e59f-0c73-418b-8e62-20011adec8d6 0 --value 1 "
                              "--value 2 --value 3 --value 4 --value 5"},
                      BadArgs{"invoke 8296e59f-0c73-418b-8e62-20011adec8d6 0 --login root"},
                      BadArgs{"ta"}, BadArgs{"ta info"}, BadArgs{"ta info /nonexistent/x.elf"},
                      BadArgs{"ta sign"}, BadArgs{"ta sign x.elf"},
                      BadArgs{"ta sign /nonexistent/x.elf --key k.pem"},
                      BadArgs{"ta sign x.elf --key k.pem --algo md5"},
                      BadArgs{"invoke 8296e59f-0c73-418b-8e62-20011adec8d6 0 --ta-key "
                              "/nonexistent.pem"},
                      BadArgs{"invoke 8296e59f-0c73-418b-8e62-20011adec8d6 0 --gdb 70000"},
                      BadArgs{"invoke 8296e59f-0c73-418b-8e62-20011adec8d6 0 --gdb-ta "
                              "8296e59f-0c73-418b-8e62-20011adec8d6"},
                      BadArgs{"invoke 8296e59f-0c73-418b-8e62-20011adec8d6 0 --gdb 0 --gdb-ta "
                              "nope"}));

TEST(Cli, HelpWorksOnEveryCommand) {
  for (const char* args :
       {"--help", "invoke --help", "ta --help", "ta info --help", "ta sign --help"}) {
    CmdResult r = run(args);
    EXPECT_EQ(r.status, 0) << args << ": " << r.out;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << args << ": " << r.out;
  }
}

} // namespace
