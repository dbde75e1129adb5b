// Asymmetric operations (GP TEE Internal Core API v1.3.1 §6.7-6.8, algorithm ids in
// optee-abi.md §6.5): RSA encryption and signatures (PKCS #1 v2.2,
// RFC 8017), ECDSA (FIPS 186-4), ECDH and finite-field DH (NIST SP 800-56A), X25519
// (RFC 7748), over mbedTLS. Operations keep no key: each call builds the mbedTLS context
// from the key object's attributes, so clone() is a plain copy.
#include <mbedtls/bignum.h>
#include <mbedtls/ecdh.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/md.h>
#include <mbedtls/rsa.h>

#include <algorithm>
#include <array>
#include <bit>

#include <fmt/format.h>

#include "crypto/crypto.h"
#include "crypto/pk.h"

namespace swemu::core::crypto {

// --- pk.h: the shared conversions ---

namespace pk {

using namespace swemu::abi;

namespace {
constexpr std::array kCurves{
    Curve{1, MBEDTLS_ECP_DP_SECP192R1, 192}, Curve{2, MBEDTLS_ECP_DP_SECP224R1, 224},
    Curve{3, MBEDTLS_ECP_DP_SECP256R1, 256}, Curve{4, MBEDTLS_ECP_DP_SECP384R1, 384},
    Curve{5, MBEDTLS_ECP_DP_SECP521R1, 521}};

Error bad_key(std::string message) {
  return make_error(TEE_ERROR_BAD_PARAMETERS, std::move(message));
}
} // namespace

const Curve* curve_from_tee_id(uint32_t tee_id) {
  for (const Curve& c : kCurves)
    if (c.tee_id == tee_id)
      return &c;
  return nullptr;
}

const Curve* curve_from_bits(uint32_t bits) {
  for (const Curve& c : kCurves)
    if (c.bits == bits)
      return &c;
  return nullptr;
}

Error mbedtls_failure(uint32_t code, const char* what, int ret) {
  return make_error(code, fmt::format("{} failed (mbedTLS error -{:#06x})", what, -ret));
}

Result<void> read_mpi(Mpi& out, ByteView be) {
  if (be.size() > MBEDTLS_MPI_MAX_SIZE)
    return bad_key(fmt::format("a {}-byte integer is too large", be.size()));
  if (mbedtls_mpi_read_binary(out.get(), be.data(), be.size()) != 0)
    return make_error(TEE_ERROR_OUT_OF_MEMORY, "big integer allocation failed");
  return {};
}

Bytes write_mpi(const Mpi& v, size_t len) {
  const size_t n = len ? len : std::max<size_t>(1, mbedtls_mpi_size(v.get()));
  Bytes out(n);
  // Callers size `len` from the modulus or curve, so the value always fits.
  if (mbedtls_mpi_write_binary(v.get(), out.data(), out.size()) != 0)
    out.clear();
  return out;
}

size_t bit_length(ByteView be) {
  size_t i = 0;
  while (i < be.size() && be[i] == 0)
    ++i;
  if (i == be.size())
    return 0;
  return (be.size() - i - 1) * 8 + static_cast<size_t>(std::bit_width(be[i]));
}

Result<void> load_rsa(const Object& obj, bool need_private, Rsa& rsa) {
  const Attribute* n = obj.find(kAttrRsaModulus);
  const Attribute* e = obj.find(kAttrRsaPublicExponent);
  const Attribute* d = need_private ? obj.find(kAttrRsaPrivateExponent) : nullptr;
  if (!n || !e || (need_private && !d))
    return bad_key("RSA key attributes missing");
  const Attribute* p = need_private ? obj.find(kAttrRsaPrime1) : nullptr;
  const Attribute* q = need_private ? obj.find(kAttrRsaPrime2) : nullptr;
  for (const Attribute* a : {n, e, d, p, q})
    if (a && a->ref.size() > MBEDTLS_MPI_MAX_SIZE)
      return bad_key("RSA key value too large");
  auto ptr = [](const Attribute* a) { return a ? a->ref.data() : nullptr; };
  auto len = [](const Attribute* a) { return a ? a->ref.size() : size_t{0}; };
  if (int ret = mbedtls_rsa_import_raw(rsa.get(), ptr(n), len(n), ptr(p), len(p), ptr(q), len(q),
                                       ptr(d), len(d), ptr(e), len(e)))
    return mbedtls_failure(TEE_ERROR_BAD_PARAMETERS, "RSA key import", ret);
  // Derives the primes from N, E, D when absent, and the CRT values (RFC 8017 §3.2).
  if (int ret = mbedtls_rsa_complete(rsa.get()))
    return mbedtls_failure(TEE_ERROR_BAD_PARAMETERS, "RSA key completion", ret);
  const int ret =
      need_private ? mbedtls_rsa_check_privkey(rsa.get()) : mbedtls_rsa_check_pubkey(rsa.get());
  if (ret != 0)
    return mbedtls_failure(TEE_ERROR_BAD_PARAMETERS, "RSA key check", ret);
  return {};
}

Result<void> load_ec_point(const Curve& curve, EcGroup& grp, EcPoint& q, ByteView x, ByteView y) {
  // SEC 1 §2.3.3 uncompressed encoding: 04 || X || Y, each left-padded to the field size.
  const size_t n = curve.bytes();
  if (bit_length(x) > n * 8 || bit_length(y) > n * 8)
    return bad_key("ECC coordinate larger than the curve");
  std::array<uint8_t, 1 + 2 * MBEDTLS_ECP_MAX_BYTES> buf{};
  buf[0] = 0x04;
  const size_t xs = std::min(x.size(), n);
  const size_t ys = std::min(y.size(), n);
  std::copy(x.end() - static_cast<ptrdiff_t>(xs), x.end(), buf.begin() + 1 + (n - xs));
  std::copy(y.end() - static_cast<ptrdiff_t>(ys), y.end(), buf.begin() + 1 + (2 * n - ys));
  if (mbedtls_ecp_point_read_binary(grp.get(), q.get(), buf.data(), 1 + 2 * n) != 0 ||
      mbedtls_ecp_check_pubkey(grp.get(), q.get()) != 0)
    return bad_key("ECC public point is not on the curve");
  return {};
}

Result<const Curve*> load_ec(const Object& obj, EcGroup& grp, EcPoint* q, Mpi* d) {
  const Attribute* curve_attr = obj.find(kAttrEccCurve);
  const Curve* curve = curve_attr ? curve_from_tee_id(curve_attr->a) : nullptr;
  if (!curve)
    return bad_key("ECC key has no supported curve");
  // A group already loaded for this curve is kept, with the multiples of the generator
  // mbedTLS precomputed in it on first use.
  if (grp.get()->id != curve->group && mbedtls_ecp_group_load(grp.get(), curve->group) != 0)
    return make_error(TEE_ERROR_OUT_OF_MEMORY, "ECC group load failed");
  if (q) {
    const Attribute* x = obj.find(kAttrEccPublicValueX);
    const Attribute* y = obj.find(kAttrEccPublicValueY);
    if (!x || !y)
      return bad_key("ECC public value missing");
    SWEMU_TRY_VOID(load_ec_point(*curve, grp, *q, x->ref, y->ref));
  }
  if (d) {
    const Attribute* priv = obj.find(kAttrEccPrivateValue);
    if (!priv)
      return bad_key("ECC private value missing");
    SWEMU_TRY_VOID(read_mpi(*d, priv->ref));
    if (mbedtls_ecp_check_privkey(grp.get(), d->get()) != 0)
      return bad_key("ECC private value out of range");
  }
  return curve;
}

Result<void> load_x25519_group(EcGroup& grp) {
  if (mbedtls_ecp_group_load(grp.get(), MBEDTLS_ECP_DP_CURVE25519) != 0)
    return make_error(TEE_ERROR_OUT_OF_MEMORY, "Curve25519 group load failed");
  return {};
}

Result<void> load_x25519_public(EcGroup& grp, EcPoint& q, ByteView u) {
  if (u.size() != kX25519Bytes)
    return bad_key("X25519 public value must be 32 bytes");
  // RFC 7748 §5: the top bit of the last byte is masked on input.
  std::array<uint8_t, kX25519Bytes> buf;
  std::copy(u.begin(), u.end(), buf.begin());
  buf[31] &= 0x7F;
  if (mbedtls_ecp_point_read_binary(grp.get(), q.get(), buf.data(), buf.size()) != 0)
    return bad_key("X25519 public value rejected");
  return {};
}

Result<void> load_x25519_private(EcGroup& grp, Mpi& d, ByteView k) {
  if (k.size() != kX25519Bytes)
    return bad_key("X25519 private value must be 32 bytes");
  // RFC 7748 §5 decodeScalar25519: clear the three low bits, clear bit 255, set bit 254.
  std::array<uint8_t, kX25519Bytes> buf;
  std::copy(k.begin(), k.end(), buf.begin());
  buf[0] &= 0xF8;
  buf[31] &= 0x7F;
  buf[31] |= 0x40;
  const int ret = mbedtls_mpi_read_binary_le(d.get(), buf.data(), buf.size());
  wipe(buf.data(), buf.size());
  if (ret != 0 || mbedtls_ecp_check_privkey(grp.get(), d.get()) != 0)
    return bad_key("X25519 private value rejected");
  return {};
}

} // namespace pk

namespace {

using namespace swemu::abi;
using namespace pk;

// TEE_MODE_* (optee-abi.md §6.4).
constexpr uint32_t kModeEncrypt = 0;
constexpr uint32_t kModeDecrypt = 1;
constexpr uint32_t kModeSign = 2;
constexpr uint32_t kModeVerify = 3;
constexpr uint32_t kModeDerive = 6;

Error bad_parameters(std::string message) {
  return make_error(TEE_ERROR_BAD_PARAMETERS, std::move(message));
}

Error wrong_mode(const char* call) {
  return make_error(TEE_ERROR_BAD_STATE, fmt::format("{} does not fit the operation's mode", call));
}

// The first parameter with `id`, or null.
const Attribute* find_param(std::span<const Attribute> params, uint32_t id) {
  for (const Attribute& a : params)
    if (a.id == id)
      return &a;
  return nullptr;
}

// A public operation takes the public key type or the keypair (GP TEE_SetOperationKey,
// §6.2); a private one needs the keypair.
Result<void> check_key_type(const Object& key, uint32_t public_type, uint32_t keypair_type,
                            bool need_private) {
  if (!key.initialized())
    return bad_parameters("key object is not initialized");
  if (key.type == keypair_type || (!need_private && key.type == public_type))
    return {};
  return bad_parameters(fmt::format("key type {:#010x} does not fit the algorithm", key.type));
}

// The hash of a digest nibble in an RSA algorithm id (bits 15..12 or 23..20;
// optee-abi.md §6.4: 1 MD5 .. 6 SHA-512, 8..B SHA3-224..512).
mbedtls_md_type_t md_from_nibble(uint32_t nibble) {
  switch (nibble) {
  case 0x1:
    return MBEDTLS_MD_MD5;
  case 0x2:
    return MBEDTLS_MD_SHA1;
  case 0x3:
    return MBEDTLS_MD_SHA224;
  case 0x4:
    return MBEDTLS_MD_SHA256;
  case 0x5:
    return MBEDTLS_MD_SHA384;
  case 0x6:
    return MBEDTLS_MD_SHA512;
  case 0x8:
    return MBEDTLS_MD_SHA3_224;
  case 0x9:
    return MBEDTLS_MD_SHA3_256;
  case 0xA:
    return MBEDTLS_MD_SHA3_384;
  case 0xB:
    return MBEDTLS_MD_SHA3_512;
  default:
    return MBEDTLS_MD_NONE;
  }
}

size_t md_size(mbedtls_md_type_t md) {
  const mbedtls_md_info_t* info = mbedtls_md_info_from_type(md);
  return info ? mbedtls_md_get_size(info) : 0;
}

// Makes `derived` the GENERIC_SECRET result of a derivation (GP TEE_DeriveKey, §6.8).
Result<void> store_derived(Object& derived, Bytes secret) {
  if (derived.initialized())
    return make_error(TEE_ERROR_BAD_STATE, "derived key object is already initialized");
  if (derived.type != kTypeGenericSecret)
    return bad_parameters("derived key object must be a GENERIC_SECRET");
  std::vector<Attribute> attrs(1);
  attrs[0].id = kAttrSecretValue;
  attrs[0].ref = std::move(secret);
  return populate_object(derived, std::move(attrs));
}

// --- RSA ---

enum class RsaScheme { NoPad, Pkcs1v15Encrypt, Oaep, Pkcs1v15Sign, Pss };

// The mbedTLS context of the key an RSA operation last used. Loading a key (import,
// completion, checks) and starting its blinding values cost about as much as one private
// operation, so a TA that signs repeatedly with the same key reuses the context — as a
// program calling mbedTLS directly would. The key is recognised by its bytes, so a key the
// TA changed in between (TEE_SetOperationKey) is loaded afresh. A copy starts empty.
class RsaKeyCache {
public:
  RsaKeyCache() = default;
  RsaKeyCache(const RsaKeyCache&) {}
  RsaKeyCache& operator=(const RsaKeyCache&) = delete;

  Result<Rsa*> get(const Object& key, bool use_private) {
    std::vector<Bytes> fingerprint;
    for (uint32_t id : {kAttrRsaModulus, kAttrRsaPublicExponent, kAttrRsaPrivateExponent,
                        kAttrRsaPrime1, kAttrRsaPrime2}) {
      const Attribute* a = key.find(id);
      fingerprint.push_back(a ? a->ref : Bytes{});
    }
    if (rsa_ && use_private == private_ && fingerprint == fingerprint_)
      return rsa_.get();
    rsa_.reset();
    auto rsa = std::make_unique<Rsa>();
    SWEMU_TRY_VOID(load_rsa(key, use_private, *rsa));
    rsa_ = std::move(rsa);
    private_ = use_private;
    fingerprint_ = std::move(fingerprint);
    return rsa_.get();
  }

private:
  std::unique_ptr<Rsa> rsa_;
  bool private_ = false;
  std::vector<Bytes> fingerprint_;
};

class RsaOperation final : public Operation {
public:
  RsaOperation(uint32_t algorithm, uint32_t mode, RsaScheme scheme, mbedtls_md_type_t md,
               size_t digest_len)
      : Operation(algorithm, mode), scheme_(scheme), md_(md), digest_len_(digest_len) {}

  Result<std::unique_ptr<Operation>> clone() const override {
    return std::unique_ptr<Operation>(std::make_unique<RsaOperation>(*this));
  }

  Result<void> asym_operate(const Object& key, std::span<const Attribute> params, ByteView src,
                            Bytes& out, Rng& rng) override {
    const bool signature = scheme_ == RsaScheme::Pkcs1v15Sign || scheme_ == RsaScheme::Pss;
    if (signature ? mode() != kModeSign : (mode() != kModeEncrypt && mode() != kModeDecrypt))
      return wrong_mode("ASYMM_OPERATE");
    const bool use_private = mode() != kModeEncrypt;
    SWEMU_TRY_VOID(check_key_type(key, kTypeRsaPublicKey, kTypeRsaKeypair, use_private));
    Rsa& rsa = *SWEMU_TRY(cache_.get(key, use_private));
    SWEMU_TRY_VOID(set_padding(rsa));
    const size_t k = mbedtls_rsa_get_len(rsa.get());
    Bytes result(k);
    size_t olen = k;
    int ret = 0;
    switch (scheme_) {
    case RsaScheme::NoPad: {
      // Raw RSA (RFC 8017 §5.1): the input is a big-endian integer below the modulus; the
      // output keeps the modulus length.
      if (src.size() > k)
        return bad_parameters("RSA_NOPAD input longer than the modulus");
      Bytes in(k);
      std::copy(src.begin(), src.end(), in.begin() + static_cast<ptrdiff_t>(k - src.size()));
      ret = use_private
                ? mbedtls_rsa_private(rsa.get(), &Rng::mbedtls_rng, &rng, in.data(), result.data())
                : mbedtls_rsa_public(rsa.get(), in.data(), result.data());
      break;
    }
    case RsaScheme::Pkcs1v15Encrypt:
    case RsaScheme::Oaep: {
      const bool oaep = scheme_ == RsaScheme::Oaep;
      ByteView label;
      if (oaep) {
        label = oaep_label(params);
        const mbedtls_md_type_t mgf = SWEMU_TRY(oaep_mgf_hash(params));
        if (mgf != md_) {
          out = use_private ? SWEMU_TRY(oaep_decrypt(rsa, label, mgf, src, rng))
                            : SWEMU_TRY(oaep_encrypt(rsa, label, mgf, src, rng));
          return {};
        }
      }
      if (!use_private) {
        // RFC 8017 §7.1.1 / §7.2.1: the message fits k - 2hLen - 2 or k - 11 bytes.
        const size_t overhead = oaep ? 2 * md_size(md_) + 2 : 11;
        if (k < overhead || src.size() > k - overhead)
          return bad_parameters("message too long for the RSA key");
        ret = oaep ? mbedtls_rsa_rsaes_oaep_encrypt(rsa.get(), &Rng::mbedtls_rng, &rng,
                                                    label.data(), label.size(), src.size(),
                                                    src.data(), result.data())
                   : mbedtls_rsa_pkcs1_encrypt(rsa.get(), &Rng::mbedtls_rng, &rng, src.size(),
                                               src.data(), result.data());
      } else {
        if (src.size() != k)
          return bad_parameters("RSA ciphertext must be as long as the modulus");
        ret = oaep ? mbedtls_rsa_rsaes_oaep_decrypt(rsa.get(), &Rng::mbedtls_rng, &rng,
                                                    label.data(), label.size(), &olen, src.data(),
                                                    result.data(), result.size())
                   : mbedtls_rsa_rsaes_pkcs1_v15_decrypt(rsa.get(), &Rng::mbedtls_rng, &rng, &olen,
                                                         src.data(), result.data(), result.size());
      }
      break;
    }
    case RsaScheme::Pkcs1v15Sign:
    case RsaScheme::Pss: {
      SWEMU_TRY_VOID(check_digest(src));
      if (scheme_ == RsaScheme::Pss) {
        const int salt = SWEMU_TRY(salt_length(params));
        ret = mbedtls_rsa_rsassa_pss_sign_ext(rsa.get(), &Rng::mbedtls_rng, &rng, md_,
                                              static_cast<unsigned>(src.size()), src.data(), salt,
                                              result.data());
      } else {
        ret = mbedtls_rsa_rsassa_pkcs1_v15_sign(rsa.get(), &Rng::mbedtls_rng, &rng, md_,
                                                static_cast<unsigned>(src.size()), src.data(),
                                                result.data());
      }
      break;
    }
    }
    // OP-TEE answers a bad padding or an unusable input with BAD_PARAMETERS.
    if (ret != 0)
      return mbedtls_failure(TEE_ERROR_BAD_PARAMETERS, "RSA operation", ret);
    result.resize(olen);
    out = std::move(result);
    return {};
  }

  Result<void> asym_verify(const Object& key, std::span<const Attribute> params, ByteView digest,
                           ByteView signature) override {
    if (mode() != kModeVerify)
      return wrong_mode("ASYMM_VERIFY");
    SWEMU_TRY_VOID(check_key_type(key, kTypeRsaPublicKey, kTypeRsaKeypair, false));
    SWEMU_TRY_VOID(check_digest(digest));
    Rsa& rsa = *SWEMU_TRY(cache_.get(key, false));
    SWEMU_TRY_VOID(set_padding(rsa));
    if (signature.size() != mbedtls_rsa_get_len(rsa.get()))
      return make_error(TEE_ERROR_SIGNATURE_INVALID, "signature length differs from the modulus");
    int ret = 0;
    if (scheme_ == RsaScheme::Pss) {
      const int salt = SWEMU_TRY(salt_length(params));
      ret = mbedtls_rsa_rsassa_pss_verify_ext(rsa.get(), md_, static_cast<unsigned>(digest.size()),
                                              digest.data(), md_, salt, signature.data());
    } else {
      ret = mbedtls_rsa_rsassa_pkcs1_v15_verify(
          rsa.get(), md_, static_cast<unsigned>(digest.size()), digest.data(), signature.data());
    }
    if (ret != 0)
      return mbedtls_failure(TEE_ERROR_SIGNATURE_INVALID, "RSA signature verification", ret);
    return {};
  }

private:
  Result<void> set_padding(Rsa& rsa) const {
    const bool v21 = scheme_ == RsaScheme::Oaep || scheme_ == RsaScheme::Pss;
    if (int ret =
            mbedtls_rsa_set_padding(rsa.get(), v21 ? MBEDTLS_RSA_PKCS_V21 : MBEDTLS_RSA_PKCS_V15,
                                    v21 ? md_ : MBEDTLS_MD_NONE))
      return mbedtls_failure(TEE_ERROR_NOT_SUPPORTED, "RSA padding", ret);
    return {};
  }

  // GP TEE_AsymmetricSignDigest (§6.7): the input of a signature is the digest, of the
  // algorithm's length (any length for the pre-hashed PKCS #1 v1.5 variant).
  Result<void> check_digest(ByteView digest) const {
    if (digest_len_ != 0 && digest.size() != digest_len_)
      return bad_parameters(
          fmt::format("digest of {} bytes, the algorithm takes {}", digest.size(), digest_len_));
    if (digest.size() > 0xFFFF)
      return bad_parameters("digest too long");
    return {};
  }

  // TEE_ATTR_RSA_PSS_SALT_LENGTH; the digest length when absent, as in OP-TEE.
  Result<int> salt_length(std::span<const Attribute> params) const {
    const Attribute* a = find_param(params, kAttrRsaPssSaltLength);
    const size_t salt = a ? a->a : md_size(md_);
    if (salt > 0xFFFF)
      return bad_parameters("PSS salt too long");
    return static_cast<int>(salt);
  }

  // TEE_ATTR_RSA_OAEP_LABEL (optional).
  static ByteView oaep_label(std::span<const Attribute> params) {
    const Attribute* label = find_param(params, kAttrRsaOaepLabel);
    return label ? ByteView(label->ref) : ByteView();
  }

  // TEE_ATTR_RSA_OAEP_MGF_HASH (GP v1.3.1, as OP-TEE reads it: a 4-byte TEE_ALG_* digest
  // id in the TA's byte order, little-endian on both Arm ABIs); the OAEP hash when absent.
  Result<mbedtls_md_type_t> oaep_mgf_hash(std::span<const Attribute> params) const {
    const Attribute* mgf = find_param(params, kAttrRsaOaepMgfHash);
    if (!mgf)
      return md_;
    if (mgf->ref.size() != 4)
      return bad_parameters("RSA_OAEP_MGF_HASH must hold a 32-bit algorithm id");
    const uint32_t alg = uint32_t{mgf->ref[0]} | uint32_t{mgf->ref[1]} << 8 |
                         uint32_t{mgf->ref[2]} << 16 | uint32_t{mgf->ref[3]} << 24;
    // TEE_ALG_MD5 .. TEE_ALG_SHA3_512 (0x50000001 .. 0x5000000B).
    const mbedtls_md_type_t md =
        (alg & 0xFFFFFFF0) == 0x50000000 ? md_from_nibble(alg & 0xF) : MBEDTLS_MD_NONE;
    if (md == MBEDTLS_MD_NONE)
      return bad_parameters(fmt::format("{:#010x} is not an MGF1 digest", alg));
    return md;
  }

  // RFC 8017 §7.1.1 EME-OAEP encoding with the label hash md_ and a different MGF1 hash,
  // which mbedTLS (one hash per context) cannot express; then RSAEP.
  Result<Bytes> oaep_encrypt(Rsa& rsa, ByteView label, mbedtls_md_type_t mgf, ByteView msg,
                             Rng& rng) const {
    const size_t k = mbedtls_rsa_get_len(rsa.get());
    const size_t h = md_size(md_);
    if (k < 2 * h + 2 || msg.size() > k - 2 * h - 2)
      return bad_parameters("message too long for the RSA key");
    // EM = 0x00 || seed || DB, DB = lHash || PS || 0x01 || M.
    Bytes em(k, 0);
    const std::span<uint8_t> seed(em.data() + 1, h);
    const std::span<uint8_t> db(em.data() + 1 + h, k - h - 1);
    if (mbedtls_md(mbedtls_md_info_from_type(md_), label.data(), label.size(), db.data()) != 0)
      return make_error(TEE_ERROR_GENERIC, "OAEP label hash failed");
    db[db.size() - msg.size() - 1] = 0x01;
    std::copy(msg.begin(), msg.end(), db.end() - static_cast<ptrdiff_t>(msg.size()));
    SWEMU_TRY_VOID(rng.fill(seed.data(), seed.size()));
    SWEMU_TRY_VOID(mgf1_xor(mgf, seed, db));
    SWEMU_TRY_VOID(mgf1_xor(mgf, db, seed));
    Bytes out(k);
    if (int ret = mbedtls_rsa_public(rsa.get(), em.data(), out.data()))
      return mbedtls_failure(TEE_ERROR_BAD_PARAMETERS, "RSA OAEP encryption", ret);
    return out;
  }

  // RFC 8017 §7.1.2: RSADP, then EME-OAEP decoding. Every format check folds into one flag
  // without data-dependent branches, and all failures give the same answer (§7.1.2 note:
  // telling them apart would be a Manger oracle).
  Result<Bytes> oaep_decrypt(Rsa& rsa, ByteView label, mbedtls_md_type_t mgf, ByteView ct,
                             Rng& rng) const {
    const size_t k = mbedtls_rsa_get_len(rsa.get());
    const size_t h = md_size(md_);
    if (ct.size() != k || k < 2 * h + 2)
      return bad_parameters("RSA ciphertext must be as long as the modulus");
    Bytes em(k);
    if (int ret = mbedtls_rsa_private(rsa.get(), &Rng::mbedtls_rng, &rng, ct.data(), em.data()))
      return mbedtls_failure(TEE_ERROR_BAD_PARAMETERS, "RSA OAEP decryption", ret);
    const std::span<uint8_t> seed(em.data() + 1, h);
    const std::span<uint8_t> db(em.data() + 1 + h, k - h - 1);
    SWEMU_TRY_VOID(mgf1_xor(mgf, db, seed));
    SWEMU_TRY_VOID(mgf1_xor(mgf, seed, db));
    std::array<uint8_t, MBEDTLS_MD_MAX_SIZE> lhash{};
    if (mbedtls_md(mbedtls_md_info_from_type(md_), label.data(), label.size(), lhash.data()) != 0)
      return make_error(TEE_ERROR_GENERIC, "OAEP label hash failed");
    unsigned bad = em[0];
    for (size_t i = 0; i < h; ++i)
      bad |= db[i] ^ lhash[i];
    // After lHash: zeros, then 0x01, then the message.
    unsigned looking = 1;
    size_t start = 0;
    for (size_t i = h; i < db.size(); ++i) {
      const auto is_one = static_cast<unsigned>(db[i] == 0x01);
      const auto is_zero = static_cast<unsigned>(db[i] == 0x00);
      start |= (i + 1) & (0 - static_cast<size_t>(looking & is_one));
      bad |= looking & ~is_one & ~is_zero & 1U;
      looking &= ~is_one & 1U;
    }
    bad |= looking;
    if (bad != 0)
      return bad_parameters("OAEP decoding failed");
    return Bytes(db.begin() + static_cast<ptrdiff_t>(start), db.end());
  }

  // RFC 8017 §B.2.1: out ^= MGF1(seed, out.size()) with hash `md`.
  static Result<void> mgf1_xor(mbedtls_md_type_t md, std::span<const uint8_t> seed,
                               std::span<uint8_t> out) {
    const mbedtls_md_info_t* info = mbedtls_md_info_from_type(md);
    const size_t h = md_size(md);
    std::array<uint8_t, MBEDTLS_MD_MAX_SIZE> block{};
    mbedtls_md_context_t ctx;
    mbedtls_md_init(&ctx);
    int ret = mbedtls_md_setup(&ctx, info, 0);
    for (uint32_t counter = 0; ret == 0 && size_t{counter} * h < out.size(); ++counter) {
      const std::array<uint8_t, 4> c{
          static_cast<uint8_t>(counter >> 24), static_cast<uint8_t>(counter >> 16),
          static_cast<uint8_t>(counter >> 8), static_cast<uint8_t>(counter)};
      ret = mbedtls_md_starts(&ctx);
      if (ret == 0)
        ret = mbedtls_md_update(&ctx, seed.data(), seed.size());
      if (ret == 0)
        ret = mbedtls_md_update(&ctx, c.data(), c.size());
      if (ret == 0)
        ret = mbedtls_md_finish(&ctx, block.data());
      const size_t offset = size_t{counter} * h;
      for (size_t i = 0; ret == 0 && i < h && offset + i < out.size(); ++i)
        out[offset + i] ^= block[i];
    }
    mbedtls_md_free(&ctx);
    wipe(block.data(), block.size());
    if (ret != 0)
      return mbedtls_failure(TEE_ERROR_GENERIC, "MGF1", ret);
    return {};
  }

  RsaScheme scheme_;
  mbedtls_md_type_t md_;
  size_t digest_len_; // 0: any
  RsaKeyCache cache_;
};

std::unique_ptr<Operation> make_rsa(uint32_t algorithm, uint32_t mode) {
  const uint32_t digest_nibble = (algorithm >> 12) & 0xF;
  const uint32_t mgf_nibble = (algorithm >> 20) & 0xF;
  auto make = [&](RsaScheme scheme, mbedtls_md_type_t md, size_t digest_len) {
    return std::make_unique<RsaOperation>(algorithm, mode, scheme, md, digest_len);
  };
  switch (algorithm) {
  case 0x60000030: // RSA_NOPAD
    return make(RsaScheme::NoPad, MBEDTLS_MD_NONE, 0);
  case 0x60000130: // RSAES_PKCS1_V1_5
    return make(RsaScheme::Pkcs1v15Encrypt, MBEDTLS_MD_NONE, 0);
  case 0x7000F830: // RSASSA_PKCS1_V1_5_MD5SHA1: MD5 || SHA-1, no DigestInfo (TLS 1.1)
    return make(RsaScheme::Pkcs1v15Sign, MBEDTLS_MD_NONE, 36);
  case 0xF0000830: // OP-TEE's pre-hashed RSASSA_PKCS1_V1_5: the caller's bytes as T
    return make(RsaScheme::Pkcs1v15Sign, MBEDTLS_MD_NONE, 0);
  default:
    break;
  }
  const uint32_t shape = algorithm & 0xFF0F0FFF; // the two hash nibbles cleared
  const mbedtls_md_type_t md = md_from_nibble(digest_nibble ? digest_nibble : mgf_nibble);
  if (md == MBEDTLS_MD_NONE)
    return nullptr;
  const bool md5 = md == MBEDTLS_MD_MD5;
  if (shape == 0x70000830 && mgf_nibble == 0) // RSASSA_PKCS1_V1_5_<hash>
    return make(RsaScheme::Pkcs1v15Sign, md, md_size(md));
  // RSASSA_PKCS1_PSS_MGF1_<hash>; the MD5 one is OP-TEE's extension in class 0xF.
  if ((md5 ? shape == 0xF0010930 : shape == 0x70010930) && mgf_nibble == digest_nibble)
    return make(RsaScheme::Pss, md, md_size(md));
  // RSAES_PKCS1_OAEP_MGF1_<hash>, likewise.
  if ((md5 ? shape == 0xF0010230 : shape == 0x60010230) && digest_nibble == 0)
    return make(RsaScheme::Oaep, md, 0);
  return nullptr;
}

// --- ECDSA ---

// The curve group an ECC operation last used. mbedTLS precomputes multiples of the
// generator in the group on the first signature (the larger part of its cost), so keeping
// the group makes repeated signatures as fast as direct mbedTLS calls with one context.
// A copy starts empty.
class EcGroupCache {
public:
  EcGroupCache() = default;
  EcGroupCache(const EcGroupCache&) {}
  EcGroupCache& operator=(const EcGroupCache&) = delete;
  EcGroup& get() { return grp_; }

private:
  EcGroup grp_;
};

class EcdsaOperation final : public Operation {
public:
  using Operation::Operation;

  Result<std::unique_ptr<Operation>> clone() const override {
    return std::unique_ptr<Operation>(std::make_unique<EcdsaOperation>(*this));
  }

  // Signs the digest as given (mbedTLS truncates it to the order's length, FIPS 186-4
  // §6.4); the signature is r || s, each left-padded to the curve's byte length (GP
  // TEE_AsymmetricSignDigest and OP-TEE).
  Result<void> asym_operate(const Object& key, std::span<const Attribute>, ByteView digest,
                            Bytes& out, Rng& rng) override {
    if (mode() != kModeSign)
      return wrong_mode("ASYMM_OPERATE");
    SWEMU_TRY_VOID(check_key_type(key, kTypeEcdsaPublicKey, kTypeEcdsaKeypair, true));
    EcGroup& grp = groups_.get();
    Mpi d, r, s;
    const Curve* curve = SWEMU_TRY(load_ec(key, grp, nullptr, &d));
    if (int ret = mbedtls_ecdsa_sign(grp.get(), r.get(), s.get(), d.get(), digest.data(),
                                     digest.size(), &Rng::mbedtls_rng, &rng))
      return mbedtls_failure(TEE_ERROR_BAD_PARAMETERS, "ECDSA signature", ret);
    const size_t n = curve->bytes();
    Bytes sig = write_mpi(r, n);
    const Bytes s_bytes = write_mpi(s, n);
    sig.insert(sig.end(), s_bytes.begin(), s_bytes.end());
    out = std::move(sig);
    return {};
  }

  Result<void> asym_verify(const Object& key, std::span<const Attribute>, ByteView digest,
                           ByteView signature) override {
    if (mode() != kModeVerify)
      return wrong_mode("ASYMM_VERIFY");
    SWEMU_TRY_VOID(check_key_type(key, kTypeEcdsaPublicKey, kTypeEcdsaKeypair, false));
    EcGroup& grp = groups_.get();
    EcPoint q;
    const Curve* curve = SWEMU_TRY(load_ec(key, grp, &q, nullptr));
    const size_t n = curve->bytes();
    if (signature.size() != 2 * n)
      return make_error(TEE_ERROR_SIGNATURE_INVALID, "ECDSA signature length is not 2 x curve");
    Mpi r, s;
    SWEMU_TRY_VOID(read_mpi(r, signature.first(n)));
    SWEMU_TRY_VOID(read_mpi(s, signature.subspan(n)));
    if (int ret = mbedtls_ecdsa_verify(grp.get(), digest.data(), digest.size(), q.get(), r.get(),
                                       s.get()))
      return mbedtls_failure(TEE_ERROR_SIGNATURE_INVALID, "ECDSA verification", ret);
    return {};
  }

private:
  EcGroupCache groups_;
};

// --- Key agreement ---

class EcdhOperation final : public Operation {
public:
  using Operation::Operation;

  Result<std::unique_ptr<Operation>> clone() const override {
    return std::unique_ptr<Operation>(std::make_unique<EcdhOperation>(*this));
  }

  // NIST SP 800-56A §5.7.1.2: the shared secret is the x-coordinate of d * Q_peer, as a
  // field-length big-endian string.
  Result<void> derive(const Object& key, std::span<const Attribute> params, Object& derived,
                      Rng& rng) override {
    if (mode() != kModeDerive)
      return wrong_mode("CRYP_DERIVE_KEY");
    SWEMU_TRY_VOID(check_key_type(key, 0, kTypeEcdhKeypair, true));
    const Attribute* x = find_param(params, kAttrEccPublicValueX);
    const Attribute* y = find_param(params, kAttrEccPublicValueY);
    if (!x || !y)
      return bad_parameters("ECDH needs the peer's ECC_PUBLIC_VALUE_X and _Y");
    EcGroup grp;
    Mpi d, z;
    EcPoint peer;
    const Curve* curve = SWEMU_TRY(load_ec(key, grp, nullptr, &d));
    SWEMU_TRY_VOID(load_ec_point(*curve, grp, peer, x->ref, y->ref));
    if (int ret = mbedtls_ecdh_compute_shared(grp.get(), z.get(), peer.get(), d.get(),
                                              &Rng::mbedtls_rng, &rng))
      return mbedtls_failure(TEE_ERROR_BAD_PARAMETERS, "ECDH", ret);
    return store_derived(derived, write_mpi(z, curve->bytes()));
  }
};

class DhOperation final : public Operation {
public:
  using Operation::Operation;

  Result<std::unique_ptr<Operation>> clone() const override {
    return std::unique_ptr<Operation>(std::make_unique<DhOperation>(*this));
  }

  // Z = y_peer^x mod p (NIST SP 800-56A §5.7.1.1), kept at the prime's byte length with
  // its leading zeros, as that section requires.
  Result<void> derive(const Object& key, std::span<const Attribute> params, Object& derived,
                      Rng&) override {
    if (mode() != kModeDerive)
      return wrong_mode("CRYP_DERIVE_KEY");
    SWEMU_TRY_VOID(check_key_type(key, 0, kTypeDhKeypair, true));
    const Attribute* peer = find_param(params, kAttrDhPublicValue);
    const Attribute* prime = key.find(kAttrDhPrime);
    const Attribute* priv = key.find(kAttrDhPrivateValue);
    if (!peer)
      return bad_parameters("DH needs the peer's DH_PUBLIC_VALUE");
    if (!prime || !priv)
      return bad_parameters("DH key attributes missing");
    Mpi p, x, y, pm1, z;
    SWEMU_TRY_VOID(read_mpi(p, prime->ref));
    SWEMU_TRY_VOID(read_mpi(x, priv->ref));
    SWEMU_TRY_VOID(read_mpi(y, peer->ref));
    // SP 800-56A §5.6.2.3.1: 1 < y < p-1.
    if (mbedtls_mpi_sub_int(pm1.get(), p.get(), 1) != 0)
      return make_error(TEE_ERROR_OUT_OF_MEMORY, "DH");
    if (mbedtls_mpi_cmp_int(y.get(), 1) <= 0 || mbedtls_mpi_cmp_mpi(y.get(), pm1.get()) >= 0)
      return bad_parameters("DH peer public value out of range");
    if (int ret = mbedtls_mpi_exp_mod(z.get(), y.get(), x.get(), p.get(), nullptr))
      return mbedtls_failure(TEE_ERROR_BAD_PARAMETERS, "DH", ret);
    return store_derived(derived, write_mpi(z, mbedtls_mpi_size(p.get())));
  }
};

class X25519Operation final : public Operation {
public:
  using Operation::Operation;

  Result<std::unique_ptr<Operation>> clone() const override {
    return std::unique_ptr<Operation>(std::make_unique<X25519Operation>(*this));
  }

  // RFC 7748 §5-6.1: X25519(k, u), 32 bytes little-endian.
  Result<void> derive(const Object& key, std::span<const Attribute> params, Object& derived,
                      Rng& rng) override {
    if (mode() != kModeDerive)
      return wrong_mode("CRYP_DERIVE_KEY");
    SWEMU_TRY_VOID(check_key_type(key, 0, kTypeX25519Keypair, true));
    const Attribute* peer = find_param(params, kAttrX25519PublicValue);
    const Attribute* priv = key.find(kAttrX25519PrivateValue);
    if (!peer)
      return bad_parameters("X25519 needs the peer's X25519_PUBLIC_VALUE");
    if (!priv)
      return bad_parameters("X25519 private value missing");
    EcGroup grp;
    EcPoint u;
    Mpi k, z;
    SWEMU_TRY_VOID(load_x25519_group(grp));
    SWEMU_TRY_VOID(load_x25519_public(grp, u, peer->ref));
    SWEMU_TRY_VOID(load_x25519_private(grp, k, priv->ref));
    if (int ret = mbedtls_ecdh_compute_shared(grp.get(), z.get(), u.get(), k.get(),
                                              &Rng::mbedtls_rng, &rng))
      return mbedtls_failure(TEE_ERROR_BAD_PARAMETERS, "X25519", ret);
    // RFC 7748 §6.1: an all-zero result means a small-order peer value; refuse it.
    if (mbedtls_mpi_cmp_int(z.get(), 0) == 0)
      return bad_parameters("X25519 peer value of small order");
    Bytes secret(kX25519Bytes);
    if (mbedtls_mpi_write_binary_le(z.get(), secret.data(), secret.size()) != 0)
      return make_error(TEE_ERROR_GENERIC, "X25519 output");
    return store_derived(derived, std::move(secret));
  }
};

} // namespace

std::unique_ptr<Operation> make_asymmetric_operation(uint32_t algorithm, uint32_t mode) {
  if ((algorithm & 0xFF) == 0x30)
    return make_rsa(algorithm, mode);
  switch (algorithm) {
  // ECDSA with SHA-1..SHA-512 and SHA3-224..512 (optee-abi.md §6.5): the curve comes from
  // the key, the hash only names what the TA used.
  case 0x70001042:
  case 0x70002042:
  case 0x70003042:
  case 0x70004042:
  case 0x70005042:
  case 0x70006042:
  case 0x70007042:
  case 0x70008042:
  case 0x70009042:
    return std::make_unique<EcdsaOperation>(algorithm, mode);
  case 0x80000042: // ECDH_DERIVE_SHARED_SECRET
    return std::make_unique<EcdhOperation>(algorithm, mode);
  case 0x80000032: // DH_DERIVE_SHARED_SECRET
    return std::make_unique<DhOperation>(algorithm, mode);
  case 0x80000044: // X25519
    return std::make_unique<X25519Operation>(algorithm, mode);
  default:
    // DSA, Ed25519, Ed448, X448 and SM2 are not available in mbedTLS 3.6.
    return nullptr;
  }
}

} // namespace swemu::core::crypto
