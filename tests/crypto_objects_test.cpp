// The object model of the crypto engine: allocation sizes, population rules, copies,
// attribute access and key generation (GP TEE Internal Core API v1.3.1 §5.5-5.6).
#include <bit>
#include <random>
#include <string_view>

#include <gtest/gtest.h>

#include "crypto/crypto.h"
#include "crypto_test_util.h"

namespace swemu::core::crypto {
namespace {

using namespace swemu::abi;
using namespace swemu::core::crypto::test;

class FailingRng final : public Rng {
public:
  Result<void> fill(uint8_t*, size_t) override {
    return make_error(TEE_ERROR_GENERIC, "no entropy");
  }
};

// TEE_TYPE_* and TEE_ATTR_* (optee-abi.md §6.6-6.7).
constexpr uint32_t kAes = 0xA0000010;
constexpr uint32_t kDes = 0xA0000011;
constexpr uint32_t kDes3 = 0xA0000013;
constexpr uint32_t kHmacSha256 = 0xA0000004;
constexpr uint32_t kGenericSecret = 0xA0000000;
constexpr uint32_t kRsaPublic = 0xA0000030;
constexpr uint32_t kRsaKeypair = 0xA1000030;
constexpr uint32_t kDhKeypair = 0xA1000032;
constexpr uint32_t kEcdsaPublic = 0xA0000041;
constexpr uint32_t kEcdsaKeypair = 0xA1000041;
constexpr uint32_t kEcdhPublic = 0xA0000042;
constexpr uint32_t kEcdhKeypair = 0xA1000042;
constexpr uint32_t kX25519Public = 0xA0000044;
constexpr uint32_t kX25519Keypair = 0xA1000044;
constexpr uint32_t kHkdfIkm = 0xA10000C0;

constexpr uint32_t kSecretValue = 0xC0000000;
constexpr uint32_t kRsaModulus = 0xD0000130;
constexpr uint32_t kRsaPublicExponent = 0xD0000230;
constexpr uint32_t kRsaPrivateExponent = 0xC0000330;
constexpr uint32_t kRsaPrime1 = 0xC0000430;
constexpr uint32_t kRsaExponent1 = 0xC0000630;
constexpr uint32_t kRsaCoefficient = 0xC0000830;
constexpr uint32_t kEccX = 0xD0000141;
constexpr uint32_t kEccY = 0xD0000241;
constexpr uint32_t kEccPrivate = 0xC0000341;
constexpr uint32_t kEccCurve = 0xF0000441;
constexpr uint32_t kDhPrime = 0xD0001032;
constexpr uint32_t kDhBase = 0xD0001232;
constexpr uint32_t kDhXBits = 0xF0001332;
constexpr uint32_t kDhPublic = 0xD0000132;
constexpr uint32_t kDhPrivate = 0xC0000232;
constexpr uint32_t kX25519PublicValue = 0xD0000944;
constexpr uint32_t kX25519PrivateValue = 0xC0000A44;
constexpr uint32_t kHkdfIkmAttr = 0xC00001C0;

// RFC 6979 §A.2.5: the P-256 key.
constexpr std::string_view kP256D =
    "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
constexpr std::string_view kP256Ux =
    "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
constexpr std::string_view kP256Uy =
    "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";

constexpr std::string_view kSafePrime256 =
    "e4a8a3a2f6c1d7b0db709a6ef99f92920cc17047b0cebd2f8c76d62161a50c33";

std::vector<Attribute> p256_keypair() {
  return {val(kEccCurve, 3), buf(kEccX, hex(kP256Ux)), buf(kEccY, hex(kP256Uy)),
          buf(kEccPrivate, hex(kP256D))};
}

Object allocated(uint32_t type, uint32_t max_bits) {
  auto obj = allocate_object(type, max_bits);
  EXPECT_TRUE(obj) << std::hex << type << " " << std::dec << max_bits;
  return obj ? std::move(obj).value() : Object{};
}

uint32_t populate_error(uint32_t type, uint32_t max_bits, std::vector<Attribute> attrs) {
  Object obj = allocated(type, max_bits);
  auto r = populate_object(obj, std::move(attrs));
  EXPECT_FALSE(obj.initialized() && !r);
  return r ? TEE_SUCCESS : r.error().code;
}

TEST(CryptoObjects, AllocatesSupportedTypesInTheirSizes) {
  const std::pair<uint32_t, uint32_t> good[] = {{kAes, 128},          {kAes, 192},
                                                {kAes, 256},          {kDes, 64},
                                                {kDes3, 128},         {kDes3, 192},
                                                {0xA0000001, 64},     {0xA0000002, 80},
                                                {kHmacSha256, 192},   {kHmacSha256, 1024},
                                                {0xA0000006, 256},    {0xA000000B, 1024},
                                                {kGenericSecret, 8},  {kGenericSecret, 4096},
                                                {kHkdfIkm, 256},      {0xA10000C1, 4096},
                                                {0xA10000C2, 64},     {0xA000004A, 256},
                                                {kRsaPublic, 256},    {kRsaKeypair, 4096},
                                                {kRsaKeypair, 1032},  {kDhKeypair, 2048},
                                                {kEcdsaPublic, 192},  {kEcdsaKeypair, 521},
                                                {kEcdhKeypair, 384},  {kEcdhPublic, 224},
                                                {kX25519Public, 256}, {kX25519Keypair, 256}};
  for (const auto& [type, bits] : good) {
    auto obj = allocate_object(type, bits);
    ASSERT_TRUE(obj) << std::hex << type << std::dec << " " << bits;
    EXPECT_EQ(obj->type, type);
    EXPECT_EQ(obj->max_size, bits);
    EXPECT_EQ(obj->key_size, 0u);
    EXPECT_EQ(obj->usage, 0xFFFFFFFFu);
    EXPECT_EQ(obj->handle_flags, 0u);
  }
}

TEST(CryptoObjects, RejectsUnsupportedTypesAndSizes) {
  const std::pair<uint32_t, uint32_t> bad[] = {{kAes, 64},
                                               {kAes, 512},
                                               {kAes, 129},
                                               {kDes, 56},
                                               {kDes3, 64},
                                               {kDes3, 160},
                                               {kHmacSha256, 184},
                                               {kHmacSha256, 196},
                                               {0xA0000002, 72},
                                               {kGenericSecret, 4104},
                                               {kGenericSecret, 12},
                                               {kRsaKeypair, 128},
                                               {kRsaKeypair, 4104},
                                               {kRsaPublic, 1025},
                                               {kDhKeypair, 4096},
                                               {kEcdsaKeypair, 512},
                                               {kEcdhKeypair, 255},
                                               {kX25519Keypair, 255},
                                               {0xA0000031, 1024}, // DSA public key
                                               {0xA1000031, 1024},
                                               {0xA0000043, 256},
                                               {0xA1000043, 256}, // Ed25519
                                               {0xA1000048, 448},
                                               {0xA1000049, 448},
                                               {0xA1000045, 256}, // Ed448, X448, SM2
                                               {0xA0000014, 128},
                                               {0xA0000007, 256},
                                               {0xA00000BF, 0}, // SM4, HMAC_SM3, DATA
                                               {0xA00000BE, 0},
                                               {0xEFFFFFFF, 128},
                                               {0, 0}};
  for (const auto& [type, bits] : bad) {
    auto obj = allocate_object(type, bits);
    ASSERT_FALSE(obj) << std::hex << type << std::dec << " " << bits;
    EXPECT_EQ(obj.error().code, TEE_ERROR_NOT_SUPPORTED);
  }
}

TEST(CryptoObjects, PopulatesSecretsWithTheirSizeRules) {
  Object aes = allocated(kAes, 256);
  ASSERT_TRUE(populate_object(aes, {buf(kSecretValue, Bytes(24, 0x11))}));
  EXPECT_TRUE(aes.initialized());
  EXPECT_EQ(aes.key_size, 192u);

  EXPECT_EQ(populate_error(kAes, 256, {buf(kSecretValue, Bytes(20, 1))}), TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(populate_error(kAes, 128, {buf(kSecretValue, Bytes(32, 1))}), TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(populate_error(kDes, 64, {buf(kSecretValue, Bytes(7, 1))}), TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(populate_error(kDes3, 192, {buf(kSecretValue, Bytes(16, 1))}), TEE_SUCCESS);
  EXPECT_EQ(populate_error(kDes3, 192, {buf(kSecretValue, Bytes(8, 1))}), TEE_ERROR_BAD_PARAMETERS);
  // MAC keys only have a maximum.
  EXPECT_EQ(populate_error(kHmacSha256, 256, {buf(kSecretValue, Bytes(5, 1))}), TEE_SUCCESS);
  EXPECT_EQ(populate_error(kHmacSha256, 256, {buf(kSecretValue, Bytes(33, 1))}),
            TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(populate_error(kHkdfIkm, 256, {buf(kHkdfIkmAttr, Bytes(32, 1))}), TEE_SUCCESS);
  EXPECT_EQ(populate_error(kHkdfIkm, 256, {buf(kSecretValue, Bytes(32, 1))}),
            TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoObjects, PopulateRejectsMissingDuplicateUnknownAndMisshapedAttributes) {
  EXPECT_EQ(populate_error(kAes, 128, {}), TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(
      populate_error(kAes, 128, {buf(kSecretValue, Bytes(16, 1)), buf(kSecretValue, Bytes(16, 2))}),
      TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(
      populate_error(kAes, 128, {buf(kSecretValue, Bytes(16, 1)), buf(kRsaModulus, Bytes(16, 1))}),
      TEE_ERROR_BAD_PARAMETERS);
  Attribute curve_with_buffer = val(kEccCurve, 3);
  curve_with_buffer.ref = Bytes(4, 0);
  EXPECT_EQ(populate_error(kEcdsaPublic, 256,
                           {curve_with_buffer, buf(kEccX, hex(kP256Ux)), buf(kEccY, hex(kP256Uy))}),
            TEE_ERROR_BAD_PARAMETERS);
  // A public key takes no private value.
  EXPECT_EQ(populate_error(kEcdsaPublic, 256, p256_keypair()), TEE_ERROR_BAD_PARAMETERS);
  // A keypair needs it.
  auto pub_only = p256_keypair();
  pub_only.pop_back();
  EXPECT_EQ(populate_error(kEcdsaKeypair, 256, pub_only), TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoObjects, PopulateTwiceIsBadState) {
  Object aes = allocated(kAes, 128);
  ASSERT_TRUE(populate_object(aes, {buf(kSecretValue, Bytes(16, 1))}));
  auto again = populate_object(aes, {buf(kSecretValue, Bytes(16, 2))});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, TEE_ERROR_BAD_STATE);
  EXPECT_EQ(aes.attrs[0].ref, Bytes(16, 1));
}

TEST(CryptoObjects, PopulatesEccKeysOnTheirCurveOnly) {
  Object key = allocated(kEcdsaKeypair, 256);
  ASSERT_TRUE(populate_object(key, p256_keypair()));
  EXPECT_EQ(key.key_size, 256u);

  // P-384 named for a 256-bit object.
  auto wrong_curve = p256_keypair();
  wrong_curve[0].a = 4;
  EXPECT_EQ(populate_error(kEcdsaKeypair, 256, wrong_curve), TEE_ERROR_BAD_PARAMETERS);
  // Curve25519 or an unknown curve is not an ECDSA curve.
  wrong_curve[0].a = 0x300;
  EXPECT_EQ(populate_error(kEcdsaKeypair, 256, wrong_curve), TEE_ERROR_BAD_PARAMETERS);
  // P-256 is named but the object holds only 224 bits.
  EXPECT_EQ(populate_error(kEcdhKeypair, 224, p256_keypair()), TEE_ERROR_BAD_PARAMETERS);
  // A point off the curve.
  auto off_curve = p256_keypair();
  off_curve[2].ref.back() ^= 1;
  EXPECT_EQ(populate_error(kEcdsaKeypair, 256, off_curve), TEE_ERROR_BAD_PARAMETERS);
  // A private value of 0.
  auto zero = p256_keypair();
  zero[3].ref = Bytes(32, 0);
  EXPECT_EQ(populate_error(kEcdsaKeypair, 256, zero), TEE_ERROR_BAD_PARAMETERS);
  // A coordinate longer than the field.
  auto longer = p256_keypair();
  longer[1].ref.insert(longer[1].ref.begin(), 0x01);
  EXPECT_EQ(populate_error(kEcdsaKeypair, 256, longer), TEE_ERROR_BAD_PARAMETERS);
  // Leading zero bytes are only padding.
  auto padded = p256_keypair();
  padded[1].ref.insert(padded[1].ref.begin(), 0x00);
  EXPECT_EQ(populate_error(kEcdsaKeypair, 256, padded), TEE_SUCCESS);
  // A larger object may hold a smaller curve's key (objectSize <= maxObjectSize).
  EXPECT_EQ(populate_error(kEcdhKeypair, 521, p256_keypair()), TEE_SUCCESS);
}

TEST(CryptoObjects, PopulatesRsaKeysAndChecksTheirConsistency) {
  TestRng rng;
  Object gen = allocated(kRsaKeypair, 512);
  ASSERT_TRUE(generate_key(gen, 512, {}, rng));
  ASSERT_EQ(gen.attrs.size(), 8u);

  Object full = allocated(kRsaKeypair, 512);
  ASSERT_TRUE(populate_object(full, gen.attrs));
  EXPECT_EQ(full.key_size, 512u);

  // N, E and D alone: mbedTLS recovers the primes.
  Object no_crt = allocated(kRsaKeypair, 1024);
  ASSERT_TRUE(populate_object(no_crt, {*gen.find(kRsaModulus), *gen.find(kRsaPublicExponent),
                                       *gen.find(kRsaPrivateExponent)}));
  EXPECT_EQ(no_crt.key_size, 512u);

  Object pub = allocated(kRsaPublic, 512);
  ASSERT_TRUE(populate_object(pub, {*gen.find(kRsaModulus), *gen.find(kRsaPublicExponent)}));

  // Part of the CRT set.
  auto partial = std::vector<Attribute>(gen.attrs.begin(), gen.attrs.begin() + 4);
  EXPECT_EQ(populate_error(kRsaKeypair, 512, partial), TEE_ERROR_BAD_PARAMETERS);
  // A CRT value that does not belong to the key.
  auto wrong_crt = gen.attrs;
  for (Attribute& a : wrong_crt)
    if (a.id == kRsaExponent1 || a.id == kRsaCoefficient)
      a.ref.back() ^= 2;
  EXPECT_EQ(populate_error(kRsaKeypair, 512, wrong_crt), TEE_ERROR_BAD_PARAMETERS);
  // A private exponent that does not match.
  auto wrong_d = std::vector<Attribute>{*gen.find(kRsaModulus), *gen.find(kRsaPublicExponent),
                                        *gen.find(kRsaPrivateExponent)};
  wrong_d[2].ref.back() ^= 4;
  EXPECT_EQ(populate_error(kRsaKeypair, 512, wrong_d), TEE_ERROR_BAD_PARAMETERS);
  // A modulus larger than the object.
  EXPECT_EQ(
      populate_error(kRsaPublic, 256, {*gen.find(kRsaModulus), *gen.find(kRsaPublicExponent)}),
      TEE_ERROR_BAD_PARAMETERS);
  // An even modulus.
  auto even = std::vector<Attribute>{*gen.find(kRsaModulus), *gen.find(kRsaPublicExponent)};
  even[0].ref.back() &= 0xFE;
  EXPECT_EQ(populate_error(kRsaPublic, 512, even), TEE_ERROR_BAD_PARAMETERS);
  // An absurdly long buffer is refused, not passed on.
  EXPECT_EQ(
      populate_error(kRsaPublic, 4096,
                     {buf(kRsaModulus, Bytes(5000, 0xFF)), buf(kRsaPublicExponent, hex("03"))}),
      TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoObjects, PopulatesDhAndX25519Keys) {
  TestRng rng(5);
  Object dh = allocated(kDhKeypair, 256);
  // A 256-bit safe prime (openssl prime -generate -safe) keeps this fast.
  const Bytes p = hex(kSafePrime256);
  ASSERT_TRUE(generate_key(dh, 256,
                           std::vector<Attribute>{buf(kDhPrime, p), buf(kDhBase, hex("02"))}, rng));
  Object copy = allocated(kDhKeypair, 256);
  ASSERT_TRUE(populate_object(copy, dh.attrs));
  EXPECT_EQ(copy.key_size, 256u);
  auto wrong = dh.attrs;
  for (Attribute& a : wrong)
    if (a.id == kDhPublic)
      a.ref.back() ^= 1;
  EXPECT_EQ(populate_error(kDhKeypair, 256, wrong), TEE_ERROR_BAD_PARAMETERS);

  // RFC 7748 §6.1, Alice.
  const Bytes priv = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  const Bytes pub = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  Object x = allocated(kX25519Keypair, 256);
  ASSERT_TRUE(populate_object(x, {buf(kX25519PublicValue, pub), buf(kX25519PrivateValue, priv)}));
  EXPECT_EQ(x.key_size, 256u);
  EXPECT_EQ(populate_error(kX25519Public, 256, {buf(kX25519PublicValue, Bytes(31, 9))}),
            TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(populate_error(kX25519Keypair, 256,
                           {buf(kX25519PublicValue, pub), buf(kX25519PrivateValue, Bytes(33, 1))}),
            TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoObjects, CopiesKeypairIntoPublicKeyWithPublicPartsOnly) {
  Object key = allocated(kEcdsaKeypair, 256);
  ASSERT_TRUE(populate_object(key, p256_keypair()));
  key.usage = 0x31; // extractable, sign, verify

  Object pub = allocated(kEcdsaPublic, 256);
  pub.usage = 0x21; // verify, extractable
  ASSERT_TRUE(copy_object(pub, key));
  EXPECT_TRUE(pub.initialized());
  EXPECT_EQ(pub.key_size, 256u);
  EXPECT_EQ(pub.usage, 0x21u);
  EXPECT_EQ(pub.attrs.size(), 3u);
  EXPECT_EQ(pub.find(kEccPrivate), nullptr);
  EXPECT_EQ(pub.find(kEccX)->ref, hex(kP256Ux));

  Object same = allocated(kEcdsaKeypair, 384);
  same.usage = 0x3F;
  ASSERT_TRUE(copy_object(same, key));
  EXPECT_EQ(same.attrs.size(), 4u);
  EXPECT_EQ(same.usage, 0x31u);

  auto again = copy_object(pub, key);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, TEE_ERROR_BAD_STATE);

  Object uninit_src = allocated(kEcdsaKeypair, 256);
  Object dst = allocated(kEcdsaKeypair, 256);
  EXPECT_EQ(copy_object(dst, uninit_src).error().code, TEE_ERROR_BAD_PARAMETERS);

  Object ecdh_pub = allocated(kEcdhPublic, 256); // ECDSA and ECDH keys do not mix
  EXPECT_EQ(copy_object(ecdh_pub, key).error().code, TEE_ERROR_BAD_PARAMETERS);
  Object too_small = allocated(kEcdsaPublic, 224);
  EXPECT_EQ(copy_object(too_small, key).error().code, TEE_ERROR_BAD_PARAMETERS);
  Object public_to_keypair = allocated(kEcdsaKeypair, 256);
  EXPECT_EQ(copy_object(public_to_keypair, pub).error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoObjects, GetAttributeHonoursExtractability) {
  Object key = allocated(kEcdsaKeypair, 256);
  EXPECT_EQ(get_attribute(key, kEccX).error().code, TEE_ERROR_ITEM_NOT_FOUND);
  ASSERT_TRUE(populate_object(key, p256_keypair()));

  auto d = get_attribute(key, kEccPrivate);
  ASSERT_TRUE(d);
  EXPECT_EQ((*d)->ref, hex(kP256D));
  auto curve = get_attribute(key, kEccCurve);
  ASSERT_TRUE(curve);
  EXPECT_EQ((*curve)->a, 3u);
  EXPECT_EQ(get_attribute(key, kRsaModulus).error().code, TEE_ERROR_ITEM_NOT_FOUND);

  key.usage &= ~0x1u; // TEE_USAGE_EXTRACTABLE cleared
  EXPECT_EQ(get_attribute(key, kEccPrivate).error().code, TEE_ERROR_ACCESS_DENIED);
  EXPECT_EQ(get_attribute(key, kRsaPrivateExponent).error().code, TEE_ERROR_ACCESS_DENIED);
  EXPECT_TRUE(get_attribute(key, kEccX));
  EXPECT_TRUE(get_attribute(key, kEccCurve));
}

TEST(CryptoObjects, ResetReturnsToTheAllocatedState) {
  Object aes = allocated(kAes, 256);
  ASSERT_TRUE(populate_object(aes, {buf(kSecretValue, Bytes(32, 1))}));
  aes.usage = 0x6;
  reset_object(aes);
  EXPECT_FALSE(aes.initialized());
  EXPECT_TRUE(aes.attrs.empty());
  EXPECT_EQ(aes.key_size, 0u);
  EXPECT_EQ(aes.usage, 0xFFFFFFFFu);
  EXPECT_EQ(aes.max_size, 256u);
  EXPECT_TRUE(populate_object(aes, {buf(kSecretValue, Bytes(16, 1))}));
}

TEST(CryptoObjects, GeneratesSecretKeys) {
  TestRng rng;
  const std::pair<uint32_t, uint32_t> cases[] = {
      {kAes, 128},        {kAes, 256},       {kDes, 64},        {kDes3, 192},
      {kHmacSha256, 256}, {0xA0000001, 64},  {0xA000000B, 512}, {kGenericSecret, 40},
      {kHkdfIkm, 160},    {0xA10000C1, 256}, {0xA10000C2, 64},  {0xA000004A, 128}};
  for (const auto& [type, bits] : cases) {
    Object obj = allocated(type, bits);
    ASSERT_TRUE(generate_key(obj, bits, {}, rng)) << std::hex << type;
    EXPECT_TRUE(obj.initialized());
    EXPECT_EQ(obj.key_size, bits);
    ASSERT_EQ(obj.attrs.size(), 1u);
    EXPECT_EQ(obj.attrs[0].ref.size(), bits / 8);
  }
  Object des3 = allocated(kDes3, 192);
  ASSERT_TRUE(generate_key(des3, 128, {}, rng));
  for (uint8_t b : des3.attrs[0].ref)
    EXPECT_EQ(std::popcount(static_cast<unsigned>(b)) % 2, 1) << "DES parity";
}

TEST(CryptoObjects, GenerateKeyRejectsWrongSizesParamsAndState) {
  TestRng rng;
  Object aes = allocated(kAes, 192);
  EXPECT_EQ(generate_key(aes, 256, {}, rng).error().code, TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(generate_key(aes, 100, {}, rng).error().code, TEE_ERROR_BAD_PARAMETERS);
  const std::vector<Attribute> stray{val(kEccCurve, 3)};
  EXPECT_EQ(generate_key(aes, 128, stray, rng).error().code, TEE_ERROR_BAD_PARAMETERS);
  ASSERT_TRUE(generate_key(aes, 128, {}, rng));
  EXPECT_EQ(aes.key_size, 128u);
  EXPECT_EQ(generate_key(aes, 128, {}, rng).error().code, TEE_ERROR_BAD_STATE);

  Object ec = allocated(kEcdsaKeypair, 384);
  const std::vector<Attribute> p256{val(kEccCurve, 3)};
  EXPECT_EQ(generate_key(ec, 384, p256, rng).error().code, TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(generate_key(ec, 300, {}, rng).error().code, TEE_ERROR_BAD_PARAMETERS);

  Object dh = allocated(kDhKeypair, 512);
  EXPECT_EQ(generate_key(dh, 512, {}, rng).error().code, TEE_ERROR_BAD_PARAMETERS);

  Object rsa = allocated(kRsaKeypair, 512);
  const std::vector<Attribute> even_e{buf(kRsaPublicExponent, hex("010000"))};
  EXPECT_EQ(generate_key(rsa, 512, even_e, rng).error().code, TEE_ERROR_BAD_PARAMETERS);

  Object pub = allocated(kRsaPublic, 512);
  EXPECT_EQ(generate_key(pub, 512, {}, rng).error().code, TEE_ERROR_BAD_PARAMETERS);

  FailingRng broken;
  Object secret = allocated(kAes, 128);
  EXPECT_FALSE(generate_key(secret, 128, {}, broken));
  EXPECT_FALSE(secret.initialized());
  Object ec2 = allocated(kEcdhKeypair, 256);
  EXPECT_FALSE(generate_key(ec2, 256, {}, broken));
  EXPECT_FALSE(ec2.initialized());
}

TEST(CryptoObjects, GeneratesAsymmetricKeysOfEveryType) {
  TestRng rng(3);
  Object rsa = allocated(kRsaKeypair, 1024);
  const std::vector<Attribute> e3{buf(kRsaPublicExponent, hex("03"))};
  ASSERT_TRUE(generate_key(rsa, 768, e3, rng));
  EXPECT_EQ(rsa.key_size, 768u);
  EXPECT_EQ(rsa.find(kRsaModulus)->ref.size(), 96u);
  EXPECT_EQ(rsa.find(kRsaPublicExponent)->ref, hex("03"));
  for (uint32_t id = 0xC0000330; id <= 0xC0000830; id += 0x100)
    EXPECT_NE(rsa.find(id), nullptr) << std::hex << id;

  for (uint32_t bits : {192u, 224u, 256u, 384u, 521u}) {
    for (uint32_t type : {kEcdsaKeypair, kEcdhKeypair}) {
      Object ec = allocated(type, bits);
      ASSERT_TRUE(generate_key(ec, bits, {}, rng)) << bits;
      EXPECT_EQ(ec.key_size, bits);
      const size_t n = (bits + 7) / 8;
      EXPECT_EQ(ec.find(kEccX)->ref.size(), n);
      EXPECT_EQ(ec.find(kEccY)->ref.size(), n);
      EXPECT_EQ(ec.find(kEccPrivate)->ref.size(), n);
      // Populating another object with the generated values passes every check.
      Object again = allocated(type, bits);
      EXPECT_TRUE(populate_object(again, ec.attrs));
    }
  }
  Object named = allocated(kEcdsaKeypair, 521);
  const std::vector<Attribute> p521{val(kEccCurve, 5)};
  ASSERT_TRUE(generate_key(named, 521, p521, rng));
  EXPECT_EQ(named.find(kEccCurve)->a, 5u);

  Object x = allocated(kX25519Keypair, 256);
  ASSERT_TRUE(generate_key(x, 256, {}, rng));
  EXPECT_EQ(x.find(kX25519PublicValue)->ref.size(), 32u);
  EXPECT_EQ(x.find(kX25519PrivateValue)->ref.size(), 32u);
  Object x_again = allocated(kX25519Keypair, 256);
  EXPECT_TRUE(populate_object(x_again, x.attrs));

  // DH with an exact private-value size (GP Table 5-11 DH_X_BITS).
  const Bytes p = hex(kSafePrime256);
  const std::vector<Attribute> dh_params{buf(kDhPrime, p), buf(kDhBase, hex("05")),
                                         val(kDhXBits, 100)};
  Object dh = allocated(kDhKeypair, 512);
  ASSERT_TRUE(generate_key(dh, 256, dh_params, rng));
  EXPECT_EQ(dh.key_size, 256u);
  const Bytes& x_value = dh.find(kDhPrivate)->ref;
  ASSERT_EQ(x_value.size(), 13u); // 100 bits
  EXPECT_EQ(x_value[0], 0x08);
  EXPECT_EQ(dh.find(kDhXBits)->a, 100u);
  EXPECT_EQ(dh.find(kDhPublic)->ref.size(), 32u);
}

TEST(CryptoObjects, PopulateSurvivesArbitraryAttributes) {
  // Random subsets of each type's attributes with random contents and lengths: every
  // outcome is success or BAD_PARAMETERS, and ASan/UBSan see no fault.
  std::mt19937 gen(42);
  const std::pair<uint32_t, std::vector<uint32_t>> types[] = {
      {kRsaKeypair,
       {kRsaModulus, kRsaPublicExponent, kRsaPrivateExponent, kRsaPrime1, 0xC0000530, kRsaExponent1,
        0xC0000730, kRsaCoefficient}},
      {kEcdsaKeypair, {kEccCurve, kEccX, kEccY, kEccPrivate}},
      {kEcdhPublic, {kEccCurve, kEccX, kEccY}},
      {kDhKeypair, {kDhPrime, kDhBase, kDhPublic, kDhPrivate, 0xD0001132, kDhXBits}},
      {kX25519Keypair, {kX25519PublicValue, kX25519PrivateValue}},
      {kAes, {kSecretValue}}};
  const size_t lengths[] = {0, 1, 2, 3, 8, 16, 31, 32, 33, 64, 65, 66, 67, 128, 256, 300};
  for (const auto& [type, ids] : types) {
    const uint32_t max_bits = type == kAes             ? 256
                              : type == kDhKeypair     ? 2048
                              : type == kRsaKeypair    ? 2048
                              : type == kX25519Keypair ? 256
                                                       : 521;
    for (int round = 0; round < 150; ++round) {
      std::vector<Attribute> attrs;
      for (uint32_t id : ids) {
        if (gen() % 5 == 0)
          continue;
        if (id & 0x20000000) {
          attrs.push_back(val(id, gen() % 8 == 0 ? static_cast<uint32_t>(gen()) : gen() % 6));
          continue;
        }
        Bytes b(lengths[gen() % std::size(lengths)]);
        for (uint8_t& c : b)
          c = static_cast<uint8_t>(gen());
        if (!b.empty() && gen() % 2)
          b.back() |= 1; // odd values get further into the checks
        attrs.push_back(buf(id, std::move(b)));
      }
      Object obj = allocated(type, max_bits);
      auto r = populate_object(obj, attrs);
      EXPECT_TRUE(r || r.error().code == TEE_ERROR_BAD_PARAMETERS) << std::hex << type;
      EXPECT_EQ(obj.initialized(), r.ok());
    }
  }
}

TEST(CryptoObjects, KeyTypeForAlgorithms) {
  constexpr uint32_t kEncrypt = 0, kDecrypt = 1, kSign = 2, kVerify = 3, kMac = 4, kDigest = 5,
                     kDerive = 6;
  struct Case {
    uint32_t algorithm, mode, type;
  } cases[] = {{0x10000110, kEncrypt, kAes},
               {0x40000810, kDecrypt, kAes},
               {0x30000610, kMac, kAes},
               {0x10000011, kEncrypt, kDes},
               {0x30000513, kMac, kDes3},
               {0xF0000613, kMac, kDes3},
               {0x30000004, kMac, kHmacSha256},
               {0x3000000A, kMac, 0xA000000A},
               {0x50000004, kDigest, 0},
               {0x5000000F, kDigest, 0},
               {0x70004830, kSign, kRsaKeypair},
               {0x70004830, kVerify, kRsaPublic},
               {0x60210230, kDecrypt, kRsaKeypair},
               {0x60000030, kEncrypt, kRsaPublic},
               {0xF0000830, kSign, kRsaKeypair},
               {0x70003042, kSign, kEcdsaKeypair},
               {0x70003042, kVerify, kEcdsaPublic},
               {0x70003041, kSign, kEcdsaKeypair},
               {0x80000042, kDerive, kEcdhKeypair},
               {0x80003042, kDerive, kEcdhKeypair},
               {0x80000032, kDerive, kDhKeypair},
               {0x80000044, kDerive, kX25519Keypair},
               {0x70006043, kSign, 0xA1000043},
               {0x70006044, kVerify, 0xA0000048},
               {0x80000045, kDerive, 0xA1000049},
               {0x800040C0, kDerive, kHkdfIkm},
               {0x800020C1, kDerive, 0xA10000C1},
               {0x800060C2, kDerive, 0xA10000C2},
               {0x80000047, kDerive, 0xA000004A}};
  for (const Case& c : cases)
    EXPECT_EQ(key_type_for(c.algorithm, c.mode), c.type) << std::hex << c.algorithm;
}

} // namespace
} // namespace swemu::core::crypto
