// The symmetric half of the crypto engine, driven directly (no TA): digests, MACs,
// ciphers and AE. Known answers come from the standards named in each test; the rest
// checks the GP calling rules (chunking, exact size predictions, errors, clone).
#include <mbedtls/aes.h>
#include <mbedtls/ccm.h>
#include <mbedtls/cipher.h>
#include <mbedtls/cmac.h>
#include <mbedtls/gcm.h>
#include <mbedtls/md.h>

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "crypto/crypto.h"
#include "crypto_test_util.h"

namespace swemu::core::crypto {
namespace {

using namespace swemu::abi;
using namespace swemu::core::crypto::test;

constexpr uint32_t kEncrypt = 0;
constexpr uint32_t kDecrypt = 1;
constexpr uint32_t kMac = 4;
constexpr uint32_t kDigest = 5;

constexpr uint32_t kTypeAes = 0xA0000010;
constexpr uint32_t kTypeDes = 0xA0000011;
constexpr uint32_t kTypeDes3 = 0xA0000013;
constexpr uint32_t kTypeGenericSecret = 0xA0000000;
constexpr uint32_t kTypeHmacSha256 = 0xA0000004;

constexpr uint32_t kAlgSha256 = 0x50000004;
constexpr uint32_t kAlgMd5Sha1 = 0x5000000F;
constexpr uint32_t kAlgHmacSha256 = 0x30000004;
constexpr uint32_t kAlgAesEcb = 0x10000010;
constexpr uint32_t kAlgAesCbc = 0x10000110;
constexpr uint32_t kAlgAesCtr = 0x10000210;
constexpr uint32_t kAlgAesCts = 0x10000310;
constexpr uint32_t kAlgAesXts = 0x10000410;
constexpr uint32_t kAlgDesEcb = 0x10000011;
constexpr uint32_t kAlgDes3Ecb = 0x10000013;
constexpr uint32_t kAlgDes3Cbc = 0x10000113;
constexpr uint32_t kAlgAesCbcMacNopad = 0x30000110;
constexpr uint32_t kAlgAesCbcMacPkcs5 = 0x30000510;
constexpr uint32_t kAlgAesCmac = 0x30000610;
constexpr uint32_t kAlgDes3Cmac = 0xF0000613;
constexpr uint32_t kAlgAesCcm = 0x40000710;
constexpr uint32_t kAlgAesGcm = 0x40000810;

Bytes cat(const Bytes& a, const Bytes& b) {
  Bytes out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}
Bytes pattern(size_t n, uint8_t seed = 1) {
  Bytes out(n);
  for (size_t i = 0; i < n; ++i)
    out[i] = static_cast<uint8_t>(seed + i * 7);
  return out;
}
ByteView sub(const Bytes& b, size_t from, size_t len) {
  return ByteView(b).subspan(from, len);
}

Object key_object(uint32_t type, const Bytes& secret) {
  Object o;
  o.type = type;
  o.max_size = static_cast<uint32_t>(secret.size() * 8);
  o.key_size = o.max_size;
  o.handle_flags = kHandleFlagInitialized;
  o.attrs.push_back(Attribute{0xC0000000, secret, 0, 0});
  return o;
}

std::unique_ptr<Operation> make(uint32_t algorithm, uint32_t mode) {
  auto op = create_operation(algorithm, mode);
  EXPECT_TRUE(op.ok()) << std::hex << algorithm;
  return op.ok() ? std::move(op).value() : nullptr;
}

Bytes digest(uint32_t algorithm, const Bytes& msg) {
  auto op = make(algorithm, kDigest);
  Bytes out;
  EXPECT_TRUE(op->hash_final(msg, out).ok());
  EXPECT_EQ(out.size(), op->hash_size());
  return out;
}

// Runs a whole cipher over `in`, cut at `cuts`, checking each step's size prediction.
Bytes run_cipher(Operation& op, const Bytes& in, std::vector<size_t> cuts) {
  Bytes all;
  size_t at = 0;
  for (size_t cut : cuts) {
    const size_t expected = op.cipher_update_size(cut - at);
    Bytes out;
    EXPECT_TRUE(op.cipher_update(sub(in, at, cut - at), out).ok());
    EXPECT_EQ(out.size(), expected);
    all.insert(all.end(), out.begin(), out.end());
    at = cut;
  }
  auto expected = op.cipher_final_size(in.size() - at);
  EXPECT_TRUE(expected.ok());
  Bytes out;
  EXPECT_TRUE(op.cipher_final(sub(in, at, in.size() - at), out).ok());
  EXPECT_EQ(out.size(), expected.ok() ? *expected : 0);
  return cat(all, out);
}

Bytes cipher(uint32_t algorithm, uint32_t mode, const Object& key, const Bytes& iv, const Bytes& in,
             std::vector<size_t> cuts = {}) {
  auto op = make(algorithm, mode);
  EXPECT_TRUE(op->cipher_init(&key, nullptr, iv).ok());
  return run_cipher(*op, in, std::move(cuts));
}

// Every way to cut `n` bytes into three pieces (two cut points).
template <class F> void for_each_split(size_t n, F f) {
  for (size_t a = 0; a <= n; ++a)
    for (size_t b = a; b <= n; b += (n > 40 ? 5 : 1))
      f(std::vector<size_t>{a, b});
}

// --- Digests ---

struct DigestVector {
  uint32_t algorithm;
  const char* empty;
  const char* abc;
};

// FIPS 180-4 / FIPS 202 examples (and RFC 1321 §A.5 for MD5).
const DigestVector kDigestVectors[] = {
    {0x50000001, "d41d8cd98f00b204e9800998ecf8427e", "900150983cd24fb0d6963f7d28e17f72"},
    {0x50000002, "da39a3ee5e6b4b0d3255bfef95601890afd80709",
     "a9993e364706816aba3e25717850c26c9cd0d89d"},
    {0x50000003, "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f",
     "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"},
    {0x50000004, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {0x50000005,
     "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b"
     "95b",
     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c82"
     "5a7"},
    {0x50000006,
     "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877ee"
     "c2f63b931bd47417a81a538327af927da3e",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3fee"
     "bbd454d4423643ce80e2a9ac94fa54ca49f"},
    {0x50000008, "6b4e03423667dbb73b6e15454f0eb1abd4597f9a1b078e3f5b5a6bc7",
     "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf"},
    {0x50000009, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
     "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"},
    {0x5000000A,
     "0c63a75b845e4f7d01107d852e4c2485c51a50aaaa94fc61995e71bbee983a2ac3713831264adb47fb6bd1e058d5f"
     "004",
     "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376"
     "d25"},
    {0x5000000B,
     "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a615b2123af1f5f94c11e3e9402c3ac"
     "558f500199d95b6d3e301758586281dcd26",
     "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e39"
     "34057340b4cf408d5a56592f8274eec53f0"},
};

TEST(CryptoDigest, EmptyAndAbcKnownAnswers) {
  for (const DigestVector& v : kDigestVectors) {
    SCOPED_TRACE(v.algorithm);
    EXPECT_EQ(digest(v.algorithm, {}), hex(v.empty));
    EXPECT_EQ(digest(v.algorithm, text("abc")), hex(v.abc));
    EXPECT_EQ(digest_length(v.algorithm), hex(v.abc).size());
  }
}

TEST(CryptoDigest, Md5Sha1IsBothDigestsConcatenated) {
  EXPECT_EQ(digest(kAlgMd5Sha1, text("abc")),
            hex("900150983cd24fb0d6963f7d28e17f72a9993e364706816aba3e25717850c26c9cd0d89d"));
  EXPECT_EQ(digest_length(kAlgMd5Sha1), 36U);
}

TEST(CryptoDigest, AnyChunkingGivesTheSameDigest) {
  const Bytes msg = pattern(150);
  const Bytes expected = digest(kAlgSha256, msg);
  for (size_t cut = 0; cut <= msg.size(); ++cut) {
    auto op = make(kAlgSha256, kDigest);
    ASSERT_TRUE(op->hash_update(sub(msg, 0, cut)).ok());
    Bytes out;
    ASSERT_TRUE(op->hash_final(sub(msg, cut, msg.size() - cut), out).ok());
    EXPECT_EQ(out, expected) << cut;
  }
}

TEST(CryptoDigest, FinalAndHashInitResetTheState) {
  auto op = make(kAlgSha256, kDigest);
  Bytes out;
  ASSERT_TRUE(op->hash_final(text("junk"), out).ok());
  ASSERT_TRUE(op->hash_final(text("abc"), out).ok());
  EXPECT_EQ(out, hex(kDigestVectors[3].abc));
  ASSERT_TRUE(op->hash_update(text("junk")).ok());
  ASSERT_TRUE(op->hash_init(nullptr, {}).ok());
  ASSERT_TRUE(op->hash_final(text("abc"), out).ok());
  EXPECT_EQ(out, hex(kDigestVectors[3].abc));
}

TEST(CryptoDigest, CloneIsIndependent) {
  auto op = make(kAlgMd5Sha1, kDigest);
  ASSERT_TRUE(op->hash_update(text("ab")).ok());
  auto copy = op->clone();
  ASSERT_TRUE(copy.ok());
  Bytes a, b;
  ASSERT_TRUE(op->hash_final(text("c"), a).ok());
  ASSERT_TRUE((*copy)->hash_final(text("x"), b).ok());
  EXPECT_EQ(a, digest(kAlgMd5Sha1, text("abc")));
  EXPECT_EQ(b, digest(kAlgMd5Sha1, text("abx")));
}

TEST(CryptoDigest, CallsOfAnotherClassAreBadState) {
  auto op = make(kAlgSha256, kDigest);
  Bytes out;
  EXPECT_EQ(op->cipher_init(nullptr, nullptr, {}).error().code, TEE_ERROR_BAD_STATE);
  EXPECT_EQ(op->cipher_update(text("x"), out).error().code, TEE_ERROR_BAD_STATE);
  EXPECT_EQ(op->ae_update_aad(text("x")).error().code, TEE_ERROR_BAD_STATE);
  EXPECT_EQ(create_operation(kAlgSha256, kEncrypt).error().code, TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(create_operation(0x50000007, kDigest).error().code, TEE_ERROR_NOT_SUPPORTED); // SM3
  EXPECT_EQ(create_operation(0x50001004, kDigest).error().code, TEE_ERROR_NOT_SUPPORTED);
}

// --- MACs ---

Bytes mac(uint32_t algorithm, const Object& key, const Bytes& msg, const Bytes& iv = {},
          size_t cut = 0) {
  auto op = make(algorithm, kMac);
  EXPECT_TRUE(op->hash_init(&key, iv).ok());
  EXPECT_TRUE(op->hash_update(sub(msg, 0, cut)).ok());
  Bytes out;
  EXPECT_TRUE(op->hash_final(sub(msg, cut, msg.size() - cut), out).ok());
  EXPECT_EQ(out.size(), op->hash_size());
  return out;
}

TEST(CryptoMac, HmacSha256Rfc4231Cases1And6) {
  EXPECT_EQ(mac(kAlgHmacSha256, key_object(kTypeHmacSha256, Bytes(20, 0x0b)), text("Hi There")),
            hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"));
  // Case 6: a key longer than the block is hashed first.
  EXPECT_EQ(mac(kAlgHmacSha256, key_object(kTypeGenericSecret, Bytes(131, 0xaa)),
                text("Test Using Larger Than Block-Size Key - Hash Key First")),
            hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"));
}

TEST(CryptoMac, EveryHmacMatchesMbedtlsOneShot) {
  const std::pair<uint32_t, mbedtls_md_type_t> algs[] = {
      {0x30000001, MBEDTLS_MD_MD5},      {0x30000002, MBEDTLS_MD_SHA1},
      {0x30000003, MBEDTLS_MD_SHA224},   {0x30000004, MBEDTLS_MD_SHA256},
      {0x30000005, MBEDTLS_MD_SHA384},   {0x30000006, MBEDTLS_MD_SHA512},
      {0x30000008, MBEDTLS_MD_SHA3_224}, {0x30000009, MBEDTLS_MD_SHA3_256},
      {0x3000000A, MBEDTLS_MD_SHA3_384}, {0x3000000B, MBEDTLS_MD_SHA3_512}};
  const Bytes msg = pattern(300);
  for (auto [alg, md] : algs) {
    for (size_t key_len : {10, 64, 72, 104, 128, 136, 144, 200}) {
      SCOPED_TRACE(testing::Message() << std::hex << alg << " key " << std::dec << key_len);
      const Bytes k = pattern(key_len, 3);
      Bytes expected(mbedtls_md_get_size(mbedtls_md_info_from_type(md)));
      ASSERT_EQ(mbedtls_md_hmac(mbedtls_md_info_from_type(md), k.data(), k.size(), msg.data(),
                                msg.size(), expected.data()),
                0);
      const Object key = key_object(0xA0000000 | (alg & 0xFF), k);
      EXPECT_EQ(mac(alg, key, msg, {}, 77), expected);
      EXPECT_EQ(digest_length(alg), expected.size());
    }
  }
}

TEST(CryptoMac, HmacKeyMustBeItsOwnTypeOrGenericSecret) {
  auto op = make(kAlgHmacSha256, kMac);
  const Object aes = key_object(kTypeAes, Bytes(16, 1));
  EXPECT_EQ(op->hash_init(&aes, {}).error().code, TEE_ERROR_BAD_PARAMETERS);
  const Object sha1 = key_object(0xA0000002, Bytes(20, 1));
  EXPECT_EQ(op->hash_init(&sha1, {}).error().code, TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(op->hash_init(nullptr, {}).error().code, TEE_ERROR_BAD_STATE);
  Object uninitialized = key_object(kTypeHmacSha256, Bytes(32, 1));
  uninitialized.handle_flags = 0;
  EXPECT_EQ(op->hash_init(&uninitialized, {}).error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoMac, UpdateOrFinalWithoutInitIsBadState) {
  auto op = make(kAlgHmacSha256, kMac);
  Bytes out;
  EXPECT_EQ(op->hash_update(text("x")).error().code, TEE_ERROR_BAD_STATE);
  const Object key = key_object(kTypeHmacSha256, Bytes(32, 1));
  ASSERT_TRUE(op->hash_init(&key, {}).ok());
  ASSERT_TRUE(op->hash_final(text("x"), out).ok());
  // GP §6.4: after a final the MAC must be initialized again.
  EXPECT_EQ(op->hash_final(text("x"), out).error().code, TEE_ERROR_BAD_STATE);
}

TEST(CryptoMac, AesCmacSp800_38bExamplesAtEverySplit) {
  const Object key = key_object(kTypeAes, hex("2b7e151628aed2a6abf7158809cf4f3c"));
  const Bytes m = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                      "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
  const std::pair<size_t, const char*> examples[] = {{0, "bb1d6929e95937287fa37d129b756746"},
                                                     {16, "070a16b46b4d4144f79bdd9dd04a287c"},
                                                     {40, "dfa66747de9ae63030ca32611497c827"},
                                                     {64, "51f0bebf7e3b9d92fc49741779363cfe"}};
  for (auto [len, tag] : examples) {
    const Bytes msg(m.begin(), m.begin() + static_cast<ptrdiff_t>(len));
    for (size_t cut = 0; cut <= len; ++cut)
      EXPECT_EQ(mac(kAlgAesCmac, key, msg, {}, cut), hex(tag)) << len << " cut " << cut;
  }
}

TEST(CryptoMac, Des3CmacSp800_38bExamples) {
  const Object key = key_object(kTypeDes3, hex("8aa83bf8cbda10620bc1bf19fbb6cd58bc313d4a371ca8b5"));
  const Bytes m = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
  EXPECT_EQ(mac(kAlgDes3Cmac, key, {}), hex("b7a688e122ffaf95"));
  EXPECT_EQ(mac(kAlgDes3Cmac, key, Bytes(m.begin(), m.begin() + 20), {}, 9),
            hex("743ddbe0ce2dc2ed"));
  EXPECT_EQ(mac(kAlgDes3Cmac, key, m, {}, 16), hex("33e6b1092400eae5"));
}

TEST(CryptoMac, AesCmacMatchesMbedtlsForManyLengths) {
  const Bytes k = pattern(32, 9);
  const Object key = key_object(kTypeAes, k);
  const mbedtls_cipher_info_t* info = mbedtls_cipher_info_from_type(MBEDTLS_CIPHER_AES_256_ECB);
  for (size_t len = 0; len < 70; ++len) {
    const Bytes msg = pattern(len, 5);
    Bytes expected(16);
    const uint8_t none = 0; // mbedtls_cipher_cmac rejects a null input even when empty
    ASSERT_EQ(mbedtls_cipher_cmac(info, k.data(), 256, len ? msg.data() : &none, msg.size(),
                                  expected.data()),
              0);
    EXPECT_EQ(mac(kAlgAesCmac, key, msg, {}, len / 3), expected) << len;
  }
}

TEST(CryptoMac, CbcMacNopadIsTheLastCbcBlockAndUsesTheIv) {
  const Object key = key_object(kTypeAes, hex("2b7e151628aed2a6abf7158809cf4f3c"));
  const Bytes iv = hex("000102030405060708090a0b0c0d0e0f");
  const Bytes msg = pattern(48);
  const Bytes ct = cipher(kAlgAesCbc, kEncrypt, key, iv, msg);
  const Bytes last(ct.end() - 16, ct.end());
  EXPECT_EQ(mac(kAlgAesCbcMacNopad, key, msg, iv, 5), last);
  // An empty IV is the zero IV.
  EXPECT_EQ(mac(kAlgAesCbcMacNopad, key, msg, {}, 17),
            mac(kAlgAesCbcMacNopad, key, msg, Bytes(16, 0), 33));
}

TEST(CryptoMac, CbcMacPkcs5AddsAFullPadBlockToABlockMultiple) {
  const Object key = key_object(kTypeAes, pattern(16));
  const Bytes msg = pattern(32);
  const Bytes padded = cat(msg, Bytes(16, 16));
  const Bytes ct = cipher(kAlgAesCbc, kEncrypt, key, Bytes(16, 0), padded);
  EXPECT_EQ(mac(kAlgAesCbcMacPkcs5, key, msg, {}, 3), Bytes(ct.end() - 16, ct.end()));
  const Bytes short_msg = pattern(21);
  const Bytes ct2 = cipher(kAlgAesCbc, kEncrypt, key, Bytes(16, 0), cat(short_msg, Bytes(11, 11)));
  EXPECT_EQ(mac(kAlgAesCbcMacPkcs5, key, short_msg, {}, 20), Bytes(ct2.end() - 16, ct2.end()));
}

TEST(CryptoMac, CbcMacNopadRejectsAPartialBlockAndABadIv) {
  const Object key = key_object(kTypeAes, pattern(16));
  auto op = make(kAlgAesCbcMacNopad, kMac);
  EXPECT_EQ(op->hash_init(&key, Bytes(8, 0)).error().code, TEE_ERROR_BAD_PARAMETERS);
  ASSERT_TRUE(op->hash_init(&key, {}).ok());
  ASSERT_TRUE(op->hash_update(pattern(10)).ok());
  Bytes out;
  EXPECT_EQ(op->hash_final(pattern(10), out).error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoMac, BlockMacKeysAreChecked) {
  auto op = make(0x30000111, kMac); // DES CBC-MAC NOPAD
  const Object des3 = key_object(kTypeDes3, pattern(16));
  EXPECT_EQ(op->hash_init(&des3, {}).error().code, TEE_ERROR_BAD_PARAMETERS);
  const Object bad_des = key_object(kTypeDes, pattern(7));
  EXPECT_EQ(op->hash_init(&bad_des, {}).error().code, TEE_ERROR_BAD_PARAMETERS);
  const Object des = key_object(kTypeDes, pattern(8));
  EXPECT_TRUE(op->hash_init(&des, {}).ok());
  auto cmac = make(kAlgAesCmac, kMac);
  const Object aes20 = key_object(kTypeAes, pattern(20));
  EXPECT_EQ(cmac->hash_init(&aes20, {}).error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoMac, CloneIsIndependent) {
  const Object key = key_object(kTypeAes, pattern(16));
  auto op = make(kAlgAesCmac, kMac);
  ASSERT_TRUE(op->hash_init(&key, {}).ok());
  ASSERT_TRUE(op->hash_update(pattern(20)).ok());
  auto copy = op->clone();
  ASSERT_TRUE(copy.ok());
  Bytes a, b;
  ASSERT_TRUE(op->hash_final(pattern(5, 100), a).ok());
  ASSERT_TRUE((*copy)->hash_final(pattern(7, 50), b).ok());
  EXPECT_EQ(a, mac(kAlgAesCmac, key, cat(pattern(20), pattern(5, 100))));
  EXPECT_EQ(b, mac(kAlgAesCmac, key, cat(pattern(20), pattern(7, 50))));

  const Object hkey = key_object(kTypeHmacSha256, pattern(32));
  auto hop = make(kAlgHmacSha256, kMac);
  ASSERT_TRUE(hop->hash_init(&hkey, {}).ok());
  ASSERT_TRUE(hop->hash_update(text("ab")).ok());
  auto hcopy = hop->clone();
  ASSERT_TRUE(hcopy.ok());
  ASSERT_TRUE((*hcopy)->hash_final(text("c"), b).ok());
  ASSERT_TRUE(hop->hash_final(text("d"), a).ok());
  EXPECT_EQ(b, mac(kAlgHmacSha256, hkey, text("abc")));
  EXPECT_EQ(a, mac(kAlgHmacSha256, hkey, text("abd")));
}

// --- Ciphers ---

const char* const kSp800_38aKey = "2b7e151628aed2a6abf7158809cf4f3c";
const char* const kSp800_38aP1 = "6bc1bee22e409f96e93d7e117393172a";

TEST(CryptoCipher, AesSp800_38aFirstBlocks) {
  const Object key = key_object(kTypeAes, hex(kSp800_38aKey));
  const Bytes p = hex(kSp800_38aP1);
  EXPECT_EQ(cipher(kAlgAesEcb, kEncrypt, key, {}, p), hex("3ad77bb40d7a3660a89ecaf32466ef97"));
  const Bytes iv = hex("000102030405060708090a0b0c0d0e0f");
  EXPECT_EQ(cipher(kAlgAesCbc, kEncrypt, key, iv, p), hex("7649abac8119b246cee98e9b12e9197d"));
  EXPECT_EQ(cipher(kAlgAesCbc, kDecrypt, key, iv, hex("7649abac8119b246cee98e9b12e9197d")), p);
  const Bytes ctr = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  EXPECT_EQ(cipher(kAlgAesCtr, kEncrypt, key, ctr, p), hex("874d6191b620e3261bef6864990db6ce"));
  EXPECT_EQ(cipher(kAlgAesCtr, kDecrypt, key, ctr, hex("874d6191b620e3261bef6864990db6ce")), p);
}

TEST(CryptoCipher, EcbCbcCtrGiveTheSameOutputForEverySplit) {
  const Object key = key_object(kTypeAes, pattern(24));
  const Bytes iv = pattern(16, 77);
  const Bytes msg = pattern(48);
  for (uint32_t alg : {kAlgAesEcb, kAlgAesCbc, kAlgAesCtr}) {
    const Bytes expected = cipher(alg, kEncrypt, key, iv, msg);
    EXPECT_EQ(cipher(alg, kDecrypt, key, iv, expected), msg);
    for_each_split(msg.size(), [&](std::vector<size_t> cuts) {
      EXPECT_EQ(cipher(alg, kEncrypt, key, iv, msg, cuts), expected) << std::hex << alg;
    });
  }
}

TEST(CryptoCipher, CtrCounterIsOneBigEndianBlock) {
  // The counter wraps from all ones across every byte, as mbedtls_aes_crypt_ctr does.
  const Bytes k = pattern(16);
  const Object key = key_object(kTypeAes, k);
  Bytes counter = hex("fffffffffffffffffffffffffffffffe");
  const Bytes msg = pattern(70);
  mbedtls_aes_context aes;
  mbedtls_aes_init(&aes);
  ASSERT_EQ(mbedtls_aes_setkey_enc(&aes, k.data(), 128), 0);
  size_t off = 0;
  uint8_t stream[16];
  Bytes expected(msg.size());
  ASSERT_EQ(mbedtls_aes_crypt_ctr(&aes, msg.size(), &off, counter.data(), stream, msg.data(),
                                  expected.data()),
            0);
  mbedtls_aes_free(&aes);
  EXPECT_EQ(
      cipher(kAlgAesCtr, kEncrypt, key, hex("fffffffffffffffffffffffffffffffe"), msg, {3, 17, 40}),
      expected);
}

TEST(CryptoCipher, NopadModesRejectAPartialBlockAtFinal) {
  const Object key = key_object(kTypeAes, pattern(16));
  for (uint32_t alg : {kAlgAesEcb, kAlgAesCbc}) {
    auto op = make(alg, kEncrypt);
    ASSERT_TRUE(op->cipher_init(&key, nullptr, Bytes(16, 0)).ok());
    Bytes out;
    ASSERT_TRUE(op->cipher_update(pattern(20), out).ok());
    EXPECT_EQ(out.size(), 16U);
    EXPECT_EQ(op->cipher_final_size(3).error().code, TEE_ERROR_BAD_PARAMETERS);
    EXPECT_EQ(op->cipher_final(pattern(3), out).error().code, TEE_ERROR_BAD_PARAMETERS);
  }
}

TEST(CryptoCipher, IvLengthRules) {
  const Object key = key_object(kTypeAes, pattern(16));
  for (uint32_t alg : {kAlgAesCbc, kAlgAesCtr, kAlgAesCts}) {
    auto op = make(alg, kEncrypt);
    EXPECT_EQ(op->cipher_init(&key, nullptr, {}).error().code, TEE_ERROR_BAD_PARAMETERS);
    EXPECT_EQ(op->cipher_init(&key, nullptr, Bytes(15, 0)).error().code, TEE_ERROR_BAD_PARAMETERS);
  }
  // ECB ignores an IV, as OP-TEE does.
  EXPECT_EQ(cipher(kAlgAesEcb, kEncrypt, key, Bytes(16, 9), pattern(16)),
            cipher(kAlgAesEcb, kEncrypt, key, {}, pattern(16)));
}

TEST(CryptoCipher, KeyRulesAndCallOrder) {
  auto op = make(kAlgAesCbc, kEncrypt);
  Bytes out;
  EXPECT_EQ(op->cipher_update(pattern(16), out).error().code, TEE_ERROR_BAD_STATE);
  EXPECT_EQ(op->cipher_init(nullptr, nullptr, Bytes(16, 0)).error().code, TEE_ERROR_BAD_STATE);
  const Object des = key_object(kTypeDes, pattern(8));
  EXPECT_EQ(op->cipher_init(&des, nullptr, Bytes(16, 0)).error().code, TEE_ERROR_BAD_PARAMETERS);
  const Object aes = key_object(kTypeAes, pattern(16));
  ASSERT_TRUE(op->cipher_init(&aes, nullptr, Bytes(16, 0)).ok());
  ASSERT_TRUE(op->cipher_final(pattern(16), out).ok());
  EXPECT_EQ(op->cipher_update(pattern(16), out).error().code, TEE_ERROR_BAD_STATE);
  Bytes tag;
  EXPECT_EQ(op->hash_update(pattern(1)).error().code, TEE_ERROR_BAD_STATE);
  EXPECT_EQ(op->ae_enc_final({}, out, tag).error().code, TEE_ERROR_BAD_STATE);
}

struct CtsVector {
  size_t len;
  const char* ct;
};

// RFC 3962 Appendix B (AES-128, key "chicken teriyaki", zero IV).
const CtsVector kCtsVectors[] = {
    {17, "c6353568f2bf8cb4d8a580362da7ff7f97"},
    {31, "fc00783e0efdb2c1d445d4c8eff7ed2297687268d6ecccc0c07b25e25ecfe5"},
    {32, "39312523a78662d5be7fcbcc98ebf5a897687268d6ecccc0c07b25e25ecfe584"},
    {47,
     "97687268d6ecccc0c07b25e25ecfe584b3fffd940c16a18c1b5549d2f838029e39312523a78662d5be7fcbcc98eb"
     "f5"},
    {48,
     "97687268d6ecccc0c07b25e25ecfe5849dad8bbb96c4cdc03bc103e1a194bbd839312523a78662d5be7fcbcc98eb"
     "f5a8"},
    {64,
     "97687268d6ecccc0c07b25e25ecfe58439312523a78662d5be7fcbcc98ebf5a84807efe836ee89a526730dbc2f7b"
     "c8409dad8bbb96c4cdc03bc103e1a194bbd8"},
};

TEST(CryptoCipher, CtsRfc3962VectorsAtEverySplit) {
  const Object key = key_object(kTypeAes, text("chicken teriyaki"));
  const Bytes msg = text("I would like the General Gau's Chicken, please, and wonton soup.");
  for (const CtsVector& v : kCtsVectors) {
    const Bytes pt(msg.begin(), msg.begin() + static_cast<ptrdiff_t>(v.len));
    const Bytes ct = hex(v.ct);
    for_each_split(v.len, [&](std::vector<size_t> cuts) {
      EXPECT_EQ(cipher(kAlgAesCts, kEncrypt, key, Bytes(16, 0), pt, cuts), ct) << v.len;
      EXPECT_EQ(cipher(kAlgAesCts, kDecrypt, key, Bytes(16, 0), ct, cuts), pt) << v.len;
    });
  }
}

TEST(CryptoCipher, CtsSwapsLastTwoBlocksAndOneBlockIsPlainCbc) {
  const Object key = key_object(kTypeAes, pattern(16));
  const Bytes iv = pattern(16, 40);
  const Bytes msg = pattern(48);
  const Bytes cbc = cipher(kAlgAesCbc, kEncrypt, key, iv, msg);
  const Bytes cts = cipher(kAlgAesCts, kEncrypt, key, iv, msg);
  EXPECT_EQ(sub(cts, 0, 16).size(), 16U);
  EXPECT_TRUE(std::equal(cts.begin(), cts.begin() + 16, cbc.begin()));
  EXPECT_TRUE(std::equal(cts.begin() + 16, cts.begin() + 32, cbc.begin() + 32));
  EXPECT_TRUE(std::equal(cts.begin() + 32, cts.end(), cbc.begin() + 16));
  EXPECT_EQ(cipher(kAlgAesCts, kEncrypt, key, iv, pattern(16)),
            cipher(kAlgAesCbc, kEncrypt, key, iv, pattern(16)));
}

TEST(CryptoCipher, CtsShorterThanOneBlockFails) {
  const Object key = key_object(kTypeAes, pattern(16));
  auto op = make(kAlgAesCts, kEncrypt);
  ASSERT_TRUE(op->cipher_init(&key, nullptr, Bytes(16, 0)).ok());
  Bytes out;
  ASSERT_TRUE(op->cipher_update(pattern(10), out).ok());
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(op->cipher_final_size(5).error().code, TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(op->cipher_final(pattern(5), out).error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoCipher, XtsIeee1619Vectors2And15AtEverySplit) {
  struct {
    const char *k1, *k2, *tweak, *pt, *ct;
  } const vectors[] = {
      {"11111111111111111111111111111111", "22222222222222222222222222222222",
       "33333333330000000000000000000000",
       "4444444444444444444444444444444444444444444444444444444444444444",
       "c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0"},
      {"fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0", "bfbebdbcbbbab9b8b7b6b5b4b3b2b1b0",
       "9a785634120000000000000000000000", "000102030405060708090a0b0c0d0e0f10",
       "6c1625db4671522d3d7599601de7ca09ed"},
  };
  for (const auto& v : vectors) {
    const Object k1 = key_object(kTypeAes, hex(v.k1));
    const Object k2 = key_object(kTypeAes, hex(v.k2));
    const Bytes pt = hex(v.pt);
    const Bytes ct = hex(v.ct);
    for_each_split(pt.size(), [&](std::vector<size_t> cuts) {
      for (uint32_t mode : {kEncrypt, kDecrypt}) {
        auto op = make(kAlgAesXts, mode);
        ASSERT_TRUE(op->cipher_init(&k1, &k2, hex(v.tweak)).ok());
        EXPECT_EQ(run_cipher(*op, mode == kEncrypt ? pt : ct, cuts), mode == kEncrypt ? ct : pt);
      }
    });
  }
}

TEST(CryptoCipher, XtsStreamsAndMatchesMbedtlsForEveryLength) {
  const Bytes k = pattern(64, 21);
  const Object k1 = key_object(kTypeAes, Bytes(k.begin(), k.begin() + 32));
  const Object k2 = key_object(kTypeAes, Bytes(k.begin() + 32, k.end()));
  const Bytes tweak = pattern(16, 99);
  mbedtls_aes_xts_context xts;
  mbedtls_aes_xts_init(&xts);
  ASSERT_EQ(mbedtls_aes_xts_setkey_enc(&xts, k.data(), 512), 0);
  for (size_t len = 16; len <= 70; ++len) {
    const Bytes pt = pattern(len, 4);
    Bytes expected(len);
    ASSERT_EQ(mbedtls_aes_crypt_xts(&xts, MBEDTLS_AES_ENCRYPT, len, tweak.data(), pt.data(),
                                    expected.data()),
              0);
    for (size_t cut = 0; cut <= len; cut += 3) {
      auto enc = make(kAlgAesXts, kEncrypt);
      ASSERT_TRUE(enc->cipher_init(&k1, &k2, tweak).ok());
      EXPECT_EQ(run_cipher(*enc, pt, {cut / 2, cut}), expected) << len << " " << cut;
      auto dec = make(kAlgAesXts, kDecrypt);
      ASSERT_TRUE(dec->cipher_init(&k1, &k2, tweak).ok());
      EXPECT_EQ(run_cipher(*dec, expected, {cut}), pt) << len << " " << cut;
    }
  }
  mbedtls_aes_xts_free(&xts);
  // Whole blocks come out of an update as soon as they cannot be among the last two.
  auto op = make(kAlgAesXts, kEncrypt);
  ASSERT_TRUE(op->cipher_init(&k1, &k2, tweak).ok());
  EXPECT_EQ(op->cipher_update_size(64), 48U);
}

TEST(CryptoCipher, XtsRulesForKeysTweakAndLength) {
  const Object k16 = key_object(kTypeAes, pattern(16));
  const Object k32 = key_object(kTypeAes, pattern(32));
  auto op = make(kAlgAesXts, kEncrypt);
  EXPECT_EQ(op->cipher_init(&k16, &k32, Bytes(16, 0)).error().code, TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(op->cipher_init(&k16, nullptr, Bytes(16, 0)).error().code, TEE_ERROR_BAD_STATE);
  EXPECT_EQ(op->cipher_init(&k16, &k16, Bytes(8, 0)).error().code, TEE_ERROR_BAD_PARAMETERS);
  ASSERT_TRUE(op->cipher_init(&k16, &k16, Bytes(16, 0)).ok());
  Bytes out;
  EXPECT_EQ(op->cipher_final_size(15).error().code, TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(op->cipher_final(pattern(15), out).error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoCipher, DesAndDes3KnownAnswers) {
  EXPECT_EQ(cipher(kAlgDesEcb, kEncrypt, key_object(kTypeDes, hex("133457799bbcdff1")), {},
                   hex("0123456789abcdef")),
            hex("85e813540f0ab405"));
  const Object k3 = key_object(kTypeDes3, hex("0123456789abcdef23456789abcdef01456789abcdef0123"));
  EXPECT_EQ(cipher(kAlgDes3Ecb, kEncrypt, k3, {}, text("The qufc")), hex("a826fd8ce53b855f"));
  const Bytes cbc_ct = hex("63693c3d378a862f8051ae7c2934a296aa6c3102b6e5b79e");
  EXPECT_EQ(cipher(kAlgDes3Cbc, kEncrypt, k3, hex("f69f2445df4f9b17"),
                   text("The quick brown fox jump"), {5, 13}),
            cbc_ct);
  EXPECT_EQ(cipher(kAlgDes3Cbc, kDecrypt, k3, hex("f69f2445df4f9b17"), cbc_ct, {8}),
            text("The quick brown fox jump"));
  // Two-key 3DES: K3 = K1.
  const Object k2 = key_object(kTypeDes3, hex("0123456789abcdef23456789abcdef01"));
  EXPECT_EQ(cipher(kAlgDes3Ecb, kEncrypt, k2, {}, text("The qufc")), hex("c44862f70cf2fbdc"));
  auto op = make(kAlgDes3Ecb, kEncrypt);
  const Object bad = key_object(kTypeDes3, pattern(8));
  EXPECT_EQ(op->cipher_init(&bad, nullptr, {}).error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoCipher, CloneMidStreamIsIndependent) {
  const Object key = key_object(kTypeAes, pattern(16));
  const Bytes iv = pattern(16, 3);
  for (uint32_t alg : {kAlgAesCbc, kAlgAesCtr, kAlgAesCts}) {
    auto op = make(alg, kEncrypt);
    ASSERT_TRUE(op->cipher_init(&key, nullptr, iv).ok());
    Bytes first;
    ASSERT_TRUE(op->cipher_update(pattern(21), first).ok());
    auto copy = op->clone();
    ASSERT_TRUE(copy.ok());
    Bytes a, b;
    ASSERT_TRUE(op->cipher_final(pattern(11, 9), a).ok());
    ASSERT_TRUE((*copy)->cipher_final(pattern(27, 4), b).ok());
    EXPECT_EQ(cat(first, a), cipher(alg, kEncrypt, key, iv, cat(pattern(21), pattern(11, 9))));
    EXPECT_EQ(cat(first, b), cipher(alg, kEncrypt, key, iv, cat(pattern(21), pattern(27, 4))));
  }
}

// --- AE ---

struct AeResult {
  Bytes out;
  Bytes tag;
};

AeResult ae_encrypt(uint32_t alg, const Object& key, const Bytes& nonce, size_t tag_len,
                    const Bytes& aad, const Bytes& pt, size_t aad_cut, size_t pt_cut) {
  auto op = make(alg, kEncrypt);
  AeResult r;
  EXPECT_TRUE(op->ae_init(&key, nonce, tag_len, aad.size(), pt.size()).ok());
  EXPECT_TRUE(op->ae_update_aad(sub(aad, 0, aad_cut)).ok());
  EXPECT_TRUE(op->ae_update_aad(sub(aad, aad_cut, aad.size() - aad_cut)).ok());
  const size_t expected = op->ae_update_size(pt_cut);
  EXPECT_TRUE(op->ae_update(sub(pt, 0, pt_cut), r.out).ok());
  EXPECT_EQ(r.out.size(), expected);
  const size_t final_size = op->ae_final_size(pt.size() - pt_cut);
  Bytes last;
  EXPECT_TRUE(op->ae_enc_final(sub(pt, pt_cut, pt.size() - pt_cut), last, r.tag).ok());
  EXPECT_EQ(last.size(), final_size);
  EXPECT_EQ(r.tag.size(), op->ae_tag_size());
  r.out = cat(r.out, last);
  return r;
}

Result<Bytes> ae_decrypt(uint32_t alg, const Object& key, const Bytes& nonce, const Bytes& aad,
                         const Bytes& ct, const Bytes& tag, size_t ct_cut,
                         Bytes* final_out = nullptr) {
  auto op = make(alg, kDecrypt);
  SWEMU_TRY_VOID(op->ae_init(&key, nonce, tag.size(), aad.size(), ct.size()));
  SWEMU_TRY_VOID(op->ae_update_aad(aad));
  Bytes first;
  SWEMU_TRY_VOID(op->ae_update(sub(ct, 0, ct_cut), first));
  Bytes last = text("garbage");
  const Result<void> r = op->ae_dec_final(sub(ct, ct_cut, ct.size() - ct_cut), tag, last);
  if (final_out)
    *final_out = last;
  if (!r.ok())
    return Error(r.error());
  return cat(first, last);
}

const char* const kGcmKey = "feffe9928665731c6d6a8f9467308308";
const char* const kGcmIv = "cafebabefacedbaddecaf888";
const char* const kGcmAad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
const char* const kGcmPt = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                           "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
const char* const kGcmCt = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                           "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091";
const char* const kGcmTag = "5bc94fbc3221a5db94fae95ae7121a47";

TEST(CryptoAe, GcmSpecTestCase4AtEverySplit) {
  const Object key = key_object(kTypeAes, hex(kGcmKey));
  const Bytes pt = hex(kGcmPt);
  const Bytes aad = hex(kGcmAad);
  for (size_t aad_cut = 0; aad_cut <= aad.size(); aad_cut += 3) {
    for (size_t cut = 0; cut <= pt.size(); ++cut) {
      const AeResult r = ae_encrypt(kAlgAesGcm, key, hex(kGcmIv), 16, aad, pt, aad_cut, cut);
      EXPECT_EQ(r.out, hex(kGcmCt));
      EXPECT_EQ(r.tag, hex(kGcmTag));
      auto dec = ae_decrypt(kAlgAesGcm, key, hex(kGcmIv), aad, hex(kGcmCt), hex(kGcmTag), cut);
      ASSERT_TRUE(dec.ok());
      EXPECT_EQ(*dec, pt);
    }
  }
}

TEST(CryptoAe, GcmWrongTagReleasesNoPlaintext) {
  const Object key = key_object(kTypeAes, hex(kGcmKey));
  Bytes tag = hex(kGcmTag);
  tag[15] ^= 1;
  Bytes final_out;
  auto dec =
      ae_decrypt(kAlgAesGcm, key, hex(kGcmIv), hex(kGcmAad), hex(kGcmCt), tag, 20, &final_out);
  ASSERT_FALSE(dec.ok());
  EXPECT_EQ(dec.error().code, TEE_ERROR_MAC_INVALID);
  EXPECT_TRUE(final_out.empty());
  // A tag shorter than the one agreed at init is a wrong tag too.
  auto op = make(kAlgAesGcm, kDecrypt);
  ASSERT_TRUE(op->ae_init(&key, hex(kGcmIv), 16, 0, 0).ok());
  ASSERT_TRUE(op->ae_update_aad(hex(kGcmAad)).ok());
  const Bytes full = hex(kGcmTag);
  Bytes out = text("garbage");
  EXPECT_EQ(op->ae_dec_final(hex(kGcmCt), Bytes(full.begin(), full.begin() + 12), out).error().code,
            TEE_ERROR_MAC_INVALID);
  EXPECT_TRUE(out.empty());
}

TEST(CryptoAe, GcmTagLengthsAndNonce) {
  const Object key = key_object(kTypeAes, hex(kGcmKey));
  const Bytes full = hex(kGcmTag);
  for (size_t tag_len = 12; tag_len <= 16; ++tag_len) {
    const AeResult r =
        ae_encrypt(kAlgAesGcm, key, hex(kGcmIv), tag_len, hex(kGcmAad), hex(kGcmPt), 0, 0);
    EXPECT_EQ(r.tag, Bytes(full.begin(), full.begin() + static_cast<ptrdiff_t>(tag_len)));
  }
  auto op = make(kAlgAesGcm, kEncrypt);
  EXPECT_EQ(op->ae_init(&key, hex(kGcmIv), 8, 0, 0).error().code, TEE_ERROR_NOT_SUPPORTED);
  EXPECT_EQ(op->ae_init(&key, hex(kGcmIv), 17, 0, 0).error().code, TEE_ERROR_NOT_SUPPORTED);
  EXPECT_EQ(op->ae_init(&key, {}, 16, 0, 0).error().code, TEE_ERROR_BAD_PARAMETERS);
  const Object des = key_object(kTypeDes, pattern(8));
  EXPECT_EQ(op->ae_init(&des, hex(kGcmIv), 16, 0, 0).error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoAe, GcmMatchesMbedtlsOneShotForOddNoncesAndLengths) {
  const Bytes k = pattern(32, 11);
  const Object key = key_object(kTypeAes, k);
  mbedtls_gcm_context gcm;
  mbedtls_gcm_init(&gcm);
  ASSERT_EQ(mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, k.data(), 256), 0);
  for (size_t len : {0, 1, 15, 16, 17, 33, 100}) {
    const Bytes nonce = pattern(1 + len % 20, 2);
    const Bytes aad = pattern(len % 37, 6);
    const Bytes pt = pattern(len, 8);
    Bytes ct(len);
    Bytes tag(16);
    ASSERT_EQ(mbedtls_gcm_crypt_and_tag(&gcm, MBEDTLS_GCM_ENCRYPT, len, nonce.data(), nonce.size(),
                                        aad.data(), aad.size(), pt.data(), ct.data(), 16,
                                        tag.data()),
              0);
    const AeResult r = ae_encrypt(kAlgAesGcm, key, nonce, 16, aad, pt, aad.size() / 2, len / 3);
    EXPECT_EQ(r.out, ct) << len;
    EXPECT_EQ(r.tag, tag) << len;
  }
  mbedtls_gcm_free(&gcm);
}

TEST(CryptoAe, CcmSp800_38cExample1) {
  const Object key = key_object(kTypeAes, hex("404142434445464748494a4b4c4d4e4f"));
  const Bytes nonce = hex("10111213141516");
  const Bytes aad = hex("0001020304050607");
  const Bytes pt = hex("20212223");
  for (size_t cut = 0; cut <= pt.size(); ++cut) {
    const AeResult r = ae_encrypt(kAlgAesCcm, key, nonce, 4, aad, pt, 3, cut);
    EXPECT_EQ(r.out, hex("7162015b"));
    EXPECT_EQ(r.tag, hex("4dac255d"));
    auto dec = ae_decrypt(kAlgAesCcm, key, nonce, aad, hex("7162015b"), hex("4dac255d"), cut);
    ASSERT_TRUE(dec.ok());
    EXPECT_EQ(*dec, pt);
  }
  Bytes final_out;
  auto bad =
      ae_decrypt(kAlgAesCcm, key, nonce, aad, hex("7162015b"), hex("4dac255e"), 0, &final_out);
  EXPECT_EQ(bad.error().code, TEE_ERROR_MAC_INVALID);
  EXPECT_TRUE(final_out.empty());
}

// An operation used to the end and initialized again starts from scratch (mbedTLS keeps
// state flags in its CCM context across mbedtls_ccm_starts).
TEST(CryptoAe, AnOperationCanBeInitializedAgainAfterItsFinal) {
  const Object key = key_object(kTypeAes, hex("404142434445464748494a4b4c4d4e4f"));
  for (uint32_t alg : {kAlgAesCcm, kAlgAesGcm}) {
    auto op = make(alg, kEncrypt);
    Bytes first_tag;
    for (int run = 0; run < 2; ++run) {
      ASSERT_TRUE(
          op->ae_init(&key, hex("10111213141516"), 4 + 12 * (alg == kAlgAesGcm), 8, 4).ok());
      ASSERT_TRUE(op->ae_update_aad(hex("00010203")).ok()) << run;
      ASSERT_TRUE(op->ae_update_aad(hex("04050607")).ok()) << run;
      Bytes out;
      Bytes tag;
      ASSERT_TRUE(op->ae_enc_final(hex("20212223"), out, tag).ok()) << run;
      if (run == 0)
        first_tag = tag;
      else
        EXPECT_EQ(tag, first_tag);
    }
  }
}

TEST(CryptoAe, CcmMatchesMbedtlsOneShotForManyLengths) {
  const Bytes k = pattern(24, 13);
  const Object key = key_object(kTypeAes, k);
  mbedtls_ccm_context ccm;
  mbedtls_ccm_init(&ccm);
  ASSERT_EQ(mbedtls_ccm_setkey(&ccm, MBEDTLS_CIPHER_ID_AES, k.data(), 192), 0);
  for (size_t len : {0, 1, 15, 16, 17, 40}) {
    for (size_t aad_len : {0, 5, 16, 30}) {
      const Bytes nonce = pattern(7 + len % 7, 2);
      const Bytes aad = pattern(aad_len, 6);
      const Bytes pt = pattern(len, 8);
      Bytes ct(len + 1);
      Bytes tag(10);
      ASSERT_EQ(mbedtls_ccm_encrypt_and_tag(&ccm, len, nonce.data(), nonce.size(), aad.data(),
                                            aad.size(), pt.data(), ct.data(), tag.data(), 10),
                0);
      ct.resize(len);
      const AeResult r = ae_encrypt(kAlgAesCcm, key, nonce, 10, aad, pt, aad_len / 2, len / 2);
      EXPECT_EQ(r.out, ct) << len << " " << aad_len;
      EXPECT_EQ(r.tag, tag) << len << " " << aad_len;
      auto dec = ae_decrypt(kAlgAesCcm, key, nonce, aad, ct, tag, len / 3);
      ASSERT_TRUE(dec.ok()) << len << " " << aad_len;
      EXPECT_EQ(*dec, pt);
    }
  }
  mbedtls_ccm_free(&ccm);
}

TEST(CryptoAe, CcmEnforcesDeclaredLengths) {
  const Object key = key_object(kTypeAes, pattern(16));
  const Bytes nonce = pattern(12);
  Bytes out, tag;
  {
    auto op = make(kAlgAesCcm, kEncrypt);
    ASSERT_TRUE(op->ae_init(&key, nonce, 16, 4, 20).ok());
    EXPECT_EQ(op->ae_update_aad(pattern(5)).error().code, TEE_ERROR_BAD_PARAMETERS);
    ASSERT_TRUE(op->ae_update_aad(pattern(3)).ok());
    // Payload before all the declared AAD.
    EXPECT_EQ(op->ae_update(pattern(4), out).error().code, TEE_ERROR_BAD_PARAMETERS);
    ASSERT_TRUE(op->ae_update_aad(pattern(1)).ok());
    ASSERT_TRUE(op->ae_update(pattern(18), out).ok());
    EXPECT_EQ(out.size(), 16U);
    EXPECT_EQ(op->ae_update(pattern(3), out).error().code, TEE_ERROR_BAD_PARAMETERS);
    // Less payload than declared at the final.
    EXPECT_EQ(op->ae_enc_final(pattern(1), out, tag).error().code, TEE_ERROR_BAD_PARAMETERS);
  }
  {
    auto op = make(kAlgAesCcm, kEncrypt);
    ASSERT_TRUE(op->ae_init(&key, nonce, 8, 0, 4).ok());
    EXPECT_EQ(op->ae_enc_final(pattern(5), out, tag).error().code, TEE_ERROR_BAD_PARAMETERS);
  }
  auto op = make(kAlgAesCcm, kEncrypt);
  EXPECT_EQ(op->ae_init(&key, pattern(6), 8, 0, 4).error().code, TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(op->ae_init(&key, pattern(14), 8, 0, 4).error().code, TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(op->ae_init(&key, pattern(13), 5, 0, 4).error().code, TEE_ERROR_NOT_SUPPORTED);
  EXPECT_EQ(op->ae_init(&key, pattern(13), 18, 0, 4).error().code, TEE_ERROR_NOT_SUPPORTED);
  // A 13-byte nonce leaves a 2-byte length field.
  EXPECT_EQ(op->ae_init(&key, pattern(13), 8, 0, 70000).error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoAe, CallOrderIsChecked) {
  const Object key = key_object(kTypeAes, pattern(16));
  Bytes out, tag;
  auto op = make(kAlgAesGcm, kEncrypt);
  EXPECT_EQ(op->ae_update_aad(pattern(3)).error().code, TEE_ERROR_BAD_STATE);
  EXPECT_EQ(op->ae_update(pattern(3), out).error().code, TEE_ERROR_BAD_STATE);
  ASSERT_TRUE(op->ae_init(&key, pattern(12), 16, 0, 0).ok());
  ASSERT_TRUE(op->ae_update(pattern(3), out).ok());
  EXPECT_EQ(op->ae_update_aad(pattern(3)).error().code, TEE_ERROR_BAD_STATE);
  EXPECT_EQ(op->ae_dec_final({}, pattern(16), out).error().code, TEE_ERROR_BAD_STATE);
  ASSERT_TRUE(op->ae_enc_final({}, out, tag).ok());
  EXPECT_EQ(op->ae_enc_final({}, out, tag).error().code, TEE_ERROR_BAD_STATE);
  EXPECT_EQ(op->hash_update(pattern(1)).error().code, TEE_ERROR_BAD_STATE);
}

TEST(CryptoAe, CloneMidStreamIsIndependent) {
  const Object key = key_object(kTypeAes, pattern(16));
  const Bytes nonce = pattern(12);
  const Bytes aad = pattern(9);
  const Bytes pt1 = pattern(40, 1);
  const Bytes pt2 = pattern(40, 2);
  for (uint32_t alg : {kAlgAesGcm, kAlgAesCcm}) {
    auto op = make(alg, kEncrypt);
    ASSERT_TRUE(op->ae_init(&key, nonce, 16, aad.size(), 40).ok());
    ASSERT_TRUE(op->ae_update_aad(aad).ok());
    Bytes first;
    ASSERT_TRUE(op->ae_update(sub(pt1, 0, 21), first).ok());
    auto copy = op->clone();
    ASSERT_TRUE(copy.ok());
    Bytes a, b, ta, tb;
    ASSERT_TRUE(op->ae_enc_final(sub(pt1, 21, 19), a, ta).ok());
    ASSERT_TRUE((*copy)->ae_enc_final(sub(pt2, 21, 19), b, tb).ok());
    Bytes mixed = pt1;
    std::copy(pt2.begin() + 21, pt2.end(), mixed.begin() + 21);
    const AeResult ra = ae_encrypt(alg, key, nonce, 16, aad, pt1, 0, 0);
    const AeResult rb = ae_encrypt(alg, key, nonce, 16, aad, mixed, 0, 0);
    EXPECT_EQ(cat(first, a), ra.out);
    EXPECT_EQ(ta, ra.tag);
    EXPECT_EQ(cat(first, b), rb.out);
    EXPECT_EQ(tb, rb.tag);
  }
}

} // namespace
} // namespace swemu::core::crypto
