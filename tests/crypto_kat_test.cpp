// Known-answer tests of the GP cryptographic API (GP TEE Internal Core API v1.3.1 chapter 6)
// as a TA sees it: tas/crypto_test runs each operation the test describes, through the
// SDK, the crypto syscalls and the host engine. The vectors are in crypto_kat_vectors.h.
// SWEMU_CRYPTO_TEST_ARCH=arm32 runs everything against the AArch32 build (crypto_test32);
// tests/CMakeLists.txt registers that second run.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

// Before tee_client_api.h, whose TEE_ERROR_* macros would clash with tee_abi.h names.
#include "test_world.h"

#include "crypto_kat_vectors.h"
#include "crypto_test_ta.h"
#include "swemu/bridge/default_transport.h"
#include "tee_client_api.h"

namespace {

using namespace swemu::test::kat;
using Bytes = std::vector<uint8_t>;

constexpr uint32_t kSuccess = 0;
constexpr uint32_t kBadParameters = 0xFFFF0006;
constexpr uint32_t kNotSupported = 0xFFFF000A;
constexpr uint32_t kShortBuffer = 0xFFFF0010;
constexpr uint32_t kItemNotFound = 0xFFFF0008;
constexpr uint32_t kTargetDead = 0xFFFF3024;

// GP constants the tests use beyond the vectors' (optee-abi.md §6).
constexpr uint32_t kAlgEd25519 = 0x70006043;
constexpr uint32_t kAlgDsaSha256 = 0x70004131;
constexpr uint32_t kAlgSm3 = 0x50000007;
constexpr uint32_t kAlgShake128 = 0x50000101;
constexpr uint32_t kAlgX448 = 0x80000045;
constexpr uint32_t kAlgSm4Cbc = 0x10000114;
constexpr uint32_t kAlgGpHkdf = 0x80000047;
constexpr uint32_t kCurve25519 = 0x300;
constexpr uint32_t kCurveSm2 = 0x400;
constexpr uint32_t kOperationCipher = 1;
constexpr uint32_t kOperationDigest = 5;
constexpr uint32_t kUsageEncrypt = 0x2;
constexpr uint32_t kUsageDecrypt = 0x4;
constexpr uint32_t kUsageExtractable = 0x1;
constexpr uint32_t kFlagInitialized = 0x0002'0000;
constexpr uint32_t kFlagKeySet = 0x0004'0000;
constexpr uint32_t kFlagExpectTwoKeys = 0x0008'0000;
constexpr uint32_t kStateActive = 1;
constexpr uint32_t kAttrFlagValue = 0x2000'0000;

Bytes from_hex(std::string_view s) {
  Bytes out;
  auto nibble = [](char c) -> uint8_t {
    if (c >= '0' && c <= '9')
      return static_cast<uint8_t>(c - '0');
    if (c >= 'a' && c <= 'f')
      return static_cast<uint8_t>(c - 'a' + 10);
    return static_cast<uint8_t>(c - 'A' + 10);
  };
  for (size_t i = 0; i + 1 < s.size(); i += 2)
    out.push_back(static_cast<uint8_t>(nibble(s[i]) << 4 | nibble(s[i + 1])));
  return out;
}

std::string to_hex(const Bytes& b) {
  static const char* const digits = "0123456789abcdef";
  std::string s;
  for (uint8_t v : b) {
    s += digits[v >> 4];
    s += digits[v & 15];
  }
  return s;
}

bool arm32() {
  const char* arch = std::getenv("SWEMU_CRYPTO_TEST_ARCH");
  return arch != nullptr && std::string_view(arch) == "arm32";
}

const TEEC_UUID& ta_uuid() {
  static const TEEC_UUID k64 = CRYPTO_TEST_TA_UUID;
  static const TEEC_UUID k32 = CRYPTO_TEST32_TA_UUID;
  return arm32() ? k32 : k64;
}

void put32(Bytes& b, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint32_t get32(const Bytes& b, size_t word) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= static_cast<uint32_t>(b.at(4 * word + i)) << (8 * i);
  return v;
}

// A CRYPTO_CMD_RUN / GENERATE / INFO request (wire format in crypto_test_ta.h).
class Request {
public:
  Request(uint32_t alg, uint32_t mode, uint32_t max_key_bits, uint32_t key1_type,
          uint32_t key2_type = 0) {
    header_[CRYPTO_REQ_ALGORITHM] = alg;
    header_[CRYPTO_REQ_MODE] = mode;
    header_[CRYPTO_REQ_MAX_KEY_BITS] = max_key_bits;
    header_[CRYPTO_REQ_KEY1_TYPE] = key1_type;
    header_[CRYPTO_REQ_KEY2_TYPE] = key2_type;
    header_[CRYPTO_REQ_OUT_ROOM] = CRYPTO_ROOM_ALL;
    header_[CRYPTO_REQ_TAG_ROOM] = CRYPTO_ROOM_ALL;
  }
  Request& set(uint32_t word, uint32_t value) {
    header_[word] = value;
    return *this;
  }
  Request& item(uint32_t kind, const Bytes& data) {
    put32(items_, kind);
    put32(items_, static_cast<uint32_t>(data.size()));
    items_.insert(items_.end(), data.begin(), data.end());
    return *this;
  }
  Request& attr(uint32_t kind, const Attr& a) {
    Bytes data;
    put32(data, a.id);
    if ((a.id & kAttrFlagValue) != 0) {
      put32(data, a.a);
      put32(data, a.b);
    } else {
      Bytes v = from_hex(a.hex);
      data.insert(data.end(), v.begin(), v.end());
    }
    return item(kind, data);
  }
  Request& attrs(uint32_t kind, const std::vector<Attr>& list) {
    for (const Attr& a : list)
      attr(kind, a);
    return *this;
  }
  Bytes bytes() const {
    Bytes b;
    for (uint32_t w : header_)
      put32(b, w);
    b.insert(b.end(), items_.begin(), items_.end());
    return b;
  }

private:
  uint32_t header_[CRYPTO_REQ_HEADER_WORDS] = {};
  Bytes items_;
};

struct RunResult {
  TEEC_Result invoke = 0;
  uint32_t res = 0;
  uint32_t step = 0;
  uint32_t a = 0; // output length (or reported / written count)
  uint32_t b = 0; // tag length
  Bytes out;      // output only
  Bytes tag;      // AE tag only
  Bytes raw;      // whatever the TA wrote to p1
};

// How a vector is fed to the TA: all input in the final call, or split into update chunks
// (and AAD pieces), optionally copying or resetting the operation after the first update.
enum class Feed { kOneShot, kChunked, kCopy, kReset };
const char* feed_name(Feed f) {
  switch (f) {
  case Feed::kOneShot:
    return "one-shot";
  case Feed::kChunked:
    return "chunked";
  case Feed::kCopy:
    return "chunked+CopyOperation";
  case Feed::kReset:
    return "chunked+ResetOperation";
  }
  return "?";
}

// Uneven piece sizes, so chunks straddle block boundaries.
std::vector<Bytes> split(const Bytes& in) {
  static const size_t kSizes[] = {1, 15, 17, 32, 5, 64};
  std::vector<Bytes> pieces;
  size_t pos = 0;
  for (size_t i = 0; pos < in.size(); ++i) {
    size_t n = std::min(kSizes[i % std::size(kSizes)], in.size() - pos);
    pieces.emplace_back(in.begin() + static_cast<long>(pos),
                        in.begin() + static_cast<long>(pos + n));
    pos += n;
  }
  // At least one update and one final piece.
  while (pieces.size() < 2)
    pieces.insert(pieces.begin(), Bytes{});
  return pieces;
}

Request request_for(const Kat& k, Feed feed) {
  Request r(k.alg, k.mode, k.key_bits, k.key_type, k.key2.empty() ? 0 : k.key_type);
  r.set(CRYPTO_REQ_TAG_BITS, k.tag_bits).set(CRYPTO_REQ_DERIVED_BITS, k.derived_bits);
  if (feed == Feed::kCopy)
    r.set(CRYPTO_REQ_FLAGS, CRYPTO_FLAG_COPY);
  if (feed == Feed::kReset)
    r.set(CRYPTO_REQ_FLAGS, CRYPTO_FLAG_RESET);
  r.attrs(CRYPTO_ITEM_KEY1_ATTR, k.key1)
      .attrs(CRYPTO_ITEM_KEY2_ATTR, k.key2)
      .attrs(CRYPTO_ITEM_PARAM_ATTR, k.params);
  if (k.iv != nullptr)
    r.item(CRYPTO_ITEM_IV, from_hex(k.iv));
  Bytes in = from_hex(k.in);
  if (feed == Feed::kOneShot) {
    if (k.aad != nullptr)
      r.item(CRYPTO_ITEM_AAD, from_hex(k.aad));
    r.item(CRYPTO_ITEM_FINAL, in);
  } else {
    if (k.aad != nullptr)
      for (const Bytes& piece : split(from_hex(k.aad)))
        r.item(CRYPTO_ITEM_AAD, piece);
    std::vector<Bytes> pieces = split(in);
    for (size_t i = 0; i + 1 < pieces.size(); ++i)
      r.item(CRYPTO_ITEM_UPDATE, pieces[i]);
    r.item(CRYPTO_ITEM_FINAL, pieces.back());
  }
  if (k.tag != nullptr)
    r.item(CRYPTO_ITEM_TAG, from_hex(k.tag));
  return r;
}

class CryptoKat : public ::testing::Test {
protected:
  void SetUp() override {
    swemu::test::use_secure_world({SWEMU_TEST_MANIFEST_DIR});
    ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx_), TEEC_SUCCESS);
    ASSERT_EQ(open(&sess_), TEEC_SUCCESS) << "crypto_test TA for " << (arm32() ? "arm32" : "arm64");
    have_session_ = true;
  }
  void TearDown() override {
    if (have_session_)
      TEEC_CloseSession(&sess_);
    TEEC_FinalizeContext(&ctx_);
  }
  TEEC_Result open(TEEC_Session* s) {
    uint32_t origin = 0;
    return TEEC_OpenSession(&ctx_, s, &ta_uuid(), TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin);
  }

  void reopen() {
    if (have_session_)
      TEEC_CloseSession(&sess_);
    have_session_ = open(&sess_) == TEEC_SUCCESS;
    ASSERT_TRUE(have_session_);
  }

  RunResult invoke(uint32_t cmd, const Bytes& req, size_t room = 4096) {
    RunResult r;
    Bytes in = req;
    r.raw.assign(room, 0);
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT,
                                     TEEC_VALUE_OUTPUT, TEEC_VALUE_OUTPUT);
    op.params[0].tmpref.buffer = in.data();
    op.params[0].tmpref.size = in.size();
    op.params[1].tmpref.buffer = r.raw.data();
    op.params[1].tmpref.size = r.raw.size();
    uint32_t origin = 0;
    r.invoke = TEEC_InvokeCommand(&sess_, cmd, &op, &origin);
    r.res = op.params[2].value.a;
    r.step = op.params[2].value.b;
    r.a = op.params[3].value.a;
    r.b = op.params[3].value.b;
    r.raw.resize(std::min(op.params[1].tmpref.size, room));
    if (r.invoke == TEEC_SUCCESS && r.res == kSuccess && r.a + r.b <= r.raw.size()) {
      r.out.assign(r.raw.begin(), r.raw.begin() + r.a);
      r.tag.assign(r.raw.begin() + r.a, r.raw.begin() + r.a + r.b);
    }
    return r;
  }
  RunResult run(const Request& req, size_t room = 4096) {
    return invoke(CRYPTO_CMD_RUN, req.bytes(), room);
  }

  void check(const Kat& k, Feed feed) {
    SCOPED_TRACE(std::string(k.name) + " [" + feed_name(feed) + "]");
    RunResult r = run(request_for(k, feed));
    if (r.invoke == kTargetDead)
      reopen(); // so that one panic does not hide the results of the vectors after it
    ASSERT_EQ(r.invoke, TEEC_SUCCESS);
    ASSERT_EQ(r.res, k.expect) << "step " << r.step;
    if (k.expect != kSuccess) {
      // A refused tag releases nothing when all the input came in the final call.
      if (feed == Feed::kOneShot)
        EXPECT_EQ(r.a, 0U) << "bytes left in the output after a failed final call";
      return;
    }
    EXPECT_EQ(to_hex(r.out), to_hex(from_hex(k.out)));
    if (k.out_tag != nullptr)
      EXPECT_EQ(to_hex(r.tag), to_hex(from_hex(k.out_tag)));
  }

  void run_group(const std::vector<Kat>& group) {
    for (const Kat& k : group) {
      check(k, Feed::kOneShot);
      if (k.chunk) {
        check(k, Feed::kChunked);
        check(k, Feed::kCopy);
        check(k, Feed::kReset);
      }
    }
  }

  // Signs `digest` with `keypair`, then verifies with `pub`; returns the signature.
  Bytes sign_then_verify(uint32_t alg, uint32_t key_bits, uint32_t pair_type,
                         const std::vector<Attr>& keypair, uint32_t pub_type,
                         const std::vector<Attr>& pub, const Bytes& digest) {
    Request sign(alg, TEE_MODE_SIGN, key_bits, pair_type);
    sign.attrs(CRYPTO_ITEM_KEY1_ATTR, keypair).item(CRYPTO_ITEM_FINAL, digest);
    RunResult s = run(sign);
    EXPECT_EQ(s.invoke, TEEC_SUCCESS);
    EXPECT_EQ(s.res, kSuccess) << "sign, step " << s.step;
    if (s.res != kSuccess)
      return {};
    Request verify(alg, TEE_MODE_VERIFY, key_bits, pub_type);
    verify.attrs(CRYPTO_ITEM_KEY1_ATTR, pub)
        .item(CRYPTO_ITEM_FINAL, digest)
        .item(CRYPTO_ITEM_TAG, s.out);
    RunResult v = run(verify);
    EXPECT_EQ(v.res, kSuccess) << "verify, step " << v.step;
    // The same signature over another digest must not verify.
    Bytes other = digest;
    other[0] ^= 0x01;
    Request wrong(alg, TEE_MODE_VERIFY, key_bits, pub_type);
    wrong.attrs(CRYPTO_ITEM_KEY1_ATTR, pub)
        .item(CRYPTO_ITEM_FINAL, other)
        .item(CRYPTO_ITEM_TAG, s.out);
    EXPECT_EQ(run(wrong).res, kErrSignatureInvalid);
    return s.out;
  }

  // TEE_GenerateKey in the TA; the attributes it exported (hex kept alive in hex_).
  std::vector<Attr> generate(uint32_t type, uint32_t bits, const std::vector<Attr>& params) {
    Request req(0, 0, bits, type);
    req.attrs(CRYPTO_ITEM_PARAM_ATTR, params);
    RunResult r = invoke(CRYPTO_CMD_GENERATE, req.bytes(), 8192);
    EXPECT_EQ(r.invoke, TEEC_SUCCESS);
    EXPECT_EQ(r.res, kSuccess) << "generate 0x" << std::hex << type << ", step " << std::dec
                               << r.step;
    EXPECT_EQ(r.a, bits) << "objectSize";
    EXPECT_EQ(r.b, type) << "objectType";
    // Items are packed without alignment: read them at byte offsets.
    auto rd = [&](size_t at) {
      uint32_t v = 0;
      for (int i = 0; i < 4; ++i)
        v |= static_cast<uint32_t>(r.raw.at(at + i)) << (8 * i);
      return v;
    };
    std::vector<Attr> attrs;
    size_t pos = 0;
    while (pos + 12 <= r.raw.size()) {
      uint32_t len = rd(pos + 4);
      if (len < 4 || len > r.raw.size() - pos - 8) {
        ADD_FAILURE() << "malformed export at " << pos;
        break;
      }
      Attr a;
      a.id = rd(pos + 8);
      if ((a.id & kAttrFlagValue) != 0) {
        a.a = rd(pos + 12);
        a.b = rd(pos + 16);
      } else {
        hex_.push_back(to_hex(Bytes(r.raw.begin() + static_cast<long>(pos + 12),
                                    r.raw.begin() + static_cast<long>(pos + 8 + len))));
        a.hex = hex_.back().c_str();
      }
      attrs.push_back(a);
      pos += 8 + len;
    }
    return attrs;
  }

protected:
  TEEC_Context ctx_{};
  TEEC_Session sess_{};
  bool have_session_ = false;
  std::deque<std::string> hex_; // stable addresses for Attr::hex
};

// --- Known answers, every vector through the same path -----------------------------------

TEST_F(CryptoKat, DigestsFips180And202) {
  run_group(kDigests);
}
TEST_F(CryptoKat, HmacRfc4231And2202) {
  run_group(kHmac);
}
TEST_F(CryptoKat, HmacCompareFinalRejectsWrongMac) {
  run_group(kHmacCompare);
}
TEST_F(CryptoKat, AesEcbSp80038a) {
  run_group(kAesEcbSp80038a);
}
TEST_F(CryptoKat, AesCbcSp80038a) {
  run_group(kAesCbcSp80038a);
}
TEST_F(CryptoKat, AesCtrSp80038aAndRfc3686) {
  run_group(kAesCtrSp80038a);
}
TEST_F(CryptoKat, AesCtsRfc3962) {
  run_group(kAesCtsRfc3962);
}
TEST_F(CryptoKat, AesXtsIeee1619) {
  run_group(kAesXtsIeee1619);
}
TEST_F(CryptoKat, AesCmacSp80038b) {
  run_group(kAesCmacSp80038b);
}
TEST_F(CryptoKat, AesCbcMacFromSp80038a) {
  run_group(kAesCbcMac);
}
TEST_F(CryptoKat, DesFips81AndTdesSp80067) {
  run_group(kDes);
}
TEST_F(CryptoKat, DesCbcMacAndTdesCmac) {
  run_group(kDesMacs);
}
TEST_F(CryptoKat, AesCcmSp80038c) {
  run_group(kAesCcmSp80038c);
}
TEST_F(CryptoKat, AesGcmSpecTestCases) {
  run_group(kAesGcm);
}
TEST_F(CryptoKat, RsaPkcs1V15SignIsExactAndVerifies) {
  run_group(kRsaPkcs1Sign);
}
TEST_F(CryptoKat, RsaPssVerifiesPythonSignatures) {
  run_group(kRsaPssVerify);
}
TEST_F(CryptoKat, RsaDecryptOaepPkcs1AndNopad) {
  run_group(kRsaDecrypt);
}
TEST_F(CryptoKat, EcdsaVerifiesRfc6979Signatures) {
  run_group(kEcdsaRfc6979);
}
TEST_F(CryptoKat, EcdhSharedSecretBothSides) {
  run_group(kEcdh);
}
TEST_F(CryptoKat, X25519Rfc7748) {
  run_group(kX25519Rfc7748);
}
TEST_F(CryptoKat, DhOakleyGroup2BothSides) {
  run_group(kDh);
}
TEST_F(CryptoKat, HkdfRfc5869) {
  run_group(kHkdfRfc5869);
}
TEST_F(CryptoKat, Pbkdf2Rfc6070) {
  run_group(kPbkdf2);
}
TEST_F(CryptoKat, ConcatKdfRfc7518) {
  run_group(kConcatKdf);
}

// --- Round trips -------------------------------------------------------------------------

struct DigestAlg {
  uint32_t alg;
  size_t digest_len;
};

TEST_F(CryptoKat, RsaSignVerifyRoundTripEveryDigest) {
  const DigestAlg algs[] = {
      {TEE_ALG_RSASSA_PKCS1_V1_5_MD5, 16},          {TEE_ALG_RSASSA_PKCS1_V1_5_SHA1, 20},
      {TEE_ALG_RSASSA_PKCS1_V1_5_SHA224, 28},       {TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, 32},
      {TEE_ALG_RSASSA_PKCS1_V1_5_SHA384, 48},       {TEE_ALG_RSASSA_PKCS1_V1_5_SHA512, 64},
      {TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA1, 20},     {TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA224, 28},
      {TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256, 32},   {TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA384, 48},
      {TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA512, 64},   {TEE_ALG_RSASSA_PKCS1_V1_5_SHA3_224, 28},
      {TEE_ALG_RSASSA_PKCS1_V1_5_SHA3_256, 32},     {TEE_ALG_RSASSA_PKCS1_V1_5_SHA3_384, 48},
      {TEE_ALG_RSASSA_PKCS1_V1_5_SHA3_512, 64},     {TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_224, 28},
      {TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_256, 32}, {TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_384, 48},
      {TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_512, 64},
  };
  for (const DigestAlg& a : algs) {
    SCOPED_TRACE(a.alg);
    Bytes digest(a.digest_len);
    for (size_t i = 0; i < digest.size(); ++i)
      digest[i] = static_cast<uint8_t>(0xA5 ^ i);
    Bytes sig = sign_then_verify(a.alg, 2048, TEE_TYPE_RSA_KEYPAIR, kRsaKeypair,
                                 TEE_TYPE_RSA_PUBLIC_KEY, kRsaPublic, digest);
    EXPECT_EQ(sig.size(), 256U);
  }
}

TEST_F(CryptoKat, RsaEncryptDecryptRoundTrip) {
  const uint32_t algs[] = {
      TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA1,     TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA256,
      TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA384,   TEE_ALG_RSAES_PKCS1_V1_5,
      TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA3_256, TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA3_512};
  const Bytes msg = from_hex("00112233445566778899aabbccddeeff0102");
  for (uint32_t alg : algs) {
    SCOPED_TRACE(alg);
    Bytes first;
    for (int round = 0; round < 2; ++round) {
      Request enc(alg, TEE_MODE_ENCRYPT, 2048, TEE_TYPE_RSA_PUBLIC_KEY);
      enc.attrs(CRYPTO_ITEM_KEY1_ATTR, kRsaPublic).item(CRYPTO_ITEM_FINAL, msg);
      RunResult c = run(enc);
      ASSERT_EQ(c.res, kSuccess) << "encrypt, step " << c.step;
      ASSERT_EQ(c.out.size(), 256U);
      // Both paddings are randomised: two encryptions differ.
      if (round == 0)
        first = c.out;
      else
        EXPECT_NE(to_hex(first), to_hex(c.out));
      Request dec(alg, TEE_MODE_DECRYPT, 2048, TEE_TYPE_RSA_KEYPAIR);
      dec.attrs(CRYPTO_ITEM_KEY1_ATTR, kRsaKeypair).item(CRYPTO_ITEM_FINAL, c.out);
      RunResult p = run(dec);
      ASSERT_EQ(p.res, kSuccess) << "decrypt, step " << p.step;
      EXPECT_EQ(to_hex(p.out), to_hex(msg));
    }
  }
}

TEST_F(CryptoKat, EcdsaSignVerifyRoundTripEachCurve) {
  const uint32_t algs[] = {TEE_ALG_ECDSA_SHA1, TEE_ALG_ECDSA_SHA224, TEE_ALG_ECDSA_SHA256,
                           TEE_ALG_ECDSA_SHA384, TEE_ALG_ECDSA_SHA512};
  const size_t lens[] = {20, 28, 32, 48, 64};
  for (size_t i = 0; i < kEccKeys.size(); ++i) {
    const EccKey& key = kEccKeys[i];
    SCOPED_TRACE(key.curve);
    Bytes digest(lens[i], 0x3C);
    Bytes sig = sign_then_verify(algs[i], key.bits, TEE_TYPE_ECDSA_KEYPAIR, key.keypair,
                                 TEE_TYPE_ECDSA_PUBLIC_KEY, key.pub, digest);
    EXPECT_EQ(sig.size(), 2 * ((key.bits + 7) / 8));
  }
  // With SHA-3 (the curve comes from the key; the digest is truncated to the order).
  const uint32_t sha3[] = {TEE_ALG_ECDSA_SHA3_224, TEE_ALG_ECDSA_SHA3_256, TEE_ALG_ECDSA_SHA3_384,
                           TEE_ALG_ECDSA_SHA3_512};
  const size_t sha3_lens[] = {28, 32, 48, 64};
  for (size_t i = 0; i < std::size(sha3); ++i) {
    const EccKey& key = kEccKeys[2];
    ASSERT_STREQ(key.curve, "NIST_P256");
    SCOPED_TRACE(sha3[i]);
    sign_then_verify(sha3[i], key.bits, TEE_TYPE_ECDSA_KEYPAIR, key.keypair,
                     TEE_TYPE_ECDSA_PUBLIC_KEY, key.pub, Bytes(sha3_lens[i], 0x5C));
  }
}

// --- Generated keys ----------------------------------------------------------------------

TEST_F(CryptoKat, GeneratedRsaKeySignsAndVerifies) {
  std::vector<Attr> pair = generate(TEE_TYPE_RSA_KEYPAIR, 2048, {});
  ASSERT_EQ(pair.size(), 8U) << "n, e, d, p, q, dp, dq, qinv";
  std::vector<Attr> pub;
  for (const Attr& a : pair)
    if (a.id == TEE_ATTR_RSA_MODULUS || a.id == TEE_ATTR_RSA_PUBLIC_EXPONENT)
      pub.push_back(a);
  ASSERT_EQ(pub.size(), 2U);
  EXPECT_EQ(std::string(pub[0].hex).size(), 512U) << "a 2048-bit modulus";
  EXPECT_EQ(std::string(pub[1].hex), "010001") << "GP default public exponent 65537";
  sign_then_verify(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256, 2048, TEE_TYPE_RSA_KEYPAIR, pair,
                   TEE_TYPE_RSA_PUBLIC_KEY, pub, Bytes(32, 0x11));
}

TEST_F(CryptoKat, GeneratedEcdsaKeySignsAndVerifiesOnEachCurve) {
  const uint32_t curves[] = {1, 2, 3, 4, 5};
  const uint32_t bits[] = {192, 224, 256, 384, 521};
  const uint32_t algs[] = {TEE_ALG_ECDSA_SHA1, TEE_ALG_ECDSA_SHA224, TEE_ALG_ECDSA_SHA256,
                           TEE_ALG_ECDSA_SHA384, TEE_ALG_ECDSA_SHA512};
  const size_t lens[] = {20, 28, 32, 48, 64};
  for (size_t i = 0; i < std::size(curves); ++i) {
    SCOPED_TRACE(bits[i]);
    std::vector<Attr> pair =
        generate(TEE_TYPE_ECDSA_KEYPAIR, bits[i], {{TEE_ATTR_ECC_CURVE, "", curves[i], 0}});
    std::vector<Attr> pub;
    for (const Attr& a : pair)
      if (a.id != TEE_ATTR_ECC_PRIVATE_VALUE)
        pub.push_back(a);
    ASSERT_EQ(pub.size(), 3U) << "x, y, curve";
    sign_then_verify(algs[i], bits[i], TEE_TYPE_ECDSA_KEYPAIR, pair, TEE_TYPE_ECDSA_PUBLIC_KEY, pub,
                     Bytes(lens[i], 0x22));
  }
}

// Derives with `pair_a` and the public part of `pair_b`, and the other way round.
TEST_F(CryptoKat, GeneratedKeyAgreementsAgree) {
  struct Case {
    const char* name;
    uint32_t alg;
    uint32_t type;
    uint32_t bits;
    std::vector<Attr> gen;
    std::vector<uint32_t> public_ids;
  };
  const std::vector<Case> cases = {
      {"ECDH P-384",
       TEE_ALG_ECDH_DERIVE_SHARED_SECRET,
       TEE_TYPE_ECDH_KEYPAIR,
       384,
       {{TEE_ATTR_ECC_CURVE, "", 4, 0}},
       {TEE_ATTR_ECC_PUBLIC_VALUE_X, TEE_ATTR_ECC_PUBLIC_VALUE_Y}},
      {"X25519", TEE_ALG_X25519, TEE_TYPE_X25519_KEYPAIR, 256, {}, {TEE_ATTR_X25519_PUBLIC_VALUE}},
      {"DH Oakley group 2",
       TEE_ALG_DH_DERIVE_SHARED_SECRET,
       TEE_TYPE_DH_KEYPAIR,
       1024,
       kDhGroupParams,
       {TEE_ATTR_DH_PUBLIC_VALUE}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<Attr> a = generate(c.type, c.bits, c.gen);
    std::vector<Attr> b = generate(c.type, c.bits, c.gen);
    auto publics = [&](const std::vector<Attr>& attrs) {
      std::vector<Attr> out;
      for (const Attr& x : attrs)
        if (std::find(c.public_ids.begin(), c.public_ids.end(), x.id) != c.public_ids.end())
          out.push_back(x);
      return out;
    };
    ASSERT_EQ(publics(a).size(), c.public_ids.size());
    uint32_t secret_bits = c.alg == TEE_ALG_ECDH_DERIVE_SHARED_SECRET ? 384 : c.bits;
    auto derive = [&](const std::vector<Attr>& mine, const std::vector<Attr>& theirs) {
      Request r(c.alg, TEE_MODE_DERIVE, c.bits, c.type);
      r.set(CRYPTO_REQ_DERIVED_BITS, secret_bits)
          .attrs(CRYPTO_ITEM_KEY1_ATTR, mine)
          .attrs(CRYPTO_ITEM_PARAM_ATTR, publics(theirs));
      RunResult out = run(r);
      EXPECT_EQ(out.res, kSuccess) << "derive, step " << out.step;
      return out.out;
    };
    Bytes ab = derive(a, b);
    Bytes ba = derive(b, a);
    EXPECT_FALSE(ab.empty());
    EXPECT_EQ(to_hex(ab), to_hex(ba));
  }
}

TEST_F(CryptoKat, GeneratedAesKeyEncryptsAndDecrypts) {
  std::vector<Attr> key = generate(TEE_TYPE_AES, 256, {});
  ASSERT_EQ(key.size(), 1U);
  EXPECT_EQ(std::string(key[0].hex).size(), 64U);
  const Bytes msg(48, 0x5A);
  const Bytes iv(16, 0x01);
  Request enc(TEE_ALG_AES_CBC_NOPAD, TEE_MODE_ENCRYPT, 256, TEE_TYPE_AES);
  enc.attrs(CRYPTO_ITEM_KEY1_ATTR, key).item(CRYPTO_ITEM_IV, iv).item(CRYPTO_ITEM_FINAL, msg);
  RunResult c = run(enc);
  ASSERT_EQ(c.res, kSuccess);
  EXPECT_NE(to_hex(c.out), to_hex(msg));
  Request dec(TEE_ALG_AES_CBC_NOPAD, TEE_MODE_DECRYPT, 256, TEE_TYPE_AES);
  dec.attrs(CRYPTO_ITEM_KEY1_ATTR, key).item(CRYPTO_ITEM_IV, iv).item(CRYPTO_ITEM_FINAL, c.out);
  RunResult p = run(dec);
  ASSERT_EQ(p.res, kSuccess);
  EXPECT_EQ(to_hex(p.out), to_hex(msg));
}

// --- API behaviour -----------------------------------------------------------------------

// GP §6.2.9: TEE_IsAlgorithmSupported answers NOT_SUPPORTED exactly for what
// TEE_AllocateOperation refuses.
TEST_F(CryptoKat, IsAlgorithmSupportedMatchesAllocateOperation) {
  struct Entry {
    uint32_t alg, element, mode, bits;
    bool supported;
  };
  const Entry entries[] = {
      {TEE_ALG_SHA256, 0, TEE_MODE_DIGEST, 0, true},
      {TEE_ALG_SHA3_512, 0, TEE_MODE_DIGEST, 0, true},
      {TEE_ALG_MD5, 0, TEE_MODE_DIGEST, 0, true},
      {TEE_ALG_MD5SHA1, 0, TEE_MODE_DIGEST, 0, true},
      {TEE_ALG_HMAC_SHA3_256, 0, TEE_MODE_MAC, 256, true},
      {TEE_ALG_DES3_CMAC, 0, TEE_MODE_MAC, 192, true},
      {TEE_ALG_HMAC_SHA512, 0, TEE_MODE_MAC, 512, true},
      {TEE_ALG_AES_CBC_NOPAD, 0, TEE_MODE_ENCRYPT, 256, true},
      {TEE_ALG_AES_XTS, 0, TEE_MODE_DECRYPT, 256, true},
      {TEE_ALG_AES_GCM, 0, TEE_MODE_ENCRYPT, 128, true},
      {TEE_ALG_AES_CCM, 0, TEE_MODE_DECRYPT, 192, true},
      {TEE_ALG_AES_CMAC, 0, TEE_MODE_MAC, 128, true},
      {TEE_ALG_DES3_CBC_NOPAD, 0, TEE_MODE_ENCRYPT, 192, true},
      {TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256, 0, TEE_MODE_SIGN, 2048, true},
      {TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA1, 0, TEE_MODE_DECRYPT, 1024, true},
      {TEE_ALG_RSA_NOPAD, 0, TEE_MODE_ENCRYPT, 2048, true},
      {TEE_ALG_ECDSA_SHA256, 3, TEE_MODE_VERIFY, 256, true},
      {TEE_ALG_ECDSA_SHA512, 5, TEE_MODE_SIGN, 521, true},
      {TEE_ALG_ECDH_DERIVE_SHARED_SECRET, 4, TEE_MODE_DERIVE, 384, true},
      {TEE_ALG_X25519, kCurve25519, TEE_MODE_DERIVE, 256, true},
      {TEE_ALG_DH_DERIVE_SHARED_SECRET, 0, TEE_MODE_DERIVE, 2048, true},
      {TEE_ALG_HKDF_SHA256_DERIVE_KEY, 0, TEE_MODE_DERIVE, 256, true},
      {TEE_ALG_PBKDF2_HMAC_SHA1_DERIVE_KEY, 0, TEE_MODE_DERIVE, 128, true},
      {TEE_ALG_CONCAT_KDF_SHA256_DERIVE_KEY, 0, TEE_MODE_DERIVE, 256, true},
      {TEE_ALG_RSASSA_PKCS1_V1_5_SHA3_256, 0, TEE_MODE_SIGN, 2048, true},
      {TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_512, 0, TEE_MODE_VERIFY, 2048, true},
      {kAlgEd25519, kCurve25519, TEE_MODE_SIGN, 256, false},
      {kAlgDsaSha256, 0, TEE_MODE_SIGN, 2048, false},
      {kAlgSm3, 0, TEE_MODE_DIGEST, 0, false},
      {kAlgShake128, 0, TEE_MODE_DIGEST, 0, false},
      {kAlgX448, 0, TEE_MODE_DERIVE, 448, false},
      {kAlgSm4Cbc, 0, TEE_MODE_ENCRYPT, 128, false},
      {kAlgGpHkdf, 0, TEE_MODE_DERIVE, 256, false},
      // An ECDSA algorithm on a curve swemu lacks: only the query applies.
      {TEE_ALG_ECDSA_SHA256, kCurveSm2, CRYPTO_NO_ALLOCATE, 0, false},
  };
  Bytes in;
  for (const Entry& e : entries) {
    put32(in, e.alg);
    put32(in, e.element);
    put32(in, e.mode);
    put32(in, e.bits);
  }
  Bytes out(8 * std::size(entries));
  TEEC_Operation op{};
  op.paramTypes =
      TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
  op.params[0].tmpref.buffer = in.data();
  op.params[0].tmpref.size = in.size();
  op.params[1].tmpref.buffer = out.data();
  op.params[1].tmpref.size = out.size();
  uint32_t origin = 0;
  ASSERT_EQ(TEEC_InvokeCommand(&sess_, CRYPTO_CMD_SUPPORTED, &op, &origin), TEEC_SUCCESS);
  for (size_t i = 0; i < std::size(entries); ++i) {
    const Entry& e = entries[i];
    SCOPED_TRACE(testing::Message() << std::hex << "alg 0x" << e.alg << " element 0x" << e.element);
    uint32_t query = get32(out, 2 * i);
    uint32_t alloc = get32(out, 2 * i + 1);
    EXPECT_EQ(query, e.supported ? kSuccess : kNotSupported);
    if (e.mode != CRYPTO_NO_ALLOCATE)
      EXPECT_EQ(alloc, query) << "TEE_AllocateOperation disagrees with TEE_IsAlgorithmSupported";
  }
}

TEST_F(CryptoKat, ShortBufferReportsTheNeededSize) {
  const Kat& sha = kDigests.at(7); // a SHA-1/SHA-2 vector; only sizes matter here
  const Kat& cbc = kAesCbcSp80038a.at(0);
  const Kat& gcm = kAesGcm.at(4); // test case 4: 60 bytes
  const Kat& hmac = kHmac.at(0);
  const Kat& rsa = kRsaPkcs1Sign.at(6);
  struct Case {
    const Kat* k;
    uint32_t out_room, tag_room;
    uint32_t want_out, want_tag;
  };
  const size_t sha_len = from_hex(sha.out).size();
  const size_t hmac_len = from_hex(hmac.out).size();
  const Case cases[] = {
      {&sha, static_cast<uint32_t>(sha_len - 1), CRYPTO_ROOM_ALL, static_cast<uint32_t>(sha_len),
       0},
      {&cbc, 63, CRYPTO_ROOM_ALL, 64, 0},
      {&hmac, static_cast<uint32_t>(hmac_len - 1), CRYPTO_ROOM_ALL, static_cast<uint32_t>(hmac_len),
       0},
      {&rsa, 255, CRYPTO_ROOM_ALL, 256, 0},
      {&gcm, 59, CRYPTO_ROOM_ALL, 60, 16},
      {&gcm, CRYPTO_ROOM_ALL, 15, 60, 16},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.k->name) + " out_room " + std::to_string(c.out_room) + " tag_room " +
                 std::to_string(c.tag_room));
    Request r = request_for(*c.k, Feed::kOneShot);
    r.set(CRYPTO_REQ_OUT_ROOM, c.out_room).set(CRYPTO_REQ_TAG_ROOM, c.tag_room);
    RunResult res = run(r);
    ASSERT_EQ(res.invoke, TEEC_SUCCESS);
    EXPECT_EQ(res.res, kShortBuffer) << "step " << res.step;
    // The length that was too short comes back with the size needed (GP §6.2, short
    // buffers); the other one of TEE_AEEncryptFinal is not specified then.
    if (c.out_room != CRYPTO_ROOM_ALL)
      EXPECT_EQ(res.a, c.want_out) << "reported output size";
    if (c.tag_room != CRYPTO_ROOM_ALL)
      EXPECT_EQ(res.b, c.want_tag) << "reported tag size";
    // GP: a short buffer leaves the operation as it was, so the same final call with room
    // gives the known answer.
    r.set(CRYPTO_REQ_FLAGS, CRYPTO_FLAG_RETRY);
    RunResult again = run(r);
    ASSERT_EQ(again.res, kSuccess) << "retry, step " << again.step;
    EXPECT_EQ(to_hex(again.out), to_hex(from_hex(c.k->out)));
    if (c.k->out_tag != nullptr)
      EXPECT_EQ(to_hex(again.tag), to_hex(from_hex(c.k->out_tag)));
  }
}

TEST_F(CryptoKat, OperationInfoFollowsTheLifecycle) {
  // AES-CBC decrypt, maxKeySize 256, a 128-bit key (SP 800-38A F.2.2).
  const Kat& k = kAesCbcSp80038a.at(1);
  Request r(k.alg, k.mode, 256, k.key_type);
  r.attrs(CRYPTO_ITEM_KEY1_ATTR, k.key1)
      .item(CRYPTO_ITEM_IV, from_hex(k.iv))
      .item(CRYPTO_ITEM_UPDATE, Bytes(16, 0));
  RunResult res = invoke(CRYPTO_CMD_INFO, r.bytes(), 4 * CRYPTO_INFO_WORDS);
  ASSERT_EQ(res.invoke, TEEC_SUCCESS);
  ASSERT_EQ(res.res, kSuccess) << "step " << res.step;
  const Bytes& w = res.raw;
  ASSERT_EQ(w.size(), 4U * CRYPTO_INFO_WORDS);
  // After allocation.
  EXPECT_EQ(get32(w, 0), k.alg);
  EXPECT_EQ(get32(w, 1), kOperationCipher);
  EXPECT_EQ(get32(w, 2), TEE_MODE_DECRYPT);
  EXPECT_EQ(get32(w, 4), 256U) << "maxKeySize";
  EXPECT_EQ(get32(w, 5), 0U) << "keySize";
  EXPECT_EQ(get32(w, 6), kUsageDecrypt) << "requiredKeyUsage";
  EXPECT_EQ(get32(w, 7) & (kFlagKeySet | kFlagInitialized), 0U);
  // After TEE_SetOperationKey.
  EXPECT_EQ(get32(w, 8 + 5), 128U) << "keySize";
  EXPECT_NE(get32(w, 8 + 7) & kFlagKeySet, 0U);
  EXPECT_EQ(get32(w, 8 + 7) & kFlagInitialized, 0U);
  // After TEE_CipherInit and one update.
  EXPECT_NE(get32(w, 16 + 7) & kFlagInitialized, 0U);
  // TEE_GetOperationInfoMultiple: the bare header is too small for one key.
  EXPECT_EQ(get32(w, 24), kShortBuffer);
  EXPECT_EQ(get32(w, 25), 32U + 8U) << "needed size";
  EXPECT_EQ(get32(w, 26), kSuccess);
  EXPECT_EQ(get32(w, 28), k.alg);
  EXPECT_EQ(get32(w, 28 + 1), kOperationCipher);
  EXPECT_EQ(get32(w, 28 + 4), 256U) << "maxKeySize";
  EXPECT_EQ(get32(w, 28 + 6), kStateActive) << "operationState";
  EXPECT_EQ(get32(w, 28 + 7), 1U) << "numberOfKeys";
  EXPECT_EQ(get32(w, 36), 128U) << "keyInformation[0].keySize";
  EXPECT_EQ(get32(w, 37), kUsageDecrypt) << "keyInformation[0].requiredKeyUsage";
}

TEST_F(CryptoKat, OperationInfoOfXtsAndDigest) {
  const Kat& x = kAesXtsIeee1619.at(2);
  Request r(x.alg, x.mode, 128, x.key_type, x.key_type);
  r.attrs(CRYPTO_ITEM_KEY1_ATTR, x.key1)
      .attrs(CRYPTO_ITEM_KEY2_ATTR, x.key2)
      .item(CRYPTO_ITEM_IV, from_hex(x.iv));
  RunResult res = invoke(CRYPTO_CMD_INFO, r.bytes(), 4 * CRYPTO_INFO_WORDS);
  ASSERT_EQ(res.res, kSuccess) << "step " << res.step;
  const Bytes& w = res.raw;
  EXPECT_NE(get32(w, 7) & kFlagExpectTwoKeys, 0U) << "XTS expects two keys";
  // GP TEE_GetOperationInfo: with two keys, keySize and requiredKeyUsage are 0; the per-key
  // values come from TEE_GetOperationInfoMultiple.
  EXPECT_EQ(get32(w, 6), 0U);
  EXPECT_EQ(get32(w, 24), kShortBuffer);
  EXPECT_EQ(get32(w, 25), 32U + 16U);
  EXPECT_EQ(get32(w, 28 + 7), 2U) << "numberOfKeys";
  EXPECT_EQ(get32(w, 36), 128U);
  EXPECT_EQ(get32(w, 37), kUsageEncrypt);
  EXPECT_EQ(get32(w, 38), 128U);
  EXPECT_EQ(get32(w, 39), kUsageEncrypt);

  Request d(TEE_ALG_SHA384, TEE_MODE_DIGEST, 0, 0);
  RunResult dr = invoke(CRYPTO_CMD_INFO, d.bytes(), 4 * CRYPTO_INFO_WORDS);
  ASSERT_EQ(dr.res, kSuccess) << "step " << dr.step;
  EXPECT_EQ(get32(dr.raw, 1), kOperationDigest);
  EXPECT_EQ(get32(dr.raw, 3), 48U) << "digestLength";
  EXPECT_EQ(get32(dr.raw, 26), kSuccess) << "a digest has no key: the header is enough";
  EXPECT_EQ(get32(dr.raw, 28 + 7), 0U) << "numberOfKeys";
}

// GP §5.5-5.6: object information, extractability and population rules.
TEST_F(CryptoKat, ObjectRules) {
  TEEC_Operation op{};
  Bytes out(4 * CRYPTO_RULES_WORDS);
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_NONE, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
  op.params[1].tmpref.buffer = out.data();
  op.params[1].tmpref.size = out.size();
  uint32_t origin = 0;
  ASSERT_EQ(TEEC_InvokeCommand(&sess_, CRYPTO_CMD_OBJECT_RULES, &op, &origin), TEEC_SUCCESS);
  auto w = [&](uint32_t i) { return get32(out, i); };
  EXPECT_EQ(w(CRYPTO_RULES_AES_ALLOC), kSuccess);
  EXPECT_EQ(w(CRYPTO_RULES_EMPTY_INFO), kSuccess);
  EXPECT_EQ(w(CRYPTO_RULES_EMPTY_TYPE), TEE_TYPE_AES);
  EXPECT_EQ(w(CRYPTO_RULES_EMPTY_SIZE), 0U);
  EXPECT_EQ(w(CRYPTO_RULES_EMPTY_MAX), 256U);
  EXPECT_EQ(w(CRYPTO_RULES_EMPTY_USAGE), 0xFFFFFFFFU);
  EXPECT_EQ(w(CRYPTO_RULES_EMPTY_FLAGS) & kFlagInitialized, 0U);
  EXPECT_EQ(w(CRYPTO_RULES_POPULATE), kSuccess);
  EXPECT_EQ(w(CRYPTO_RULES_FULL_SIZE), 128U);
  EXPECT_NE(w(CRYPTO_RULES_FULL_FLAGS) & kFlagInitialized, 0U);
  EXPECT_EQ(w(CRYPTO_RULES_SHORT), kShortBuffer);
  EXPECT_EQ(w(CRYPTO_RULES_SHORT_SIZE), 16U);
  EXPECT_EQ(w(CRYPTO_RULES_READ), kSuccess);
  EXPECT_EQ(w(CRYPTO_RULES_READ_SIZE), 16U);
  EXPECT_EQ(w(CRYPTO_RULES_READ_SAME), 1U);
  EXPECT_EQ(w(CRYPTO_RULES_MISSING), kItemNotFound);
  EXPECT_EQ(w(CRYPTO_RULES_RESTRICT), kSuccess);
  EXPECT_EQ(w(CRYPTO_RULES_RESTRICTED_USAGE), ~kUsageExtractable);
  EXPECT_EQ(w(CRYPTO_RULES_ECC_ALLOC), kSuccess);
  EXPECT_EQ(w(CRYPTO_RULES_ECC_GENERATE), kSuccess);
  EXPECT_EQ(w(CRYPTO_RULES_ECC_RESTRICT), kSuccess);
  EXPECT_EQ(w(CRYPTO_RULES_ECC_PUBLIC), kSuccess) << "public attributes stay readable";
  EXPECT_EQ(w(CRYPTO_RULES_ECC_PUBLIC_SIZE), 32U);
  EXPECT_EQ(w(CRYPTO_RULES_ECC_CURVE), kSuccess);
  EXPECT_EQ(w(CRYPTO_RULES_ECC_CURVE_A), 3U) << "TEE_ECC_CURVE_NIST_P256";
  EXPECT_EQ(w(CRYPTO_RULES_ECC_COPY), kSuccess);
  EXPECT_EQ(w(CRYPTO_RULES_ECC_COPY_SAME), 1U);
  EXPECT_EQ(w(CRYPTO_RULES_ECC_COPY_PRIVATE), kItemNotFound) << "a public key has no private part";
  EXPECT_EQ(w(CRYPTO_RULES_BAD_TYPE), kNotSupported);
  EXPECT_EQ(w(CRYPTO_RULES_BAD_SIZE), kNotSupported);
  EXPECT_EQ(w(CRYPTO_RULES_OVERSIZED), kBadParameters);
  EXPECT_EQ(w(CRYPTO_RULES_OVERSIZED_FLAGS) & kFlagInitialized, 0U);
}

TEST_F(CryptoKat, GenerateRandomGivesFreshBytes) {
  for (uint32_t len : {0U, 1U, 64U, 4096U}) {
    SCOPED_TRACE(len);
    Bytes out(2 * len + 1);
    TEEC_Operation op{};
    op.paramTypes =
        TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
    op.params[0].value.a = len;
    op.params[1].tmpref.buffer = out.data();
    op.params[1].tmpref.size = out.size();
    uint32_t origin = 0;
    ASSERT_EQ(TEEC_InvokeCommand(&sess_, CRYPTO_CMD_RANDOM, &op, &origin), TEEC_SUCCESS);
    ASSERT_EQ(op.params[1].tmpref.size, 2U * len);
    if (len >= 64) {
      Bytes a(out.begin(), out.begin() + len), b(out.begin() + len, out.begin() + 2 * len);
      EXPECT_NE(a, b);
      EXPECT_NE(a, Bytes(len, 0));
    }
  }
}

// Calls GP says panic the TA: the client sees TEE_ERROR_TARGET_DEAD, and a new session
// works again. Reading a protected attribute of a non-extractable key is one of them (GP
// TEE_GetObjectBufferAttribute, panic reasons), as in OP-TEE.
TEST_F(CryptoKat, MisuseKillsTheTa) {
  const uint32_t cases[] = {CRYPTO_MISUSE_UPDATE_BEFORE_INIT, CRYPTO_MISUSE_WRONG_CLASS,
                            CRYPTO_MISUSE_READ_PROTECTED,     CRYPTO_MISUSE_AE_BEFORE_INIT,
                            CRYPTO_MISUSE_MAC_NO_INIT,        CRYPTO_MISUSE_WRONG_KEY_TYPE,
                            CRYPTO_MISUSE_INIT_WITHOUT_KEY};
  for (uint32_t c : cases) {
    SCOPED_TRACE(c);
    TEEC_Session s{};
    ASSERT_EQ(open(&s), TEEC_SUCCESS);
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
    op.params[0].value.a = c;
    uint32_t origin = 0;
    EXPECT_EQ(TEEC_InvokeCommand(&s, CRYPTO_CMD_MISUSE, &op, &origin), kTargetDead);
    EXPECT_EQ(origin, static_cast<uint32_t>(TEEC_ORIGIN_TEE));
    TEEC_CloseSession(&s);
  }
  check(kAesCbcSp80038a.at(0), Feed::kOneShot);
}

// GP TEE_AllocateOperation: a mode the algorithm does not have is NOT_SUPPORTED (not a
// panic), as an unknown algorithm or a key size the algorithm does not allow.
TEST_F(CryptoKat, AllocateOperationRefusesWrongModeAndKeySize) {
  struct Case {
    uint32_t alg, mode, bits;
  };
  const Case cases[] = {
      {TEE_ALG_AES_CBC_NOPAD, TEE_MODE_SIGN, 128},    {TEE_ALG_SHA256, TEE_MODE_ENCRYPT, 0},
      {TEE_ALG_HMAC_SHA256, TEE_MODE_MAC, 128}, // below HMAC-SHA256's 192 bits (Table 5-9)
      {TEE_ALG_AES_ECB_NOPAD, TEE_MODE_ENCRYPT, 100}, {0x10000099, TEE_MODE_ENCRYPT, 128},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << std::hex << c.alg << " mode " << c.mode);
    RunResult r = run(Request(c.alg, c.mode, c.bits, 0));
    ASSERT_EQ(r.invoke, TEEC_SUCCESS);
    EXPECT_EQ(r.res, kNotSupported);
    EXPECT_EQ(r.step, static_cast<uint32_t>(CRYPTO_STEP_ALLOCATE));
  }
}

// The TA checks what it is sent: malformed requests are refused, never crash it.
TEST_F(CryptoKat, MalformedRequestsAreRefused) {
  const Kat& k = kAesGcm.at(4);
  const Bytes good = request_for(k, Feed::kChunked).bytes();
  auto status = [&](const Bytes& req) { return invoke(CRYPTO_CMD_RUN, req).invoke; };
  ASSERT_EQ(status(good), TEEC_SUCCESS);
  // Truncated header.
  EXPECT_EQ(status(Bytes(good.begin(), good.begin() + 20)), TEEC_ERROR_BAD_PARAMETERS);
  // An item whose length runs past the end.
  Bytes past = good;
  past.resize(past.size() - 3);
  EXPECT_EQ(status(past), TEEC_ERROR_BAD_PARAMETERS);
  // An unknown item kind, a second IV, a value attribute of the wrong size.
  Request unknown(k.alg, k.mode, 128, k.key_type);
  unknown.item(99, Bytes(4));
  EXPECT_EQ(status(unknown.bytes()), TEEC_ERROR_BAD_PARAMETERS);
  Request twice(k.alg, k.mode, 128, k.key_type);
  twice.item(CRYPTO_ITEM_IV, Bytes(12)).item(CRYPTO_ITEM_IV, Bytes(12));
  EXPECT_EQ(status(twice.bytes()), TEEC_ERROR_BAD_PARAMETERS);
  Request value(k.alg, k.mode, 128, k.key_type);
  Bytes bad_value;
  put32(bad_value, TEE_ATTR_ECC_CURVE);
  put32(bad_value, 3);
  value.item(CRYPTO_ITEM_KEY1_ATTR, bad_value);
  EXPECT_EQ(status(value.bytes()), TEEC_ERROR_BAD_PARAMETERS);
  // Too many attributes.
  Request many(k.alg, k.mode, 128, k.key_type);
  for (int i = 0; i <= CRYPTO_MAX_ATTRS; ++i)
    many.attr(CRYPTO_ITEM_KEY1_ATTR, k.key1[0]);
  EXPECT_EQ(status(many.bytes()), TEEC_ERROR_BAD_PARAMETERS);
  // Every truncation of a valid (digest) request: refused or run, the TA stays alive.
  const Bytes digest = request_for(kDigests.at(8), Feed::kChunked).bytes();
  for (size_t n = 0; n < digest.size(); ++n) {
    TEEC_Result r = status(Bytes(digest.begin(), digest.begin() + static_cast<long>(n)));
    ASSERT_TRUE(r == TEEC_SUCCESS || r == TEEC_ERROR_BAD_PARAMETERS) << n << ": " << std::hex << r;
  }
  check(k, Feed::kOneShot);
}

// Seeded random mutations of the vectors, at the GP level (algorithm, mode, key type and
// size, tag and derived sizes, attribute ids, IV length) and at the byte level: whatever
// the TA, the SDK and the engine make of them, the answer is a TEE result or a panic of the
// TA (GP panics for wrong key types, calls out of order ...), never a crash of the secure
// world.
TEST_F(CryptoKat, MutatedRequestsNeverCrashTheSecureWorld) {
  const std::vector<const std::vector<Kat>*> groups = {&kDigests,
                                                       &kHmac,
                                                       &kAesCbcSp80038a,
                                                       &kAesXtsIeee1619,
                                                       &kAesCtsRfc3962,
                                                       &kAesGcm,
                                                       &kAesCcmSp80038c,
                                                       &kRsaDecrypt,
                                                       &kRsaPssVerify,
                                                       &kEcdsaRfc6979,
                                                       &kEcdh,
                                                       &kX25519Rfc7748,
                                                       &kDh,
                                                       &kHkdfRfc5869,
                                                       &kPbkdf2};
  std::vector<uint32_t> algs, types, ids;
  for (const auto* g : groups)
    for (const Kat& k : *g) {
      algs.push_back(k.alg);
      types.push_back(k.key_type);
      for (const Attr& a : k.key1)
        ids.push_back(a.id);
      for (const Attr& a : k.params)
        ids.push_back(a.id);
    }
  const uint32_t sizes[] = {0, 1, 56, 64, 128, 192, 256, 384, 521, 1024, 2048, 4096, 0xFFFFFFFF};
  std::mt19937 rng(20261126);
  auto pick = [&](const auto& v) { return v[rng() % std::size(v)]; };
  std::string iv_storage;
  int dead = 0;
  for (int i = 0; i < 1500; ++i) {
    const std::vector<Kat>& g = *groups[i % groups.size()];
    Kat k = g[(i / groups.size()) % g.size()];
    switch (rng() % 8) {
    case 0:
      k.alg = pick(algs);
      break;
    case 1:
      k.mode = rng() % 8;
      break;
    case 2:
      k.key_type = pick(types);
      break;
    case 3:
      k.key_bits = pick(sizes);
      break;
    case 4:
      k.tag_bits = static_cast<uint32_t>(rng() % 140);
      k.derived_bits = pick(sizes);
      break;
    case 5:
      if (!k.key1.empty())
        k.key1[rng() % k.key1.size()].id = pick(ids);
      break;
    case 6:
      if (!k.key1.empty())
        k.key1.erase(k.key1.begin() + static_cast<long>(rng() % k.key1.size()));
      break;
    default:
      if (k.iv != nullptr) {
        iv_storage = std::string(k.iv).substr(0, 2 * (rng() % 17));
        k.iv = iv_storage.c_str();
      }
      break;
    }
    Bytes req = request_for(k, i % 2 == 0 ? Feed::kOneShot : Feed::kChunked).bytes();
    if (rng() % 4 == 0)
      req[rng() % req.size()] = static_cast<uint8_t>(rng());
    SCOPED_TRACE(testing::Message() << "mutation " << i << " of " << k.name);
    RunResult r = invoke(CRYPTO_CMD_RUN, req);
    if (r.invoke == kTargetDead) {
      ++dead;
      reopen();
      continue;
    }
    ASSERT_TRUE(r.invoke == TEEC_SUCCESS || r.invoke == TEEC_ERROR_BAD_PARAMETERS)
        << std::hex << r.invoke;
  }
  // The secure world still gives the known answers.
  check(kAesGcm.at(4), Feed::kChunked);
  RecordProperty("ta_panics", dead);
}

} // namespace
