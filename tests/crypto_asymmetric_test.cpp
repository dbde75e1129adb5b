// The asymmetric half of the crypto engine, driven directly: RSA (RFC 8017), ECDSA, ECDH,
// DH and X25519, with published vectors (RFC 6979, NIST CAVS, RFC 7748) and values made
// with Python's `cryptography` from fixed keys, plus the error paths a TA can reach.
#include <random>
#include <string_view>

#include <gtest/gtest.h>

#include "crypto/crypto.h"
#include "crypto_test_util.h"

namespace swemu::core::crypto {
namespace {

using namespace swemu::abi;
using namespace swemu::core::crypto::test;

Bytes text(std::string_view s) {
  return {s.begin(), s.end()};
}

Attribute val(uint32_t id, uint32_t a) {
  Attribute attr;
  attr.id = id;
  attr.a = a;
  return attr;
}

// TEE_MODE_*, TEE_TYPE_*, TEE_ATTR_*, TEE_ALG_* (optee-abi.md §6.4-6.7).
constexpr uint32_t kEncrypt = 0, kDecrypt = 1, kSign = 2, kVerify = 3, kDerive = 6;

constexpr uint32_t kGenericSecret = 0xA0000000;
constexpr uint32_t kAes = 0xA0000010;
constexpr uint32_t kRsaPublic = 0xA0000030;
constexpr uint32_t kRsaKeypair = 0xA1000030;
constexpr uint32_t kDhKeypair = 0xA1000032;
constexpr uint32_t kEcdsaPublic = 0xA0000041;
constexpr uint32_t kEcdsaKeypair = 0xA1000041;
constexpr uint32_t kEcdhKeypair = 0xA1000042;
constexpr uint32_t kX25519Keypair = 0xA1000044;

constexpr uint32_t kSecretValue = 0xC0000000;
constexpr uint32_t kRsaModulus = 0xD0000130;
constexpr uint32_t kRsaPublicExponent = 0xD0000230;
constexpr uint32_t kRsaPrivateExponent = 0xC0000330;
constexpr uint32_t kRsaOaepLabel = 0xD0000930;
constexpr uint32_t kRsaOaepMgfHash = 0xD0000931;
constexpr uint32_t kRsaPssSaltLength = 0xF0000A30;
constexpr uint32_t kEccX = 0xD0000141;
constexpr uint32_t kEccY = 0xD0000241;
constexpr uint32_t kEccPrivate = 0xC0000341;
constexpr uint32_t kEccCurve = 0xF0000441;
constexpr uint32_t kDhPrime = 0xD0001032;
constexpr uint32_t kDhBase = 0xD0001232;
constexpr uint32_t kDhPublic = 0xD0000132;
constexpr uint32_t kDhPrivate = 0xC0000232;
constexpr uint32_t kX25519PublicValue = 0xD0000944;
constexpr uint32_t kX25519PrivateValue = 0xC0000A44;

constexpr uint32_t kRsaNopad = 0x60000030;
constexpr uint32_t kRsaesPkcs1V15 = 0x60000130;
constexpr uint32_t kRsaOaepSha1 = 0x60210230;
constexpr uint32_t kRsaOaepSha256 = 0x60410230;
constexpr uint32_t kRsaOaepSha512 = 0x60610230;
constexpr uint32_t kRsaOaepMd5 = 0xF0110230;
constexpr uint32_t kRsaOaepSha3_256 = 0x60910230;
constexpr uint32_t kRsaPkcs1Sha256 = 0x70004830;
constexpr uint32_t kRsaPkcs1Md5Sha1 = 0x7000F830;
constexpr uint32_t kRsaPkcs1Raw = 0xF0000830;
constexpr uint32_t kRsaPssSha256 = 0x70414930;
constexpr uint32_t kEcdsaSha256 = 0x70003042;
constexpr uint32_t kEcdhDerive = 0x80000042;
constexpr uint32_t kDhDerive = 0x80000032;
constexpr uint32_t kX25519 = 0x80000044;

// A 1024-bit RSA key and values made with it by Python `cryptography` 48 (the message is
// "swemu asymmetric test"; kNopadCiphertext is 0x1234567890abcdef^e mod n).
constexpr std::string_view kRsaN =
    "dff70d461ad7a9d1e9847efd80bd8257b0dc54f812b090c2e1905d6c14d8b8002af671fe19373abb"
    "2c1fed1d08660894cdad13cdb9f2e122b2c7813cdfba40b4822aaf12b04d88133308a195a9d2cfc2"
    "9e19c9d5cc2a6b868cfe050973612c15f43464bf6bf49105b2a69fdbd1db49d39eb62e3cc314777f"
    "d57f25254e94625f";
constexpr std::string_view kRsaE = "010001";
constexpr std::string_view kRsaD =
    "2a648401b2110256f6619afbf70368099b33896dcf73d662dcf94b85aac87ec3a15e36a387385a08"
    "95c891443e93b9aa18e85ae844fb413c2524f8448280a9c066695fabaa0461ab974b504d77352799"
    "6aacd8f8f1b571b7386e81829a8b2597c09a828f912bc1c432ff92d0df26f466835d5f0fd3847418"
    "4ed800c3576a7061";
constexpr std::string_view kRsaP =
    "fa9077d782613f6728490a481d1a8cc04c72de012372e2c3b395a4f6b55f71d63ed1ea1d0ed89b5f"
    "604e734b44bd25770d7f60cc1e24f1354fcb6b9f8015b56f";
constexpr std::string_view kRsaQ =
    "e4d2dcb79af794243b4f1110993bc8c930c5a8202272151e83da5fd80cc85ffc4366e99e18f06580"
    "94ec6ed74b844dba92a93997f755308cc9d6a67d08430a11";
constexpr std::string_view kRsaDp =
    "8564a8087986e04440f4319f16af6dc36a6fb4b5127435394ec01a24a5867c8a3cc37049abffb127"
    "e393a059afecaaa768ee295041b4151df6af2b4aacdbe1cd";
constexpr std::string_view kRsaDq =
    "1b0d62d2c21b6b042d8ed771a2ec127cd6ab478925095fbdcfd0cd6bf976e70227e5ced0c61a05a6"
    "01f541d56a34260c5cb26d00ae58fff865145f7280bb8c41";
constexpr std::string_view kRsaQi =
    "d3f0aaf5f8597f4e46b84f8ea2a5accf0609c2979ee5aa8794cd29de43c9e2f3fd4dcc111f957647"
    "c75a84eb889afe17a84ceed98d0be45c4a0e8b4ec021ecda";
constexpr std::string_view kMessageSha256 =
    "473f54ab7696a31437c688b57a45c6386227910b4538c54d4f63dd8ceda365ac";
constexpr std::string_view kPkcs1Sha256Signature =
    "034ab20d83462a7ef2cc03547236e686de71eb1d9d4d3bd13c75f0c7b15c66c8c1c548b85126dab2"
    "ec9004ad0e8a3eaa33cef7da96ef93804ac4034722908d542fc52dda5ed753fc878dc03892e294fc"
    "25979f0fed1e4e8bdc4a8276a59b417d93ccb6de9a321568439a5b74c27065655a24610a272679fd"
    "e36f0ce1dce33e88";
constexpr std::string_view kPssSha256Signature =
    "90470f557a5af15ef3f02a8c4b3cf2c47e6e669e5127bc615643eaca551cea9bd314c0e6bc7f70e6"
    "a0656cf9f75916d657fe05c2c86fec0f758af7d3a651adaefc2bc11e72f3708ed9b3d1afe9aa8b69"
    "cdfa5d90f4dcd92f5ed1c35544990688e8bb067ab87f157dfffdf9e903da9041f5b3d183a66acaaa"
    "6562e23aa3f701bc";
constexpr std::string_view kOaepSha256LabelCiphertext =
    "4ccaa12e0d218b807ce35be277aa67f43d197dee2616c79ea5fbc5a3ef7592bf0d6062b52ff4555b"
    "1c26cca03c7ae5e49c9d7447d328bccf3ca0ed9a396e5292895a9ace0c2120f6cc3e66d090e0da24"
    "2151176d63273de6d102ffe0d4b7bd3910f457079c99bf85af285a0f26e2413551165a65e25d657f"
    "73a9737e89eaf768";
constexpr std::string_view kOaepSha1Ciphertext =
    "a14a055e8cd41ccd537047bc5088cbc0385a4a2de12dd8b5099d63584787dd868c4409a7f7f45570"
    "bbe44122440b72921770060d92c52c23083dfaa1208c30593f0e9fd51120a25f85024593fa33f735"
    "5ad0fbd245a0d1bbf91920491d293f50782f11cbecc989cda08491147fcb6b30babd7dff2520a6f9"
    "e1ad473316b16a93";
// OAEP with SHA-256 for the label and SHA-1 for MGF1, label "mgf".
constexpr std::string_view kOaepSha256Mgf1Sha1Ciphertext =
    "7d9d4c5e63ad8997aabbe67df1adb7c0e20461d38b4ca3173687a320bd0f8f6c5e9257f4747309bc"
    "e51399486f219b9b9ee86e73750f6fe15999fe2d172d8384ee8be53c31d87b01426e3c7be85c3404"
    "b100aa7c7171bf81456bf2fcce048a3d2574e0cf59afae3b6125b204309c87b76044eef437583f88"
    "8d27281d73cc6070";
constexpr std::string_view kPkcs1Ciphertext =
    "5096a2e1bf34ccc740a3d2ade4560875ab5f770beda82328878dcce2758e4a5aff42ec669119b173"
    "5ff24e9ddad84fd6a4de32fdd1ff29d33209c2bca5b812901f856534b9e86faeae6549c09773bed8"
    "6a600ebe1ace0ed8074f6547e476dd82a5bf0e46b6cc3c0402fa700d2232cb36006fdd15cce4724f"
    "a232e65aba986964";
constexpr std::string_view kNopadCiphertext =
    "87116cf6137b0be5f0016aace95c7fc1c4b31fa3e17a9f87e0ef1210fe77dcd43715a165f44db84c"
    "59a4995fcd10d873fbb69266ed523b1064d3348569aea414d5aeb24c16dda45cb99ef233791d2ba1"
    "18ae98544810ceba1e48e9b18ae6171556f40d770ca4df08dea3ebec36aaad53e8d95a56837c74e2"
    "ba5f4ac8b39b5992";

// FFDHE2048 (RFC 7919 App. A.1) with two 256-bit private values; Z = Yb^Xa mod p was
// computed with Python's pow() and has a leading zero byte.
constexpr std::string_view kFfdhe2048P =
    "ffffffffffffffffadf85458a2bb4a9aafdc5620273d3cf1d8b9c583ce2d3695a9e13641146433fb"
    "cc939dce249b3ef97d2fe363630c75d8f681b202aec4617ad3df1ed5d5fd65612433f51f5f066ed0"
    "856365553ded1af3b557135e7f57c935984f0c70e0e68b77e2a689daf3efe8721df158a136ade735"
    "30acca4f483a797abc0ab182b324fb61d108a94bb2c8e3fbb96adab760d7f4681d4f42a3de394df4"
    "ae56ede76372bb190b07a7c8ee0a6d709e02fce1cdf7e2ecc03404cd28342f619172fe9ce98583ff"
    "8e4f1232eef28183c3fe3b1b4c6fad733bb5fcbc2ec22005c58ef1837d1683b2c6f34a26c1b2effa"
    "886b423861285c97ffffffffffffffff";
constexpr std::string_view kDhXa =
    "844a398c42b6d19adb6ad12fc934db6890b781c59bf123ec9c1667ca631a405a";
constexpr std::string_view kDhYa =
    "a0cf2425c832c15cd70ae1843a9e27485812948bd1c64d67d9348987de22f1669b7c159232556a1b"
    "a97b7609597ba39ec708afbd3097045a82a1420c6d12d1c3781866dddb6bb2d764b470b2942f7027"
    "f0bb361493f2f5d334fbbb98ce09aafd431ee64ce8e0e0d273858448c9ad996524a7f2bd7984e518"
    "cd0d92e0f1ab0ec9128939b24b5438e086823f52177edd0b1107fb2822209d10d58e3293fa7ab94e"
    "7faf5e83f92f240d0fc80df9eefd067900078290bbc617103d9228e0d46e8a287ae16b888a58c702"
    "bf520d3e3d101497e36cac97fb97a9445418df22b1fc456336ee8436402819ee83f26d6fbfc27d6c"
    "c1c1f7d29a8efa7d3c0abc9699d8d520";
constexpr std::string_view kDhYb =
    "47099162e3423e5521e0cdd2fef1c1b03c4925ed409d8a1304fca7fae0be92033450bd37c946dbcd"
    "d9a3c1d26048f5aa9cbcececb69e873d932f4ef09064d58c096a9a7a865b9c752f41abdd3fe9f6ab"
    "44e679013e0d7f4159a00d763edf06b8842190d6e17eb751380adad94c6cfe15a26626cca61c26c4"
    "6e3b5492943d5141488bd3b15d52490054e169a3bc2fe93f66af7c344f7cad014d441c2915aa77ea"
    "b3926857b7864b2eeada262247cdb06b10c72f87078fc4cf93be0e4a588364c5f7480edde2b537b4"
    "a4c4a30c1722dde65a6c1ddc66577d39485bce446b186d041482ad5cb4ca5aa99a9e396cb5455300"
    "13cbff00602de8b3153d68d5d1bfc38b";
constexpr std::string_view kDhZ =
    "00c5d7624a7bcf951cefd896c3e63d865f92faf0aa10212f41b8765627c319fc9cb79c5407dac6e1"
    "12483ea6a60f5dafb54463d6653621f46cceff8b78f345dfac0fbc57703010a9c4ab0f931d12f549"
    "e679e71adabc37cd72c0c541e3dad07d9bc596bb1888d5db408d9da34c7097c9ea695fe31d8db066"
    "85dce5b53a0953dc4faa4b40cc27acf26003f7783f74713a568baa6b325b085fee0501aaa3ce8360"
    "c0bb38794f390ca083639ff72783a090ece0eba4e2c1ab18e062f0606f4062b2d76c3426147ced61"
    "fbff0a2d186481750bda3e98b5c3393502e2b5be92b5fa0302f6d203daca763ba340c9922108b3f8"
    "020f06a66122ce83800b4536c5712712";

// RFC 6979 §A.2.5: P-256 key and the SHA-256 signature of "sample" (SHA-256 of "sample"
// computed with Python's hashlib).
constexpr std::string_view kP256D =
    "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
constexpr std::string_view kP256Ux =
    "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
constexpr std::string_view kP256Uy =
    "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
constexpr std::string_view kSampleSha256 =
    "af2bdbe1aa9b6ec1e2ade1d694f41fc71a831d0268e9891562113d8a62add1bf";
constexpr std::string_view kSampleSignature =
    "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
    "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";

// NIST CAVS 14.1 ECC CDH primitive, P-256 COUNT = 0.
constexpr std::string_view kCavsPeerX =
    "700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287";
constexpr std::string_view kCavsPeerY =
    "db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac";
constexpr std::string_view kCavsD =
    "7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534";
constexpr std::string_view kCavsX =
    "ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b230";
constexpr std::string_view kCavsY =
    "28af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141";
constexpr std::string_view kCavsZ =
    "46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b";

// RFC 7748 §6.1.
constexpr std::string_view kAlicePrivate =
    "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
constexpr std::string_view kAlicePublic =
    "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
constexpr std::string_view kBobPrivate =
    "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
constexpr std::string_view kBobPublic =
    "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
constexpr std::string_view kX25519Shared =
    "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

// A 256-bit safe prime (openssl prime -generate -safe) for quick generated DH keys.
constexpr std::string_view kSafePrime256 =
    "e4a8a3a2f6c1d7b0db709a6ef99f92920cc17047b0cebd2f8c76d62161a50c33";

Object make_object(uint32_t type, uint32_t max_bits, std::vector<Attribute> attrs) {
  auto obj = allocate_object(type, max_bits);
  EXPECT_TRUE(obj);
  if (!obj)
    return {};
  auto r = populate_object(*obj, std::move(attrs));
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return std::move(obj).value();
}

Object rsa_keypair(bool with_crt = true) {
  std::vector<Attribute> attrs{buf(kRsaModulus, hex(kRsaN)), buf(kRsaPublicExponent, hex(kRsaE)),
                               buf(kRsaPrivateExponent, hex(kRsaD))};
  if (with_crt) {
    attrs.push_back(buf(0xC0000430, hex(kRsaP)));
    attrs.push_back(buf(0xC0000530, hex(kRsaQ)));
    attrs.push_back(buf(0xC0000630, hex(kRsaDp)));
    attrs.push_back(buf(0xC0000730, hex(kRsaDq)));
    attrs.push_back(buf(0xC0000830, hex(kRsaQi)));
  }
  return make_object(kRsaKeypair, 1024, std::move(attrs));
}

Object rsa_public() {
  return make_object(kRsaPublic, 1024,
                     {buf(kRsaModulus, hex(kRsaN)), buf(kRsaPublicExponent, hex(kRsaE))});
}

Object generated(uint32_t type, uint32_t bits, Rng& rng, std::vector<Attribute> params = {}) {
  auto obj = allocate_object(type, bits);
  EXPECT_TRUE(obj);
  if (!obj)
    return {};
  auto r = generate_key(*obj, bits, params, rng);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return std::move(obj).value();
}

std::unique_ptr<Operation> op(uint32_t algorithm, uint32_t mode) {
  auto r = create_operation(algorithm, mode);
  EXPECT_TRUE(r) << std::hex << algorithm << " mode " << mode;
  return r ? std::move(r).value() : nullptr;
}

uint32_t code(const Result<void>& r) {
  return r ? TEE_SUCCESS : r.error().code;
}

Object derived_secret(uint32_t max_bits) {
  auto obj = allocate_object(kGenericSecret, max_bits);
  EXPECT_TRUE(obj);
  return obj ? std::move(obj).value() : Object{};
}

TEST(CryptoAsymmetric, RsaPkcs1V15SignatureEqualsPublishedValue) {
  TestRng rng;
  const Bytes digest = hex(kMessageSha256);
  for (bool with_crt : {true, false}) {
    Object key = rsa_keypair(with_crt);
    Bytes sig;
    ASSERT_TRUE(op(kRsaPkcs1Sha256, kSign)->asym_operate(key, {}, digest, sig, rng));
    EXPECT_EQ(sig, hex(kPkcs1Sha256Signature)); // deterministic scheme
  }
  Object pub = rsa_public();
  auto verify = op(kRsaPkcs1Sha256, kVerify);
  EXPECT_TRUE(verify->asym_verify(pub, {}, digest, hex(kPkcs1Sha256Signature)));
  Bytes bad = hex(kPkcs1Sha256Signature);
  bad[40] ^= 1;
  EXPECT_EQ(code(verify->asym_verify(pub, {}, digest, bad)), TEE_ERROR_SIGNATURE_INVALID);
  bad.pop_back();
  EXPECT_EQ(code(verify->asym_verify(pub, {}, digest, bad)), TEE_ERROR_SIGNATURE_INVALID);
  EXPECT_EQ(code(verify->asym_verify(pub, {}, Bytes(20, 1), hex(kPkcs1Sha256Signature))),
            TEE_ERROR_BAD_PARAMETERS);
  Object key = rsa_keypair();
  Bytes sig;
  EXPECT_EQ(code(op(kRsaPkcs1Sha256, kSign)->asym_operate(key, {}, Bytes(31, 1), sig, rng)),
            TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoAsymmetric, RsaPssVerifiesPythonSignatureAndRoundTrips) {
  TestRng rng;
  Object key = rsa_keypair();
  Object pub = rsa_public();
  const Bytes digest = hex(kMessageSha256);
  auto verify = op(kRsaPssSha256, kVerify);
  // Salt length defaults to the digest length, which is what Python used.
  EXPECT_TRUE(verify->asym_verify(pub, {}, digest, hex(kPssSha256Signature)));
  const std::vector<Attribute> salt20{val(kRsaPssSaltLength, 20)};
  EXPECT_EQ(code(verify->asym_verify(pub, salt20, digest, hex(kPssSha256Signature))),
            TEE_ERROR_SIGNATURE_INVALID);

  for (uint32_t salt : {0u, 20u, 32u}) {
    const std::vector<Attribute> params{val(kRsaPssSaltLength, salt)};
    Bytes sig;
    ASSERT_TRUE(op(kRsaPssSha256, kSign)->asym_operate(key, params, digest, sig, rng));
    EXPECT_EQ(sig.size(), 128u);
    EXPECT_TRUE(verify->asym_verify(key, params, digest, sig)) << salt;
    Bytes other = digest;
    other[0] ^= 1;
    EXPECT_EQ(code(verify->asym_verify(key, params, other, sig)), TEE_ERROR_SIGNATURE_INVALID);
  }
  // A salt that cannot fit the key.
  const std::vector<Attribute> huge{val(kRsaPssSaltLength, 200)};
  Bytes sig;
  EXPECT_EQ(code(op(kRsaPssSha256, kSign)->asym_operate(key, huge, digest, sig, rng)),
            TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoAsymmetric, RsaOaepDecryptsPythonCiphertexts) {
  TestRng rng;
  Object key = rsa_keypair();
  const std::vector<Attribute> label{buf(kRsaOaepLabel, text("label"))};
  Bytes out;
  ASSERT_TRUE(op(kRsaOaepSha256, kDecrypt)
                  ->asym_operate(key, label, hex(kOaepSha256LabelCiphertext), out, rng));
  EXPECT_EQ(out, text("oaep secret"));
  EXPECT_EQ(code(op(kRsaOaepSha256, kDecrypt)
                     ->asym_operate(key, {}, hex(kOaepSha256LabelCiphertext), out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  ASSERT_TRUE(
      op(kRsaOaepSha1, kDecrypt)->asym_operate(key, {}, hex(kOaepSha1Ciphertext), out, rng));
  EXPECT_EQ(out, text("oaep sha1"));

  // TEE_ATTR_RSA_OAEP_MGF_HASH: a 4-byte TEE_ALG_* digest id (little-endian, as a TA
  // stores it).
  auto mgf_param = [](uint32_t alg) {
    Attribute a = buf(kRsaOaepMgfHash, Bytes(4));
    for (size_t i = 0; i < 4; ++i)
      a.ref[i] = static_cast<uint8_t>(alg >> (8 * i));
    return a;
  };
  const uint32_t sha1 = 0x50000002;
  EXPECT_TRUE(op(kRsaOaepSha1, kDecrypt)
                  ->asym_operate(key, std::vector<Attribute>{mgf_param(sha1)},
                                 hex(kOaepSha1Ciphertext), out, rng));
  EXPECT_EQ(out, text("oaep sha1"));
  const std::vector<Attribute> mixed{mgf_param(sha1), buf(kRsaOaepLabel, text("mgf"))};
  ASSERT_TRUE(op(kRsaOaepSha256, kDecrypt)
                  ->asym_operate(key, mixed, hex(kOaepSha256Mgf1Sha1Ciphertext), out, rng));
  EXPECT_EQ(out, text("mgf1 differs"));
  // The same ciphertext read with MGF1-SHA-256, or another label, does not decode.
  EXPECT_EQ(code(op(kRsaOaepSha256, kDecrypt)
                     ->asym_operate(key, std::vector<Attribute>{buf(kRsaOaepLabel, text("mgf"))},
                                    hex(kOaepSha256Mgf1Sha1Ciphertext), out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(code(op(kRsaOaepSha256, kDecrypt)
                     ->asym_operate(key, std::vector<Attribute>{mgf_param(sha1)},
                                    hex(kOaepSha256Mgf1Sha1Ciphertext), out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  // Round trips with the hashes mixed, including an empty message and the longest one.
  Object pub = rsa_public();
  for (size_t len : {size_t{0}, size_t{5}, size_t{62}}) {
    const Bytes msg(len, 0x5A);
    Bytes ct, pt;
    ASSERT_TRUE(op(kRsaOaepSha256, kEncrypt)->asym_operate(pub, mixed, msg, ct, rng)) << len;
    EXPECT_EQ(ct.size(), 128u);
    ASSERT_TRUE(op(kRsaOaepSha256, kDecrypt)->asym_operate(key, mixed, ct, pt, rng)) << len;
    EXPECT_EQ(pt, msg);
  }
  EXPECT_EQ(code(op(kRsaOaepSha256, kEncrypt)->asym_operate(pub, mixed, Bytes(63, 1), out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  // Not a digest id, or not 4 bytes.
  for (const Attribute& bad : {mgf_param(0x5000000F), mgf_param(0x50000101), mgf_param(0x30000002),
                               buf(kRsaOaepMgfHash, Bytes(8))})
    EXPECT_EQ(code(op(kRsaOaepSha1, kDecrypt)
                       ->asym_operate(key, std::vector<Attribute>{bad}, hex(kOaepSha1Ciphertext),
                                      out, rng)),
              TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoAsymmetric, RsaEncryptionRoundTripsAndLimits) {
  TestRng rng;
  Object key = rsa_keypair();
  Object pub = rsa_public();
  const Bytes message = text("a message");
  for (uint32_t alg :
       {kRsaesPkcs1V15, kRsaOaepSha1, kRsaOaepSha256, kRsaOaepMd5, kRsaOaepSha3_256}) {
    Bytes ct, pt;
    ASSERT_TRUE(op(alg, kEncrypt)->asym_operate(pub, {}, message, ct, rng)) << std::hex << alg;
    EXPECT_EQ(ct.size(), 128u);
    ASSERT_TRUE(op(alg, kDecrypt)->asym_operate(key, {}, ct, pt, rng)) << std::hex << alg;
    EXPECT_EQ(pt, message);
  }
  Bytes out;
  // k - 11 bytes fit PKCS #1 v1.5, one more does not; SHA-512 OAEP needs more than 1024 bits.
  EXPECT_TRUE(op(kRsaesPkcs1V15, kEncrypt)->asym_operate(pub, {}, Bytes(117, 7), out, rng));
  EXPECT_EQ(code(op(kRsaesPkcs1V15, kEncrypt)->asym_operate(pub, {}, Bytes(118, 7), out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(code(op(kRsaOaepSha512, kEncrypt)->asym_operate(pub, {}, Bytes(1, 7), out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoAsymmetric, RsaPkcs1V15DecryptsPythonCiphertextAndRejectsBadPadding) {
  TestRng rng;
  Object key = rsa_keypair();
  auto dec = op(kRsaesPkcs1V15, kDecrypt);
  Bytes out;
  ASSERT_TRUE(dec->asym_operate(key, {}, hex(kPkcs1Ciphertext), out, rng));
  EXPECT_EQ(out, text("pkcs1 v1.5"));
  Bytes bad = hex(kPkcs1Ciphertext);
  bad[5] ^= 0x40;
  EXPECT_EQ(code(dec->asym_operate(key, {}, bad, out, rng)), TEE_ERROR_BAD_PARAMETERS);
  bad.pop_back();
  EXPECT_EQ(code(dec->asym_operate(key, {}, bad, out, rng)), TEE_ERROR_BAD_PARAMETERS);
  // A "ciphertext" not below the modulus.
  EXPECT_EQ(code(dec->asym_operate(key, {}, Bytes(128, 0xFF), out, rng)), TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoAsymmetric, RsaNopadIsRawExponentiationAtModulusLength) {
  TestRng rng;
  Object key = rsa_keypair();
  Object pub = rsa_public();
  const Bytes m = hex("1234567890abcdef");
  Bytes ct, pt;
  ASSERT_TRUE(op(kRsaNopad, kEncrypt)->asym_operate(pub, {}, m, ct, rng));
  EXPECT_EQ(ct, hex(kNopadCiphertext));
  ASSERT_TRUE(op(kRsaNopad, kDecrypt)->asym_operate(key, {}, ct, pt, rng));
  Bytes expected(120, 0);
  expected.insert(expected.end(), m.begin(), m.end());
  EXPECT_EQ(pt, expected);
  Bytes out;
  EXPECT_EQ(code(op(kRsaNopad, kEncrypt)->asym_operate(pub, {}, Bytes(128, 0xFF), out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(code(op(kRsaNopad, kEncrypt)->asym_operate(pub, {}, Bytes(129, 0), out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(code(op(kRsaNopad, kDecrypt)->asym_operate(key, {}, hex(kRsaN), out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoAsymmetric, RsaSignatureFamiliesRoundTripWithAGenerated2048BitKey) {
  TestRng rng(11);
  Object key = generated(kRsaKeypair, 2048, rng);
  Object pub = allocate_object(kRsaPublic, 2048).value();
  ASSERT_TRUE(copy_object(pub, key));
  struct Case {
    uint32_t algorithm;
    size_t digest_len;
  } cases[] = {{0x70001830, 16},   {0x70002830, 20}, {0x70003830, 28},       {0x70004830, 32},
               {0x70005830, 48},   {0x70006830, 64}, {0x70008830, 28},       {0x70009830, 32},
               {0x7000A830, 48},   {0x7000B830, 64}, {kRsaPkcs1Md5Sha1, 36}, {kRsaPkcs1Raw, 20},
               {kRsaPkcs1Raw, 51}, {0x70212930, 20}, {0x70313930, 28},       {0x70414930, 32},
               {0x70515930, 48},   {0x70616930, 64}, {0x70818930, 28},       {0x70919930, 32},
               {0x70A1A930, 48},   {0x70B1B930, 64}, {0xF0111930, 16}};
  for (const Case& c : cases) {
    Bytes digest(c.digest_len);
    for (size_t i = 0; i < digest.size(); ++i)
      digest[i] = static_cast<uint8_t>(i * 7 + 1);
    Bytes sig;
    ASSERT_TRUE(op(c.algorithm, kSign)->asym_operate(key, {}, digest, sig, rng))
        << std::hex << c.algorithm;
    EXPECT_EQ(sig.size(), 256u);
    auto verify = op(c.algorithm, kVerify);
    EXPECT_TRUE(verify->asym_verify(pub, {}, digest, sig)) << std::hex << c.algorithm;
    sig[100] ^= 0x10;
    EXPECT_EQ(code(verify->asym_verify(pub, {}, digest, sig)), TEE_ERROR_SIGNATURE_INVALID)
        << std::hex << c.algorithm;
  }
}

TEST(CryptoAsymmetric, RsaChecksKeyTypeAndMode) {
  TestRng rng;
  Object key = rsa_keypair();
  Object pub = rsa_public();
  const Bytes digest = hex(kMessageSha256);
  Bytes out;
  // Private operations need the keypair; public ones take either.
  EXPECT_EQ(code(op(kRsaPkcs1Sha256, kSign)->asym_operate(pub, {}, digest, out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(code(op(kRsaesPkcs1V15, kDecrypt)->asym_operate(pub, {}, Bytes(128, 1), out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  EXPECT_TRUE(op(kRsaesPkcs1V15, kEncrypt)->asym_operate(key, {}, digest, out, rng));
  Object ec = make_object(kEcdsaKeypair, 256,
                          {val(kEccCurve, 3), buf(kEccX, hex(kP256Ux)), buf(kEccY, hex(kP256Uy)),
                           buf(kEccPrivate, hex(kP256D))});
  EXPECT_EQ(code(op(kRsaPkcs1Sha256, kSign)->asym_operate(ec, {}, digest, out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  Object empty = allocate_object(kRsaKeypair, 1024).value();
  EXPECT_EQ(code(op(kRsaPkcs1Sha256, kSign)->asym_operate(empty, {}, digest, out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  // Calls that do not fit the mode or class.
  EXPECT_EQ(code(op(kRsaPkcs1Sha256, kSign)->asym_verify(key, {}, digest, Bytes(128))),
            TEE_ERROR_BAD_STATE);
  EXPECT_EQ(code(op(kRsaPkcs1Sha256, kVerify)->asym_operate(key, {}, digest, out, rng)),
            TEE_ERROR_BAD_STATE);
  Object secret = derived_secret(256);
  EXPECT_EQ(code(op(kRsaNopad, kEncrypt)->derive(key, {}, secret, rng)), TEE_ERROR_BAD_STATE);
  EXPECT_EQ(create_operation(kRsaPkcs1Sha256, kEncrypt).error().code, TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(create_operation(kRsaNopad, kSign).error().code, TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoAsymmetric, EcdsaVerifiesRfc6979SignatureAndSignsOnEveryCurve) {
  TestRng rng(2);
  Object pub = make_object(kEcdsaPublic, 256,
                           {val(kEccCurve, 3), buf(kEccX, hex(kP256Ux)), buf(kEccY, hex(kP256Uy))});
  const Bytes digest = hex(kSampleSha256);
  auto verify = op(kEcdsaSha256, kVerify);
  EXPECT_TRUE(verify->asym_verify(pub, {}, digest, hex(kSampleSignature)));
  // The legacy OP-TEE id names the same algorithm.
  EXPECT_TRUE(op(0x70003041, kVerify)->asym_verify(pub, {}, digest, hex(kSampleSignature)));
  Bytes bad = hex(kSampleSignature);
  bad[63] ^= 1;
  EXPECT_EQ(code(verify->asym_verify(pub, {}, digest, bad)), TEE_ERROR_SIGNATURE_INVALID);
  bad.pop_back();
  EXPECT_EQ(code(verify->asym_verify(pub, {}, digest, bad)), TEE_ERROR_SIGNATURE_INVALID);
  EXPECT_EQ(code(verify->asym_verify(pub, {}, digest, Bytes(64, 0))), TEE_ERROR_SIGNATURE_INVALID);

  const uint32_t algorithms[] = {0x70001042, 0x70002042, 0x70003042, 0x70004042, 0x70005042,
                                 0x70006042, 0x70007042, 0x70008042, 0x70009042};
  for (uint32_t bits : {192u, 224u, 256u, 384u, 521u}) {
    Object key = generated(kEcdsaKeypair, bits, rng);
    for (uint32_t alg : algorithms) {
      const Bytes d(48, static_cast<uint8_t>(alg));
      Bytes sig;
      ASSERT_TRUE(op(alg, kSign)->asym_operate(key, {}, d, sig, rng)) << bits;
      EXPECT_EQ(sig.size(), 2 * ((bits + 7) / 8));
      EXPECT_TRUE(op(alg, kVerify)->asym_verify(key, {}, d, sig)) << bits;
      Bytes other = d;
      other[0] ^= 1;
      EXPECT_EQ(code(op(alg, kVerify)->asym_verify(key, {}, other, sig)),
                TEE_ERROR_SIGNATURE_INVALID);
    }
  }
  // Signing needs the keypair, and an ECDH key is not an ECDSA key.
  Bytes sig;
  EXPECT_EQ(code(op(kEcdsaSha256, kSign)->asym_operate(pub, {}, digest, sig, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  Object ecdh = generated(kEcdhKeypair, 256, rng);
  EXPECT_EQ(code(op(kEcdsaSha256, kSign)->asym_operate(ecdh, {}, digest, sig, rng)),
            TEE_ERROR_BAD_PARAMETERS);
}

TEST(CryptoAsymmetric, EcdhMatchesCavsVectorAndChecksItsInputs) {
  TestRng rng;
  Object key = make_object(kEcdhKeypair, 256,
                           {val(kEccCurve, 3), buf(kEccX, hex(kCavsX)), buf(kEccY, hex(kCavsY)),
                            buf(kEccPrivate, hex(kCavsD))});
  const std::vector<Attribute> peer{buf(kEccX, hex(kCavsPeerX)), buf(kEccY, hex(kCavsPeerY))};
  auto ecdh = op(kEcdhDerive, kDerive);
  Object secret = derived_secret(256);
  ASSERT_TRUE(ecdh->derive(key, peer, secret, rng));
  EXPECT_TRUE(secret.initialized());
  EXPECT_EQ(secret.key_size, 256u);
  EXPECT_EQ(secret.find(kSecretValue)->ref, hex(kCavsZ));

  // Through a legacy id too.
  Object again = derived_secret(512);
  ASSERT_TRUE(op(0x80003042, kDerive)->derive(key, peer, again, rng));
  EXPECT_EQ(again.find(kSecretValue)->ref, hex(kCavsZ));

  EXPECT_EQ(code(ecdh->derive(key, peer, secret, rng)), TEE_ERROR_BAD_STATE);
  Object small = derived_secret(128);
  EXPECT_EQ(code(ecdh->derive(key, peer, small, rng)), TEE_ERROR_BAD_PARAMETERS);
  EXPECT_FALSE(small.initialized());
  Object aes = allocate_object(kAes, 256).value();
  EXPECT_EQ(code(ecdh->derive(key, peer, aes, rng)), TEE_ERROR_BAD_PARAMETERS);
  Object out = derived_secret(256);
  EXPECT_EQ(code(ecdh->derive(key, std::vector<Attribute>{peer[0]}, out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  auto off_curve = peer;
  off_curve[1].ref[5] ^= 1;
  EXPECT_EQ(code(ecdh->derive(key, off_curve, out, rng)), TEE_ERROR_BAD_PARAMETERS);
  EXPECT_FALSE(out.initialized());

  for (uint32_t bits : {192u, 224u, 256u, 384u, 521u}) {
    Object a = generated(kEcdhKeypair, bits, rng);
    Object b = generated(kEcdhKeypair, bits, rng);
    Object za = derived_secret(528), zb = derived_secret(528);
    ASSERT_TRUE(ecdh->derive(a, {{*b.find(kEccX), *b.find(kEccY)}}, za, rng));
    ASSERT_TRUE(ecdh->derive(b, {{*a.find(kEccX), *a.find(kEccY)}}, zb, rng));
    EXPECT_EQ(za.attrs[0].ref, zb.attrs[0].ref);
    EXPECT_EQ(za.attrs[0].ref.size(), (bits + 7) / 8);
  }
}

TEST(CryptoAsymmetric, X25519MatchesRfc7748) {
  TestRng rng;
  Object alice = make_object(
      kX25519Keypair, 256,
      {buf(kX25519PublicValue, hex(kAlicePublic)), buf(kX25519PrivateValue, hex(kAlicePrivate))});
  Object bob = make_object(
      kX25519Keypair, 256,
      {buf(kX25519PublicValue, hex(kBobPublic)), buf(kX25519PrivateValue, hex(kBobPrivate))});
  auto x = op(kX25519, kDerive);
  Object za = derived_secret(256), zb = derived_secret(256);
  ASSERT_TRUE(
      x->derive(alice, std::vector<Attribute>{buf(kX25519PublicValue, hex(kBobPublic))}, za, rng));
  ASSERT_TRUE(
      x->derive(bob, std::vector<Attribute>{buf(kX25519PublicValue, hex(kAlicePublic))}, zb, rng));
  EXPECT_EQ(za.find(kSecretValue)->ref, hex(kX25519Shared));
  EXPECT_EQ(zb.find(kSecretValue)->ref, hex(kX25519Shared));

  Object out = derived_secret(256);
  // u = 0 has small order: the result would be all zeros.
  EXPECT_EQ(code(x->derive(alice, std::vector<Attribute>{buf(kX25519PublicValue, Bytes(32, 0))},
                           out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(code(x->derive(alice, std::vector<Attribute>{buf(kX25519PublicValue, Bytes(31, 9))},
                           out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(code(x->derive(alice, {}, out, rng)), TEE_ERROR_BAD_PARAMETERS);
  EXPECT_FALSE(out.initialized());

  // Non-canonical and extreme u values (RFC 7748 §5: the top bit is ignored, values at or
  // above p are accepted): an answer or BAD_PARAMETERS, never a crash.
  const Bytes p = hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  Bytes p_plus_1 = p;
  p_plus_1[0] += 1;
  for (const Bytes& u : {Bytes(32, 0xFF), p, p_plus_1, hex(kBobPublic)}) {
    Object z = derived_secret(256);
    const auto r = x->derive(alice, std::vector<Attribute>{buf(kX25519PublicValue, u)}, z, rng);
    EXPECT_TRUE(r || r.error().code == TEE_ERROR_BAD_PARAMETERS);
    EXPECT_EQ(z.initialized(), r.ok());
  }
  // The top bit of the last byte is masked (RFC 7748 §5).
  Bytes bob_high = hex(kBobPublic);
  bob_high[31] |= 0x80;
  Object masked = derived_secret(256);
  ASSERT_TRUE(
      x->derive(alice, std::vector<Attribute>{buf(kX25519PublicValue, bob_high)}, masked, rng));
  EXPECT_EQ(masked.find(kSecretValue)->ref, hex(kX25519Shared));

  Object a = generated(kX25519Keypair, 256, rng);
  Object b = generated(kX25519Keypair, 256, rng);
  Object ga = derived_secret(256), gb = derived_secret(256);
  ASSERT_TRUE(x->derive(a, {{*b.find(kX25519PublicValue)}}, ga, rng));
  ASSERT_TRUE(x->derive(b, {{*a.find(kX25519PublicValue)}}, gb, rng));
  EXPECT_EQ(ga.attrs[0].ref, gb.attrs[0].ref);
}

TEST(CryptoAsymmetric, DhKeepsThePrimeLengthIncludingLeadingZeros) {
  TestRng rng;
  Object key = make_object(kDhKeypair, 2048,
                           {buf(kDhPrime, hex(kFfdhe2048P)), buf(kDhBase, hex("02")),
                            buf(kDhPublic, hex(kDhYa)), buf(kDhPrivate, hex(kDhXa))});
  auto dh = op(kDhDerive, kDerive);
  Object z = derived_secret(2048);
  ASSERT_TRUE(dh->derive(key, std::vector<Attribute>{buf(kDhPublic, hex(kDhYb))}, z, rng));
  EXPECT_EQ(z.find(kSecretValue)->ref, hex(kDhZ));
  EXPECT_EQ(z.key_size, 2048u);

  Object out = derived_secret(2048);
  EXPECT_EQ(code(dh->derive(key, std::vector<Attribute>{buf(kDhPublic, hex("01"))}, out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  Bytes p_minus_1 = hex(kFfdhe2048P);
  p_minus_1.back() -= 1;
  EXPECT_EQ(code(dh->derive(key, std::vector<Attribute>{buf(kDhPublic, p_minus_1)}, out, rng)),
            TEE_ERROR_BAD_PARAMETERS);
  EXPECT_EQ(code(dh->derive(key, {}, out, rng)), TEE_ERROR_BAD_PARAMETERS);

  const std::vector<Attribute> params{buf(kDhPrime, hex(kSafePrime256)), buf(kDhBase, hex("02"))};
  Object a = generated(kDhKeypair, 256, rng, params);
  Object b = generated(kDhKeypair, 256, rng, params);
  Object za = derived_secret(256), zb = derived_secret(256);
  ASSERT_TRUE(dh->derive(a, {{*b.find(kDhPublic)}}, za, rng));
  ASSERT_TRUE(dh->derive(b, {{*a.find(kDhPublic)}}, zb, rng));
  EXPECT_EQ(za.attrs[0].ref, zb.attrs[0].ref);
  EXPECT_EQ(za.attrs[0].ref.size(), 32u);
}

TEST(CryptoAsymmetric, ClonesAreIndependentAndUsable) {
  TestRng rng;
  Object key = rsa_keypair();
  auto sign = op(kRsaPkcs1Sha256, kSign);
  auto copy = sign->clone();
  ASSERT_TRUE(copy);
  EXPECT_EQ((*copy)->algorithm(), kRsaPkcs1Sha256);
  EXPECT_EQ((*copy)->mode(), kSign);
  sign.reset();
  Bytes sig;
  ASSERT_TRUE((*copy)->asym_operate(key, {}, hex(kMessageSha256), sig, rng));
  EXPECT_EQ(sig, hex(kPkcs1Sha256Signature));
  for (auto [alg, mode] : {std::pair{kEcdsaSha256, kVerify}, std::pair{kEcdhDerive, kDerive},
                           std::pair{kDhDerive, kDerive}, std::pair{kX25519, kDerive}}) {
    auto c = op(alg, mode)->clone();
    ASSERT_TRUE(c);
    EXPECT_EQ((*c)->algorithm(), alg);
  }
}

TEST(CryptoAsymmetric, ArbitraryInputsGiveErrorCodesNotFaults) {
  TestRng rng(8);
  std::mt19937 gen(9);
  auto random_bytes = [&](size_t n) {
    Bytes b(n);
    for (uint8_t& c : b)
      c = static_cast<uint8_t>(gen());
    return b;
  };
  Object rsa = rsa_keypair();
  Object ec = generated(kEcdsaKeypair, 384, rng);
  Object ecdh = generated(kEcdhKeypair, 521, rng);
  const size_t lengths[] = {0, 1, 20, 32, 36, 64, 127, 128, 129, 200};
  for (int round = 0; round < 40; ++round) {
    const Bytes in = random_bytes(lengths[gen() % std::size(lengths)]);
    Bytes out;
    for (uint32_t alg : {kRsaNopad, kRsaesPkcs1V15, kRsaOaepSha1, kRsaOaepSha256}) {
      const auto r = op(alg, kDecrypt)->asym_operate(rsa, {}, in, out, rng);
      EXPECT_TRUE(r || r.error().code == TEE_ERROR_BAD_PARAMETERS);
    }
    for (uint32_t alg : {kRsaPkcs1Sha256, kRsaPkcs1Raw, kRsaPssSha256}) {
      const auto r = op(alg, kVerify)->asym_verify(rsa, {}, in, random_bytes(128));
      EXPECT_TRUE(!r && (r.error().code == TEE_ERROR_BAD_PARAMETERS ||
                         r.error().code == TEE_ERROR_SIGNATURE_INVALID));
    }
    const auto v = op(kEcdsaSha256, kVerify)->asym_verify(ec, {}, in, random_bytes(96));
    EXPECT_EQ(code(v), TEE_ERROR_SIGNATURE_INVALID);
    Object z = derived_secret(528);
    const std::vector<Attribute> peer{buf(kEccX, random_bytes(66)), buf(kEccY, in)};
    EXPECT_EQ(code(op(kEcdhDerive, kDerive)->derive(ecdh, peer, z, rng)), TEE_ERROR_BAD_PARAMETERS);
  }
}

TEST(CryptoAsymmetric, UnavailableAlgorithmsAreNotSupported) {
  const std::pair<uint32_t, uint32_t> cases[] = {
      {0x70004131, kSign},    // DSA_SHA256
      {0x70006043, kSign},    // ED25519
      {0x70006044, kVerify},  // ED448
      {0x80000045, kDerive},  // X448
      {0x70006045, kSign},    // SM2_DSA_SM3
      {0x60000045, kEncrypt}, // SM2_KEP
      {0x80000046, kDerive},  // SM2_PKE
      {0x70007830, kSign},    // RSASSA_PKCS1_V1_5 with SM3
      {0x70214930, kSign},    // PSS whose MGF1 and digest hashes differ
      {0x70111930, kSign},    // PSS MD5 outside the OP-TEE extension id
      {0x60110230, kEncrypt}, // OAEP MD5 likewise
      {0x70000830, kSign}};   // PKCS #1 v1.5 without a hash
  for (const auto& [alg, mode] : cases) {
    auto r = create_operation(alg, mode);
    ASSERT_FALSE(r) << std::hex << alg;
    EXPECT_EQ(r.error().code, TEE_ERROR_NOT_SUPPORTED) << std::hex << alg;
  }
}

} // namespace
} // namespace swemu::core::crypto
