// The KDF operations (OP-TEE's HKDF, Concat KDF and PBKDF2 extensions), driven directly:
// one published vector each, then the parameter and object rules.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "crypto/crypto.h"
#include "crypto_test_util.h"

namespace swemu::core::crypto {
namespace {

using namespace swemu::abi;
using namespace swemu::core::crypto::test;

constexpr uint32_t kDerive = 6;
constexpr uint32_t kTypeGenericSecret = 0xA0000000;
constexpr uint32_t kAttrSecretValue = 0xC0000000;

constexpr uint32_t kAlgHkdfSha256 = 0x800040C0;
constexpr uint32_t kTypeHkdfIkm = 0xA10000C0;
constexpr uint32_t kAttrHkdfIkm = 0xC00001C0;
constexpr uint32_t kAttrHkdfSalt = 0xD00002C0;
constexpr uint32_t kAttrHkdfInfo = 0xD00003C0;
constexpr uint32_t kAttrHkdfOkmLength = 0xF00004C0;

constexpr uint32_t kAlgConcatSha256 = 0x800040C1;
constexpr uint32_t kTypeConcatZ = 0xA10000C1;
constexpr uint32_t kAttrConcatZ = 0xC00001C1;
constexpr uint32_t kAttrConcatOtherInfo = 0xD00002C1;
constexpr uint32_t kAttrConcatDkmLength = 0xF00003C1;

constexpr uint32_t kAlgPbkdf2Sha1 = 0x800020C2;
constexpr uint32_t kTypePbkdf2Password = 0xA10000C2;
constexpr uint32_t kAttrPbkdf2Password = 0xC00001C2;
constexpr uint32_t kAttrPbkdf2Salt = 0xD00002C2;
constexpr uint32_t kAttrPbkdf2Iterations = 0xF00003C2;
constexpr uint32_t kAttrPbkdf2DkmLength = 0xF00004C2;

Object key_object(uint32_t type, uint32_t attr, const Bytes& secret) {
  Object o;
  o.type = type;
  o.max_size = static_cast<uint32_t>(secret.size() * 8);
  o.key_size = o.max_size;
  o.handle_flags = kHandleFlagInitialized;
  o.attrs.push_back(Attribute{attr, secret, 0, 0});
  return o;
}
Object output_object(uint32_t max_bits) {
  Object o;
  o.type = kTypeGenericSecret;
  o.max_size = max_bits;
  return o;
}
Attribute buffer(uint32_t id, const Bytes& b) {
  return Attribute{id, b, 0, 0};
}
Attribute value(uint32_t id, uint32_t a) {
  return Attribute{id, {}, a, 0};
}

Result<void> derive(uint32_t alg, const Object& key, std::vector<Attribute> params, Object& out) {
  auto op = create_operation(alg, kDerive);
  if (!op.ok())
    return op.take_error();
  std::unique_ptr<Rng> rng = Rng::from_seed(text("kdf"));
  return (*op)->derive(key, params, out, *rng);
}

Bytes secret(const Object& o) {
  const Attribute* a = o.find(kAttrSecretValue);
  return a == nullptr ? Bytes{} : a->ref;
}

TEST(CryptoKdf, HkdfRfc5869Cases1And3) {
  const Object ikm = key_object(kTypeHkdfIkm, kAttrHkdfIkm, Bytes(22, 0x0b));
  Object out = output_object(512);
  ASSERT_TRUE(
      derive(kAlgHkdfSha256, ikm,
             {buffer(kAttrHkdfSalt, hex("000102030405060708090a0b0c")),
              buffer(kAttrHkdfInfo, hex("f0f1f2f3f4f5f6f7f8f9")), value(kAttrHkdfOkmLength, 42)},
             out)
          .ok());
  EXPECT_EQ(secret(out), hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                             "34007208d5b887185865"));
  EXPECT_EQ(out.key_size, 42U * 8);
  EXPECT_TRUE(out.initialized());
  // Case 3: salt and info are optional.
  Object out3 = output_object(512);
  ASSERT_TRUE(derive(kAlgHkdfSha256, ikm, {value(kAttrHkdfOkmLength, 42)}, out3).ok());
  EXPECT_EQ(secret(out3), hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
                              "9d201395faa4b61a96c8"));
}

TEST(CryptoKdf, Pbkdf2HmacSha1Rfc6070Case2) {
  const Object pw = key_object(kTypePbkdf2Password, kAttrPbkdf2Password, text("password"));
  Object out = output_object(160);
  ASSERT_TRUE(derive(kAlgPbkdf2Sha1, pw,
                     {buffer(kAttrPbkdf2Salt, text("salt")), value(kAttrPbkdf2Iterations, 2),
                      value(kAttrPbkdf2DkmLength, 20)},
                     out)
                  .ok());
  EXPECT_EQ(secret(out), hex("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"));
}

TEST(CryptoKdf, ConcatKdfRfc7518AppendixC) {
  const Object z =
      key_object(kTypeConcatZ, kAttrConcatZ,
                 hex("9e56d91d817135d372834283bf84269cfb316ea3da806a48f6daa7798cfe90c4"));
  // AlgorithmID "A128GCM", PartyUInfo "Alice", PartyVInfo "Bob", SuppPubInfo 128.
  const Bytes other = hex("000000074131323847434d00000005416c69636500000003426f6200000080");
  Object out = output_object(128);
  ASSERT_TRUE(derive(kAlgConcatSha256, z,
                     {buffer(kAttrConcatOtherInfo, other), value(kAttrConcatDkmLength, 16)}, out)
                  .ok());
  EXPECT_EQ(secret(out), hex("56aa8deaf8236d205c2228cd71a7101a"));
}

TEST(CryptoKdf, ParameterRules) {
  const Object ikm = key_object(kTypeHkdfIkm, kAttrHkdfIkm, Bytes(22, 0x0b));
  Object out = output_object(512);
  // Missing OKM length.
  EXPECT_EQ(derive(kAlgHkdfSha256, ikm, {}, out).error().code, TEE_ERROR_BAD_PARAMETERS);
  // Another KDF's attribute.
  EXPECT_EQ(derive(kAlgHkdfSha256, ikm,
                   {value(kAttrHkdfOkmLength, 16), buffer(kAttrPbkdf2Salt, text("x"))}, out)
                .error()
                .code,
            TEE_ERROR_BAD_PARAMETERS);
  // Given twice.
  EXPECT_EQ(derive(kAlgHkdfSha256, ikm,
                   {value(kAttrHkdfOkmLength, 16), value(kAttrHkdfOkmLength, 16)}, out)
                .error()
                .code,
            TEE_ERROR_BAD_PARAMETERS);
  // Zero length, more than 255 hashes, more than the object holds.
  EXPECT_EQ(derive(kAlgHkdfSha256, ikm, {value(kAttrHkdfOkmLength, 0)}, out).error().code,
            TEE_ERROR_BAD_PARAMETERS);
  Object huge = output_object(0xFFFFFFFF);
  EXPECT_EQ(
      derive(kAlgHkdfSha256, ikm, {value(kAttrHkdfOkmLength, 255 * 32 + 1)}, huge).error().code,
      TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(derive(kAlgHkdfSha256, ikm, {value(kAttrHkdfOkmLength, 65)}, out).error().code,
            TEE_ERROR_BAD_PARAMETERS);
  EXPECT_FALSE(out.initialized());

  const Object pw = key_object(kTypePbkdf2Password, kAttrPbkdf2Password, text("password"));
  EXPECT_EQ(derive(kAlgPbkdf2Sha1, pw,
                   {value(kAttrPbkdf2Iterations, 0), value(kAttrPbkdf2DkmLength, 20)}, out)
                .error()
                .code,
            TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(derive(kAlgPbkdf2Sha1, pw, {value(kAttrPbkdf2DkmLength, 20)}, out).error().code,
            TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(derive(kAlgConcatSha256, key_object(kTypeConcatZ, kAttrConcatZ, Bytes(32, 1)), {}, out)
                .error()
                .code,
            TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoKdf, KeyAndOutputObjectRules) {
  const Object wrong_type = key_object(kTypePbkdf2Password, kAttrPbkdf2Password, Bytes(22, 1));
  Object out = output_object(512);
  EXPECT_EQ(derive(kAlgHkdfSha256, wrong_type, {value(kAttrHkdfOkmLength, 16)}, out).error().code,
            TEE_ERROR_BAD_PARAMETERS);
  Object uninitialized = key_object(kTypeHkdfIkm, kAttrHkdfIkm, Bytes(22, 1));
  uninitialized.handle_flags = 0;
  EXPECT_EQ(
      derive(kAlgHkdfSha256, uninitialized, {value(kAttrHkdfOkmLength, 16)}, out).error().code,
      TEE_ERROR_BAD_PARAMETERS);
  const Object ikm = key_object(kTypeHkdfIkm, kAttrHkdfIkm, Bytes(22, 1));
  Object aes = output_object(256);
  aes.type = 0xA0000010;
  EXPECT_EQ(derive(kAlgHkdfSha256, ikm, {value(kAttrHkdfOkmLength, 16)}, aes).error().code,
            TEE_ERROR_BAD_PARAMETERS);
  ASSERT_TRUE(derive(kAlgHkdfSha256, ikm, {value(kAttrHkdfOkmLength, 16)}, out).ok());
  EXPECT_EQ(derive(kAlgHkdfSha256, ikm, {value(kAttrHkdfOkmLength, 16)}, out).error().code,
            TEE_ERROR_BAD_STATE);
}

TEST(CryptoKdf, UnsupportedVariantsAndWrongCalls) {
  EXPECT_EQ(create_operation(0x800070C2, kDerive).error().code, TEE_ERROR_NOT_SUPPORTED); // SM3
  EXPECT_EQ(create_operation(0x800010C2, kDerive).error().code, TEE_ERROR_NOT_SUPPORTED); // MD5
  EXPECT_EQ(create_operation(kAlgHkdfSha256, 0).error().code, TEE_ERROR_BAD_PARAMETERS);
  auto op = create_operation(0x800010C0, kDerive); // HKDF-MD5 exists
  ASSERT_TRUE(op.ok());
  EXPECT_EQ((*op)->hash_update(text("x")).error().code, TEE_ERROR_BAD_STATE);
  auto copy = (*op)->clone();
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ((*copy)->algorithm(), 0x800010C0U);
}

} // namespace
} // namespace swemu::core::crypto
