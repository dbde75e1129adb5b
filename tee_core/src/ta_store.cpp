// Signed TA files and the TA directory search. Facts: see ta_store.h.
//
// open_ta_binary works in two passes. parse_layout() walks the header chain and checks every
// offset and size against the file (so a truncated or inconsistent file is BAD_FORMAT and no
// crypto runs on it); verify_layout() then checks the hashes, the UUIDs, the signatures and
// the subkey rules on that typed, in-bounds layout.
#include "swemu/core/ta_store.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <memory>
#include <utility>

#include <fmt/format.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>

#include "swemu/core/log.h"
#include "swemu/core/tee_abi.h"

namespace swemu::core {
namespace {

using abi::TEE_ERROR_BAD_FORMAT;
using abi::TEE_ERROR_BAD_PARAMETERS;
using abi::TEE_ERROR_EXCESS_DATA;
using abi::TEE_ERROR_GENERIC;
using abi::TEE_ERROR_ITEM_NOT_FOUND;
using abi::TEE_ERROR_NOT_SUPPORTED;
using abi::TEE_ERROR_SECURITY;

using Bytes = std::span<const uint8_t>;

constexpr uint64_t kSha256Size = 32;
// TEE_ALG_GET_MAIN_ALG: the low byte; 0x30 for every RSA algorithm (optee-abi.md §6.5).
constexpr uint32_t kMainAlgoMask = 0xFF;
constexpr uint32_t kMainAlgoRsa = 0x30;
constexpr uint64_t kMaxRsaBytes = 1024; // RSA-8192; keeps a hostile sig_size cheap to reject
constexpr std::array<uint8_t, 4> kElfMagic = {0x7F, 'E', 'L', 'F'};
constexpr size_t kUuidSize = 16;

uint16_t le16(const uint8_t* p) {
  return static_cast<uint16_t>(p[0] | p[1] << 8);
}
uint32_t le32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

template <class... Args>
Error fail(uint32_t code, const std::string& what, fmt::format_string<Args...> format,
           Args&&... args) {
  return make_error(code,
                    fmt::format("{}: {}", what, fmt::format(format, std::forward<Args>(args)...)));
}

const char* algo_name(uint32_t algo) {
  return algo == TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256 ? "RSASSA-PSS-SHA256"
                                                      : "RSASSA-PKCS1-v1_5-SHA256";
}

std::array<uint8_t, kSha256Size> sha256(std::initializer_list<Bytes> parts) {
  std::array<uint8_t, kSha256Size> out{};
  mbedtls_sha256_context ctx;
  mbedtls_sha256_init(&ctx);
  mbedtls_sha256_starts(&ctx, 0);
  for (Bytes part : parts)
    mbedtls_sha256_update(&ctx, part.data(), part.size());
  mbedtls_sha256_finish(&ctx, out.data());
  mbedtls_sha256_free(&ctx);
  return out;
}

bool same_bytes(Bytes a, Bytes b) {
  if (a.size() != b.size())
    return false;
  uint8_t diff = 0;
  for (size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<uint8_t>(a[i] ^ b[i]);
  return diff == 0;
}

// --- Layout -------------------------------------------------------------------------------

// One struct shdr with its hash and signature, located in the file.
struct SignedHeader {
  size_t index = 0; // position in the chain, 0 = first in the file
  uint64_t offset = 0;
  uint32_t img_type = 0;
  uint32_t img_size = 0;
  uint32_t algo = 0;
  Bytes fixed; // the 20-byte struct shdr; it is covered by the hash
  Bytes hash;
  Bytes sig;

  uint64_t end() const { return offset + kShdrSize + hash.size() + sig.size(); }
  std::string where() const { return fmt::format("signed header {} (offset {})", index, offset); }
};

struct SubkeyLevel {
  SignedHeader header;
  Bytes body; // struct shdr_subkey and its attribute values: img_size bytes, hashed
  SubkeyInfo info;
  Bytes modulus;
  Bytes exponent;
  Uuid admits; // the UUID the next subkey or the TA must have
  uint64_t end = 0;
};

struct SignedLayout {
  std::vector<SubkeyLevel> subkeys;
  SignedHeader ta;
  Bytes bootstrap; // struct shdr_bootstrap_ta; empty for SHDR_TA
  Uuid bootstrap_uuid;
  uint32_t ta_version = 0;
  Bytes image;
};

Result<SignedHeader> parse_header(Bytes file, uint64_t offset, size_t index,
                                  const std::string& what) {
  SignedHeader h;
  h.index = index;
  h.offset = offset;
  const uint64_t left = file.size() - offset; // offset <= file.size(): callers check
  if (left < kShdrSize)
    return fail(TEE_ERROR_BAD_FORMAT, what, "truncated: {} needs {} bytes for struct shdr, {} left",
                h.where(), kShdrSize, left);
  const uint8_t* p = file.data() + offset;
  const uint32_t magic = le32(p);
  h.img_type = le32(p + 4);
  h.img_size = le32(p + 8);
  h.algo = le32(p + 12);
  const uint16_t hash_size = le16(p + 16);
  const uint16_t sig_size = le16(p + 18);
  h.fixed = file.subspan(offset, kShdrSize);

  if (magic != SHDR_MAGIC)
    return fail(TEE_ERROR_BAD_FORMAT, what,
                "{}: field 'magic' is 0x{:08x}, expected 0x{:08x} (neither a signed TA nor an "
                "ELF file)",
                h.where(), magic, SHDR_MAGIC);
  if (h.img_type == SHDR_ENCRYPTED_TA)
    return fail(TEE_ERROR_NOT_SUPPORTED, what,
                "{}: field 'img_type' is SHDR_ENCRYPTED_TA; encrypted TAs are not supported "
                "(swemu has no TA encryption key); sign the TA without --enc-key",
                h.where());
  if (h.img_type != SHDR_TA && h.img_type != SHDR_BOOTSTRAP_TA && h.img_type != SHDR_SUBKEY)
    return fail(TEE_ERROR_BAD_FORMAT, what, "{}: field 'img_type' {} is unknown", h.where(),
                h.img_type);
  if (h.algo != TEE_ALG_RSASSA_PKCS1_V1_5_SHA256 && h.algo != TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256)
    return fail(TEE_ERROR_NOT_SUPPORTED, what,
                "{}: field 'algo' 0x{:08x} is not supported (only "
                "TEE_ALG_RSASSA_PKCS1_V1_5_SHA256 and TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256)",
                h.where(), h.algo);
  if (hash_size != kSha256Size)
    return fail(TEE_ERROR_BAD_FORMAT, what, "{}: field 'hash_size' is {}, SHA-256 needs {}",
                h.where(), hash_size, kSha256Size);
  if (sig_size == 0 || sig_size > kMaxRsaBytes)
    return fail(TEE_ERROR_BAD_FORMAT, what, "{}: field 'sig_size' {} is not an RSA size", h.where(),
                sig_size);
  if (left - kShdrSize < hash_size)
    return fail(TEE_ERROR_BAD_FORMAT, what, "truncated: {}: field 'hash' needs {} bytes", h.where(),
                hash_size);
  if (left - kShdrSize - hash_size < sig_size)
    return fail(TEE_ERROR_BAD_FORMAT, what, "truncated: {}: field 'sig' needs {} bytes", h.where(),
                sig_size);
  h.hash = file.subspan(offset + kShdrSize, hash_size);
  h.sig = file.subspan(offset + kShdrSize + hash_size, sig_size);
  return h;
}

// The subkey body follows its signed header: struct shdr_subkey, attributes, then
// name[name_size] outside the hashed img_size (signed_hdr.h).
Result<SubkeyLevel> parse_subkey(Bytes file, const SignedHeader& h, const std::string& what) {
  SubkeyLevel s;
  s.header = h;
  const uint64_t offset = h.end();
  const std::string where = fmt::format("subkey of {}", h.where());
  if (h.img_size < kShdrSubkeySize)
    return fail(TEE_ERROR_BAD_FORMAT, what,
                "{}: field 'img_size' {} is smaller than struct shdr_subkey ({} bytes)", where,
                h.img_size, kShdrSubkeySize);
  if (file.size() - offset < h.img_size)
    return fail(TEE_ERROR_BAD_FORMAT, what,
                "truncated: {}: field 'img_size' says {} bytes at offset {}, {} left", where,
                h.img_size, offset, file.size() - offset);
  s.body = file.subspan(offset, h.img_size);
  const uint8_t* p = s.body.data();
  s.info.uuid = Uuid::from_octets(p);
  const uint32_t name_size = le32(p + 16);
  s.info.version = le32(p + 20);
  s.info.max_depth = le32(p + 24);
  const uint32_t key_algo = le32(p + 28);
  const uint32_t attr_count = le32(p + 32);

  if ((key_algo & kMainAlgoMask) != kMainAlgoRsa)
    return fail(TEE_ERROR_NOT_SUPPORTED, what,
                "{}: field 'algo' 0x{:08x} is not an RSA algorithm (only RSA subkeys are "
                "supported)",
                where, key_algo);
  // 64-bit arithmetic: attr_count * 12 + 36 cannot overflow.
  if (kShdrSubkeySize + uint64_t{attr_count} * kShdrSubkeyAttrSize > h.img_size)
    return fail(TEE_ERROR_BAD_FORMAT, what,
                "{}: field 'attr_count' {} puts the attribute table past img_size {}", where,
                attr_count, h.img_size);
  std::optional<Bytes> modulus;
  std::optional<Bytes> exponent;
  for (uint32_t i = 0; i < attr_count; ++i) {
    const uint8_t* a = p + kShdrSubkeySize + uint64_t{i} * kShdrSubkeyAttrSize;
    const uint32_t id = le32(a);
    const uint32_t offs = le32(a + 4);
    const uint32_t size = le32(a + 8);
    if (uint64_t{offs} + size > h.img_size)
      return fail(TEE_ERROR_BAD_FORMAT, what,
                  "{}: attribute {} (id 0x{:08x}): field 'offs' {} + 'size' {} is past img_size "
                  "{}",
                  where, i, id, offs, size, h.img_size);
    // The first attribute with an id wins, as in OP-TEE.
    if (id == TEE_ATTR_RSA_MODULUS && !modulus)
      modulus = s.body.subspan(offs, size);
    else if (id == TEE_ATTR_RSA_PUBLIC_EXPONENT && !exponent)
      exponent = s.body.subspan(offs, size);
  }
  if (!modulus || modulus->empty() || modulus->size() > kMaxRsaBytes)
    return fail(TEE_ERROR_BAD_FORMAT, what,
                "{}: no usable TEE_ATTR_RSA_MODULUS attribute (1..{} bytes)", where, kMaxRsaBytes);
  if (!exponent || exponent->empty() || exponent->size() > modulus->size())
    return fail(TEE_ERROR_BAD_FORMAT, what, "{}: no usable TEE_ATTR_RSA_PUBLIC_EXPONENT attribute",
                where);
  s.modulus = *modulus;
  s.exponent = *exponent;

  const uint64_t name_offset = offset + h.img_size;
  if (file.size() - name_offset < name_size)
    return fail(TEE_ERROR_BAD_FORMAT, what,
                "truncated: {}: field 'name' needs {} bytes at offset {}, {} left", where,
                name_size, name_offset, file.size() - name_offset);
  Bytes name = file.subspan(name_offset, name_size);
  auto nul = std::find(name.begin(), name.end(), uint8_t{0});
  s.info.name.assign(name.begin(), nul);
  s.admits = subkey_namespace_uuid(s.info.uuid, s.info.name);
  s.end = name_offset + name_size;
  return s;
}

Result<SignedLayout> parse_layout(Bytes file, const std::string& what) {
  SignedLayout layout;
  uint64_t offset = 0;
  for (size_t index = 0;; ++index) {
    SignedHeader h = SWEMU_TRY(parse_header(file, offset, index, what));
    if (h.img_type != SHDR_SUBKEY) {
      layout.ta = h;
      break;
    }
    if (layout.subkeys.size() == kMaxSubkeyChain)
      return fail(TEE_ERROR_NOT_SUPPORTED, what, "subkey chain longer than {} levels",
                  kMaxSubkeyChain);
    SubkeyLevel level = SWEMU_TRY(parse_subkey(file, h, what));
    offset = level.end;
    layout.subkeys.push_back(std::move(level));
  }

  uint64_t image_offset = layout.ta.end();
  if (layout.ta.img_type == SHDR_BOOTSTRAP_TA) {
    if (file.size() - image_offset < kShdrBootstrapSize)
      return fail(TEE_ERROR_BAD_FORMAT, what,
                  "truncated: {}: struct shdr_bootstrap_ta needs {} bytes at offset {}, {} left",
                  layout.ta.where(), kShdrBootstrapSize, image_offset, file.size() - image_offset);
    layout.bootstrap = file.subspan(image_offset, kShdrBootstrapSize);
    layout.bootstrap_uuid = Uuid::from_octets(layout.bootstrap.data());
    layout.ta_version = le32(layout.bootstrap.data() + kUuidSize);
    image_offset += kShdrBootstrapSize;
  }
  // The image is the rest of the file, exactly (optee-abi.md §4.7).
  const uint64_t left = file.size() - image_offset;
  if (left < layout.ta.img_size)
    return fail(TEE_ERROR_BAD_FORMAT, what,
                "truncated: {}: field 'img_size' says {} bytes of image at offset {}, {} left",
                layout.ta.where(), layout.ta.img_size, image_offset, left);
  if (left > layout.ta.img_size)
    return fail(TEE_ERROR_BAD_FORMAT, what,
                "{}: field 'img_size' {} does not match the {} bytes after the headers",
                layout.ta.where(), layout.ta.img_size, left);
  layout.image = file.subspan(image_offset);
  return layout;
}

// --- Keys ---------------------------------------------------------------------------------

// An RSA public key in an mbedTLS PK context.
class RsaPublicKey {
public:
  RsaPublicKey() { mbedtls_pk_init(&pk_); }
  ~RsaPublicKey() { mbedtls_pk_free(&pk_); }
  RsaPublicKey(const RsaPublicKey&) = delete;
  RsaPublicKey& operator=(const RsaPublicKey&) = delete;

  // Returns a message on failure.
  std::optional<std::string> parse_pem(const std::string& pem) {
    // PEM input must include its terminating NUL in the length.
    int rc = mbedtls_pk_parse_public_key(&pk_, reinterpret_cast<const unsigned char*>(pem.c_str()),
                                         pem.size() + 1);
    if (rc != 0)
      return fmt::format("not a PEM public key (mbedTLS error -0x{:04x})", -rc);
    if (mbedtls_pk_get_type(&pk_) != MBEDTLS_PK_RSA)
      return std::string("not an RSA key");
    return std::nullopt;
  }

  std::optional<std::string> import(Bytes modulus, Bytes exponent) {
    int rc = mbedtls_pk_setup(&pk_, mbedtls_pk_info_from_type(MBEDTLS_PK_RSA));
    if (rc == 0)
      rc = mbedtls_rsa_import_raw(rsa(), modulus.data(), modulus.size(), nullptr, 0, nullptr, 0,
                                  nullptr, 0, exponent.data(), exponent.size());
    if (rc == 0)
      rc = mbedtls_rsa_complete(rsa());
    if (rc == 0)
      rc = mbedtls_rsa_check_pubkey(rsa());
    if (rc != 0)
      return fmt::format("not a valid RSA public key (mbedTLS error -0x{:04x})", -rc);
    return std::nullopt;
  }

  size_t bytes() { return mbedtls_rsa_get_len(rsa()); }

  // Verifies `sig` over a SHA-256 digest. PSS: MGF1-SHA256 and a salt as long as the hash,
  // which is what sign_encrypt.py makes and OP-TEE checks.
  bool verify(uint32_t algo, Bytes hash, Bytes sig) {
    if (sig.size() != bytes() || hash.size() != kSha256Size)
      return false;
    if (algo == TEE_ALG_RSASSA_PKCS1_V1_5_SHA256) {
      mbedtls_rsa_set_padding(rsa(), MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_SHA256);
      return mbedtls_rsa_rsassa_pkcs1_v15_verify(rsa(), MBEDTLS_MD_SHA256, kSha256Size, hash.data(),
                                                 sig.data()) == 0;
    }
    mbedtls_rsa_set_padding(rsa(), MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
    return mbedtls_rsa_rsassa_pss_verify_ext(rsa(), MBEDTLS_MD_SHA256, kSha256Size, hash.data(),
                                             MBEDTLS_MD_SHA256, static_cast<int>(kSha256Size),
                                             sig.data()) == 0;
  }

private:
  mbedtls_rsa_context* rsa() { return mbedtls_pk_rsa(pk_); }
  mbedtls_pk_context pk_;
};

Result<std::vector<std::unique_ptr<RsaPublicKey>>> parse_policy_keys(const TaVerifyPolicy& policy) {
  std::vector<std::unique_ptr<RsaPublicKey>> keys;
  for (size_t i = 0; i < policy.public_keys_pem.size(); ++i) {
    auto key = std::make_unique<RsaPublicKey>();
    if (auto why = key->parse_pem(policy.public_keys_pem[i]))
      return make_error(TEE_ERROR_BAD_PARAMETERS,
                        fmt::format("TA verification policy: key {}: {}", i, *why));
    keys.push_back(std::move(key));
  }
  return keys;
}

// --- Verification -------------------------------------------------------------------------

struct Verdict {
  std::string signer;
  std::vector<std::string> doubts; // trust failures accepted in development mode
};

Result<Verdict> verify_layout(const SignedLayout& layout, const std::string& what,
                              const Uuid* expected_uuid, const TaVerifyPolicy& policy) {
  // Integrity first, in every mode: each level's hash covers its struct shdr and its payload.
  for (const SubkeyLevel& s : layout.subkeys) {
    auto digest = sha256({s.header.fixed, s.body});
    if (!same_bytes(digest, s.header.hash))
      return fail(TEE_ERROR_SECURITY, what,
                  "hash mismatch in the subkey of {}: the file was modified after signing",
                  s.header.where());
  }
  auto digest = sha256({layout.ta.fixed, layout.bootstrap, layout.image});
  if (!same_bytes(digest, layout.ta.hash))
    return fail(TEE_ERROR_SECURITY, what,
                "hash mismatch: the TA image or its headers were modified after signing");

  const bool bootstrap = !layout.bootstrap.empty();
  if (bootstrap && expected_uuid && layout.bootstrap_uuid != *expected_uuid)
    return fail(TEE_ERROR_SECURITY, what, "the file is TA {}, not the requested {}",
                layout.bootstrap_uuid.str(), expected_uuid->str());

  Verdict verdict;
  // Records a trust failure: fatal unless the policy allows unsigned TAs.
  auto distrust = [&](std::string why) -> std::optional<Error> {
    if (!policy.allow_unsigned)
      return make_error(TEE_ERROR_SECURITY, fmt::format("{}: {}", what, why));
    verdict.doubts.push_back(std::move(why));
    return std::nullopt;
  };

  // The first header is signed with a configured root key; the file does not say which.
  auto keys = SWEMU_TRY(parse_policy_keys(policy));
  const SignedHeader& first = layout.subkeys.empty() ? layout.ta : layout.subkeys[0].header;
  std::optional<size_t> root;
  bool size_matched = false;
  for (size_t i = 0; i < keys.size() && !root; ++i) {
    if (keys[i]->bytes() != first.sig.size())
      continue;
    size_matched = true;
    if (keys[i]->verify(first.algo, first.hash, first.sig))
      root = i;
  }
  if (root) {
    verdict.signer = fmt::format("key {}", *root);
  } else if (auto e = distrust(
                 size_matched
                     ? fmt::format("{}: {} signature does not verify with any configured key",
                                   first.where(), algo_name(first.algo))
                     : fmt::format("{}: signed by an unknown key (RSA-{}; no configured key has "
                                   "that size)",
                                   first.where(), first.sig.size() * 8))) {
    return std::move(*e);
  }

  // Each subkey signs the next header; max_depth shrinks and UUIDs stay in the namespace
  // of the subkey above (OP-TEE signed_hdr.h and its REE FS TA loader, ree_fs_ta.c).
  uint32_t depth_limit = std::numeric_limits<uint32_t>::max();
  for (size_t i = 0; i < layout.subkeys.size(); ++i) {
    const SubkeyLevel& s = layout.subkeys[i];
    const std::string name = fmt::format("subkey {} '{}'", s.info.uuid.str(), s.info.name);
    if (s.info.max_depth >= depth_limit) {
      if (auto e = distrust(fmt::format("{}: field 'max_depth' {} is not below its parent's {}",
                                        name, s.info.max_depth, depth_limit)))
        return std::move(*e);
    }
    depth_limit = s.info.max_depth;
    if (i > 0 && s.info.uuid != layout.subkeys[i - 1].admits) {
      if (auto e = distrust(fmt::format("{} is outside the namespace of the subkey above it "
                                        "(which admits {})",
                                        name, layout.subkeys[i - 1].admits.str())))
        return std::move(*e);
    }

    RsaPublicKey key;
    if (auto why = key.import(s.modulus, s.exponent))
      return fail(TEE_ERROR_BAD_FORMAT, what, "{}: {}", name, *why);
    const SignedHeader& next =
        i + 1 < layout.subkeys.size() ? layout.subkeys[i + 1].header : layout.ta;
    if (next.sig.size() != key.bytes()) {
      if (auto e = distrust(fmt::format("{}: field 'sig_size' {} does not match {}'s {}-byte "
                                        "modulus",
                                        next.where(), next.sig.size(), name, key.bytes())))
        return std::move(*e);
    } else if (!key.verify(next.algo, next.hash, next.sig)) {
      if (auto e = distrust(fmt::format("{}: {} signature does not verify with {}", next.where(),
                                        algo_name(next.algo), name)))
        return std::move(*e);
    }
    verdict.signer += " / " + name;
  }

  if (!layout.subkeys.empty()) {
    const Uuid* ta_uuid = bootstrap ? &layout.bootstrap_uuid : expected_uuid;
    const Uuid& admits = layout.subkeys.back().admits;
    if (!ta_uuid) {
      if (auto e = distrust("the TA's UUID is unknown (SHDR_TA and no requested UUID), so the "
                            "subkey namespace cannot be checked"))
        return std::move(*e);
    } else if (*ta_uuid != admits) {
      if (auto e = distrust(fmt::format("TA {} is outside the namespace of the last subkey "
                                        "(which admits {})",
                                        ta_uuid->str(), admits.str())))
        return std::move(*e);
    }
  }
  return verdict;
}

} // namespace

TaVerifyPolicy default_ta_verify_policy() {
  TaVerifyPolicy policy;
  policy.public_keys_pem.emplace_back(kOpteeDefaultTaKeyPem);
  return policy;
}

Uuid subkey_namespace_uuid(const Uuid& subkey_uuid, std::string_view name) {
  if (name.empty())
    return subkey_uuid;
  std::array<uint8_t, 64> digest{};
  mbedtls_sha512_context ctx;
  mbedtls_sha512_init(&ctx);
  mbedtls_sha512_starts(&ctx, 0);
  mbedtls_sha512_update(&ctx, subkey_uuid.octets.data(), subkey_uuid.octets.size());
  mbedtls_sha512_update(&ctx, reinterpret_cast<const unsigned char*>(name.data()), name.size());
  mbedtls_sha512_finish(&ctx, digest.data());
  mbedtls_sha512_free(&ctx);
  Uuid u = Uuid::from_octets(digest.data());
  // RFC 4122 §4.3 name-based UUID: version 5 in the top nibble of time_hi_and_version,
  // variant 10 in the top bits of clock_seq_hi_and_reserved.
  u.octets[6] = static_cast<uint8_t>((u.octets[6] & 0x0F) | 0x50);
  u.octets[8] = static_cast<uint8_t>((u.octets[8] & 0x3F) | 0x80);
  return u;
}

Result<void> check_public_key_pem(const std::string& pem, const std::string& what) {
  RsaPublicKey key;
  if (auto why = key.parse_pem(pem))
    return make_error(TEE_ERROR_BAD_PARAMETERS, fmt::format("{}: {}", what, *why));
  return {};
}

Result<TaBinary> open_ta_binary(std::span<const uint8_t> file, const std::string& what,
                                const Uuid* expected_uuid, const TaVerifyPolicy& policy) {
  auto logger = swemu::log::get("loader");
  if (file.size() >= kElfMagic.size() &&
      std::equal(kElfMagic.begin(), kElfMagic.end(), file.begin())) {
    if (!policy.allow_unsigned)
      return fail(TEE_ERROR_SECURITY, what,
                  "a plain ELF file, not a signed TA; unsigned TAs are loaded only with the "
                  "development option that allows them (allow_unsigned)");
    logger->warn("{}: loading an UNSIGNED plain ELF TA (development mode: unsigned TAs allowed); "
                 "nothing authenticates it",
                 what);
    TaBinary plain;
    plain.elf.assign(file.begin(), file.end());
    return plain;
  }

  SignedLayout layout = SWEMU_TRY(parse_layout(file, what));
  Verdict verdict = SWEMU_TRY(verify_layout(layout, what, expected_uuid, policy));

  TaBinary out;
  out.elf.assign(layout.image.begin(), layout.image.end());
  out.signed_file = true;
  out.signature_verified = verdict.doubts.empty();
  out.ta_version = layout.ta_version;
  if (!layout.bootstrap.empty())
    out.uuid = layout.bootstrap_uuid;
  for (const SubkeyLevel& s : layout.subkeys)
    out.subkeys.push_back(s.info);
  if (out.signature_verified) {
    out.signer = std::move(verdict.signer);
    logger->debug("{}: signature verified ({})", what, out.signer);
  } else {
    std::string why;
    for (const std::string& d : verdict.doubts)
      why += (why.empty() ? "" : "; ") + d;
    logger->warn("{}: loading with an UNVERIFIED signature (development mode: unsigned TAs "
                 "allowed): {}. The SHA-256 hashes and the header layout were checked.",
                 what, why);
  }
  return out;
}

std::optional<std::filesystem::path> find_ta_file(const std::vector<std::filesystem::path>& dirs,
                                                  const Uuid& uuid) {
  const std::string rfc = uuid.str();
  std::string legacy = rfc;
  legacy.erase(23, 1); // the dash before the last 12 digits
  const std::array<std::string, 3> names = {rfc + ".ta", legacy + ".ta", rfc + ".elf"};
  for (const auto& dir : dirs) {
    for (const auto& name : names) {
      std::filesystem::path candidate = dir / name;
      std::error_code ec;
      if (std::filesystem::is_regular_file(candidate, ec))
        return candidate;
    }
  }
  return std::nullopt;
}

Result<std::vector<uint8_t>> read_file_limited(const std::filesystem::path& path,
                                               uint64_t max_bytes) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status))
    return make_error(TEE_ERROR_ITEM_NOT_FOUND,
                      fmt::format("{}: cannot open: {}", path.string(),
                                  ec ? ec.message() : std::string("no such file")));
  if (std::filesystem::is_directory(status))
    return make_error(TEE_ERROR_ITEM_NOT_FOUND,
                      fmt::format("{}: is a directory, not a file", path.string()));
  if (std::filesystem::is_regular_file(status)) {
    const uint64_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_bytes)
      return make_error(TEE_ERROR_EXCESS_DATA,
                        fmt::format("{}: {} bytes, larger than the limit of {} bytes",
                                    path.string(), size, max_bytes));
  }

  std::ifstream in(path, std::ios::binary);
  if (!in)
    return make_error(TEE_ERROR_ITEM_NOT_FOUND,
                      fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno)));
  // Read in chunks up to one byte past the limit: the size may change while we read, and
  // non-regular files (pipes) have none.
  std::vector<uint8_t> bytes;
  constexpr size_t kChunk = size_t{64} * 1024;
  while (in) {
    // bytes.size() <= max_bytes here; the +1 saturates for an unlimited max_bytes.
    uint64_t room = max_bytes - bytes.size();
    if (room != std::numeric_limits<uint64_t>::max())
      ++room;
    const auto want = static_cast<size_t>(std::min<uint64_t>(kChunk, room));
    const size_t old = bytes.size();
    bytes.resize(old + want);
    in.read(reinterpret_cast<char*>(bytes.data() + old), static_cast<std::streamsize>(want));
    bytes.resize(old + static_cast<size_t>(in.gcount()));
    if (bytes.size() > max_bytes)
      return make_error(TEE_ERROR_EXCESS_DATA, fmt::format("{}: larger than the limit of {} bytes",
                                                           path.string(), max_bytes));
  }
  if (in.bad())
    return make_error(TEE_ERROR_GENERIC, fmt::format("{}: read failed", path.string()));
  return bytes;
}

} // namespace swemu::core
