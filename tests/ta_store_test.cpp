// Tests for signed TA files and the TA directory search (tee_core/src/ta_store.cpp).
// Facts: reference/optee-abi.md §4.7, §7.3; OP-TEE signed_hdr.h and its subkey
// documentation (the UUIDs of optee_test's subkey1 chain are used as known answers).
#include "swemu/core/ta_store.h"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include "swemu/core/elf_loader.h"
#include "swemu/core/log.h"
#include "swemu/core/tee_abi.h"
#include "swemu/core/uuid.h"
#include "ta_file_builder.h"

namespace swemu::core {
namespace {

using test::BuiltTa;
using test::SubkeySpec;
using test::TaSpec;
using test::TestRsaKey;

constexpr uint32_t kPss = TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256;
constexpr uint32_t kPkcs1 = TEE_ALG_RSASSA_PKCS1_V1_5_SHA256;
const std::string kWhat = "test.ta";

Uuid uuid(const char* text) {
  return *Uuid::parse(text);
}

// Keys are slow to generate: one set for the whole suite.
struct Keys {
  TestRsaKey root{2048, 1};
  TestRsaKey other{2048, 2}; // never configured
  TestRsaKey sub1{2048, 3};
  TestRsaKey sub2{2048, 4};
};
const Keys& keys() {
  static const Keys k;
  return k;
}

TaVerifyPolicy strict() {
  TaVerifyPolicy p;
  p.public_keys_pem = {keys().root.public_pem()};
  return p;
}
TaVerifyPolicy development() {
  TaVerifyPolicy p = strict();
  p.allow_unsigned = true;
  return p;
}

// A small stand-in for an ELF: enough for the signed-header logic, fast to hash.
std::vector<uint8_t> fake_elf(size_t size = 256) {
  std::vector<uint8_t> elf(size);
  std::mt19937 gen(7);
  for (auto& b : elf)
    b = static_cast<uint8_t>(gen());
  elf[0] = 0x7F;
  elf[1] = 'E';
  elf[2] = 'L';
  elf[3] = 'F';
  return elf;
}

const Uuid kTaUuid = uuid("8aaaf200-2450-11e4-abe2-0002a5d5c51b");

TaSpec simple_spec(uint32_t algo = kPss) {
  TaSpec spec;
  spec.elf = fake_elf();
  spec.uuid = kTaUuid;
  spec.ta_version = 7;
  spec.algo = algo;
  spec.root = &keys().root;
  return spec;
}

// A chain root → sub1 (max_depth 1) → sub2 (max_depth 0) → TA, with names as in optee_test.
const Uuid kSub1Uuid = uuid("f04fa996-148a-453c-b037-1dcfbad120a6");
TaSpec chain_spec(size_t depth) {
  TaSpec spec = simple_spec();
  SubkeySpec s1{&keys().sub1, kSub1Uuid, "mid_level_subkey", 64, 1, depth == 1 ? 0u : 1u};
  spec.subkeys.push_back(s1);
  if (depth == 2) {
    SubkeySpec s2{
        &keys().sub2, subkey_namespace_uuid(kSub1Uuid, "mid_level_subkey"), "subkey1_ta", 64, 1, 0};
    spec.subkeys.push_back(s2);
  }
  spec.uuid = subkey_namespace_uuid(spec.subkeys.back().uuid, spec.subkeys.back().name);
  return spec;
}

// Captures what the "loader" logger prints while alive.
class LogCapture {
public:
  LogCapture() : logger_(log::get("loader")), old_level_(logger_->level()) {
    sink_ = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    logger_->sinks().push_back(sink_);
    logger_->set_level(spdlog::level::warn);
  }
  ~LogCapture() {
    auto& sinks = logger_->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), sink_), sinks.end());
    logger_->set_level(old_level_);
  }
  std::string text() {
    logger_->flush();
    return out_.str();
  }

private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> logger_;
  spdlog::level::level_enum old_level_;
  spdlog::sink_ptr sink_;
};

void expect_error(const Result<TaBinary>& r, uint32_t code, const std::string& needle) {
  ASSERT_FALSE(r.ok()) << "expected an error containing '" << needle << "'";
  EXPECT_EQ(r.error().code, code) << r.error().message;
  EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
}

// --- Good files ---------------------------------------------------------------------------

TEST(TaStore, AcceptsPkcs1V15SignedTa) {
  TaSpec spec = simple_spec(kPkcs1);
  BuiltTa ta = test::build_signed_ta(spec);
  auto r = open_ta_binary(ta.bytes, kWhat, &kTaUuid, strict());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->signed_file);
  EXPECT_TRUE(r->signature_verified);
  EXPECT_EQ(r->elf, spec.elf);
  EXPECT_EQ(r->ta_version, 7u);
  EXPECT_EQ(r->uuid, kTaUuid);
  EXPECT_EQ(r->signer, "key 0");
  EXPECT_TRUE(r->subkeys.empty());
}

TEST(TaStore, AcceptsPssSignedTa) {
  TaSpec spec = simple_spec(kPss);
  BuiltTa ta = test::build_signed_ta(spec);
  auto r = open_ta_binary(ta.bytes, kWhat, &kTaUuid, strict());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->signature_verified);
  EXPECT_EQ(r->elf, spec.elf);
  EXPECT_EQ(ta.image_offset, 20u + 32 + 256 + 20); // shdr + hash + sig + bootstrap
}

TEST(TaStore, AcceptsTaWithoutExpectedUuid) {
  BuiltTa ta = test::build_signed_ta(simple_spec());
  auto r = open_ta_binary(ta.bytes, kWhat, nullptr, strict());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->uuid, kTaUuid);
}

TEST(TaStore, AcceptsLegacyShdrTaWithoutBootstrapHeader) {
  TaSpec spec = simple_spec();
  spec.img_type = SHDR_TA;
  BuiltTa ta = test::build_signed_ta(spec);
  EXPECT_EQ(ta.image_offset, 20u + 32 + 256);
  auto r = open_ta_binary(ta.bytes, kWhat, &kTaUuid, strict());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->uuid.has_value());
  EXPECT_EQ(r->elf, spec.elf);
}

TEST(TaStore, NamesTheRootKeyThatVerifies) {
  TaVerifyPolicy policy;
  policy.public_keys_pem = {std::string(kOpteeDefaultTaKeyPem), keys().other.public_pem(),
                            keys().root.public_pem()};
  BuiltTa ta = test::build_signed_ta(simple_spec());
  auto r = open_ta_binary(ta.bytes, kWhat, &kTaUuid, policy);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->signer, "key 2");
}

TEST(TaStore, ExtractedElfOfRealTaLoads) {
  auto elf = read_file_limited(SWEMU_TEST_TA_DIR "/hello.elf", kMaxTaFileBytes);
  ASSERT_TRUE(elf.ok()) << elf.error().message;
  auto plain = load_ta_elf(*elf, 0x40000000, "hello.elf");
  ASSERT_TRUE(plain.ok()) << plain.error().message;

  TaSpec spec = simple_spec();
  spec.elf = *elf;
  spec.uuid = plain->head.uuid;
  BuiltTa ta = test::build_signed_ta(spec);
  auto r = open_ta_binary(ta.bytes, "hello.ta", &spec.uuid, strict());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->elf, *elf);
  auto image = load_ta_elf(r->elf, 0x40000000, "hello.ta");
  ASSERT_TRUE(image.ok()) << image.error().message;
  EXPECT_EQ(image->head.uuid, *r->uuid);
  EXPECT_EQ(image->entry, plain->entry);
}

// --- Integrity ----------------------------------------------------------------------------

TEST(TaStore, RejectsTamperedImageEvenInDevelopmentMode) {
  BuiltTa ta = test::build_signed_ta(simple_spec());
  ta.bytes[ta.image_offset + 100] ^= 1;
  expect_error(open_ta_binary(ta.bytes, kWhat, &kTaUuid, strict()), abi::TEE_ERROR_SECURITY,
               "hash mismatch");
  expect_error(open_ta_binary(ta.bytes, kWhat, &kTaUuid, development()), abi::TEE_ERROR_SECURITY,
               "hash mismatch");
}

TEST(TaStore, RejectsTamperedBootstrapHeaderEvenInDevelopmentMode) {
  BuiltTa ta = test::build_signed_ta(simple_spec());
  ta.bytes[ta.image_offset - 4] ^= 1; // ta_version
  expect_error(open_ta_binary(ta.bytes, kWhat, &kTaUuid, development()), abi::TEE_ERROR_SECURITY,
               "hash mismatch");
}

TEST(TaStore, RejectsTamperedStoredHash) {
  BuiltTa ta = test::build_signed_ta(simple_spec());
  ta.bytes[ta.hash_offset(0)] ^= 1;
  expect_error(open_ta_binary(ta.bytes, kWhat, &kTaUuid, development()), abi::TEE_ERROR_SECURITY,
               "hash mismatch");
}

// --- Signatures and keys ------------------------------------------------------------------

TEST(TaStore, RejectsBadSignature) {
  for (uint32_t algo : {kPss, kPkcs1}) {
    BuiltTa ta = test::build_signed_ta(simple_spec(algo));
    ta.bytes[ta.sig_offset(0) + 10] ^= 0x40;
    expect_error(open_ta_binary(ta.bytes, kWhat, &kTaUuid, strict()), abi::TEE_ERROR_SECURITY,
                 "does not verify");
  }
}

TEST(TaStore, AcceptsBadSignatureWithWarningInDevelopmentMode) {
  TaSpec spec = simple_spec();
  BuiltTa ta = test::build_signed_ta(spec);
  ta.bytes[ta.sig_offset(0) + 10] ^= 0x40;
  LogCapture log;
  auto r = open_ta_binary(ta.bytes, kWhat, &kTaUuid, development());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->signed_file);
  EXPECT_FALSE(r->signature_verified);
  EXPECT_EQ(r->signer, "");
  EXPECT_EQ(r->elf, spec.elf);
  std::string text = log.text();
  EXPECT_NE(text.find("UNVERIFIED"), std::string::npos) << text;
  EXPECT_NE(text.find("does not verify"), std::string::npos) << text;
  EXPECT_NE(text.find("hashes"), std::string::npos) << text;
}

TEST(TaStore, RejectsPssSignatureWithAnotherSaltLength) {
  // sign_encrypt.py and OP-TEE use a salt as long as the digest; nothing else verifies.
  for (int salt : {0, 20}) {
    TaSpec spec = simple_spec(kPss);
    spec.salt_len = salt;
    BuiltTa ta = test::build_signed_ta(spec);
    expect_error(open_ta_binary(ta.bytes, kWhat, &kTaUuid, strict()), abi::TEE_ERROR_SECURITY,
                 "does not verify");
  }
}

TEST(TaStore, RejectsTaSignedByKeyNotInPolicy) {
  TaSpec spec = simple_spec();
  spec.root = &keys().other;
  BuiltTa ta = test::build_signed_ta(spec);
  expect_error(open_ta_binary(ta.bytes, kWhat, &kTaUuid, strict()), abi::TEE_ERROR_SECURITY,
               "does not verify with any configured key");

  TaVerifyPolicy only_default = default_ta_verify_policy();
  expect_error(open_ta_binary(ta.bytes, kWhat, &kTaUuid, only_default), abi::TEE_ERROR_SECURITY,
               "unknown key (RSA-2048");

  TaVerifyPolicy none;
  expect_error(open_ta_binary(ta.bytes, kWhat, &kTaUuid, none), abi::TEE_ERROR_SECURITY,
               "unknown key");
}

TEST(TaStore, AcceptsUnknownKeyWithWarningInDevelopmentMode) {
  TaSpec spec = simple_spec();
  spec.root = &keys().other;
  BuiltTa ta = test::build_signed_ta(spec);
  LogCapture log;
  auto r = open_ta_binary(ta.bytes, kWhat, &kTaUuid, development());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->signature_verified);
  EXPECT_NE(log.text().find("UNVERIFIED"), std::string::npos);
}

TEST(TaStore, RejectsPolicyKeyThatDoesNotParse) {
  TaVerifyPolicy policy;
  policy.public_keys_pem = {"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"};
  BuiltTa ta = test::build_signed_ta(simple_spec());
  expect_error(open_ta_binary(ta.bytes, kWhat, &kTaUuid, policy), abi::TEE_ERROR_BAD_PARAMETERS,
               "key 0");
}

TEST(TaStore, EmbeddedDefaultKeyParses) {
  auto ok = check_public_key_pem(std::string(kOpteeDefaultTaKeyPem), "default key");
  EXPECT_TRUE(ok.ok()) << ok.error().message;
  TaVerifyPolicy policy = default_ta_verify_policy();
  ASSERT_EQ(policy.public_keys_pem.size(), 1u);
  EXPECT_FALSE(policy.allow_unsigned);
  // RSA-4096 (keys/default.pem, ta-binaries.md): a 2048-bit signature is "unknown key".
  BuiltTa ta = test::build_signed_ta(simple_spec());
  expect_error(open_ta_binary(ta.bytes, kWhat, &kTaUuid, policy), abi::TEE_ERROR_SECURITY,
               "unknown key");
  EXPECT_FALSE(check_public_key_pem("not a key", "junk").ok());
  EXPECT_TRUE(check_public_key_pem(keys().root.public_pem(), "root").ok());
}

// --- UUIDs --------------------------------------------------------------------------------

TEST(TaStore, RejectsTaOtherThanRequestedEvenInDevelopmentMode) {
  BuiltTa ta = test::build_signed_ta(simple_spec());
  const Uuid other = uuid("11111111-2222-3333-4444-555555555555");
  expect_error(open_ta_binary(ta.bytes, kWhat, &other, strict()), abi::TEE_ERROR_SECURITY,
               "not the requested 11111111-2222-3333-4444-555555555555");
  expect_error(open_ta_binary(ta.bytes, kWhat, &other, development()), abi::TEE_ERROR_SECURITY,
               "not the requested");
}

// --- Plain ELF ----------------------------------------------------------------------------

TEST(TaStore, RefusesPlainElfWithoutDevelopmentMode) {
  auto elf = fake_elf();
  expect_error(open_ta_binary(elf, kWhat, &kTaUuid, strict()), abi::TEE_ERROR_SECURITY,
               "unsigned TAs are loaded only");
}

TEST(TaStore, AcceptsPlainElfWithWarningInDevelopmentMode) {
  auto elf = fake_elf();
  LogCapture log;
  auto r = open_ta_binary(elf, kWhat, &kTaUuid, development());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->signed_file);
  EXPECT_FALSE(r->signature_verified);
  EXPECT_FALSE(r->uuid.has_value());
  EXPECT_EQ(r->elf, elf);
  EXPECT_NE(log.text().find("UNSIGNED"), std::string::npos);
}

// --- Layout -------------------------------------------------------------------------------

TEST(TaStore, EveryTruncationIsAnErrorNeverACrash) {
  for (size_t depth : {0, 1, 2}) {
    BuiltTa ta = test::build_signed_ta(depth == 0 ? simple_spec() : chain_spec(depth));
    ASSERT_TRUE(open_ta_binary(ta.bytes, kWhat, nullptr, strict()).ok());
    for (size_t len = 0; len < ta.bytes.size(); ++len) {
      std::vector<uint8_t> cut(ta.bytes.begin(), ta.bytes.begin() + static_cast<long>(len));
      auto r = open_ta_binary(cut, kWhat, nullptr, development());
      ASSERT_FALSE(r.ok()) << "depth " << depth << ", length " << len;
      // Cutting inside the ELF magic of a plain file is no different from a short header.
      EXPECT_EQ(r.error().code, abi::TEE_ERROR_BAD_FORMAT)
          << "depth " << depth << ", length " << len << ": " << r.error().message;
    }
  }
}

TEST(TaStore, TruncationMessageNamesTheField) {
  BuiltTa ta = test::build_signed_ta(simple_spec());
  auto cut = [&](size_t len) {
    return std::vector<uint8_t>(ta.bytes.begin(), ta.bytes.begin() + static_cast<long>(len));
  };
  expect_error(open_ta_binary(cut(10), kWhat, nullptr, strict()), abi::TEE_ERROR_BAD_FORMAT,
               "struct shdr");
  expect_error(open_ta_binary(cut(40), kWhat, nullptr, strict()), abi::TEE_ERROR_BAD_FORMAT,
               "'hash'");
  expect_error(open_ta_binary(cut(100), kWhat, nullptr, strict()), abi::TEE_ERROR_BAD_FORMAT,
               "'sig'");
  expect_error(open_ta_binary(cut(ta.image_offset - 5), kWhat, nullptr, strict()),
               abi::TEE_ERROR_BAD_FORMAT, "shdr_bootstrap_ta");
  expect_error(open_ta_binary(cut(ta.bytes.size() - 1), kWhat, nullptr, strict()),
               abi::TEE_ERROR_BAD_FORMAT, "'img_size'");
}

TEST(TaStore, RejectsImgSizeThatDoesNotMatchTheFile) {
  BuiltTa ta = test::build_signed_ta(simple_spec());
  const auto size = static_cast<uint32_t>(ta.bytes.size() - ta.image_offset);
  for (uint32_t bad : {size - 1, size + 1, 0u, 0xFFFFFFFFu}) {
    auto copy = ta.bytes;
    test::set_le32(copy, 8, bad);
    expect_error(open_ta_binary(copy, kWhat, nullptr, development()), abi::TEE_ERROR_BAD_FORMAT,
                 "'img_size'");
  }
  auto longer = ta.bytes;
  longer.push_back(0);
  expect_error(open_ta_binary(longer, kWhat, nullptr, development()), abi::TEE_ERROR_BAD_FORMAT,
               "does not match");
}

TEST(TaStore, RejectsWrongMagic) {
  BuiltTa ta = test::build_signed_ta(simple_spec());
  ta.bytes[0] ^= 0xFF;
  expect_error(open_ta_binary(ta.bytes, kWhat, nullptr, development()), abi::TEE_ERROR_BAD_FORMAT,
               "'magic'");
}

TEST(TaStore, RejectsUnknownImgType) {
  BuiltTa ta = test::build_signed_ta(simple_spec());
  test::set_le32(ta.bytes, 4, 4);
  expect_error(open_ta_binary(ta.bytes, kWhat, nullptr, development()), abi::TEE_ERROR_BAD_FORMAT,
               "'img_type' 4 is unknown");
}

TEST(TaStore, RefusesEncryptedTaAsNotSupported) {
  BuiltTa ta = test::build_signed_ta(simple_spec());
  test::set_le32(ta.bytes, 4, SHDR_ENCRYPTED_TA);
  expect_error(open_ta_binary(ta.bytes, kWhat, nullptr, development()),
               abi::TEE_ERROR_NOT_SUPPORTED, "encrypted TAs are not supported");
}

TEST(TaStore, RefusesOtherSignatureAlgorithms) {
  BuiltTa ta = test::build_signed_ta(simple_spec());
  test::set_le32(ta.bytes, 12, 0x70006830); // RSASSA_PKCS1_V1_5_SHA512
  expect_error(open_ta_binary(ta.bytes, kWhat, nullptr, development()),
               abi::TEE_ERROR_NOT_SUPPORTED, "'algo' 0x70006830");
}

TEST(TaStore, RejectsHashSizeOtherThanSha256) {
  BuiltTa ta = test::build_signed_ta(simple_spec());
  ta.bytes[16] = 20;
  expect_error(open_ta_binary(ta.bytes, kWhat, nullptr, development()), abi::TEE_ERROR_BAD_FORMAT,
               "'hash_size' is 20");
}

TEST(TaStore, RandomByteFlipsNeverCrash) {
  BuiltTa ta = test::build_signed_ta(chain_spec(2));
  std::mt19937 gen(11);
  size_t accepted = 0;
  for (int i = 0; i < 3000; ++i) {
    auto copy = ta.bytes;
    size_t at = gen() % copy.size();
    copy[at] = static_cast<uint8_t>(copy[at] ^ (1u << (gen() % 8)));
    auto r = open_ta_binary(copy, kWhat, nullptr, strict());
    if (r.ok()) {
      // Only the unhashed NUL padding after a subkey's name may change without effect.
      ++accepted;
      EXPECT_EQ(r->elf, chain_spec(2).elf);
    }
  }
  EXPECT_LT(accepted, 300u);
}

// --- Subkeys ------------------------------------------------------------------------------

TEST(TaStore, SubkeyNamespaceUuidMatchesOpteeKnownAnswers) {
  // optee_test's subkey1 chain, as printed by OP-TEE's documentation (sign_encrypt.py display).
  EXPECT_EQ(subkey_namespace_uuid(kSub1Uuid, "mid_level_subkey").str(),
            "1a5948c5-1aa0-518c-86f4-be6f6a057b16");
  EXPECT_EQ(subkey_namespace_uuid(uuid("1a5948c5-1aa0-518c-86f4-be6f6a057b16"), "subkey1_ta").str(),
            "5c206987-16a3-59cc-ab0f-64b9cfc9e758");
  EXPECT_EQ(subkey_namespace_uuid(kSub1Uuid, ""), kSub1Uuid);
}

TEST(TaStore, SubkeyChainOfDepthOneVerifies) {
  TaSpec spec = chain_spec(1);
  BuiltTa ta = test::build_signed_ta(spec);
  auto r = open_ta_binary(ta.bytes, kWhat, &spec.uuid, strict());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->signature_verified);
  EXPECT_EQ(r->elf, spec.elf);
  ASSERT_EQ(r->subkeys.size(), 1u);
  EXPECT_EQ(r->subkeys[0].uuid, kSub1Uuid);
  EXPECT_EQ(r->subkeys[0].name, "mid_level_subkey");
  EXPECT_EQ(r->signer, "key 0 / subkey f04fa996-148a-453c-b037-1dcfbad120a6 'mid_level_subkey'");
}

TEST(TaStore, SubkeyChainOfDepthTwoVerifies) {
  TaSpec spec = chain_spec(2);
  EXPECT_EQ(spec.uuid.str(), "5c206987-16a3-59cc-ab0f-64b9cfc9e758");
  BuiltTa ta = test::build_signed_ta(spec);
  // 2048-bit root: as in OP-TEE's documented dump (TA at 1712) with a 256-byte signature each.
  EXPECT_EQ(ta.header_offsets, (std::vector<size_t>{0, 692, 1384}));
  EXPECT_EQ(ta.image_offset, 1712u);
  auto r = open_ta_binary(ta.bytes, kWhat, &spec.uuid, strict());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->signature_verified);
  ASSERT_EQ(r->subkeys.size(), 2u);
  EXPECT_EQ(r->subkeys[1].name, "subkey1_ta");
  EXPECT_EQ(r->subkeys[0].max_depth, 1u);
  EXPECT_NE(r->signer.find("'subkey1_ta'"), std::string::npos) << r->signer;
}

TEST(TaStore, SubkeyChainWithBadMiddleSignatureFails) {
  TaSpec spec = chain_spec(2);
  BuiltTa ta = test::build_signed_ta(spec);
  ta.bytes[ta.sig_offset(1) + 3] ^= 0x10; // header 1 is signed by the first subkey
  expect_error(open_ta_binary(ta.bytes, kWhat, &spec.uuid, strict()), abi::TEE_ERROR_SECURITY,
               "signed header 1 (offset 692): RSASSA-PSS-SHA256 signature does not verify with "
               "subkey f04fa996");

  LogCapture log;
  auto r = open_ta_binary(ta.bytes, kWhat, &spec.uuid, development());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->signature_verified);
  EXPECT_NE(log.text().find("UNVERIFIED"), std::string::npos);
}

TEST(TaStore, SubkeyChainWithBadLastSignatureFails) {
  TaSpec spec = chain_spec(2);
  BuiltTa ta = test::build_signed_ta(spec);
  ta.bytes[ta.sig_offset(2)] ^= 0x01;
  expect_error(open_ta_binary(ta.bytes, kWhat, &spec.uuid, strict()), abi::TEE_ERROR_SECURITY,
               "signed header 2");
}

TEST(TaStore, SubkeySignedByUnknownRootFails) {
  TaSpec spec = chain_spec(1);
  spec.root = &keys().other;
  BuiltTa ta = test::build_signed_ta(spec);
  expect_error(open_ta_binary(ta.bytes, kWhat, &spec.uuid, strict()), abi::TEE_ERROR_SECURITY,
               "signed header 0");
}

TEST(TaStore, SubkeyCannotSignTaOutsideItsNamespace) {
  TaSpec spec = chain_spec(1);
  spec.uuid = kTaUuid; // not derived from the subkey
  BuiltTa ta = test::build_signed_ta(spec);
  expect_error(open_ta_binary(ta.bytes, kWhat, &kTaUuid, strict()), abi::TEE_ERROR_SECURITY,
               "outside the namespace");
  // A changed name (it is not hashed) moves the namespace away from the signed TA UUID.
  BuiltTa good = test::build_signed_ta(chain_spec(1));
  const size_t name_at = good.header_offsets[1] - 64;
  good.bytes[name_at] ^= 0x01;
  const Uuid want = chain_spec(1).uuid;
  expect_error(open_ta_binary(good.bytes, kWhat, &want, strict()), abi::TEE_ERROR_SECURITY,
               "outside the namespace");
}

TEST(TaStore, SubkeyBelowSubkeyMustBeInItsNamespace) {
  TaSpec spec = chain_spec(2);
  spec.subkeys[1].uuid = uuid("00000000-1111-2222-3333-444444444444");
  spec.uuid = subkey_namespace_uuid(spec.subkeys[1].uuid, spec.subkeys[1].name);
  BuiltTa ta = test::build_signed_ta(spec);
  expect_error(open_ta_binary(ta.bytes, kWhat, &spec.uuid, strict()), abi::TEE_ERROR_SECURITY,
               "outside the namespace of the subkey above");
}

TEST(TaStore, IdentitySubkeyWithoutNameAdmitsItsOwnUuid) {
  TaSpec spec = simple_spec();
  spec.subkeys.push_back(SubkeySpec{&keys().sub1, kTaUuid, "", 0, 1, 0});
  BuiltTa ta = test::build_signed_ta(spec);
  auto r = open_ta_binary(ta.bytes, kWhat, &kTaUuid, strict());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->signature_verified);
}

TEST(TaStore, SubkeyMaxDepthMustDecrease) {
  TaSpec spec = chain_spec(2);
  spec.subkeys[0].max_depth = 0; // no subkey allowed below
  BuiltTa ta = test::build_signed_ta(spec);
  expect_error(open_ta_binary(ta.bytes, kWhat, &spec.uuid, strict()), abi::TEE_ERROR_SECURITY,
               "'max_depth' 0 is not below its parent's 0");
}

TEST(TaStore, TamperedSubkeyBodyIsHashMismatch) {
  BuiltTa ta = test::build_signed_ta(chain_spec(1));
  ta.bytes[ta.sig_offset(0) + 256 + 20] ^= 0x01; // subkey_version
  expect_error(open_ta_binary(ta.bytes, kWhat, nullptr, development()), abi::TEE_ERROR_SECURITY,
               "hash mismatch in the subkey");
}

TEST(TaStore, SubkeyAttributeOutsideBodyIsBadFormat) {
  TaSpec spec = chain_spec(1);
  BuiltTa ta = test::build_signed_ta(spec);
  const size_t body = ta.sig_offset(0) + 256;
  test::set_le32(ta.bytes, body + 36 + 8, 10000); // modulus size
  expect_error(open_ta_binary(ta.bytes, kWhat, nullptr, development()), abi::TEE_ERROR_BAD_FORMAT,
               "past img_size");
  auto copy = test::build_signed_ta(spec).bytes;
  test::set_le32(copy, body + 32, 0x10000000); // attr_count
  expect_error(open_ta_binary(copy, kWhat, nullptr, development()), abi::TEE_ERROR_BAD_FORMAT,
               "'attr_count'");
}

// --- Files --------------------------------------------------------------------------------

class TaStoreFiles : public ::testing::Test {
protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("swemu_ta_store_test_" + std::to_string(::getpid()));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ / "a");
    std::filesystem::create_directories(root_ / "b");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::filesystem::path touch(const std::string& rel, const std::string& content = "x") {
    auto p = root_ / rel;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  std::filesystem::path root_;
};

const Uuid kFindUuid = uuid("8AAAF200-2450-11E4-ABE2-0002A5D5C51B"); // printed lowercase

TEST_F(TaStoreFiles, FindTaFilePrefersRfcNameThenLegacyNameThenElf) {
  const std::vector<std::filesystem::path> dirs = {root_ / "a"};
  EXPECT_FALSE(find_ta_file(dirs, kFindUuid).has_value());
  auto elf = touch("a/8aaaf200-2450-11e4-abe2-0002a5d5c51b.elf");
  EXPECT_EQ(find_ta_file(dirs, kFindUuid), elf);
  auto legacy = touch("a/8aaaf200-2450-11e4-abe20002a5d5c51b.ta");
  EXPECT_EQ(find_ta_file(dirs, kFindUuid), legacy);
  auto rfc = touch("a/8aaaf200-2450-11e4-abe2-0002a5d5c51b.ta");
  EXPECT_EQ(find_ta_file(dirs, kFindUuid), rfc);
}

TEST_F(TaStoreFiles, FindTaFileSearchesDirectoriesInOrder) {
  auto in_b = touch("b/8aaaf200-2450-11e4-abe2-0002a5d5c51b.ta");
  EXPECT_EQ(find_ta_file({root_ / "missing", root_ / "a", root_ / "b"}, kFindUuid), in_b);
  // A fallback name in an earlier directory wins over the main name in a later one, as in
  // tee-supplicant, which tries both names per directory.
  auto legacy_a = touch("a/8aaaf200-2450-11e4-abe20002a5d5c51b.ta");
  EXPECT_EQ(find_ta_file({root_ / "a", root_ / "b"}, kFindUuid), legacy_a);
  EXPECT_EQ(find_ta_file({root_ / "b", root_ / "a"}, kFindUuid), in_b);
}

TEST_F(TaStoreFiles, FindTaFileIgnoresDirectoriesWithTheName) {
  std::filesystem::create_directories(root_ / "a/8aaaf200-2450-11e4-abe2-0002a5d5c51b.ta");
  EXPECT_FALSE(find_ta_file({root_ / "a"}, kFindUuid).has_value());
}

TEST_F(TaStoreFiles, ReadFileLimitedReadsWholeFile) {
  std::string content(100000, 'q');
  auto p = touch("a/f", content);
  auto r = read_file_limited(p, 100000);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(std::string(r->begin(), r->end()), content);
  auto empty = read_file_limited(touch("a/e", ""), 0);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST_F(TaStoreFiles, ReadFileLimitedRefusesLargerFile) {
  auto p = touch("a/f", std::string(101, 'q'));
  auto r = read_file_limited(p, 100);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, abi::TEE_ERROR_EXCESS_DATA);
  EXPECT_NE(r.error().message.find("limit of 100 bytes"), std::string::npos) << r.error().message;
}

TEST_F(TaStoreFiles, ReadFileLimitedReportsMissingFileAndDirectory) {
  auto missing = read_file_limited(root_ / "a/none", 100);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, abi::TEE_ERROR_ITEM_NOT_FOUND);
  auto dir = read_file_limited(root_ / "a", 100);
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().code, abi::TEE_ERROR_ITEM_NOT_FOUND);
  EXPECT_NE(dir.error().message.find("directory"), std::string::npos);
}

TEST_F(TaStoreFiles, FoundSignedFileOpens) {
  BuiltTa ta = test::build_signed_ta(simple_spec());
  touch("b/8aaaf200-2450-11e4-abe2-0002a5d5c51b.ta", std::string(ta.bytes.begin(), ta.bytes.end()));
  auto path = find_ta_file({root_ / "a", root_ / "b"}, kTaUuid);
  ASSERT_TRUE(path.has_value());
  auto bytes = read_file_limited(*path, kMaxTaFileBytes);
  ASSERT_TRUE(bytes.ok());
  auto r = open_ta_binary(*bytes, path->string(), &kTaUuid, strict());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->signature_verified);
}

} // namespace
} // namespace swemu::core
