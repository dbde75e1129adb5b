// End to end: the GP property API (GP TEE Internal Core API v1.3.1 §4.4) inside the
// api_test TA, against known values: the TA's own table, the client's identity, the TEE
// implementation, every TEE_GetPropertyAs* conversion, enumerators, and misuse.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api_test_client.h"
#include "swemu/bridge/driver.h"
#include "syscalls/syscalls.h"

namespace swemu::test {
namespace {

// SHA-256("OPTEE" || "swemu-die-id-001") as a version-5 UUID, computed independently.
constexpr char kDeviceIdText[] = "7a6ab76c-8aa8-5585-9ecc-2b32727ec694";

class ApiProperties : public ::testing::Test {
protected:
  void SetUp() override {
    use_secure_world({SWEMU_TEST_MANIFEST_DIR});
    ASSERT_EQ(ta_.start(), TEEC_SUCCESS);
  }
  ApiTaClient ta_;
};

// --- The current TA --------------------------------------------------------------------

TEST_F(ApiProperties, AppIdIsTheTaUuid) {
  auto id = ta_.uuid(kSetTa, "gpd.ta.appID");
  ASSERT_EQ(id.res, TEEC_SUCCESS);
  EXPECT_EQ(id.value, as_vector(tee_uuid_bytes(api_test_uuid_text())));
  auto text = ta_.string(kSetTa, "gpd.ta.appID");
  ASSERT_EQ(text.res, TEEC_SUCCESS);
  EXPECT_EQ(text.value, api_test_uuid_text());
  EXPECT_EQ(text.reported, api_test_uuid_text().size() + 1);
}

TEST_F(ApiProperties, StandardTaPropertiesComeFromTheTaHeader) {
  EXPECT_EQ(ta_.u32(kSetTa, "gpd.ta.dataSize").value, uint64_t{API_TEST_DATA_SIZE});
  EXPECT_EQ(ta_.u32(kSetTa, "gpd.ta.stackSize").value, uint64_t{API_TEST_STACK_SIZE});
  EXPECT_EQ(ta_.u32(kSetTa, "gpd.ta.endian").value, 0u);
  for (const char* name :
       {"gpd.ta.singleInstance", "gpd.ta.multiSession", "gpd.ta.instanceKeepAlive",
        "optee.ta.instanceKeepCrashed", "gpd.ta.doesNotCloseHandleOnCorruptObject"}) {
    auto b = ta_.boolean(kSetTa, name);
    EXPECT_EQ(b.res, TEEC_SUCCESS) << name;
    EXPECT_EQ(b.value, 0u) << name;
  }
  EXPECT_EQ(ta_.string(kSetTa, "gpd.ta.version").value, API_TEST_VERSION);
  EXPECT_EQ(ta_.string(kSetTa, "gpd.ta.description").value, API_TEST_DESCRIPTION);
  EXPECT_EQ(ta_.string(kSetTa, "gpd.ta.dataSize").value, std::to_string(API_TEST_DATA_SIZE));
  EXPECT_EQ(ta_.string(kSetTa, "gpd.ta.multiSession").value, "false");
}

// --- The client ------------------------------------------------------------------------

TEST_F(ApiProperties, PublicClientIdentityIsLoginZeroWithTheNilUuid) {
  auto id = ta_.identity(kSetClient, "gpd.client.identity");
  ASSERT_EQ(id.res, TEEC_SUCCESS);
  EXPECT_EQ(id.value, std::vector<uint8_t>(20, 0));
  EXPECT_EQ(ta_.string(kSetClient, "gpd.client.identity").value,
            "0:00000000-0000-0000-0000-000000000000");
  auto endian = ta_.u32(kSetClient, "gpd.client.endian");
  EXPECT_EQ(endian.res, TEEC_SUCCESS);
  EXPECT_EQ(endian.value, 0u);
}

TEST(ApiPropertiesLogin, ClientIdentityIsTheLoginUsed) {
  use_secure_world({SWEMU_TEST_MANIFEST_DIR});
  ApiTaClient ta;
  ASSERT_EQ(ta.start(TEEC_LOGIN_USER), TEEC_SUCCESS);
  auto expected_uuid = bridge::client_uuid_for_login(TEEC_LOGIN_USER, {});
  ASSERT_TRUE(expected_uuid) << expected_uuid.error().message;

  auto id = ta.identity(kSetClient, "gpd.client.identity");
  ASSERT_EQ(id.res, TEEC_SUCCESS);
  ASSERT_EQ(id.value.size(), 20u);
  uint32_t login = 0;
  std::memcpy(&login, id.value.data(), 4);
  EXPECT_EQ(login, TEEC_LOGIN_USER);
  std::array<uint8_t, 16> uuid{};
  expected_uuid->to_tee_uuid_bytes(uuid.data());
  EXPECT_EQ(std::vector<uint8_t>(id.value.begin() + 4, id.value.end()), as_vector(uuid));
  EXPECT_EQ(ta.string(kSetClient, "gpd.client.identity").value, "1:" + expected_uuid->str());
}

// --- The TEE implementation --------------------------------------------------------------

TEST_F(ApiProperties, ImplementationPropertiesHaveSwemusValues) {
  EXPECT_EQ(ta_.string(kSetTee, "gpd.tee.apiversion").value, "GPD-1.1-dev");
  EXPECT_EQ(ta_.string(kSetTee, "gpd.tee.description").value, "OPTEE");
  EXPECT_EQ(ta_.u32(kSetTee, "gpd.tee.internalCore.version").value, 0x01030100u);
  EXPECT_EQ(ta_.string(kSetTee, "gpd.tee.internalCore.version").value, "16974080");
  EXPECT_EQ(ta_.u32(kSetTee, "gpd.tee.arith.maxBigIntSize").value, 2048u);
  EXPECT_EQ(ta_.u32(kSetTee, "gpd.tee.sockets.version").value, 0x01000000u);
  EXPECT_EQ(ta_.u32(kSetTee, "gpd.tee.sockets.tcp.version").value, 0x01000000u);
  EXPECT_EQ(ta_.u32(kSetTee, "gpd.tee.systemTime.protectionLevel").value, 100u);
  EXPECT_EQ(ta_.u32(kSetTee, "gpd.tee.TAPersistentTime.protectionLevel").value, 100u);
  EXPECT_EQ(ta_.u32(kSetTee, "gpd.tee.trustedStorage.antiRollback.protectionLevel").value, 0u);
  EXPECT_EQ(ta_.boolean(kSetTee, "gpd.tee.cryptography.ecc").value, 1u);
  EXPECT_EQ(ta_.string(kSetTee, "gpd.tee.trustedos.implementation.version").value, "4.10-swemu");
  EXPECT_EQ(ta_.u32(kSetTee, "gpd.tee.trustedos.implementation.binaryversion").value, 0u);
  EXPECT_EQ(ta_.string(kSetTee, "gpd.tee.trustedos.manufacturer").value, "swemu");
  EXPECT_EQ(ta_.string(kSetTee, "gpd.tee.firmware.implementation.version").value, "FW_IMPL_UNDEF");
  EXPECT_EQ(ta_.u32(kSetTee, "gpd.tee.firmware.implementation.binaryversion").value, 0u);
  EXPECT_EQ(ta_.string(kSetTee, "gpd.tee.firmware.manufacturer").value, "FW_MAN_UNDEF");
}

TEST_F(ApiProperties, DeviceIdIsAStableVersion5Uuid) {
  auto id = ta_.uuid(kSetTee, "gpd.tee.deviceID");
  ASSERT_EQ(id.res, TEEC_SUCCESS);
  EXPECT_EQ(id.value, as_vector(tee_uuid_bytes(kDeviceIdText)));
  EXPECT_EQ(id.value, as_vector(core::tee_device_id()));
  EXPECT_EQ(ta_.string(kSetTee, "gpd.tee.deviceID").value, kDeviceIdText);
}

// --- Conversions -------------------------------------------------------------------------

TEST_F(ApiProperties, EveryTypeHasAStringForm) {
  EXPECT_EQ(ta_.string(kSetTa, "org.swemu.test.bool").value, "true");
  EXPECT_EQ(ta_.string(kSetTa, "org.swemu.test.u32").value,
            std::to_string(API_TEST_PROP_U32_VALUE));
  EXPECT_EQ(ta_.string(kSetTa, "org.swemu.test.u64").value, "1234605616436508552");
  EXPECT_EQ(ta_.string(kSetTa, "org.swemu.test.uuid").value, API_TEST_PROP_UUID_TEXT);
  EXPECT_EQ(ta_.string(kSetTa, "org.swemu.test.identity").value,
            std::string("4026531840:") + API_TEST_PROP_UUID_TEXT);
  EXPECT_EQ(ta_.string(kSetTa, "org.swemu.test.string").value, API_TEST_PROP_STRING_VALUE);
  EXPECT_EQ(ta_.string(kSetTa, "org.swemu.test.binary").value, API_TEST_PROP_BINARY_BASE64);
}

TEST_F(ApiProperties, TypedGettersReadTheirOwnType) {
  EXPECT_EQ(ta_.boolean(kSetTa, "org.swemu.test.bool").value, 1u);
  EXPECT_EQ(ta_.u32(kSetTa, "org.swemu.test.u32").value, API_TEST_PROP_U32_VALUE);
  EXPECT_EQ(ta_.u64(kSetTa, "org.swemu.test.u64").value, API_TEST_PROP_U64_VALUE);
  EXPECT_EQ(ta_.uuid(kSetTa, "org.swemu.test.uuid").value,
            as_vector(tee_uuid_bytes(API_TEST_PROP_UUID_TEXT)));
  auto id = ta_.identity(kSetTa, "org.swemu.test.identity");
  ASSERT_EQ(id.res, TEEC_SUCCESS);
  uint32_t login = 0;
  std::memcpy(&login, id.value.data(), 4);
  EXPECT_EQ(login, API_TEST_PROP_IDENTITY_LOGIN);
  auto bin = ta_.binary(kSetTa, "org.swemu.test.binary");
  ASSERT_EQ(bin.res, TEEC_SUCCESS);
  EXPECT_EQ(bin.value, (std::vector<uint8_t>{0, 1, 2, 3, 4, 0xFF}));
  // A 32-bit value reads as a 64-bit one.
  EXPECT_EQ(ta_.u64(kSetTa, "gpd.ta.dataSize").value, uint64_t{API_TEST_DATA_SIZE});
}

TEST_F(ApiProperties, StringsInGpSyntaxConvertToEveryType) {
  EXPECT_EQ(ta_.boolean(kSetTa, "org.swemu.test.str_true").value, 1u);
  auto f = ta_.boolean(kSetTa, "org.swemu.test.str_false");
  EXPECT_EQ(f.res, TEEC_SUCCESS);
  EXPECT_EQ(f.value, 0u);
  EXPECT_EQ(ta_.u32(kSetTa, "org.swemu.test.str_dec").value, 1000000u);
  EXPECT_EQ(ta_.u32(kSetTa, "org.swemu.test.str_kilo").value, 4096u);
  EXPECT_EQ(ta_.u32(kSetTa, "org.swemu.test.str_mega").value, 2u * 1024 * 1024);
  EXPECT_EQ(ta_.u32(kSetTa, "org.swemu.test.str_hex").value, 0xBEEFu);
  EXPECT_EQ(ta_.u32(kSetTa, "org.swemu.test.str_bin").value, 1024u);
  EXPECT_EQ(ta_.u64(kSetTa, "org.swemu.test.str_big").value, 0x100000000u);
  EXPECT_EQ(ta_.uuid(kSetTa, "org.swemu.test.str_uuid").value,
            as_vector(tee_uuid_bytes(API_TEST_PROP_UUID_TEXT)));
  auto id = ta_.identity(kSetTa, "org.swemu.test.str_identity");
  ASSERT_EQ(id.res, TEEC_SUCCESS);
  std::vector<uint8_t> want = {4, 0, 0, 0};
  auto uuid = tee_uuid_bytes(API_TEST_PROP_UUID_TEXT);
  want.insert(want.end(), uuid.begin(), uuid.end());
  EXPECT_EQ(id.value, want);
  auto bin = ta_.binary(kSetTa, "org.swemu.test.str_base64");
  ASSERT_EQ(bin.res, TEEC_SUCCESS);
  EXPECT_EQ(bin.value, (std::vector<uint8_t>{'h', 'i'}));
}

TEST_F(ApiProperties, ValuesThatCannotBeReadAsTheTypeAskedForAreBadFormat) {
  const char* junk = "org.swemu.test.str_junk";
  EXPECT_EQ(ta_.boolean(kSetTa, junk).res, TEEC_ERROR_BAD_FORMAT);
  EXPECT_EQ(ta_.u32(kSetTa, junk).res, TEEC_ERROR_BAD_FORMAT);
  EXPECT_EQ(ta_.u64(kSetTa, junk).res, TEEC_ERROR_BAD_FORMAT);
  EXPECT_EQ(ta_.uuid(kSetTa, junk).res, TEEC_ERROR_BAD_FORMAT);
  EXPECT_EQ(ta_.identity(kSetTa, junk).res, TEEC_ERROR_BAD_FORMAT);
  EXPECT_EQ(ta_.binary(kSetTa, junk).res, TEEC_ERROR_BAD_FORMAT);
  // Too big for 32 bits; other types.
  EXPECT_EQ(ta_.u32(kSetTa, "org.swemu.test.str_big").res, TEEC_ERROR_BAD_FORMAT);
  EXPECT_EQ(ta_.u32(kSetTa, "org.swemu.test.u64").res, TEEC_ERROR_BAD_FORMAT);
  EXPECT_EQ(ta_.boolean(kSetTa, "org.swemu.test.u32").res, TEEC_ERROR_BAD_FORMAT);
  EXPECT_EQ(ta_.u32(kSetTa, "org.swemu.test.bool").res, TEEC_ERROR_BAD_FORMAT);
  EXPECT_EQ(ta_.uuid(kSetTee, "gpd.tee.apiversion").res, TEEC_ERROR_BAD_FORMAT);
  EXPECT_EQ(ta_.identity(kSetTa, "gpd.ta.appID").res, TEEC_ERROR_BAD_FORMAT);
  EXPECT_EQ(ta_.binary(kSetTa, "org.swemu.test.u32").res, TEEC_ERROR_BAD_FORMAT);
  EXPECT_EQ(ta_.u32(kSetClient, "gpd.client.identity").res, TEEC_ERROR_BAD_FORMAT);
}

TEST_F(ApiProperties, ShortBuffersReportTheSizeNeeded) {
  // From the TA's table and from the OS.
  auto s = ta_.string(kSetTa, "gpd.ta.description", 4);
  EXPECT_EQ(s.res, TEEC_ERROR_SHORT_BUFFER);
  EXPECT_EQ(s.reported, sizeof(API_TEST_DESCRIPTION));
  s = ta_.string(kSetTee, "gpd.tee.apiversion", 4);
  EXPECT_EQ(s.res, TEEC_ERROR_SHORT_BUFFER);
  EXPECT_EQ(s.reported, sizeof("GPD-1.1-dev"));
  // No buffer at all.
  s = ta_.string(kSetTee, "gpd.tee.deviceID", 0);
  EXPECT_EQ(s.res, TEEC_ERROR_SHORT_BUFFER);
  EXPECT_EQ(s.reported, sizeof(kDeviceIdText));
  // Exactly enough.
  s = ta_.string(kSetTee, "gpd.tee.apiversion", sizeof("GPD-1.1-dev"));
  EXPECT_EQ(s.res, TEEC_SUCCESS);
  EXPECT_EQ(s.value, "GPD-1.1-dev");

  auto b = ta_.binary(kSetTa, "org.swemu.test.binary", 5);
  EXPECT_EQ(b.res, TEEC_ERROR_SHORT_BUFFER);
  EXPECT_EQ(b.reported, 6u);
}

TEST_F(ApiProperties, UnknownNamesAreItemNotFound) {
  EXPECT_EQ(ta_.string(kSetTa, "org.swemu.no.such").res, TEEC_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(ta_.u32(kSetTee, "gpd.ta.dataSize").res, TEEC_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(ta_.uuid(kSetClient, "gpd.ta.appID").res, TEEC_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(ta_.boolean(kSetClient, "gpd.client").res, TEEC_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(ta_.origin(), TEEC_ORIGIN_TRUSTED_APP);
}

// --- Enumerators ---------------------------------------------------------------------------

TEST_F(ApiProperties, EnumeratorWalksTheClientAndImplementationSets) {
  auto client = ta_.enumerate(kSetClient);
  ASSERT_EQ(client.res, TEEC_SUCCESS);
  EXPECT_EQ(client.names, (std::vector<std::string>{"gpd.client.identity", "gpd.client.endian"}));
  EXPECT_EQ(client.readable, client.count);

  auto tee = ta_.enumerate(kSetTee);
  ASSERT_EQ(tee.res, TEEC_SUCCESS);
  EXPECT_EQ(tee.names, (std::vector<std::string>{
                           "gpd.tee.arith.maxBigIntSize",
                           "gpd.tee.sockets.version",
                           "gpd.tee.sockets.tcp.version",
                           "gpd.tee.internalCore.version",
                           "gpd.tee.apiversion",
                           "gpd.tee.description",
                           "gpd.tee.deviceID",
                           "gpd.tee.systemTime.protectionLevel",
                           "gpd.tee.TAPersistentTime.protectionLevel",
                           "gpd.tee.cryptography.ecc",
                           "gpd.tee.trustedStorage.antiRollback.protectionLevel",
                           "gpd.tee.trustedos.implementation.version",
                           "gpd.tee.trustedos.implementation.binaryversion",
                           "gpd.tee.trustedos.manufacturer",
                           "gpd.tee.firmware.implementation.version",
                           "gpd.tee.firmware.implementation.binaryversion",
                           "gpd.tee.firmware.manufacturer",
                       }));
  EXPECT_EQ(tee.count, 17u);
  EXPECT_EQ(tee.readable, tee.count);
}

TEST_F(ApiProperties, EnumeratorWalksTheTaSetThroughTheOsPart) {
  auto ta = ta_.enumerate(kSetTa);
  ASSERT_EQ(ta.res, TEEC_SUCCESS);
  // 10 standard properties, 19 of the TA's own, then gpd.ta.appID from the OS.
  EXPECT_EQ(ta.count, 30u);
  ASSERT_EQ(ta.names.size(), 30u);
  EXPECT_EQ(ta.names.front(), "gpd.ta.singleInstance");
  EXPECT_EQ(ta.names[10], "org.swemu.test.bool");
  EXPECT_EQ(ta.names.back(), "gpd.ta.appID");
  EXPECT_EQ(ta.readable, ta.count);
}

TEST_F(ApiProperties, GettersReadTheEnumeratorsCurrentProperty) {
  ASSERT_EQ(ta_.seek(kSetTee, "gpd.tee.deviceID"), TEEC_SUCCESS);
  EXPECT_EQ(ta_.uuid(kEnumerator, "").value, as_vector(tee_uuid_bytes(kDeviceIdText)));
  EXPECT_EQ(ta_.string(kEnumerator, "ignored").value, kDeviceIdText);

  ASSERT_EQ(ta_.seek(kSetTa, "org.swemu.test.u32"), TEEC_SUCCESS);
  EXPECT_EQ(ta_.u32(kEnumerator, "").value, API_TEST_PROP_U32_VALUE);

  ASSERT_EQ(ta_.seek(kSetClient, "gpd.client.endian"), TEEC_SUCCESS);
  EXPECT_EQ(ta_.u32(kEnumerator, "").res, TEEC_SUCCESS);

  // Past the end, and after a reset, there is nothing to read.
  EXPECT_EQ(ta_.seek(kSetTa, "org.swemu.no.such"), TEEC_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(ta_.u32(kEnumerator, "").res, TEEC_ERROR_ITEM_NOT_FOUND);
  ASSERT_EQ(ta_.seek(0, ""), TEEC_SUCCESS);
  EXPECT_EQ(ta_.string(kEnumerator, "").res, TEEC_ERROR_ITEM_NOT_FOUND);
}

// --- Misuse ---------------------------------------------------------------------------------

TEST_F(ApiProperties, AnInvalidPropertySetHandlePanicsTheTa) {
  auto v = ta_.u32(0x12345678, "gpd.ta.dataSize");
  EXPECT_EQ(v.res, TEEC_ERROR_TARGET_DEAD);
  EXPECT_EQ(ta_.origin(), TEEC_ORIGIN_TEE);
}

TEST_F(ApiProperties, ANullNameWithASetHandlePanicsTheTa) {
  EXPECT_EQ(ta_.string(kSetTa, "").res, TEEC_ERROR_TARGET_DEAD);
  EXPECT_EQ(ta_.origin(), TEEC_ORIGIN_TEE);
}

} // namespace
} // namespace swemu::test
