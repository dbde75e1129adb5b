// The property, access-rights, time and cancellation syscall handlers called directly on a
// loaded TA instance, outside any entry: the argument checks of optee-abi.md §5.2, with
// OP-TEE's results and order of checks.
#include <chrono>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../tas/api_test/api_test_ta.h"
#include "swemu/core/tee_abi.h"
#include "syscall_fixture.h"
#include "syscalls/syscalls.h"
#include "ta_runtime.h"

namespace swemu::core {
namespace {

using namespace swemu::abi;

constexpr uint64_t kGetProperty = 3;
constexpr uint64_t kNameToIndex = 4;
constexpr uint64_t kCheckAccessRights = 8;
constexpr uint64_t kGetCancellationFlag = 9;
constexpr uint64_t kUnmaskCancellation = 10;
constexpr uint64_t kMaskCancellation = 11;
constexpr uint64_t kWait = 12;
constexpr uint64_t kGetTime = 13;
constexpr uint64_t kSetTaTime = 14;
constexpr uint64_t kCacheOperation = 70;

constexpr uint64_t kSetTee = 0xFFFFFFFD;
constexpr uint64_t kSetClient = 0xFFFFFFFE;
constexpr uint64_t kSetTa = 0xFFFFFFFF;

constexpr uint32_t kRead = 1;
constexpr uint32_t kWrite = 2;
constexpr uint32_t kAnyOwner = 4;
constexpr uint32_t kNonSecure = 0x10000000;
constexpr uint32_t kSecure = 0x20000000;

constexpr uint64_t kUnmapped = 0x10;
// Scratch space at the top of the TA's stack (mapped read-write, TA-private).
constexpr uint64_t kScratch = kTaStackTop - 0x400;
constexpr uint64_t kScratchSize = 0x400;

std::unique_ptr<TaInstance> load(const std::string& name) {
  std::ifstream in(std::string(SWEMU_TEST_TA_DIR) + "/" + name + ".elf", std::ios::binary);
  std::vector<uint8_t> elf{std::istreambuf_iterator<char>(in), {}};
  auto ta = TaInstance::create(elf, {name});
  EXPECT_TRUE(ta) << ta.error().message;
  return ta ? std::move(ta.value()) : nullptr;
}

class Syscalls : public SyscallFixture {
protected:
  void SetUp() override {
    ta_ = load("api_test");
    ASSERT_NE(ta_, nullptr);
    code_ = ta_->image().entry;
  }

  void write_text(uint64_t va, const std::string& s) {
    ASSERT_TRUE(ta_->copy_to_ta(va, s.data(), s.size()));
  }
  std::string read_text(uint64_t va, size_t n) {
    std::string s(n, '\0');
    EXPECT_TRUE(ta_->copy_from_ta(va, s.data(), n));
    return s;
  }

  // Scratch slots.
  const uint64_t type_ = kScratch;
  const uint64_t len_ = kScratch + 8;
  const uint64_t name_len_ = kScratch + 16;
  const uint64_t buf_ = kScratch + 64;
  const uint64_t name_ = kScratch + 256;
};

// --- GET_PROPERTY --------------------------------------------------------------------------

TEST_F(Syscalls, UnknownSetOrIndexIsItemNotFound) {
  EXPECT_EQ(call(kGetProperty, {0x12345678, 0, 0, 0, 0, 0, type_}), TEE_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(call(kGetProperty, {0x1FFFFFFFF, 0, 0, 0, 0, 0, type_}), TEE_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(call(kGetProperty, {0, 0, 0, 0, 0, 0, type_}), TEE_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(call(kGetProperty, {kSetTa, 1, 0, 0, 0, 0, type_}), TEE_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(call(kGetProperty, {kSetClient, 2, 0, 0, 0, 0, type_}), TEE_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(call(kGetProperty, {kSetTee, 13, 0, 0, 0, 0, type_}), TEE_ERROR_ITEM_NOT_FOUND);
  // Checked before any pointer.
  EXPECT_EQ(call(kGetProperty, {kSetTa, 99, code_, code_, code_, code_, code_}),
            TEE_ERROR_ITEM_NOT_FOUND);
}

TEST_F(Syscalls, GetPropertyWritesTypeValueAndName) {
  write<uint32_t>(len_, 64);
  write<uint32_t>(name_len_, 64);
  ASSERT_EQ(call(kGetProperty, {kSetTa, 0, name_, name_len_, buf_, len_, type_}), TEE_SUCCESS);
  EXPECT_EQ(read<uint32_t>(type_), 2u); // USER_TA_PROP_TYPE_UUID
  EXPECT_EQ(read<uint32_t>(len_), 16u);
  uint8_t want[16];
  Uuid::parse(API_TEST_TA_UUID_STR)->to_tee_uuid_bytes(want);
  EXPECT_EQ(read_text(buf_, 16), std::string(reinterpret_cast<char*>(want), 16));
  EXPECT_EQ(read<uint32_t>(name_len_), sizeof("gpd.ta.appID"));
  EXPECT_EQ(read_text(name_, sizeof("gpd.ta.appID")), std::string("gpd.ta.appID", 13));
  // NULL outputs are skipped.
  EXPECT_EQ(call(kGetProperty, {kSetTee, 0, 0, 0, 0, 0, 0}), TEE_SUCCESS);
  EXPECT_EQ(call(kGetProperty, {kSetTee, 0, name_, 0, buf_, 0, 0}), TEE_SUCCESS);
}

TEST_F(Syscalls, ShortBuffersGetTheSizeNeededAndNoBytes) {
  write<uint64_t>(buf_, 0x5A5A5A5A5A5A5A5A);
  write<uint32_t>(len_, 3);
  EXPECT_EQ(call(kGetProperty, {kSetTa, 0, 0, 0, buf_, len_, 0}), TEE_ERROR_SHORT_BUFFER);
  EXPECT_EQ(read<uint32_t>(len_), 16u);
  EXPECT_EQ(read<uint64_t>(buf_), 0x5A5A5A5A5A5A5A5Au);
  write<uint32_t>(len_, 16);
  EXPECT_EQ(call(kGetProperty, {kSetTa, 0, 0, 0, buf_, len_, 0}), TEE_SUCCESS);

  write<uint32_t>(name_len_, 0);
  EXPECT_EQ(call(kGetProperty, {kSetClient, 1, name_, name_len_, 0, 0, 0}), TEE_ERROR_SHORT_BUFFER);
  EXPECT_EQ(read<uint32_t>(name_len_), sizeof("gpd.client.endian"));
  // The value is handled before the name: a short value stops there.
  write<uint32_t>(len_, 0);
  write<uint32_t>(name_len_, 0);
  EXPECT_EQ(call(kGetProperty, {kSetTee, 0, name_, name_len_, buf_, len_, 0}),
            TEE_ERROR_SHORT_BUFFER);
  EXPECT_EQ(read<uint32_t>(len_), sizeof("GPD-1.1-dev"));
  EXPECT_EQ(read<uint32_t>(name_len_), 0u);
}

TEST_F(Syscalls, EveryPointerGetPropertyUsesIsChecked) {
  EXPECT_EQ(call(kGetProperty, {kSetTa, 0, 0, 0, 0, 0, code_}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kGetProperty, {kSetTa, 0, 0, 0, 0, 0, kUnmapped}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kGetProperty, {kSetTa, 0, 0, 0, buf_, kUnmapped, 0}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kGetProperty, {kSetTa, 0, 0, 0, buf_, code_, 0}), TEE_ERROR_ACCESS_DENIED);
  write<uint32_t>(len_, 64);
  EXPECT_EQ(call(kGetProperty, {kSetTa, 0, 0, 0, code_, len_, 0}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kGetProperty, {kSetTa, 0, 0, 0, kTaStackTop - 8, len_, 0}),
            TEE_ERROR_ACCESS_DENIED); // runs off the end of the stack
  write<uint32_t>(name_len_, 64);
  EXPECT_EQ(call(kGetProperty, {kSetTa, 0, code_, name_len_, 0, 0, 0}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kGetProperty, {kSetTa, 0, name_, kUnmapped, 0, 0, 0}), TEE_ERROR_ACCESS_DENIED);
}

TEST_F(Syscalls, DeviceIdIsAVersion5UuidOfTheDieId) {
  write<uint32_t>(len_, 16);
  ASSERT_EQ(call(kGetProperty, {kSetTee, 2, 0, 0, buf_, len_, type_}), TEE_SUCCESS);
  EXPECT_EQ(read<uint32_t>(type_), 2u);
  const auto id = tee_device_id();
  const std::string got = read_text(buf_, 16);
  EXPECT_EQ(got, std::string(reinterpret_cast<const char*>(id.data()), 16));
  EXPECT_EQ(static_cast<uint8_t>(got[7]) >> 4, 5);      // version 5
  EXPECT_EQ(static_cast<uint8_t>(got[8]) & 0xC0, 0x80); // RFC 4122 variant
}

// --- GET_PROPERTY_NAME_TO_INDEX --------------------------------------------------------------

TEST_F(Syscalls, NameToIndexChecksItsArguments) {
  const std::string name = "gpd.tee.deviceID";
  write_text(name_, name + '\0');
  const uint64_t n = name.size() + 1;
  EXPECT_EQ(call(kNameToIndex, {0x42, name_, n, buf_}), TEE_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(call(kNameToIndex, {kSetTee, 0, n, buf_}), TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(call(kNameToIndex, {kSetTee, name_, 0, buf_}), TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(call(kNameToIndex, {kSetTee, kUnmapped, n, buf_}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kNameToIndex, {kSetTee, kTaStackTop - 4, n, buf_}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kNameToIndex, {kSetTee, name_, n, code_}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kNameToIndex, {kSetTee, name_, n, kUnmapped}), TEE_ERROR_ACCESS_DENIED);
  ASSERT_EQ(call(kNameToIndex, {kSetTee, name_, n, buf_}), TEE_SUCCESS);
  EXPECT_EQ(read<uint32_t>(buf_), 2u);
  EXPECT_EQ(call(kNameToIndex, {kSetTa, name_, n, buf_}), TEE_ERROR_ITEM_NOT_FOUND);
}

TEST_F(Syscalls, NameToIndexTakesTheLastByteAsTheEnd) {
  write_text(name_, "gpd.client.endianXYZ");
  ASSERT_EQ(call(kNameToIndex, {kSetClient, name_, sizeof("gpd.client.endian"), buf_}),
            TEE_SUCCESS);
  EXPECT_EQ(read<uint32_t>(buf_), 1u);
  // A name longer than any property is simply not found.
  write_text(name_, std::string(400, 'g'));
  EXPECT_EQ(call(kNameToIndex, {kSetClient, name_, 400, buf_}), TEE_ERROR_ITEM_NOT_FOUND);
}

// --- CHECK_ACCESS_RIGHTS and CACHE_OPERATION ----------------------------------------------------

TEST_F(Syscalls, AccessRightsOfTheTasOwnMemory) {
  EXPECT_EQ(call(kCheckAccessRights, {kRead | kWrite, kScratch, 64}), TEE_SUCCESS);
  EXPECT_EQ(call(kCheckAccessRights, {kRead | kWrite | kSecure, kScratch, kScratchSize}),
            TEE_SUCCESS);
  EXPECT_EQ(call(kCheckAccessRights, {kRead | kAnyOwner | kNonSecure, kScratch, 64}),
            TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kCheckAccessRights, {kRead, code_, 64}), TEE_SUCCESS);
  EXPECT_EQ(call(kCheckAccessRights, {kWrite, code_, 64}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kCheckAccessRights, {kRead, kUnmapped, 1}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kCheckAccessRights, {kRead, kScratch, kScratchSize + 1}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kCheckAccessRights, {kRead, ~uint64_t{0} - 3, 8}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kCheckAccessRights, {kRead, kUnmapped, 0}), TEE_SUCCESS);
  EXPECT_EQ(call(kCheckAccessRights, {kRead | kSecure | kNonSecure, kScratch, 0}),
            TEE_ERROR_ACCESS_DENIED);
}

TEST_F(Syscalls, CacheOperationsNeedTheFlagAndAParameter) {
  auto hello = load("hello"); // no TA_FLAG_CACHE_MAINTENANCE
  ASSERT_NE(hello, nullptr);
  SyscallArgs args;
  args.a[0] = kScratch;
  args.a[1] = 0;
  EXPECT_EQ(lookup_syscall(kCacheOperation)(*hello, args), TEE_ERROR_NOT_SUPPORTED);

  // api_test has the flag, but its own memory is not a parameter.
  EXPECT_EQ(call(kCacheOperation, {kScratch, 64, 0}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kCacheOperation, {code_, 64, 1}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kCacheOperation, {kUnmapped, 64, 2}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kCacheOperation, {kScratch, 0, 2}), TEE_SUCCESS);
  EXPECT_EQ(call(kCacheOperation, {kScratch, 0, 3}), TEE_ERROR_NOT_SUPPORTED);
}

// --- GET_TIME, SET_TA_TIME, WAIT --------------------------------------------------------------

TEST_F(Syscalls, GetTimeChecksTheCategoryAndWritesTaPrivateMemoryOnly) {
  EXPECT_EQ(call(kGetTime, {3, buf_}), TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(call(kGetTime, {0, code_}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kGetTime, {2, kUnmapped}), TEE_ERROR_ACCESS_DENIED);
  ASSERT_EQ(call(kGetTime, {0, buf_}), TEE_SUCCESS);
  EXPECT_LT(read<uint32_t>(buf_ + 4), 1000u);
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  ASSERT_EQ(call(kGetTime, {2, buf_}), TEE_SUCCESS);
  EXPECT_GE(read<uint32_t>(buf_),
            static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(now).count()));
  // No session: no TA persistent time, and nothing written.
  write<uint64_t>(buf_, 0x5A5A5A5A5A5A5A5A);
  EXPECT_EQ(call(kGetTime, {1, buf_}), 0xFFFF5000u); // TEE_ERROR_TIME_NOT_SET
  EXPECT_EQ(read<uint64_t>(buf_), 0x5A5A5A5A5A5A5A5Au);
}

TEST_F(Syscalls, SetTaTimeChecksThePointerFirst) {
  EXPECT_EQ(call(kSetTaTime, {code_ + 0x100000000}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kSetTaTime, {kUnmapped}), TEE_ERROR_ACCESS_DENIED);
  write<uint64_t>(buf_, 0);
  EXPECT_EQ(call(kSetTaTime, {buf_}), TEE_ERROR_NOT_SUPPORTED); // no session to keep it for
}

TEST_F(Syscalls, WaitWithoutASessionRunsToItsEnd) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(call(kWait, {20}), TEE_SUCCESS);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(20));
  EXPECT_EQ(call(kWait, {0}), TEE_SUCCESS);
}

// --- Cancellation ---------------------------------------------------------------------------

TEST_F(Syscalls, WithoutASessionNothingIsCancelledAndCancellationStaysMasked) {
  write<uint32_t>(buf_, 7);
  ASSERT_EQ(call(kGetCancellationFlag, {buf_}), TEE_SUCCESS);
  EXPECT_EQ(read<uint32_t>(buf_), 0u);
  ASSERT_EQ(call(kUnmaskCancellation, {buf_}), TEE_SUCCESS);
  EXPECT_EQ(read<uint32_t>(buf_), 1u);
  ASSERT_EQ(call(kMaskCancellation, {buf_}), TEE_SUCCESS);
  EXPECT_EQ(read<uint32_t>(buf_), 1u);
  EXPECT_EQ(call(kGetCancellationFlag, {code_}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kUnmaskCancellation, {kUnmapped}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kMaskCancellation, {code_}), TEE_ERROR_ACCESS_DENIED);
}

// --- The table ---------------------------------------------------------------------------------

TEST_F(Syscalls, DeprecatedSecureElementSyscallsAreNotSupported) {
  for (uint64_t n = 55; n <= 69; ++n)
    EXPECT_EQ(call(n, {kScratch, 16, kScratch}), TEE_ERROR_NOT_SUPPORTED) << n;
  EXPECT_EQ(call(71, {}), TEE_ERROR_NOT_SUPPORTED);
  EXPECT_EQ(call(~uint64_t{0}, {}), TEE_ERROR_NOT_SUPPORTED);
}

} // namespace
} // namespace swemu::core
