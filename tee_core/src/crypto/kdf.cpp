// Key derivation: OP-TEE's HKDF, Concat KDF and PBKDF2 extensions (optee-abi.md §6.5,
// "OP-TEE key-derivation extensions"), over mbedTLS.
//
// Each takes its secret from a key object of the family's own type and its public inputs
// from the operation parameters, and writes the result into an uninitialized
// GENERIC_SECRET object as its TEE_ATTR_SECRET_VALUE.
//
// GP's own TEE_ALG_HKDF (0x80000047) is not implemented: its parameter rules are not
// pinned down in our reference sheet, so it stays TEE_ERROR_NOT_SUPPORTED. SM3 variants
// are not supported either (no SM3 in mbedTLS).
#include <mbedtls/hkdf.h>
#include <mbedtls/md.h>
#include <mbedtls/pkcs5.h>

#include <algorithm>
#include <initializer_list>

#include <fmt/format.h>

#include "crypto/crypto.h"

namespace swemu::core::crypto {
namespace {

using namespace swemu::abi;

constexpr uint32_t kAttrSecretValue = 0xC000'0000;
constexpr uint32_t kTypeGenericSecret = 0xA000'0000;

// HKDF (RFC 5869): TEE_ALG_HKDF_<hash>_DERIVE_KEY = 0x800010C0 .. 0x800060C0.
constexpr uint32_t kTypeHkdfIkm = 0xA100'00C0;
constexpr uint32_t kAttrHkdfIkm = 0xC000'01C0;
constexpr uint32_t kAttrHkdfSalt = 0xD000'02C0;
constexpr uint32_t kAttrHkdfInfo = 0xD000'03C0;
constexpr uint32_t kAttrHkdfOkmLength = 0xF000'04C0;

// Concat KDF (NIST SP 800-56A §5.8.1): 0x800020C1 .. 0x800060C1.
constexpr uint32_t kTypeConcatKdfZ = 0xA100'00C1;
constexpr uint32_t kAttrConcatKdfZ = 0xC000'01C1;
constexpr uint32_t kAttrConcatKdfOtherInfo = 0xD000'02C1;
constexpr uint32_t kAttrConcatKdfDkmLength = 0xF000'03C1;

// PBKDF2 (RFC 8018 §5.2) with HMAC: 0x800020C2 .. 0x800060C2.
constexpr uint32_t kTypePbkdf2Password = 0xA100'00C2;
constexpr uint32_t kAttrPbkdf2Password = 0xC000'01C2;
constexpr uint32_t kAttrPbkdf2Salt = 0xD000'02C2;
constexpr uint32_t kAttrPbkdf2IterationCount = 0xF000'03C2;
constexpr uint32_t kAttrPbkdf2DkmLength = 0xF000'04C2;

enum class Kdf { Hkdf, Concat, Pbkdf2 };

Error bad_params(std::string msg) {
  return make_error(TEE_ERROR_BAD_PARAMETERS, std::move(msg));
}
Error mbedtls_failed(const char* what, int rc) {
  return make_error(TEE_ERROR_GENERIC, fmt::format("{} failed (mbedTLS -{:#x})", what, -rc));
}

// The hash of the digest nibble (bits 15..12): 1 MD5 .. 6 SHA-512.
mbedtls_md_type_t md_for_nibble(uint32_t nibble) {
  switch (nibble) {
  case 1:
    return MBEDTLS_MD_MD5;
  case 2:
    return MBEDTLS_MD_SHA1;
  case 3:
    return MBEDTLS_MD_SHA224;
  case 4:
    return MBEDTLS_MD_SHA256;
  case 5:
    return MBEDTLS_MD_SHA384;
  case 6:
    return MBEDTLS_MD_SHA512;
  default:
    return MBEDTLS_MD_NONE;
  }
}

// The operation parameters, checked once: only the ids the KDF knows, each at most once.
class Params {
public:
  static Result<Params> parse(std::span<const Attribute> params,
                              std::initializer_list<uint32_t> known) {
    Params p;
    for (const Attribute& a : params) {
      if (std::find(known.begin(), known.end(), a.id) == known.end())
        return bad_params(fmt::format("attribute {:#010x} does not apply to this KDF", a.id));
      if (p.find(a.id) != nullptr)
        return bad_params(fmt::format("attribute {:#010x} given twice", a.id));
      p.attrs_.push_back(&a);
    }
    return p;
  }
  const Attribute* find(uint32_t id) const {
    for (const Attribute* a : attrs_)
      if (a->id == id)
        return a;
    return nullptr;
  }
  ByteView buffer(uint32_t id) const {
    const Attribute* a = find(id);
    return a == nullptr ? ByteView{} : ByteView(a->ref);
  }
  Result<uint32_t> required_value(uint32_t id) const {
    const Attribute* a = find(id);
    if (a == nullptr)
      return bad_params(fmt::format("required attribute {:#010x} is missing", id));
    return a->a;
  }

private:
  std::vector<const Attribute*> attrs_;
};

class KdfOperation final : public Operation {
public:
  KdfOperation(uint32_t algorithm, uint32_t mode, Kdf kdf, mbedtls_md_type_t md)
      : Operation(algorithm, mode), kdf_(kdf), md_(md) {}

  Result<std::unique_ptr<Operation>> clone() const override {
    return std::unique_ptr<Operation>(std::make_unique<KdfOperation>(*this));
  }

  Result<void> derive(const Object& key, std::span<const Attribute> params, Object& derived,
                      Rng&) override {
    if (derived.initialized())
      return make_error(TEE_ERROR_BAD_STATE, "derived key object is already initialized");
    if (derived.type != kTypeGenericSecret)
      return bad_params(
          fmt::format("derived key object type {:#010x}, needs GENERIC_SECRET", derived.type));
    const mbedtls_md_info_t* info = mbedtls_md_info_from_type(md_);
    if (info == nullptr)
      return make_error(TEE_ERROR_NOT_SUPPORTED, "hash not available");
    Bytes out;
    switch (kdf_) {
    case Kdf::Hkdf:
      out = SWEMU_TRY(hkdf(key, params, derived, info));
      break;
    case Kdf::Concat:
      out = SWEMU_TRY(concat_kdf(key, params, derived, info));
      break;
    case Kdf::Pbkdf2:
      out = SWEMU_TRY(pbkdf2(key, params, derived));
      break;
    }
    derived.attrs.clear();
    derived.attrs.push_back(Attribute{kAttrSecretValue, std::move(out), 0, 0});
    derived.key_size = static_cast<uint32_t>(derived.attrs.back().ref.size() * 8);
    derived.handle_flags |= kHandleFlagInitialized;
    return {};
  }

private:
  static Result<ByteView> secret_of(const Object& key, uint32_t type, uint32_t attr) {
    if (!key.initialized())
      return bad_params("key object is not initialized");
    if (key.type != type)
      return bad_params(fmt::format("key type {:#010x}, needs {:#010x}", key.type, type));
    const Attribute* secret = key.find(attr);
    if (secret == nullptr)
      return bad_params(fmt::format("key object lacks attribute {:#010x}", attr));
    return ByteView(secret->ref);
  }

  // The output length in bytes: non-zero and within the derived object's max size.
  static Result<size_t> output_length(uint32_t bytes, const Object& derived) {
    if (bytes == 0)
      return bad_params("zero-length derived key");
    if (uint64_t{bytes} * 8 > derived.max_size)
      return bad_params(
          fmt::format("{} bytes do not fit a {}-bit object", bytes, derived.max_size));
    return size_t{bytes};
  }

  Result<Bytes> hkdf(const Object& key, std::span<const Attribute> params, const Object& derived,
                     const mbedtls_md_info_t* info) {
    const ByteView ikm = SWEMU_TRY(secret_of(key, kTypeHkdfIkm, kAttrHkdfIkm));
    const Params p =
        SWEMU_TRY(Params::parse(params, {kAttrHkdfSalt, kAttrHkdfInfo, kAttrHkdfOkmLength}));
    const size_t len =
        SWEMU_TRY(output_length(SWEMU_TRY(p.required_value(kAttrHkdfOkmLength)), derived));
    // RFC 5869 §2.3: L <= 255 * HashLen.
    if (len > 255 * size_t{mbedtls_md_get_size(info)})
      return bad_params(fmt::format("HKDF output of {} bytes is too long", len));
    const ByteView salt = p.buffer(kAttrHkdfSalt);
    const ByteView okm_info = p.buffer(kAttrHkdfInfo);
    Bytes out(len);
    const int rc = mbedtls_hkdf(info, salt.data(), salt.size(), ikm.data(), ikm.size(),
                                okm_info.data(), okm_info.size(), out.data(), out.size());
    if (rc != 0)
      return mbedtls_failed("mbedtls_hkdf", rc);
    return out;
  }

  // SP 800-56A §5.8.1.1 (single-step, hash): K(i) = H(counter_i || Z || OtherInfo) with a
  // 32-bit big-endian counter from 1; DKM is the concatenation, truncated to L bytes.
  Result<Bytes> concat_kdf(const Object& key, std::span<const Attribute> params,
                           const Object& derived, const mbedtls_md_info_t* info) {
    const ByteView z = SWEMU_TRY(secret_of(key, kTypeConcatKdfZ, kAttrConcatKdfZ));
    const Params p =
        SWEMU_TRY(Params::parse(params, {kAttrConcatKdfOtherInfo, kAttrConcatKdfDkmLength}));
    const size_t len =
        SWEMU_TRY(output_length(SWEMU_TRY(p.required_value(kAttrConcatKdfDkmLength)), derived));
    const ByteView other_info = p.buffer(kAttrConcatKdfOtherInfo);
    const size_t hash_len = mbedtls_md_get_size(info);
    Bytes out;
    Bytes block(hash_len);
    mbedtls_md_context_t ctx;
    mbedtls_md_init(&ctx);
    int rc = mbedtls_md_setup(&ctx, info, 0);
    for (uint32_t counter = 1; rc == 0 && out.size() < len; ++counter) {
      const uint8_t be[4] = {static_cast<uint8_t>(counter >> 24),
                             static_cast<uint8_t>(counter >> 16),
                             static_cast<uint8_t>(counter >> 8), static_cast<uint8_t>(counter)};
      rc = mbedtls_md_starts(&ctx);
      if (rc == 0)
        rc = mbedtls_md_update(&ctx, be, sizeof be);
      if (rc == 0)
        rc = mbedtls_md_update(&ctx, z.data(), z.size());
      if (rc == 0)
        rc = mbedtls_md_update(&ctx, other_info.data(), other_info.size());
      if (rc == 0)
        rc = mbedtls_md_finish(&ctx, block.data());
      if (rc == 0)
        out.insert(out.end(), block.begin(),
                   block.begin() + static_cast<ptrdiff_t>(std::min(hash_len, len - out.size())));
    }
    mbedtls_md_free(&ctx);
    if (rc != 0)
      return mbedtls_failed("Concat KDF hash", rc);
    return out;
  }

  Result<Bytes> pbkdf2(const Object& key, std::span<const Attribute> params,
                       const Object& derived) {
    const ByteView password = SWEMU_TRY(secret_of(key, kTypePbkdf2Password, kAttrPbkdf2Password));
    const Params p = SWEMU_TRY(
        Params::parse(params, {kAttrPbkdf2Salt, kAttrPbkdf2IterationCount, kAttrPbkdf2DkmLength}));
    const uint32_t iterations = SWEMU_TRY(p.required_value(kAttrPbkdf2IterationCount));
    if (iterations == 0)
      return bad_params("PBKDF2 iteration count of 0");
    const size_t len =
        SWEMU_TRY(output_length(SWEMU_TRY(p.required_value(kAttrPbkdf2DkmLength)), derived));
    const ByteView salt = p.buffer(kAttrPbkdf2Salt);
    Bytes out(len);
    const int rc = mbedtls_pkcs5_pbkdf2_hmac_ext(md_, password.data(), password.size(), salt.data(),
                                                 salt.size(), iterations,
                                                 static_cast<uint32_t>(len), out.data());
    if (rc != 0)
      return mbedtls_failed("mbedtls_pkcs5_pbkdf2_hmac_ext", rc);
    return out;
  }

  Kdf kdf_;
  mbedtls_md_type_t md_;
};

} // namespace

std::unique_ptr<Operation> make_kdf_operation(uint32_t algorithm, uint32_t mode) {
  // 0x8000 <hash nibble> 0C <family>: C0 HKDF (MD5..SHA-512), C1 Concat KDF and C2 PBKDF2
  // (SHA-1..SHA-512).
  if ((algorithm & 0xFFFF'0FF0) != 0x8000'00C0)
    return nullptr;
  const uint32_t nibble = (algorithm >> 12) & 0xF;
  const mbedtls_md_type_t md = md_for_nibble(nibble);
  if (md == MBEDTLS_MD_NONE || mbedtls_md_info_from_type(md) == nullptr)
    return nullptr;
  switch (algorithm & 0xF) {
  case 0x0:
    return std::make_unique<KdfOperation>(algorithm, mode, Kdf::Hkdf, md);
  case 0x1:
    return nibble >= 2 ? std::make_unique<KdfOperation>(algorithm, mode, Kdf::Concat, md) : nullptr;
  case 0x2:
    return nibble >= 2 ? std::make_unique<KdfOperation>(algorithm, mode, Kdf::Pbkdf2, md) : nullptr;
  default:
    return nullptr;
  }
}

} // namespace swemu::core::crypto
