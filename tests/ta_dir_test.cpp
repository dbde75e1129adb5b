// TAs found in a TA directory as <uuid>.ta (as tee-supplicant finds them), signed .ta
// files named by manifests, and the signature policy, end to end through the Client API.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

// Before tee_client_api.h, whose TEE_ERROR_* macros would clash with tee_abi.h names.
#include "test_world.h"

#include "hello_ta.h"
#include "ta_file_builder.h"
#include "tee_client_api.h"

namespace {

namespace fs = std::filesystem;
using swemu::Uuid;

const TEEC_UUID kHello = HELLO_TA_UUID;
const char* kHelloUuid = "8296e59f-0c73-418b-8e62-20011adec8d6";

const swemu::test::TestRsaKey& key() {
  static swemu::test::TestRsaKey k(2048, 0x7a11);
  return k;
}

std::vector<uint8_t> hello_elf() {
  std::ifstream in(std::string(SWEMU_TEST_TA_DIR) + "/hello.elf", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

class TaDirectory : public ::testing::Test {
protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("swemu_tadir_" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "ta");
    fs::create_directories(root_ / "manifests");
  }
  void TearDown() override {
    if (ctx_open_)
      TEEC_FinalizeContext(&ctx_);
    fs::remove_all(root_);
  }

  void write(const fs::path& p, const std::vector<uint8_t>& bytes) {
    std::ofstream(p, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  }
  std::vector<uint8_t> signed_hello() {
    swemu::test::TaSpec spec;
    spec.elf = hello_elf();
    spec.uuid = *Uuid::parse(kHelloUuid);
    spec.root = &key();
    return swemu::test::build_signed_ta(spec).bytes;
  }

  // Starts a secure world on root_/manifests and root_/ta, then opens hello.
  TEEC_Result open_hello(bool trust_key, bool allow_unsigned) {
    fs::path root = root_;
    std::string pem = key().public_pem();
    swemu::test::use_secure_world([=](swemu::core::SecureWorldConfig& c) {
      c.manifest_dirs = {root / "manifests"};
      c.ta_dirs = {root / "ta"};
      if (trust_key)
        c.ta_public_keys = {pem};
      c.allow_unsigned_tas = allow_unsigned;
    });
    if (TEEC_InitializeContext(nullptr, &ctx_) != TEEC_SUCCESS)
      return TEEC_ERROR_COMMUNICATION;
    ctx_open_ = true;
    uint32_t origin = 0;
    TEEC_Result res =
        TEEC_OpenSession(&ctx_, &session_, &kHello, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin);
    if (res == TEEC_SUCCESS) {
      TEEC_Operation op{};
      op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
      op.params[0].value.a = 1;
      EXPECT_EQ(TEEC_InvokeCommand(&session_, HELLO_CMD_INC_VALUE, &op, &origin), TEEC_SUCCESS);
      EXPECT_EQ(op.params[0].value.a, 2u);
      TEEC_CloseSession(&session_);
    } else {
      EXPECT_EQ(origin, TEEC_ORIGIN_TEE);
    }
    return res;
  }

  fs::path root_;
  TEEC_Context ctx_{};
  TEEC_Session session_{};
  bool ctx_open_ = false;
};

TEST_F(TaDirectory, SignedTaWithoutManifestLoadsByUuid) {
  write(root_ / "ta" / (std::string(kHelloUuid) + ".ta"), signed_hello());
  EXPECT_EQ(open_hello(true, false), TEEC_SUCCESS);
}

// The secure world's own TA directory is empty; the TA comes from the normal world's
// supplicant (here: the driver's built-in one, which reads SWEMU_TA_DIR) through
// OPTEE_RPC_CMD_LOAD_TA into memory lent with SHM_ALLOC, and is verified like any .ta.
TEST_F(TaDirectory, TaFromTheNormalWorldsSupplicantLoadsWithLoadTa) {
  fs::create_directories(root_ / "ree");
  write(root_ / "ree" / (std::string(kHelloUuid) + ".ta"), signed_hello());
  ::setenv("SWEMU_TA_DIR", (root_ / "ree").c_str(), 1);
  const TEEC_Result trusted = open_hello(true, false);
  if (ctx_open_) {
    TEEC_FinalizeContext(&ctx_);
    ctx_open_ = false;
  }
  const TEEC_Result untrusted = open_hello(false, false);
  ::unsetenv("SWEMU_TA_DIR");
  EXPECT_EQ(trusted, TEEC_SUCCESS);
  EXPECT_EQ(untrusted, TEEC_ERROR_SECURITY) << "verified like a TA from a directory";
}

TEST_F(TaDirectory, TaSignedByAnUntrustedKeyIsRefused) {
  write(root_ / "ta" / (std::string(kHelloUuid) + ".ta"), signed_hello());
  EXPECT_EQ(open_hello(false, false), TEEC_ERROR_SECURITY);
}

TEST_F(TaDirectory, DevelopmentModeAcceptsUnknownKeysAndPlainElf) {
  write(root_ / "ta" / (std::string(kHelloUuid) + ".ta"), signed_hello());
  EXPECT_EQ(open_hello(false, true), TEEC_SUCCESS);
}

TEST_F(TaDirectory, PlainElfInTheTaDirectoryNeedsDevelopmentMode) {
  write(root_ / "ta" / (std::string(kHelloUuid) + ".elf"), hello_elf());
  EXPECT_EQ(open_hello(true, false), TEEC_ERROR_SECURITY);
}

TEST_F(TaDirectory, PlainElfInTheTaDirectoryLoadsInDevelopmentMode) {
  write(root_ / "ta" / (std::string(kHelloUuid) + ".elf"), hello_elf());
  EXPECT_EQ(open_hello(true, true), TEEC_SUCCESS);
}

TEST_F(TaDirectory, TamperedTaIsRefusedEvenInDevelopmentMode) {
  std::vector<uint8_t> ta = signed_hello();
  ta[ta.size() - 100] ^= 0x40;
  write(root_ / "ta" / (std::string(kHelloUuid) + ".ta"), ta);
  EXPECT_EQ(open_hello(true, true), TEEC_ERROR_SECURITY);
}

TEST_F(TaDirectory, ManifestWithoutBinaryAddsAccessRules) {
  write(root_ / "ta" / (std::string(kHelloUuid) + ".ta"), signed_hello());
  std::ofstream(root_ / "manifests" / "hello.json")
      << R"({"uuid": ")" << kHelloUuid << R"(", "clients": [{"login": "user"}]})";
  EXPECT_EQ(open_hello(true, false), TEEC_ERROR_ACCESS_DENIED); // PUBLIC is not listed
}

TEST_F(TaDirectory, ManifestCanNameASignedTa) {
  write(root_ / "hello-signed.ta", signed_hello());
  std::ofstream(root_ / "manifests" / "hello.json")
      << R"({"uuid": ")" << kHelloUuid << R"(", "binary": ")"
      << (root_ / "hello-signed.ta").string() << "\"}";
  EXPECT_EQ(open_hello(true, false), TEEC_SUCCESS);
}

TEST_F(TaDirectory, UnknownUuidWithNoFileIsItemNotFound) {
  EXPECT_EQ(open_hello(true, true), TEEC_ERROR_ITEM_NOT_FOUND);
}

} // namespace
