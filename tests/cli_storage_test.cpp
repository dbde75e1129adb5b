// swemu storage ls|export|wipe, run as a user would run it, on a state directory filled
// through the storage engine; and swemu invoke --state-dir.
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "shell_command.h"
#include "storage/secure_storage.h"
#include "swemu/core/tee_abi.h"

namespace {

namespace fs = std::filesystem;
using namespace swemu;
using core::crypto::Bytes;
using core::storage::SecureStorage;
using core::storage::Space;

struct CmdResult {
  int status = -1;
  std::string out; // stdout
  std::string err; // stderr
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

const char* kTaA = "11111111-2222-3333-4444-555555555555";
const char* kTaB = "66666666-7777-8888-9999-aaaaaaaaaaaa";
// Object data with a NUL and a high byte: export must pass bytes through unchanged.
const std::string kAlphaData("hello\0world\xff", 12);

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir))
    names.insert(e.path().filename().string());
  return names;
}

class CliStorage : public ::testing::Test {
protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("swemu_cli_storage_" + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    state_ = dir_ / "state";
    fs::create_directories(state_);
    auto storage = SecureStorage::open(state_);
    ASSERT_TRUE(storage.ok()) << storage.error().message;
    const Uuid a = *Uuid::parse(kTaA);
    const Uuid b = *Uuid::parse(kTaB);
    create(**storage, a, Space::kRee, bytes("alpha"), kAlphaData);
    create(**storage, a, Space::kRee, Bytes{0x01, 0x02}, "binary id");
    create(**storage, a, Space::kRpmb, bytes("counter"), std::string(1000, 'c'));
    create(**storage, b, Space::kRee, bytes("beta"), "b");
  }
  void TearDown() override { fs::remove_all(dir_); }

  static Bytes bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }
  static void create(SecureStorage& s, const Uuid& ta, Space space, const Bytes& id,
                     const std::string& data) {
    auto h = s.create_object(
        ta, space, id, swemu::abi::TEE_DATA_FLAG_ACCESS_WRITE, nullptr,
        core::crypto::ByteView(reinterpret_cast<const uint8_t*>(data.data()), data.size()), 0);
    ASSERT_TRUE(h.ok()) << h.error().message;
    s.close(std::move(h.value()));
  }

  // Runs swemu with `args`; stdout and stderr are kept apart.
  CmdResult run(const std::string& args, const std::string& env = "") const {
    const fs::path err = dir_ / "stderr";
    const auto shell =
        swemu::test::run_shell(env + " " + SWEMU_TOOL_PATH + " " + args + " 2>" + err.string());
    CmdResult r;
    r.status = shell.status;
    r.out = shell.out;
    r.err = read_file(err);
    return r;
  }
  std::string state_arg() const { return " --state-dir " + state_.string(); }

  fs::path dir_;
  fs::path state_;
};

bool has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

TEST_F(CliStorage, LsListsEveryTaInBothSpaces) {
  CmdResult r = run("storage ls" + state_arg());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, std::string(kTaA) + " ree  0x0102 0xa00000bf 9\n" + kTaA +
                       " ree  alpha 0xa00000bf 12\n" + kTaA + " rpmb counter 0xa00000bf 1000\n" +
                       kTaB + " ree  beta 0xa00000bf 1\n");
}

TEST_F(CliStorage, LsWithAUuidShowsOnlyThatTa) {
  CmdResult r = run(std::string("storage ls ") + kTaB + state_arg());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, std::string(kTaB) + " ree  beta 0xa00000bf 1\n");
}

TEST_F(CliStorage, LsAndExportChangeNoFile) {
  const auto before = files_in(state_);
  const auto db_before = read_file(state_ / "storage.db");
  const auto huk_before = read_file(state_ / "huk");
  EXPECT_EQ(run("storage ls" + state_arg()).status, 0);
  EXPECT_EQ(run(std::string("storage export ") + kTaA + " alpha" + state_arg()).status, 0);
  // No file appears (not even SQLite's -wal and -shm) and none changes.
  EXPECT_EQ(files_in(state_), before);
  EXPECT_EQ(read_file(state_ / "storage.db"), db_before);
  EXPECT_EQ(read_file(state_ / "huk"), huk_before);
}

TEST_F(CliStorage, StateDirComesFromTheEnvironment) {
  CmdResult r = run(std::string("storage ls ") + kTaB, "SWEMU_STATE_DIR=" + state_.string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "beta")) << r.out;
}

TEST_F(CliStorage, ExportWritesTheExactBytesAndWarns) {
  CmdResult r = run(std::string("storage export ") + kTaA + " alpha" + state_arg());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, kAlphaData);
  EXPECT_TRUE(has(r.err, "development only")) << r.err;
}

TEST_F(CliStorage, ExportTakesHexIdsSpacesAndAnOutputFile) {
  CmdResult hex = run(std::string("storage export ") + kTaA + " 0x0102 --hex-id" + state_arg());
  ASSERT_EQ(hex.status, 0) << hex.err;
  EXPECT_EQ(hex.out, "binary id");

  const fs::path out = dir_ / "counter.bin";
  CmdResult rpmb = run(std::string("storage export ") + kTaA + " counter --space rpmb --out " +
                       out.string() + state_arg());
  ASSERT_EQ(rpmb.status, 0) << rpmb.err;
  EXPECT_TRUE(rpmb.out.empty());
  EXPECT_EQ(read_file(out), std::string(1000, 'c'));
  EXPECT_EQ(fs::status(out).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);

  // The same id in the other space is another object.
  CmdResult ree = run(std::string("storage export ") + kTaA + " counter" + state_arg());
  EXPECT_EQ(ree.status, 1) << ree.err;
}

TEST_F(CliStorage, ExportOfAMissingObjectFails) {
  CmdResult r = run(std::string("storage export ") + kTaB + " alpha" + state_arg());
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(r.out.empty());
  EXPECT_TRUE(has(r.err, "TEE_ERROR_ITEM_NOT_FOUND")) << r.err;
  EXPECT_TRUE(has(r.err, "alpha")) << r.err;
}

TEST_F(CliStorage, ExportOfATamperedObjectReportsCorruption) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((state_ / "storage.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE objects SET blob = zeroblob(64)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  CmdResult r = run(std::string("storage export ") + kTaA + " alpha" + state_arg());
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(r.out.empty());
  EXPECT_TRUE(has(r.err, "TEE_ERROR_CORRUPT_OBJECT")) << r.err;
}

TEST_F(CliStorage, WipeWithoutYesRefuses) {
  CmdResult r = run(std::string("storage wipe ") + kTaA + state_arg());
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "--yes")) << r.err;
  EXPECT_TRUE(has(run("storage ls" + state_arg()).out, "alpha"));
}

TEST_F(CliStorage, WipeOfATaRemovesOnlyThatTa) {
  CmdResult r = run(std::string("storage wipe ") + kTaA + " --yes" + state_arg());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "deleted 3 objects")) << r.out;
  CmdResult ls = run("storage ls" + state_arg());
  EXPECT_EQ(ls.out, std::string(kTaB) + " ree  beta 0xa00000bf 1\n");
}

TEST_F(CliStorage, WipeOfEveryTaRemovesEverything) {
  CmdResult r = run("storage wipe --yes" + state_arg());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "deleted 4 objects of 2 TAs")) << r.out;
  CmdResult ls = run("storage ls" + state_arg());
  EXPECT_EQ(ls.status, 0);
  EXPECT_TRUE(ls.out.empty()) << ls.out;
}

TEST_F(CliStorage, BadArgumentsAreUsageErrors) {
  for (const std::string& args :
       {std::string("storage ls not-a-uuid"), std::string("storage export not-a-uuid x"),
        std::string("storage wipe not-a-uuid --yes")}) {
    CmdResult r = run(args + state_arg());
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_TRUE(has(r.err, "'not-a-uuid' is not a UUID")) << args << ": " << r.err;
  }
  CmdResult hex = run(std::string("storage export ") + kTaA + " 0x12zz --hex-id" + state_arg());
  EXPECT_EQ(hex.status, 2);
  EXPECT_TRUE(has(hex.err, "'0x12zz'")) << hex.err;
  CmdResult space = run(std::string("storage export ") + kTaA + " a --space nvme" + state_arg());
  EXPECT_EQ(space.status, 2) << space.err;
}

TEST_F(CliStorage, MissingStateDirIsNamedAndNotCreated) {
  const fs::path missing = dir_ / "nowhere";
  for (const char* cmd : {"storage ls", "storage export 11111111-2222-3333-4444-555555555555 a",
                          "storage wipe --yes"}) {
    CmdResult r = run(std::string(cmd) + " --state-dir " + missing.string());
    EXPECT_EQ(r.status, 2) << cmd;
    EXPECT_TRUE(has(r.err, missing.string())) << cmd << ": " << r.err;
    EXPECT_FALSE(fs::exists(missing)) << cmd;
  }
}

TEST_F(CliStorage, StateDirWithoutADatabaseIsNamedAndLeftEmpty) {
  const fs::path empty = dir_ / "empty";
  fs::create_directories(empty);
  CmdResult r = run("storage ls --state-dir " + empty.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, (empty / "storage.db").string())) << r.err;
  EXPECT_TRUE(fs::is_empty(empty));
}

TEST_F(CliStorage, HelpWorksOnEveryStorageCommand) {
  for (const char* args :
       {"storage --help", "storage ls --help", "storage export --help", "storage wipe --help"}) {
    CmdResult r = run(args);
    EXPECT_EQ(r.status, 0) << args << ": " << r.err;
    EXPECT_TRUE(has(r.out, "Usage")) << args << ": " << r.out;
  }
  EXPECT_TRUE(has(run("storage ls --help").out, "SWEMU_STATE_DIR"));
}

TEST_F(CliStorage, InvokeWithAStateDirKeepsStorageThere) {
  const fs::path fresh = dir_ / "invoke_state";
  CmdResult r = run(std::string("invoke 8296e59f-0c73-418b-8e62-20011adec8d6 0 --value 1") +
                    " --manifests " + SWEMU_TEST_MANIFEST_DIR + " --ta-dir " + SWEMU_TEST_TA_DIR +
                    " --state-dir " + fresh.string());
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(fs::exists(fresh / "storage.db"));
  EXPECT_TRUE(fs::exists(fresh / "huk"));
}

} // namespace
