// The GP TEE Arithmetical API (TEE_BigInt*, GP Internal Core API v1.3.1 §8) as the SDK
// implements it, driven through tas/arith_test on both TA builds (AArch64 and AArch32).
// Expected values were computed independently with Python's integers.
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

// Before tee_client_api.h, whose TEE_ERROR_* macros would clash with tee_abi.h names.
#include "test_world.h"

#include "arith_test_ta.h"
#include "swemu/bridge/default_transport.h"
#include "tee_client_api.h"

namespace {

using swemu::Result;
using swemu::bridge::InProcessTransport;
using swemu::bridge::SmcTransport;

// clang-format off
const char* const kM521 = "1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
const char* const kM607 = "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
const char* const kM127 = "7fffffffffffffffffffffffffffffff";
const char* const kB = "10000000000000000000000000000000000000000000000000000000000003039";
const char* const kP256 = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
const char* const kM521PlusB = "20000000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000003038";
const char* const kM521MinusB = "1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffcfc6";
const char* const kBMinusM521 = "-1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffcfc6";
const char* const kNegM521PlusB = "-1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffcfc6";
const char* const kM521TimesB = "20000000000000000000000000000000000000000000000000000000000006071fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffcfc7";
const char* const kM521Sq = "3fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffc0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001";
const char* const kDivQ = "1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff9f8e00";
const char* const kDivR = "122ad961ff";
const char* const kNdivQ = "-1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff9f8e00";
const char* const kNdivR = "-122ad961ff";
const char* const kDivnQ = "-1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff9f8e00";
const char* const kDivnR = "122ad961ff";
const char* const kNegM521ModB = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffedd526ce3a";
const char* const kX = "5324a95902adb149e4714be09abf93fe42eabd2d9f29fb93534081c525371e273a87984a8ab";
const char* const kY = "1615b0c687b253b1aa615a94b6a5551a061ae14a1dbf7213994693ea3ae6e68";
const char* const kXyAddmod = "270b897e32a3998a13e5f9d7f73d2a11f5854deba9f84974ab76e21967c8ac70";
const char* const kXySubmod = "dbb72c999e52b0ed2166317a9f9780914b3e0e3e99bfa4cdc7b1f063df94305f";
const char* const kXyMulmod = "677852395f9f432ad54fb91a54ebe1b72b1189f6e1d5c8a106d9a6379bed3ddb";
const char* const kXSqmod = "da232f96b6cba36134e6d602513fe238379a79db9b47a5866b0fb80499998d23";
const char* const kXInv = "a6a96533ec4cf573f9384f0d37a37d8cf1b026ca3e69db310e1be6bfa640462d";
const char* const kThreeInv = "aaaaaaaa00000000aaaaaaaaaaaaaaaaaaaaaaab555555555555555555555555";
const char* const kRsaN = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7ffffffffffffffffffffe0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001";
const char* const kRsaD = "2a7fd5802a7fd5802a7fd5802a7fd5802a7fd5802a7fd5802a7fd5802a7fd5802a7fd5802a7fd5802a7fd5802a7fd5802a7fd5802a7fd5802a7fd5802a7fd5802a5555aaaa5555aaaa5555aa0055ffaa0055ffaa0055ffaa0055ffaa0055ffaa0055ffaa0055ffaa0055ffaa0055ffaa0055ffaa0055ffaa0055ffaa0055ffaa0055ffaa0055ffaa0055ffaa01";
const char* const kRsaM = "4165ee28defece6b989a323eaef86c67b35a0ac8101b0b5a92ca9f1daec5e1fb5bb643edf43c85b930b9f0920f929e04e213311e91d561cab77e4d173d344d04cb5f0f2c02fd95588c5e4ef10bb14cf51964cd171567d1191fda80a0bd919e9bc7f4a02d92a7213dfe8932829320dd5386c9cf08008b3a15353f137b70";
const char* const kRsaC = "619f477570d7e1969f91607aae7258e2b80a56d489f045c80bf3cda8c123ad1e879f04dc6f1702cec4f963cf1ba37b7826799f174190c6493bd27b0a2300143aeebf0079c5eecb279a7cd298df2c1f1544799ac081a71e957304520316187468560aeea10317519cc36750741f65858c166ac7154f9d6bf123b1286894e39e54325a97fe77871915d22b7ca785";
const char* const kRsaNegME = "9e60b88a8f281e69606e9f85518da71d47f5a92b760fba37f40c32573edc52e17860fb2390e8fd313b069c30e45c8487d98660e8be6f39b6c42d84f5dcffebc510c0ff863a1134d865832d6520d3e0eabb86653f7e58e16a8cfbadfce9e78b97a9f5115efce8ae633c98af8be09a7a73e99538eab062940edc4ed7976b1c61abcda568018878e6ea2dd483587c";
const char* const kEvenMod = "f300000000000000000000000000000000000000000000000000";
const char* const kExpEven = "dcf0d52947b015ff7312a9101e6ca49609972a73beec8c0936e1";
const char* const kG1 = "56b68cd7cf2ea50000000000000000";
const char* const kG2 = "7ac68acb14ab7f32990000000000";
const char* const kG12 = "c6338b11d98f30000000000";
const char* const kCarmichaelBig = "3cf008589ade31ee0dcba8f291089cf41";
const char* const kM521M607 = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7ffffffffffffffffffffe0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001";
const char* const kShrM521100 = "1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
const char* const kPrime512 = "9812e4814d4b07411d8de538b1ef9cea8aa1cde5571abc44dde7996ab64f919f35efe1cdd78b987396528a1af9ffe40fbe2f656dda5f3b18937fb09b91c36277";
const char* const kPrime512Sq = "5a5670be79ee8a26fa202cc684b6dd54eadcea76de99dd5c84b5b4597f3b3673e35a15baf15ff43c98f54283eaa4b658d17ae6d3d008578109e12acd2dcd2e7ea43a26881e708e4126c657b435e8ce7419ecf771afc11de71fa46f482b6916cefb3ba1a7158011e8ff125141aa077b3df7d168ea81ee9a36d90dc6c3f5295351";
// clang-format on

const TEEC_UUID kArith = ARITH_TEST_TA_UUID;
const TEEC_UUID kArith32 = ARITH_TEST32_TA_UUID;

constexpr uint32_t kSuccess = 0;
constexpr uint32_t kOverflow = 0xFFFF300F;
constexpr uint32_t kShortBuffer = 0xFFFF0010;

struct ArithBuild {
  const char* arch;
  TEEC_UUID uuid;
};
void PrintTo(const ArithBuild& b, std::ostream* os) {
  *os << b.arch;
}
const ArithBuild kBuilds[] = {{"AArch64", kArith}, {"AArch32", kArith32}};

// "-1f" -> sign byte, 2-byte length, big-endian magnitude.
void encode(const std::string& s, std::vector<uint8_t>* out) {
  bool neg = !s.empty() && s[0] == '-';
  std::string h = s.substr(neg ? 1 : 0);
  if (h.size() % 2)
    h = "0" + h;
  std::vector<uint8_t> mag;
  for (size_t i = 0; i < h.size(); i += 2)
    mag.push_back(static_cast<uint8_t>(std::stoul(h.substr(i, 2), nullptr, 16)));
  out->push_back(neg ? 1 : 0);
  out->push_back(static_cast<uint8_t>(mag.size() >> 8));
  out->push_back(static_cast<uint8_t>(mag.size()));
  out->insert(out->end(), mag.begin(), mag.end());
}

std::vector<std::string> decode(const uint8_t* p, size_t size) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos + 3 <= size) {
    bool neg = p[pos] != 0;
    size_t len = static_cast<size_t>(p[pos + 1]) << 8 | p[pos + 2];
    std::string h;
    static const char* const digits = "0123456789abcdef";
    for (size_t i = 0; i < len; ++i) {
      h += digits[p[pos + 3 + i] >> 4];
      h += digits[p[pos + 3 + i] & 15];
    }
    size_t nz = h.find_first_not_of('0');
    h = nz == std::string::npos ? "0" : h.substr(nz);
    out.push_back((neg && h != "0" ? "-" : "") + h);
    pos += 3 + len;
  }
  return out;
}

struct OpResult {
  TEEC_Result res = 0;
  uint32_t origin = 0;
  std::vector<std::string> out;
  uint32_t a = 0, b = 0;
};

class ArithTest : public ::testing::TestWithParam<ArithBuild> {
protected:
  void SetUp() override {
    swemu::test::use_secure_world({SWEMU_TEST_MANIFEST_DIR});
    ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx_), TEEC_SUCCESS);
    uint32_t origin = 0;
    ASSERT_EQ(TEEC_OpenSession(&ctx_, &sess_, &GetParam().uuid, TEEC_LOGIN_PUBLIC, nullptr, nullptr,
                               &origin),
              TEEC_SUCCESS);
  }
  void TearDown() override {
    TEEC_CloseSession(&sess_);
    TEEC_FinalizeContext(&ctx_);
  }

  OpResult run(uint32_t op, const std::vector<std::string>& in, uint32_t a = 0, uint32_t b = 0,
               uint32_t dest_words = 0) {
    std::vector<uint8_t> inbuf;
    for (const auto& s : in)
      encode(s, &inbuf);
    std::vector<uint8_t> outbuf(8192);
    TEEC_Operation op_{};
    op_.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_MEMREF_TEMP_INPUT,
                                      TEEC_MEMREF_TEMP_OUTPUT, TEEC_VALUE_INOUT);
    op_.params[0].value.a = op;
    op_.params[0].value.b = dest_words;
    op_.params[1].tmpref.buffer = inbuf.data();
    op_.params[1].tmpref.size = inbuf.size();
    op_.params[2].tmpref.buffer = outbuf.data();
    op_.params[2].tmpref.size = outbuf.size();
    op_.params[3].value.a = a;
    op_.params[3].value.b = b;
    OpResult r;
    r.res = TEEC_InvokeCommand(&sess_, ARITH_CMD_OP, &op_, &r.origin);
    if (r.res == TEEC_SUCCESS) {
      r.out = decode(outbuf.data(), op_.params[2].tmpref.size);
      r.a = op_.params[3].value.a;
      r.b = op_.params[3].value.b;
    }
    return r;
  }
  // The single result of an operation that must succeed.
  std::string one(uint32_t op, const std::vector<std::string>& in, uint32_t a = 0, uint32_t b = 0) {
    OpResult r = run(op, in, a, b);
    EXPECT_EQ(r.res, TEEC_SUCCESS);
    EXPECT_EQ(r.out.size(), 1u);
    return r.out.empty() ? "<none>" : r.out[0];
  }
  void expect_panic(uint32_t op, const std::vector<std::string>& in, uint32_t a = 0, uint32_t b = 0,
                    uint32_t dest_words = 0) {
    OpResult r = run(op, in, a, b, dest_words);
    EXPECT_EQ(r.res, TEEC_ERROR_TARGET_DEAD);
  }

  TEEC_Context ctx_{};
  TEEC_Session sess_{};
};

std::string neg(const std::string& s) {
  return s[0] == '-' ? s.substr(1) : "-" + s;
}

TEST_P(ArithTest, AddSubOnMersenne521) {
  EXPECT_EQ(one(ARITH_OP_ADD, {kM521, kB}), kM521PlusB);
  EXPECT_EQ(one(ARITH_OP_SUB, {kM521, kB}), kM521MinusB);
  EXPECT_EQ(one(ARITH_OP_SUB, {kB, kM521}), kBMinusM521);
  EXPECT_EQ(one(ARITH_OP_ADD, {neg(kM521), kB}), kNegM521PlusB);
  EXPECT_EQ(one(ARITH_OP_ADD, {neg(kM521), neg(kB)}), neg(kM521PlusB));
  EXPECT_EQ(one(ARITH_OP_SUB, {neg(kB), neg(kM521)}), kM521MinusB);
  EXPECT_EQ(one(ARITH_OP_SUB, {kM521, kM521}), "0");
  EXPECT_EQ(one(ARITH_OP_ADD, {"ffffffffffffffff", "1"}), "10000000000000000");
  EXPECT_EQ(one(ARITH_OP_SUB, {"10000000000000000", "1"}), "ffffffffffffffff");
  EXPECT_EQ(one(ARITH_OP_NEG, {kM521}), neg(kM521));
  EXPECT_EQ(one(ARITH_OP_NEG, {"0"}), "0");
}

TEST_P(ArithTest, MulAndSquare) {
  EXPECT_EQ(one(ARITH_OP_MUL, {kM521, kB}), kM521TimesB);
  EXPECT_EQ(one(ARITH_OP_MUL, {neg(kM521), kB}), neg(kM521TimesB));
  EXPECT_EQ(one(ARITH_OP_MUL, {neg(kM521), neg(kB)}), kM521TimesB);
  EXPECT_EQ(one(ARITH_OP_MUL, {kM521, "0"}), "0");
  EXPECT_EQ(one(ARITH_OP_MUL, {neg(kM521), "0"}), "0");
  EXPECT_EQ(one(ARITH_OP_SQUARE, {kM521}), kM521Sq);
  EXPECT_EQ(one(ARITH_OP_SQUARE, {neg(kM521)}), kM521Sq);
  EXPECT_EQ(one(ARITH_OP_SQUARE, {kPrime512}), kPrime512Sq);
}

TEST_P(ArithTest, DestinationMayAliasAnOperand) {
  EXPECT_EQ(one(ARITH_OP_ADD, {kM521, kB}, 0, 1), kM521PlusB);
  EXPECT_EQ(one(ARITH_OP_ADD, {kM521, kB}, 0, 2), kM521PlusB);
  EXPECT_EQ(one(ARITH_OP_SUB, {kM521, kB}, 0, 2), kM521MinusB);
  EXPECT_EQ(one(ARITH_OP_MUL, {kM521, kB}, 0, 1), kM521TimesB);
  EXPECT_EQ(one(ARITH_OP_MUL, {kM521, kB}, 0, 2), kM521TimesB);
  EXPECT_EQ(one(ARITH_OP_SQUARE, {kM521}, 0, 1), kM521Sq);
  EXPECT_EQ(one(ARITH_OP_NEG, {kM521}, 0, 1), neg(kM521));
  EXPECT_EQ(one(ARITH_OP_MOD, {neg(kM521), kB}, 0, 1), kNegM521ModB);
  EXPECT_EQ(one(ARITH_OP_MOD, {neg(kM521), kB}, 0, 2), kNegM521ModB);
  EXPECT_EQ(one(ARITH_OP_MULMOD, {kX, kY, kP256}, 0, 1), kXyMulmod);
  EXPECT_EQ(one(ARITH_OP_MULMOD, {kX, kY, kP256}, 0, 3), kXyMulmod);
  EXPECT_EQ(one(ARITH_OP_SUBMOD, {kY, kX, kP256}, 0, 2), kXySubmod);
  EXPECT_EQ(one(ARITH_OP_INVMOD, {kX, kP256}, 0, 1), kXInv);
  EXPECT_EQ(one(ARITH_OP_SHIFTRIGHT, {kM521}, 100, 1), kShrM521100);
  OpResult r = run(ARITH_OP_DIV, {kM521, kB}, 0, 1);
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  ASSERT_EQ(r.out.size(), 2u);
  EXPECT_EQ(r.out[0], kDivQ);
  EXPECT_EQ(r.out[1], kDivR);
  r = run(ARITH_OP_EXPMOD, {kRsaM, "10001", kRsaN}, 0, 1);
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.a, kSuccess);
  EXPECT_EQ(r.out, std::vector<std::string>{kRsaC});
}

TEST_P(ArithTest, DivTruncatesTowardZero) {
  OpResult r = run(ARITH_OP_DIV, {kM521, kB});
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.out, (std::vector<std::string>{kDivQ, kDivR}));
  r = run(ARITH_OP_DIV, {neg(kM521), kB});
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.out, (std::vector<std::string>{kNdivQ, kNdivR}));
  r = run(ARITH_OP_DIV, {kM521, neg(kB)});
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.out, (std::vector<std::string>{kDivnQ, kDivnR}));
  r = run(ARITH_OP_DIV, {kB, kM521});
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.out, (std::vector<std::string>{"0", kB}));
  r = run(ARITH_OP_DIV, {kM521Sq, kM521});
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.out, (std::vector<std::string>{kM521, "0"}));
  r = run(ARITH_OP_DIV, {kM521, "7"});
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  // 2^521 = 4 * 8^173 = 4 (mod 7), so the remainder is 3.
  ASSERT_EQ(r.out.size(), 2u);
  EXPECT_EQ(r.out[1], "3");
}

// Long division on operands shaped to exercise the quotient-digit corrections (divisor
// top words at 0x80000000, runs of 0xffffffff), plus random sizes: x, y, x / y, x % y.
TEST_P(ArithTest, DivCorrectionCases) {
  struct Case {
    const char *x, *y, *q, *r;
  };
  // clang-format off
  const Case cases[] = {
      {"7fffffff800000000000000000000000", "800000000000000000000001", "fffffffe", "7fffffffffffffff00000002"},
      {"800000000000000000000003", "200000000000000000000001", "3", "200000000000000000000000"},
      {"7fffffff800000000000000000000000", "8000000000000000ffffffff", "fffffffe", "7fffffff00000002fffffffe"},
      {"8000000000000000fffffffe00000000", "80000000ffffffff", "fffffffe00000007", "7ffffff500000007"},
      {"80000000fffffffe00000000", "80000000ffffffff", "ffffffff", "7fffffffffffffff"},
      {"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "ffffffffffffffffffffffffffffffff", "100000000000000000000000000000001", "0"},
      {"100000000000000000000000000000000", "ffffffff00000001", "100000000ffffffff", "fffffffe00000001"},
      {"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0"},
      {"4688b71738f7d93d9c172411e20b8f6b0d549b6f03675a1600a35a099950d836f675cc81e74ef5e8e25d940ed904759531985d5d9dc9f81818e811892f902bd23f0824128b2f330c5c7fd0a6a3a4506513270e269e0d37f2a74de4", "658f658cda1495e60af593bd04cf0fd630f1f29d0da9953f48f1a09f76b5a170b33839263059f28c105d1fb17c2390c192cfd3ac94af0f21ddb7", "b1cb171ccde8234d0a49475d788b07010321147bdc38f4dab013c13f750e8e888e", "385ad77d7db82ca2da5b6262f75c0b2af0e9a6b1af9adb6dfef29dea5b8f2a3ffca1bd6d87ff0b3b84246440c9c791c73cef05f6f78792931a62"},
      {"91a61dbe22e44158bae97ba94d0eda82f8f6d05584ef8aa38922766581e27a1c08a6a63ec24ede6a46b4cb2424a23d5962217beaddbc496cb8e81973e0becd7b0", "1d895e761d17731af10506bf2efc6f877186d76b07e881ed162ae2eb1547f15052434b9b5df9e7769b10f4205b4907a70c31012f037b64ce4228c38fb2918f135d25f557203301850c5a38fd547", "0", "91a61dbe22e44158bae97ba94d0eda82f8f6d05584ef8aa38922766581e27a1c08a6a63ec24ede6a46b4cb2424a23d5962217beaddbc496cb8e81973e0becd7b0"},
      {"6bf46c697d2caf82eeeacbe226e875555790f82ec1d3fcff2a3af4d46b0a18e8830e07bc1e398f1012bd4acefaecbd389be4bcfc49b64a0872e6cc3ababced2057ee05cde00902c77ebff206867347214cdd2055930d6eaf14f4733f3e7d1bfbc7a2ea20b2f14c942e05319acb5c74273f98e2774cbd87ad5c90a958", "27ab1031d0f646e1f5", "2b8b0792d94fcc96544a1ddacd04846d6be6899053e0bf0e4d5e154dbcde0ecf323216b254ba5ed1fede03435dd7b135a1bd0c95a3668ca46f799748a33f42455f80ac6fbcb43060f4e6697207dcb22c562869374f808448ba410e31de0b1003ecf20436449d72258371a5d3441025552986e14", "16009afab80677bc34"},
      {"2a5aa3c814f426dcbb394fb36bb2d420f0f88080b10a3d6b2aa05e11ab2715945795e8229451abd81f1d69ed617f5e837d70820fe119a72d174c9df6acc011cdd9474031b7f26144b98289fcd59a54a7bb1fee08f57124242", "6f0f17a3007e62aa0a1df9fd789c6539382b0537e65affb2297631a992f0ce583505c6af0758d5563dab2cd31ee315128862c33a4fb774eb5248db40af", "61a12c90e5d216595537b61c6133471fb56ebbb57edfab6b0787886", "5c058e73ced17d444d2a0e183d9d8c25c5c3581466cb1404ce64bd333382c1e87d3ab9da0c7c36f1c471abd0ba8b51a029c77083bab7c65badcbf45ea8"},
      {"4748cdb305fdd2e16096e36aab0d1bc52d9230d977ee22571594720771f8ca8181166d2287672fdf2022a96fb1a14a0f9e77f1b103cdf1582b0eab477d26415479c65dc9f503f63af83bd0561e6211c70cf", "c3bbbe9eaa8948c893b61867626bb7dbd2d1c9af0153e7c2a26a2c0bd3b1287fff52ddf5d616499c9e25a7605aec6f0245bd86d40fc891b4b", "5d3ba3b99ae37b7a2ae9ba3393b7b32dc749e8605167c75f69", "13e233f2210374cd52d5a9192572556ff136b27830e3f1da9d65582a70956608ca87a49efb64d2bac5b0515459149edb93d00393d47726a0c"},
      {"8f2c6ec8cc4169a3ae3a2b7fdfe01893f3aed0b6c7ac1491def88334e647cb8f74e69a5d0dd27a65bd628881ad1b72dba7abe1c29e1a8ef4f341e07a83f73f16dbf4a8b2b0c4312d20203626f3fe39c0519088f590fbbd119c1caaf75e8766ed88daf4016b4013ef254b0c4e010c4759482c9cbc43435cc52eae05cf96d0cc5fd4c28c2e", "1c2442298cb3a570ccec313571810afc132d0d113db17d30cbc97d0fef792866836886a260cd0b7b45145c1a81682c64e50cad66237a05", "5166d62b0bc62628b59f12c04a4be8d8b38ab3f8c84021472321237490aabe912f8669f05231598de8f90656a6d0238dc12467b88b02998bb2f622e9c5034ca5d5ee5d1380406232553a3dbb415", "f35929433929a37e054ee748ae1a5198d5e6a4b4c9debf778de3dd91bf4746d3be389f2457c041b95a2f493132470f7eb96abf0c705c5"},
      {"5d39d09a2ef80f58ee8571f4998d7c4093f6dea268aa872607679d6050914a9d33a01c353c631cdfd43f371200339d068739fa9d1de2a05d158a2ff2ee4e4519f9919c895fd7b326b94c7f9118bb16000f49c81a358ca00d75985d99c94309", "10bd87a86557b6fb7ebfeaa1551a28f7b324e4e25a15fc899e4fd58dbe7bdc968b7afb2c68774b15d7fa529ba3fe3bfada7cf20724d953ee261d87cec31f7296ab", "591a5609dbabe2a0db72db664cd45bb51b99d2af2bac34d2733a0c525a49a", "d1c08d1d3f1c6a7ba879a366d696e71b6d962afdc6db6877ea01f8b834eb54f64ef34f983a0f20f6ee1208bfd915317cccb2fd6057443bacb61384175e89e142b"},
      {"8857f3908f227c59db9165b0ee76f2ac34446e883a1d45de0099784b5a81842d87208d86f40f6b239f3c7174c77a2dd02de92a49636a2fa7f0eab4c4f9b0687322e25c215a82a06ec41adea0575438b0d590bb0a844e52587be6b5c9bcf35873be078f3b7a50df373ca533488f87605e999f3842e7fc229540a6eb12aa1f6d42fddbb", "1d0cda6c6fdbd68516766934036d17e44973d4882a5ce5b2a9231f51707da45e18ac2216b02fc241d0bc9d488b1cfbf33609cfc865239194242a2eddbbd5464ecc280b0c08bc7702421", "4b1811dbbd8a839d4388d7a48f49be30835c8a45d13af6f2c9e6f639a126414b03e742fc09eb5b0a34414c3a5060ea8820e6a32bff2c65faa3b", "437bd4166486f8abb6bab718c34c43246e5034c9a37d9aa00edb35ae2534afe9ae6f6d01ce2aa921f13438c30174ed5c201049e48376bab265473dc1e045f6d082d08ea8e771aa020"},
      {"1e9bc589aea6429b1491e243192b7044259405278e4b98d4787f93bca44eb860726e25cfd56a926076b3e36bb2313f55b06258e7e26f36a8483f8b8", "1a26f88938703800149e259b5d58c705f979d04af47aebdd597a1ecffcf00fecb91ee9e5efe09f07cefe2a1f727d8349", "12b9f1ddd8ff75a37055cc38", "27412617fddc647585e6d7264462ee68b3a188ef7eb089a6750d51c89c98e1d55b7c533374d03eb4dd2cbb5ed3414c0"},
      {"1a2c68e45ca04c79f6f15b6ad2db3997fe39639be7a605a91330698a1c0093492b6246771c845007063771407e8e727891eb20109a91c2439d5ab8b4d15b40aeba4a45effccb573d95810d60ea72991b9e8c147437abec539007d1034d726c86b9c3a23cde67a9b75fc3947249fc2d0a17b8f2ab53451d0135675f6ad325b55dd", "1719302f8be8831f237e45acd02c5e1", "12214cb3fddceebadfcd596609bcab385e384c3c5b54a90e831973daa0b4570bfd358a4056118905f71c56e64758c585208c3a96ecd6b3d3a2ab5013a14688327e91131817aaf1bb117503732eff9f523023df418680bccde4f9998b15062ec5e251e848df744a8db8bf73870c95b473551", "b5d51f05fcdec4f67943bbe51c24ac"},
      {"23127e9e06f59b44e92effddeeaa842bc19796f74adfaf55496988af3fbd39630d69c9011ef256badf9a7e6529bce76e9f477216e9ee7a46309973f798626b1cffc070d710920859634fe3c9c8f2b855c1f28aaca51b98c67c215bd448ff26149edbe4c5ce666c1494e7691b06f", "d81bdfb85c0dd37ee91531dec4f4df2a8b79fc8e80b36f0e228923a5ef88ef02090bbfdefc1586ce03f91a4f44f9a6511445b9f3635cf88c422bcca2a92b03a56cc1057a40b22188287f", "298bd142a88bb1fd7fe78ab03a907cbb56c3ff6470e77f982c2323dd43e552ad9d13ae2", "c7f434a442c04298cc8f6c9ab4090205e6f144bdef0019e8163acf98d7a3dd7f112a3839768381346a9d9313ac5afb589a553b94f57b3f4abad225b950f334596e7a5dc736214c822a51"},
      {"100984b4affdcd13678bc8d40783f0a", "7cbb8218e0b7bd58dcdb46b4468068b5ab3ee4265bb31537409029620bf0dc38084a1", "0", "100984b4affdcd13678bc8d40783f0a"},
  };
  // clang-format on
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.x) + " / " + c.y);
    OpResult r = run(ARITH_OP_DIV, {c.x, c.y});
    ASSERT_EQ(r.res, TEEC_SUCCESS);
    EXPECT_EQ(r.out, (std::vector<std::string>{c.q, c.r}));
  }
}

TEST_P(ArithTest, ModularArithmetic) {
  EXPECT_EQ(one(ARITH_OP_MOD, {neg(kM521), kB}), kNegM521ModB);
  EXPECT_EQ(one(ARITH_OP_MOD, {"0", kB}), "0");
  EXPECT_EQ(one(ARITH_OP_ADDMOD, {kX, kY, kP256}), kXyAddmod);
  EXPECT_EQ(one(ARITH_OP_SUBMOD, {kY, kX, kP256}), kXySubmod);
  EXPECT_EQ(one(ARITH_OP_MULMOD, {kX, kY, kP256}), kXyMulmod);
  EXPECT_EQ(one(ARITH_OP_SQUAREMOD, {kX, kP256}), kXSqmod);
  EXPECT_EQ(one(ARITH_OP_INVMOD, {kX, kP256}), kXInv);
  EXPECT_EQ(one(ARITH_OP_INVMOD, {"3", kP256}), kThreeInv);
  EXPECT_EQ(one(ARITH_OP_INVMOD, {"-1", kP256}), one(ARITH_OP_SUB, {kP256, "1"}));
  EXPECT_EQ(one(ARITH_OP_SUBMOD, {"5", "7", "b"}), "9");
}

TEST_P(ArithTest, ExpModRsaRoundTrip) {
  OpResult r = run(ARITH_OP_EXPMOD, {kRsaM, "10001", kRsaN});
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.a, kSuccess);
  EXPECT_EQ(r.out, std::vector<std::string>{kRsaC});
  r = run(ARITH_OP_EXPMOD, {kRsaC, kRsaD, kRsaN});
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.out, std::vector<std::string>{kRsaM});
  r = run(ARITH_OP_EXPMOD, {neg(kRsaM), "10001", kRsaN});
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.out, std::vector<std::string>{kRsaNegME});
  // Even modulus, and the trivial exponents.
  EXPECT_EQ(one(ARITH_OP_EXPMOD, {kX, kY, kEvenMod}), kExpEven);
  EXPECT_EQ(one(ARITH_OP_EXPMOD, {kX, "0", kP256}), "1");
  EXPECT_EQ(one(ARITH_OP_EXPMOD, {"0", "5", kP256}), "0");
  // Fermat: 3^(p-1) = 1 mod p for p = 2^521 - 1.
  EXPECT_EQ(one(ARITH_OP_EXPMOD, {"3", one(ARITH_OP_SUB, {kM521, "1"}), kM521}), "1");
}

TEST_P(ArithTest, ExtendedGcdSatisfiesBezout) {
  struct Case {
    std::string a, b, g;
    bool coprime;
  };
  const Case cases[] = {
      {kG1, kG2, kG12, false},   {neg(kG1), kG2, kG12, false}, {kG1, neg(kG2), kG12, false},
      {kM521, kM607, "1", true}, {kX, kP256, "1", true},       {"0", kB, kB, false},
      {neg(kB), "0", kB, false}, {"1", "1", "1", true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.a + ", " + c.b);
    OpResult r = run(ARITH_OP_GCD, {c.a, c.b});
    ASSERT_EQ(r.res, TEEC_SUCCESS);
    ASSERT_EQ(r.out.size(), 3u);
    EXPECT_EQ(r.out[0], c.g);
    EXPECT_EQ(r.a, c.coprime ? 1u : 0u);
    // a*u + b*v == gcd, using Mul and Add (checked against Python above).
    std::string au = one(ARITH_OP_MUL, {c.a, r.out[1]});
    std::string bv = one(ARITH_OP_MUL, {c.b, r.out[2]});
    EXPECT_EQ(one(ARITH_OP_ADD, {au, bv}), c.g);
  }
}

TEST_P(ArithTest, IsProbablePrime) {
  auto prime = [&](const std::string& v) {
    OpResult r = run(ARITH_OP_ISPRIME, {v}, 80);
    EXPECT_EQ(r.res, TEEC_SUCCESS);
    return static_cast<int32_t>(r.a);
  };
  EXPECT_NE(prime(kM127), 0);
  EXPECT_NE(prime(kM521), 0);
  EXPECT_NE(prime(kM607), 0);
  EXPECT_NE(prime(kP256), 0);
  EXPECT_NE(prime(kPrime512), 0);
  EXPECT_NE(prime("1fffffffffffffff"), 0); // 2^61 - 1
  EXPECT_EQ(prime("2"), 1);
  EXPECT_EQ(prime("10001"), 1); // 65537, decided by trial division
  EXPECT_EQ(prime("0"), 0);
  EXPECT_EQ(prime("1"), 0);
  EXPECT_EQ(prime("-7"), 0);
  EXPECT_EQ(prime("10000"), 0);
  // Carmichael numbers: 561, 41041, 825265, 321197185, and a 130-bit one.
  EXPECT_EQ(prime("231"), 0);
  EXPECT_EQ(prime("a051"), 0);
  EXPECT_EQ(prime("c9791"), 0);
  EXPECT_EQ(prime("1324fa81"), 0);
  EXPECT_EQ(prime(kCarmichaelBig), 0);
  EXPECT_EQ(prime(kM521M607), 0);
  EXPECT_EQ(prime(kPrime512Sq), 0);
  EXPECT_EQ(prime(one(ARITH_OP_SUB, {kM127, "2"})), 0);
}

TEST_P(ArithTest, S32Conversions) {
  EXPECT_EQ(one(ARITH_OP_FROMS32, {}, 0x80000000u), "-80000000");
  EXPECT_EQ(one(ARITH_OP_FROMS32, {}, 0x7FFFFFFFu), "7fffffff");
  EXPECT_EQ(one(ARITH_OP_FROMS32, {}, 0xFFFFFFFFu), "-1");
  EXPECT_EQ(one(ARITH_OP_FROMS32, {}, 0), "0");
  struct Case {
    const char* v;
    uint32_t res, out;
  };
  const Case cases[] = {
      {"0", kSuccess, 0},
      {"7fffffff", kSuccess, 0x7FFFFFFF},
      {"-80000000", kSuccess, 0x80000000},
      {"-1", kSuccess, 0xFFFFFFFF},
      {"80000000", kOverflow, 0},
      {"-80000001", kOverflow, 0},
      {"100000000", kOverflow, 0},
      {kM521, kOverflow, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.v);
    OpResult r = run(ARITH_OP_TOS32, {c.v});
    ASSERT_EQ(r.res, TEEC_SUCCESS);
    EXPECT_EQ(r.a, c.res);
    if (c.res == kSuccess)
      EXPECT_EQ(r.b, c.out);
  }
}

TEST_P(ArithTest, OctetStrings) {
  OpResult r = run(ARITH_OP_TOOCTETS, {kM521}, 65);
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.a, kShortBuffer);
  EXPECT_EQ(r.b, 66u);
  r = run(ARITH_OP_TOOCTETS, {neg(kM521)}, 66);
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.a, kSuccess);
  EXPECT_EQ(r.b, 66u);
  EXPECT_EQ(r.out, std::vector<std::string>{kM521});
  r = run(ARITH_OP_TOOCTETS, {"0"}, 4);
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.a, kSuccess);
  EXPECT_EQ(r.b, 0u);
  // ConvertFromOctetString with a sign, and into a TEE_BigInt too small for it.
  r = run(ARITH_OP_FROMOCTETS, {kM521}, static_cast<uint32_t>(-1));
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.a, kSuccess);
  EXPECT_EQ(r.out, std::vector<std::string>{neg(kM521)});
  r = run(ARITH_OP_FROMOCTETS, {kM521}, 1, 0, 16 + 2); // 512 bits
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.a, kOverflow);
  r = run(ARITH_OP_FROMOCTETS, {"ffffffff"}, 1, 0, 3); // exactly one word
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.a, kSuccess);
  EXPECT_EQ(r.out, std::vector<std::string>{"ffffffff"});
}

TEST_P(ArithTest, CompareAndBits) {
  auto cmp = [&](const std::string& x, const std::string& y) {
    OpResult r = run(ARITH_OP_CMP, {x, y});
    EXPECT_EQ(r.res, TEEC_SUCCESS);
    int32_t v = static_cast<int32_t>(r.a);
    return v < 0 ? -1 : v > 0 ? 1 : 0;
  };
  EXPECT_EQ(cmp(kM521, kB), 1);
  EXPECT_EQ(cmp(kB, kM521), -1);
  EXPECT_EQ(cmp(neg(kM521), kB), -1);
  EXPECT_EQ(cmp(neg(kM521), neg(kB)), -1);
  EXPECT_EQ(cmp(kM521, kM521), 0);
  EXPECT_EQ(cmp("0", "-0"), 0);
  auto cmps32 = [&](const std::string& x, int32_t v) {
    OpResult r = run(ARITH_OP_CMPS32, {x}, static_cast<uint32_t>(v));
    EXPECT_EQ(r.res, TEEC_SUCCESS);
    int32_t c = static_cast<int32_t>(r.a);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  };
  EXPECT_EQ(cmps32("-80000000", INT32_MIN), 0);
  EXPECT_EQ(cmps32("-80000001", INT32_MIN), -1);
  EXPECT_EQ(cmps32("5", -5), 1);
  EXPECT_EQ(cmps32("0", 0), 0);
  EXPECT_EQ(cmps32(kM521, INT32_MAX), 1);
  EXPECT_EQ(cmps32(neg(kM521), INT32_MIN), -1);

  OpResult r = run(ARITH_OP_BITS, {kM521}, 520);
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.a, 521u);
  EXPECT_EQ(r.b, 1u);
  r = run(ARITH_OP_BITS, {neg(kM521)}, 521);
  EXPECT_EQ(r.a, 521u);
  EXPECT_EQ(r.b, 0u);
  r = run(ARITH_OP_BITS, {"0"}, 0);
  EXPECT_EQ(r.a, 0u);
  EXPECT_EQ(r.b, 0u);

  EXPECT_EQ(one(ARITH_OP_SHIFTRIGHT, {kM521}, 100), kShrM521100);
  EXPECT_EQ(one(ARITH_OP_SHIFTRIGHT, {neg(kM521)}, 100), neg(kShrM521100));
  EXPECT_EQ(one(ARITH_OP_SHIFTRIGHT, {kM521}, 600), "0");
  EXPECT_EQ(one(ARITH_OP_SHIFTRIGHT, {kM521}, 0), kM521);
  EXPECT_EQ(one(ARITH_OP_SHIFTRIGHT, {kM521}, 520), "1");

  r = run(ARITH_OP_SETBIT, {"0"}, 600, 1);
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.a, kSuccess);
  EXPECT_EQ(r.out, std::vector<std::string>{"1" + std::string(150, '0')});
  r = run(ARITH_OP_SETBIT, {kM521}, 520, 0);
  EXPECT_EQ(r.a, kSuccess);
  EXPECT_EQ(r.out, std::vector<std::string>{std::string(130, 'f')});
  r = run(ARITH_OP_SETBIT, {"-1"}, 0, 0);
  EXPECT_EQ(r.out, std::vector<std::string>{"0"});
  r = run(ARITH_OP_SETBIT, {"5"}, ARITH_TA_DEFAULT_BITS, 1); // past the array
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.a, kOverflow);
  EXPECT_EQ(r.out, std::vector<std::string>{"5"});
}

TEST_P(ArithTest, AssignAndAbs) {
  OpResult r = run(ARITH_OP_ASSIGN, {neg(kM521)});
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.a, kSuccess);
  EXPECT_EQ(r.out, std::vector<std::string>{neg(kM521)});
  r = run(ARITH_OP_ABS, {neg(kM521)});
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.a, kSuccess);
  EXPECT_EQ(r.out, std::vector<std::string>{kM521});
  r = run(ARITH_OP_ASSIGN, {kM521}, 0, 0, 16 + 2);
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.a, kOverflow);
  r = run(ARITH_OP_ABS, {neg(kM521)}, 0, 0, 16 + 2);
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.a, kOverflow);
}

TEST_P(ArithTest, FmmMatchesMulMod) {
  OpResult r = run(ARITH_OP_FMM, {kX, kY, kP256});
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_EQ(r.out, (std::vector<std::string>{kXyMulmod, kY, kXSqmod}));
  r = run(ARITH_OP_FMM, {kRsaM, kRsaC, kM521});
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  ASSERT_EQ(r.out.size(), 3u);
  EXPECT_EQ(r.out[0], one(ARITH_OP_MULMOD, {kRsaM, kRsaC, kM521}));
  EXPECT_EQ(r.out[1], one(ARITH_OP_MOD, {kRsaC, kM521}));
  EXPECT_EQ(r.out[2], one(ARITH_OP_SQUAREMOD, {kRsaM, kM521}));

  r = run(ARITH_OP_SIZES, {}, 521);
  ASSERT_EQ(r.res, TEEC_SUCCESS);
  EXPECT_GE(r.a, 17u + 2u); // at least TEE_BigIntSizeInU32(521)
  EXPECT_GE(r.b, 1u);
}

TEST_P(ArithTest, PanicsOnModulusBelowTwo) {
  expect_panic(ARITH_OP_MOD, {kM521, "1"});
}

TEST_P(ArithTest, PanicsOnNegativeModulus) {
  expect_panic(ARITH_OP_MULMOD, {"3", "4", "-7"});
}

TEST_P(ArithTest, PanicsOnDivisionByZero) {
  expect_panic(ARITH_OP_DIV, {kM521, "0"});
}

TEST_P(ArithTest, PanicsWhenNotInvertible) {
  expect_panic(ARITH_OP_INVMOD, {"6", "9"});
}

TEST_P(ArithTest, PanicsWhenDestinationTooSmall) {
  expect_panic(ARITH_OP_MUL, {kM521, kM521}, 0, 0, 16 + 2);
}

INSTANTIATE_TEST_SUITE_P(Arith, ArithTest, ::testing::ValuesIn(kBuilds),
                         [](const ::testing::TestParamInfo<ArithBuild>& info) {
                           return std::string(info.param.arch);
                         });

} // namespace
