// The loader's module list (`__elf_phdr_info`) end to end, through the modules_test TA
// (tas/modules_test, AArch64 and AArch32): constructors run before the TA is entered (a
// library's before the TA's), TLS works in the TA and in its shared library, and
// dl_iterate_phdr lists the TA and the library (DT_NEEDED, loaded from the TA directory).
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

// Before tee_client_api.h, whose TEE_ERROR_* macros would clash with tee_abi.h names.
#include "test_world.h"

#include "modules_test_ta.h"
#include "ta_file_builder.h"
#include "tee_client_api.h"

namespace {

namespace fs = std::filesystem;

struct Arch {
  const char* name;
  TEEC_UUID uuid;
  const char* library;
};

const Arch kArchs[] = {
    {"AArch64", MODULES_TEST_UUID, MODULES_LIB_UUID_STR},
    {"AArch32", MODULES_TEST32_UUID, MODULES_LIB32_UUID_STR},
};

class TaModules : public ::testing::TestWithParam<Arch> {
protected:
  void SetUp() override {
    swemu::test::use_secure_world({SWEMU_TEST_MANIFEST_DIR});
    ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx_), TEEC_SUCCESS);
    TEEC_UUID uuid = GetParam().uuid;
    uint32_t origin = 0;
    ASSERT_EQ(
        TEEC_OpenSession(&ctx_, &session_, &uuid, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
        TEEC_SUCCESS)
        << std::hex << origin;
  }
  void TearDown() override {
    TEEC_CloseSession(&session_);
    TEEC_FinalizeContext(&ctx_);
  }

  // Invokes `cmd` with one VALUE_INOUT (a, b); returns the outputs.
  std::pair<uint32_t, uint32_t> values(uint32_t cmd, uint32_t a = 0, uint32_t b = 0) {
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
    op.params[0].value.a = a;
    op.params[0].value.b = b;
    uint32_t origin = 0;
    EXPECT_EQ(TEEC_InvokeCommand(&session_, cmd, &op, &origin), TEEC_SUCCESS) << cmd;
    return {op.params[0].value.a, op.params[0].value.b};
  }

  TEEC_Context ctx_{};
  TEEC_Session session_{};
};

TEST_P(TaModules, ConstructorsRanOnceLibraryFirst) {
  auto [runs, lib_ready] = values(MODULES_CMD_CTORS);
  EXPECT_EQ(runs, 1u);
  EXPECT_EQ(lib_ready, 1u); // the library's constructor ran before the TA's
  EXPECT_EQ(values(MODULES_CMD_CTORS).first, 1u);
}

TEST_P(TaModules, ThreadLocalStorageStartsFromItsImageAndKeepsItsValue) {
  EXPECT_EQ(values(MODULES_CMD_TLS), std::make_pair(42u, 1u));
  EXPECT_EQ(values(MODULES_CMD_TLS), std::make_pair(43u, 2u));
  auto [addr, aligned] = values(MODULES_CMD_TLS_ALIGN);
  EXPECT_EQ(aligned, 1u) << std::hex << addr;
}

TEST_P(TaModules, DlIteratePhdrListsTheTaThenItsLibrary) {
  char names[128] = {};
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
  op.params[1].tmpref.buffer = names;
  op.params[1].tmpref.size = sizeof(names);
  uint32_t origin = 0;
  ASSERT_EQ(TEEC_InvokeCommand(&session_, MODULES_CMD_MODULES, &op, &origin), TEEC_SUCCESS);
  EXPECT_EQ(op.params[0].value.a, 2u);
  EXPECT_EQ(op.params[0].value.b, 7u); // base 0x400000, PT_LOAD readable, library TLS id 2
  EXPECT_EQ(std::string(names, op.params[1].tmpref.size), std::string("|") + GetParam().library);
}

TEST_P(TaModules, CallsIntoTheLibraryAndSharesItsData) {
  // The library's constructor set its factor to 9; its TLS call counter starts at 100.
  EXPECT_EQ(values(MODULES_CMD_LIB_MIX, 5, 2), std::make_pair(47u, 101u));
  EXPECT_EQ(values(MODULES_CMD_LIB_DATA, 3).first, 9u);
  EXPECT_EQ(values(MODULES_CMD_LIB_MIX, 5, 2), std::make_pair(17u, 102u));
}

TEST_P(TaModules, EveryInstanceGetsFreshModules) {
  EXPECT_EQ(values(MODULES_CMD_TLS).first, 42u);
  TEEC_Session second{};
  TEEC_UUID uuid = GetParam().uuid;
  ASSERT_EQ(TEEC_OpenSession(&ctx_, &second, &uuid, TEEC_LOGIN_PUBLIC, nullptr, nullptr, nullptr),
            TEEC_SUCCESS);
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  ASSERT_EQ(TEEC_InvokeCommand(&second, MODULES_CMD_TLS, &op, nullptr), TEEC_SUCCESS);
  EXPECT_EQ(op.params[0].value.a, 42u);
  TEEC_CloseSession(&second);
}

INSTANTIATE_TEST_SUITE_P(Arch, TaModules, ::testing::ValuesIn(kArchs),
                         [](const auto& info) { return std::string(info.param.name); });

// Without its library in any TA directory, the TA does not load (at start-up, so the
// open reports ITEM_NOT_FOUND), and the log names the library.
TEST(TaModulesLoading, MissingLibraryIsReportedNotLoaded) {
  const fs::path dir = fs::temp_directory_path() / ("swemu-modules-" + std::to_string(getpid()));
  fs::create_directories(dir / "manifests");
  fs::create_directories(dir / "ta");
  fs::copy_file(fs::path(SWEMU_TEST_TA_DIR) / "modules_test.elf", dir / "ta" / "modules_test.elf");
  std::ofstream(dir / "manifests" / "m.json")
      << R"({"name": "modules_test", "uuid": "abdf081b-4161-45d4-8ba1-96614e9afbe6",
             "binary": ")"
      << (dir / "ta" / "modules_test.elf").string() << "\"}";
  swemu::test::use_secure_world([&](swemu::core::SecureWorldConfig& c) {
    c.manifest_dirs = {dir / "manifests"};
    c.ta_dirs = {dir / "ta"};
  });
  TEEC_Context ctx{};
  ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx), TEEC_SUCCESS);
  TEEC_Session s{};
  TEEC_UUID uuid = MODULES_TEST_UUID;
  uint32_t origin = 0;
  EXPECT_EQ(TEEC_OpenSession(&ctx, &s, &uuid, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
            TEEC_ERROR_ITEM_NOT_FOUND);
  TEEC_FinalizeContext(&ctx);

  // With the library next to it, it loads.
  fs::copy_file(fs::path(SWEMU_TEST_TA_DIR) / (std::string(MODULES_LIB_UUID_STR) + ".elf"),
                dir / "ta" / (std::string(MODULES_LIB_UUID_STR) + ".elf"));
  ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx), TEEC_SUCCESS);
  EXPECT_EQ(TEEC_OpenSession(&ctx, &s, &uuid, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
            TEEC_SUCCESS);
  TEEC_CloseSession(&s);
  TEEC_FinalizeContext(&ctx);
  fs::remove_all(dir);
}

// A signed library (`<uuid>.ta`) is verified like a TA: the trusted key loads it, a
// flipped byte in its image is refused even though the TA itself is fine.
TEST(TaModulesLoading, SignedLibraryIsVerifiedAndATamperedOneRefused) {
  static const swemu::test::TestRsaKey key(2048, 11);
  const fs::path dir =
      fs::temp_directory_path() / ("swemu-modules-signed-" + std::to_string(getpid()));
  fs::create_directories(dir / "manifests");
  fs::create_directories(dir / "ta");
  std::ofstream(dir / "manifests" / "m.json")
      << R"({"name": "modules_test", "uuid": "abdf081b-4161-45d4-8ba1-96614e9afbe6",
             "binary": ")"
      << (fs::path(SWEMU_TEST_TA_DIR) / "modules_test.elf").string() << "\"}";
  const std::string lib_name = std::string(MODULES_LIB_UUID_STR);
  std::ifstream in(fs::path(SWEMU_TEST_TA_DIR) / (lib_name + ".elf"), std::ios::binary);
  swemu::test::TaSpec spec;
  spec.elf.assign(std::istreambuf_iterator<char>(in), {});
  spec.uuid = *swemu::Uuid::parse(lib_name);
  spec.root = &key;
  auto built = swemu::test::build_signed_ta(spec);
  swemu::test::use_secure_world([&](swemu::core::SecureWorldConfig& c) {
    c.manifest_dirs = {dir / "manifests"};
    c.ta_dirs = {dir / "ta"};
    c.ta_public_keys = {key.public_pem()};
  });
  auto open_with = [&](const std::vector<uint8_t>& library) {
    std::ofstream(dir / "ta" / (lib_name + ".ta"), std::ios::binary)
        .write(reinterpret_cast<const char*>(library.data()),
               static_cast<std::streamsize>(library.size()));
    TEEC_Context ctx{};
    EXPECT_EQ(TEEC_InitializeContext(nullptr, &ctx), TEEC_SUCCESS);
    TEEC_Session s{};
    TEEC_UUID uuid = MODULES_TEST_UUID;
    TEEC_Result res =
        TEEC_OpenSession(&ctx, &s, &uuid, TEEC_LOGIN_PUBLIC, nullptr, nullptr, nullptr);
    if (res == TEEC_SUCCESS)
      TEEC_CloseSession(&s);
    TEEC_FinalizeContext(&ctx);
    return res;
  };
  EXPECT_EQ(open_with(built.bytes), TEEC_SUCCESS);
  auto tampered = built.bytes;
  tampered[built.image_offset + 0x100] ^= 1;
  EXPECT_EQ(open_with(tampered), TEEC_ERROR_ITEM_NOT_FOUND);
  fs::remove_all(dir);
}

} // namespace
