// The crypto syscall layer (sys_crypto.cpp) called directly on a loaded TA instance:
// handle tables, checked TA buffers, utee_attribute marshalling, SHORT_BUFFER answers that
// leave the operation untouched, and the reproducible random source.
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "crypto/crypto.h"
#include "swemu/core/tee_abi.h"
#include "syscall_fixture.h"
#include "syscalls/syscalls.h"
#include "ta_runtime.h"

namespace swemu::core {
namespace {

using namespace swemu::abi;

constexpr uint64_t kStateAlloc = 15;
constexpr uint64_t kStateCopy = 16;
constexpr uint64_t kStateFree = 17;
constexpr uint64_t kHashInit = 18;
constexpr uint64_t kHashUpdate = 19;
constexpr uint64_t kHashFinal = 20;
constexpr uint64_t kCipherInit = 21;
constexpr uint64_t kCipherFinal = 23;
constexpr uint64_t kObjGetInfo = 24;
constexpr uint64_t kObjRestrictUsage = 25;
constexpr uint64_t kObjGetAttr = 26;
constexpr uint64_t kObjAlloc = 27;
constexpr uint64_t kObjClose = 28;
constexpr uint64_t kObjPopulate = 30;
constexpr uint64_t kRandom = 33;

constexpr uint32_t kAlgSha256 = 0x50000004;
constexpr uint32_t kAlgSha1 = 0x50000002;
constexpr uint32_t kAlgAesEcbNopad = 0x10000010;
constexpr uint32_t kModeEncrypt = 0;
constexpr uint32_t kModeDigest = 5;
constexpr uint32_t kTypeAes = 0xA0000010;
constexpr uint32_t kAttrSecretValue = 0xC0000000;
constexpr uint32_t kUsageExtractable = 0x1;
constexpr uint32_t kHandleFlagInitialized = 0x00020000;

constexpr uint64_t kUnmapped = 0x10;
// Scratch space: the top 4 KiB of the TA's stack (mapped read-write, TA-private).
constexpr uint64_t kScratch = kTaStackTop - 0x1000;

struct UteeAttribute {
  uint64_t a;
  uint64_t b;
  uint32_t attribute_id;
  uint32_t reserved;
};

struct UteeObjectInfo {
  uint32_t obj_type;
  uint32_t obj_size;
  uint32_t max_obj_size;
  uint32_t obj_usage;
  uint32_t data_size;
  uint32_t data_pos;
  uint32_t handle_flags;
};

std::vector<uint8_t> unhex(const std::string& hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  return out;
}

std::unique_ptr<TaInstance> load(const std::string& seed) {
  std::ifstream in(std::string(SWEMU_TEST_TA_DIR) + "/api_test.elf", std::ios::binary);
  std::vector<uint8_t> elf{std::istreambuf_iterator<char>(in), {}};
  TaLoadOptions opts;
  opts.name = "api_test";
  opts.rng =
      crypto::Rng::from_seed(std::span(reinterpret_cast<const uint8_t*>(seed.data()), seed.size()));
  auto ta = TaInstance::create(elf, opts);
  EXPECT_TRUE(ta) << ta.error().message;
  return ta ? std::move(ta.value()) : nullptr;
}

class CryptoSyscalls : public SyscallFixture {
protected:
  void SetUp() override {
    ta_ = load("crypto syscall tests");
    ASSERT_NE(ta_, nullptr);
    code_ = ta_->image().entry;
  }

  void write_bytes(uint64_t va, const std::vector<uint8_t>& b) {
    ASSERT_TRUE(ta_->copy_to_ta(va, b.data(), b.size()));
  }
  std::vector<uint8_t> read_bytes(uint64_t va, size_t n) {
    std::vector<uint8_t> b(n);
    EXPECT_TRUE(ta_->copy_from_ta(va, b.data(), n));
    return b;
  }
  // An AES object holding `key`, made through ALLOC and POPULATE.
  uint32_t aes_key(const std::vector<uint8_t>& key) {
    EXPECT_EQ(call(kObjAlloc, {kTypeAes, key.size() * 8, handle_}), TEE_SUCCESS);
    const auto obj = read<uint32_t>(handle_);
    write_bytes(in_, key);
    write(attrs_, UteeAttribute{in_, key.size(), kAttrSecretValue, 0});
    EXPECT_EQ(call(kObjPopulate, {obj, attrs_, 1}), TEE_SUCCESS);
    return obj;
  }

  const uint64_t handle_ = kScratch;
  const uint64_t len_ = kScratch + 8;
  const uint64_t attrs_ = kScratch + 64;
  const uint64_t in_ = kScratch + 1024;
  const uint64_t out_ = kScratch + 2048;
};

const char* const kSha256Abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

TEST_F(CryptoSyscalls, DigestInTwoPartsThroughTheSyscalls) {
  ASSERT_EQ(call(kStateAlloc, {kAlgSha256, kModeDigest, 0, 0, handle_}), TEE_SUCCESS);
  const auto st = read<uint32_t>(handle_);
  EXPECT_NE(st, 0U);
  write_bytes(in_, {'a', 'b', 'c'});
  ASSERT_EQ(call(kHashInit, {st, 0, 0}), TEE_SUCCESS);
  ASSERT_EQ(call(kHashUpdate, {st, in_, 2}), TEE_SUCCESS);
  write<uint64_t>(len_, 64);
  ASSERT_EQ(call(kHashFinal, {st, in_ + 2, 1, out_, len_}), TEE_SUCCESS);
  EXPECT_EQ(read<uint64_t>(len_), 32U);
  EXPECT_EQ(read_bytes(out_, 32), unhex(kSha256Abc));
  EXPECT_EQ(call(kStateFree, {st}), TEE_SUCCESS);
  EXPECT_TRUE(ta_->crypto().states.empty());
}

TEST_F(CryptoSyscalls, ShortDigestBufferGetsTheSizeNeededAndKeepsTheState) {
  ASSERT_EQ(call(kStateAlloc, {kAlgSha256, kModeDigest, 0, 0, handle_}), TEE_SUCCESS);
  const auto st = read<uint32_t>(handle_);
  write_bytes(in_, {'a', 'b', 'c'});
  ASSERT_EQ(call(kHashInit, {st, 0, 0}), TEE_SUCCESS);
  ASSERT_EQ(call(kHashUpdate, {st, in_, 2}), TEE_SUCCESS);
  write<uint64_t>(len_, 31);
  EXPECT_EQ(call(kHashFinal, {st, in_ + 2, 1, out_, len_}), TEE_ERROR_SHORT_BUFFER);
  EXPECT_EQ(read<uint64_t>(len_), 32U);
  // The final chunk was not consumed: the retry hashes "abc", not "abcc".
  ASSERT_EQ(call(kHashFinal, {st, in_ + 2, 1, out_, len_}), TEE_SUCCESS);
  EXPECT_EQ(read_bytes(out_, 32), unhex(kSha256Abc));
}

TEST_F(CryptoSyscalls, UnknownHandlesAreRefusedAsOpteeDoes) {
  EXPECT_EQ(call(kHashUpdate, {999, in_, 1}), TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(call(kStateFree, {0}), TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(call(kStateFree, {uint64_t{1} << 32}), TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(call(kObjGetInfo, {999, out_}), TEE_ERROR_BAD_STATE);
  EXPECT_EQ(call(kObjClose, {0}), TEE_ERROR_BAD_STATE);
  // A key handle that does not exist fails the allocation and leaves nothing behind.
  EXPECT_EQ(call(kStateAlloc, {kAlgAesEcbNopad, kModeEncrypt, 77, 0, handle_}),
            TEE_ERROR_BAD_STATE);
  EXPECT_TRUE(ta_->crypto().states.empty());
}

TEST_F(CryptoSyscalls, EveryTaPointerIsCheckedBeforeUse) {
  EXPECT_EQ(call(kStateAlloc, {kAlgSha256, kModeDigest, 0, 0, kUnmapped}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kStateAlloc, {kAlgSha256, kModeDigest, 0, 0, code_}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_TRUE(ta_->crypto().states.empty());
  ASSERT_EQ(call(kStateAlloc, {kAlgSha256, kModeDigest, 0, 0, handle_}), TEE_SUCCESS);
  const auto st = read<uint32_t>(handle_);
  ASSERT_EQ(call(kHashInit, {st, 0, 0}), TEE_SUCCESS);
  EXPECT_EQ(call(kHashUpdate, {st, kUnmapped, 16}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kHashUpdate, {st, kTaStackTop - 8, 16}), TEE_ERROR_ACCESS_DENIED);
  write<uint64_t>(len_, 32);
  // The length lives in read-only code, the digest would go to read-only code.
  EXPECT_EQ(call(kHashFinal, {st, 0, 0, out_, code_}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kHashFinal, {st, 0, 0, code_, len_}), TEE_ERROR_ACCESS_DENIED);
  // Sizes beyond what the host accepts to copy are bad parameters, not allocations.
  EXPECT_EQ(call(kHashUpdate, {st, in_, uint64_t{1} << 40}), TEE_ERROR_BAD_PARAMETERS);
}

TEST_F(CryptoSyscalls, KeyFromUteeAttributesEncryptsTheFips197Block) {
  const uint32_t key = aes_key(unhex("000102030405060708090a0b0c0d0e0f"));
  ASSERT_EQ(call(kStateAlloc, {kAlgAesEcbNopad, kModeEncrypt, key, 0, handle_}), TEE_SUCCESS);
  const auto st = read<uint32_t>(handle_);
  ASSERT_EQ(call(kCipherInit, {st, 0, 0}), TEE_SUCCESS);
  write_bytes(in_, unhex("00112233445566778899aabbccddeeff"));
  write<uint64_t>(len_, 15);
  EXPECT_EQ(call(kCipherFinal, {st, in_, 16, out_, len_}), TEE_ERROR_SHORT_BUFFER);
  EXPECT_EQ(read<uint64_t>(len_), 16U);
  ASSERT_EQ(call(kCipherFinal, {st, in_, 16, out_, len_}), TEE_SUCCESS);
  EXPECT_EQ(read_bytes(out_, 16), unhex("69c4e0d86a7b0430d8cdb78070b4c55a"));
}

TEST_F(CryptoSyscalls, ObjectInfoAndExtractability) {
  const auto key_bytes = unhex("2b7e151628aed2a6abf7158809cf4f3c");
  const uint32_t key = aes_key(key_bytes);
  ASSERT_EQ(call(kObjGetInfo, {key, out_}), TEE_SUCCESS);
  const auto info = read<UteeObjectInfo>(out_);
  EXPECT_EQ(info.obj_type, kTypeAes);
  EXPECT_EQ(info.obj_size, 128U);
  EXPECT_EQ(info.max_obj_size, 128U);
  EXPECT_EQ(info.obj_usage, 0xFFFFFFFFU);
  EXPECT_EQ(info.handle_flags & kHandleFlagInitialized, kHandleFlagInitialized);

  write<uint64_t>(len_, 64);
  ASSERT_EQ(call(kObjGetAttr, {key, kAttrSecretValue, out_, len_}), TEE_SUCCESS);
  EXPECT_EQ(read<uint64_t>(len_), 16U);
  EXPECT_EQ(read_bytes(out_, 16), key_bytes);

  ASSERT_EQ(call(kObjRestrictUsage, {key, ~uint64_t{kUsageExtractable}}), TEE_SUCCESS);
  write<uint64_t>(len_, 64);
  EXPECT_EQ(call(kObjGetAttr, {key, kAttrSecretValue, out_, len_}), TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(call(kObjClose, {key}), TEE_SUCCESS);
  EXPECT_TRUE(ta_->crypto().objects.empty());
}

TEST_F(CryptoSyscalls, AttributeArraysAreBoundedAndChecked) {
  ASSERT_EQ(call(kObjAlloc, {kTypeAes, 128, handle_}), TEE_SUCCESS);
  const auto obj = read<uint32_t>(handle_);
  EXPECT_EQ(call(kObjPopulate, {obj, attrs_, 65}), TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(call(kObjPopulate, {obj, kUnmapped, 1}), TEE_ERROR_ACCESS_DENIED);
  // An attribute whose buffer is unmapped.
  write(attrs_, UteeAttribute{kUnmapped, 16, kAttrSecretValue, 0});
  EXPECT_EQ(call(kObjPopulate, {obj, attrs_, 1}), TEE_ERROR_ACCESS_DENIED);
  ASSERT_EQ(call(kObjGetInfo, {obj, out_}), TEE_SUCCESS);
  EXPECT_EQ(read<UteeObjectInfo>(out_).handle_flags & kHandleFlagInitialized, 0U);
}

TEST_F(CryptoSyscalls, StateCopyNeedsTheSameAlgorithmAndCopiesTheProgress) {
  ASSERT_EQ(call(kStateAlloc, {kAlgSha256, kModeDigest, 0, 0, handle_}), TEE_SUCCESS);
  const auto a = read<uint32_t>(handle_);
  ASSERT_EQ(call(kStateAlloc, {kAlgSha256, kModeDigest, 0, 0, handle_}), TEE_SUCCESS);
  const auto b = read<uint32_t>(handle_);
  ASSERT_EQ(call(kStateAlloc, {kAlgSha1, kModeDigest, 0, 0, handle_}), TEE_SUCCESS);
  const auto c = read<uint32_t>(handle_);
  EXPECT_EQ(call(kStateCopy, {c, a}), TEE_ERROR_BAD_PARAMETERS);

  write_bytes(in_, {'a', 'b', 'c'});
  ASSERT_EQ(call(kHashInit, {a, 0, 0}), TEE_SUCCESS);
  ASSERT_EQ(call(kHashUpdate, {a, in_, 2}), TEE_SUCCESS);
  ASSERT_EQ(call(kStateCopy, {b, a}), TEE_SUCCESS);
  // The copy continues on its own: a's later input does not reach it.
  ASSERT_EQ(call(kHashUpdate, {a, in_, 3}), TEE_SUCCESS);
  write<uint64_t>(len_, 32);
  ASSERT_EQ(call(kHashFinal, {b, in_ + 2, 1, out_, len_}), TEE_SUCCESS);
  EXPECT_EQ(read_bytes(out_, 32), unhex(kSha256Abc));
}

TEST_F(CryptoSyscalls, RandomBytesFollowTheSeed) {
  ASSERT_EQ(call(kRandom, {out_, 64}), TEE_SUCCESS);
  const auto first = read_bytes(out_, 64);
  auto same = load("crypto syscall tests");
  auto other = load("another seed");
  ASSERT_NE(same, nullptr);
  ASSERT_NE(other, nullptr);
  SyscallArgs a;
  a.a[0] = out_;
  a.a[1] = 64;
  std::vector<uint8_t> b(64);
  ASSERT_EQ(lookup_syscall(kRandom)(*same, a), TEE_SUCCESS);
  ASSERT_TRUE(same->copy_from_ta(out_, b.data(), b.size()));
  EXPECT_EQ(b, first);
  ASSERT_EQ(lookup_syscall(kRandom)(*other, a), TEE_SUCCESS);
  ASSERT_TRUE(other->copy_from_ta(out_, b.data(), b.size()));
  EXPECT_NE(b, first);
}

// Every crypto syscall with arguments drawn at random, shaped like the real ones (state
// and object handles, input and output buffers, lengths, algorithm, type and attribute
// ids) but one in six hostile (dead handles, unmapped, read-only and huge pointers, huge
// lengths, random bits), interleaved so that operations run in every order: each call
// ends with a TEE result and the instance stays usable. Run under the asan preset too.
TEST_F(CryptoSyscalls, RandomArgumentsNeverCrash) {
  std::mt19937_64 rng(20261127);
  auto pick = [&](std::initializer_list<uint64_t> v) {
    return *(v.begin() + static_cast<ptrdiff_t>(rng() % v.size()));
  };
  // Argument kinds: H state, O object, P input buffer, Q output buffer, L output length,
  // N size, V algorithm, M mode, T object type, S key size, A attributes, C attribute
  // count, I attribute id, R handle out, U usage.
  const std::pair<uint64_t, const char*> shapes[] = {
      {15, "VMOOR"}, {16, "HH"},      {17, "H"},       {18, "HPN"},     {19, "HPN"},
      {20, "HPNQL"}, {21, "HPN"},     {22, "HPNQL"},   {23, "HPNQL"},   {24, "OQ"},
      {25, "OU"},    {26, "OIQL"},    {27, "TSR"},     {28, "O"},       {29, "O"},
      {30, "OAC"},   {31, "OO"},      {32, "HACO"},    {34, "HPNNNN"},  {35, "HPN"},
      {36, "HPNQL"}, {37, "HPNQLQL"}, {38, "HPNQLPN"}, {39, "HACPNQL"}, {40, "HACPNPN"},
      {54, "OSAC"}};
  auto draw = [&](char kind) -> uint64_t {
    if (rng() % 6 == 0)
      return pick(
          {0, 999, kUnmapped, code_, kTaStackTop - 4, uint64_t{1} << 40, ~uint64_t{0}, rng()});
    switch (kind) {
    case 'H':
    case 'O': {
      // A live handle of the right kind when there is one.
      std::vector<uint32_t> live;
      if (kind == 'H')
        for (const auto& st : ta_->crypto().states)
          live.push_back(st.first);
      else
        for (const auto& obj : ta_->crypto().objects)
          live.push_back(obj.first);
      return live.empty() ? 1 : live[rng() % live.size()];
    }
    case 'P':
      return in_ + rng() % 64;
    case 'Q':
      return out_;
    case 'L':
      return len_;
    case 'N':
      return pick({0, 1, 12, 16, 32, 48, 64, 100});
    case 'V':
      return pick({0x10000010, 0x10000110, 0x10000210, 0x10000310, 0x10000410, 0x40000810,
                   0x40000710, 0x50000004, 0x30000004, 0x30000610, 0x70414930, 0x60000030,
                   0x70003042, 0x80000042, 0x80000044, 0x800040C0});
    case 'M':
      return rng() % 7;
    case 'T':
      return pick({0xA0000010, 0xA1000030, 0xA1000041, 0xA1000042, 0xA1000044, 0xA0000004,
                   0xA0000000, 0xA10000C0});
    case 'S':
      return pick({128, 192, 256, 512});
    case 'A':
      return pick({attrs_, attrs_ + 24, attrs_ + 48});
    case 'C':
      return rng() % 4;
    case 'I':
      return pick({kAttrSecretValue, 0xD0000130, 0xC0000330, 0xF0000441, 0xD0000141, 0xC00001C0});
    case 'R':
      return handle_;
    default: // 'U'
      return rng() & 0x7F;
    }
  };
  // Attribute arrays: a 16-byte secret, the P-256 curve value, and one with a bad pointer.
  write(attrs_, UteeAttribute{in_, 16, kAttrSecretValue, 0});
  write(attrs_ + 24, UteeAttribute{3, 0, 0xF0000441, 0});
  write(attrs_ + 48, UteeAttribute{kUnmapped, 32, 0xD0000141, 0});
  write_bytes(in_, std::vector<uint8_t>(512, 0x42));
  // Keys and running operations for the draw to find; the calls that destroy them
  // (STATE_FREE, OBJ_CLOSE, OBJ_RESET) are drawn less often than the others.
  const uint32_t key = aes_key(unhex("000102030405060708090a0b0c0d0e0f"));
  auto start = [&](uint32_t alg, uint32_t mode, uint32_t k) {
    ASSERT_EQ(call(kStateAlloc, {alg, mode, k, 0, handle_}), TEE_SUCCESS);
    const auto st = read<uint32_t>(handle_);
    if (alg == kAlgSha256)
      ASSERT_EQ(call(kHashInit, {st, 0, 0}), TEE_SUCCESS);
    else
      ASSERT_EQ(call(kCipherInit, {st, in_, alg == kAlgAesEcbNopad ? 0U : 16U}), TEE_SUCCESS);
  };
  start(kAlgSha256, kModeDigest, 0);
  start(kAlgAesEcbNopad, kModeEncrypt, key);
  start(0x10000110, kModeEncrypt, key);
  start(0x10000210, 1, key);
  std::vector<size_t> weighted;
  for (size_t k = 0; k < std::size(shapes); ++k) {
    const uint64_t n = shapes[k].first;
    const bool destroys = n == 17 || n == 28 || n == 29;
    for (int w = 0; w < (destroys ? 1 : 8); ++w)
      weighted.push_back(k);
  }
  int successes = 0;
  for (int i = 0; i < 20000; ++i) {
    write<uint64_t>(len_, pick({0, 8, 64, 300, 4096}));
    const auto& [n, shape] = shapes[weighted[rng() % weighted.size()]];
    SyscallArgs args;
    for (size_t k = 0; shape[k] != 0; ++k)
      args.a[k] = draw(shape[k]);
    const uint32_t r = lookup_syscall(n)(*ta_, args);
    // Every answer is TEE_SUCCESS or an error code (high bits set), never anything else.
    EXPECT_TRUE(r == TEE_SUCCESS || (r & 0xF0000000) != 0) << "syscall " << n;
    successes += r == TEE_SUCCESS;
  }
  // The draw gets past the argument checks often: objects are made and operations run.
  EXPECT_GT(successes, 1500);
  // Still a working instance.
  ASSERT_EQ(call(kStateAlloc, {kAlgSha256, kModeDigest, 0, 0, handle_}), TEE_SUCCESS);
  const auto st = read<uint32_t>(handle_);
  write_bytes(in_, {'a', 'b', 'c'});
  write<uint64_t>(len_, 32);
  ASSERT_EQ(call(kHashInit, {st, 0, 0}), TEE_SUCCESS);
  ASSERT_EQ(call(kHashFinal, {st, in_, 3, out_, len_}), TEE_SUCCESS);
  EXPECT_EQ(read_bytes(out_, 32), unhex(kSha256Abc));
}
} // namespace
} // namespace swemu::core
