// Cryptographic objects: which types exist, which sizes and attributes each takes, and how
// keys are generated (GP TEE Internal Core API v1.3.1 §5.5-5.6: types and sizes from
// Table 5-9, the attributes of each type from TEE_PopulateTransientObject, generation
// parameters from Table 5-11; ids in optee-abi.md §6.6-6.7). OP-TEE's KDF input types (HKDF_IKM,
// CONCAT_KDF_Z, PBKDF2_PASSWORD) are added as OP-TEE defines them.
#include <mbedtls/bignum.h>
#include <mbedtls/ecp.h>
#include <mbedtls/rsa.h>

#include <algorithm>
#include <array>
#include <bit>

#include <fmt/format.h>

#include "crypto/crypto.h"
#include "crypto/pk.h"

namespace swemu::core::crypto {
namespace {

using namespace swemu::abi;
using namespace pk;

// TEE_TYPE_* (optee-abi.md §6.6) not already named in pk.h.
constexpr uint32_t kTypeAes = 0xA0000010;
constexpr uint32_t kTypeDes = 0xA0000011;
constexpr uint32_t kTypeDes3 = 0xA0000013;
constexpr uint32_t kTypeSm4 = 0xA0000014;
constexpr uint32_t kTypeHmacMd5 = 0xA0000001;
constexpr uint32_t kTypeHmacSha1 = 0xA0000002;
constexpr uint32_t kTypeHmacSha224 = 0xA0000003;
constexpr uint32_t kTypeHmacSha256 = 0xA0000004;
constexpr uint32_t kTypeHmacSha384 = 0xA0000005;
constexpr uint32_t kTypeHmacSha512 = 0xA0000006;
constexpr uint32_t kTypeHmacSm3 = 0xA0000007;
constexpr uint32_t kTypeHmacSha3_224 = 0xA0000008;
constexpr uint32_t kTypeHmacSha3_256 = 0xA0000009;
constexpr uint32_t kTypeHmacSha3_384 = 0xA000000A;
constexpr uint32_t kTypeHmacSha3_512 = 0xA000000B;
constexpr uint32_t kTypeHkdf = 0xA000004A;
constexpr uint32_t kTypeHkdfIkm = 0xA10000C0;
constexpr uint32_t kTypeConcatKdfZ = 0xA10000C1;
constexpr uint32_t kTypePbkdf2Password = 0xA10000C2;
constexpr uint32_t kTypeDsaPublicKey = 0xA0000031;
constexpr uint32_t kTypeDsaKeypair = 0xA1000031;
constexpr uint32_t kTypeEd25519PublicKey = 0xA0000043;
constexpr uint32_t kTypeEd25519Keypair = 0xA1000043;
constexpr uint32_t kTypeEd448PublicKey = 0xA0000048;
constexpr uint32_t kTypeEd448Keypair = 0xA1000048;
constexpr uint32_t kTypeX448PublicKey = 0xA0000049;
constexpr uint32_t kTypeX448Keypair = 0xA1000049;
constexpr uint32_t kTypeSm2DsaPublicKey = 0xA0000045;
constexpr uint32_t kTypeSm2DsaKeypair = 0xA1000045;
constexpr uint32_t kTypeSm2KepPublicKey = 0xA0000046;
constexpr uint32_t kTypeSm2KepKeypair = 0xA1000046;
constexpr uint32_t kTypeSm2PkePublicKey = 0xA0000047;
constexpr uint32_t kTypeSm2PkeKeypair = 0xA1000047;

// OP-TEE's KDF input attributes (optee-abi.md §6.5).
constexpr uint32_t kAttrHkdfIkm = 0xC00001C0;
constexpr uint32_t kAttrConcatKdfZ = 0xC00001C1;
constexpr uint32_t kAttrPbkdf2Password = 0xC00001C2;

constexpr uint32_t kUsageExtractable = 0x1;

// TEE_MODE_* (optee-abi.md §6.4) that use the private half of a keypair.
constexpr uint32_t kModeDecrypt = 1;
constexpr uint32_t kModeSign = 2;

// The object sizes a type allows (GP Table 5-9): min..max in steps, or an explicit list.
struct SizeRule {
  uint32_t type;
  uint32_t min;
  uint32_t max;
  uint32_t step;
};

// Secret and KDF types: sizes in bits of the secret. RSA up to 4096 bits (GP makes
// 256..2048 mandatory, larger optional) and DH up to 2048, both in whole bytes.
constexpr std::array kSizeRules{
    SizeRule{kTypeAes, 128, 256, 64},
    SizeRule{kTypeDes, 64, 64, 1}, // parity bits included (Table 5-9)
    SizeRule{kTypeDes3, 128, 192, 64},
    SizeRule{kTypeHmacMd5, 64, 512, 8},
    SizeRule{kTypeHmacSha1, 80, 512, 8},
    SizeRule{kTypeHmacSha224, 112, 512, 8},
    SizeRule{kTypeHmacSha256, 192, 1024, 8},
    SizeRule{kTypeHmacSha384, 256, 1024, 8},
    SizeRule{kTypeHmacSha512, 256, 1024, 8},
    SizeRule{kTypeHmacSha3_224, 112, 1024, 8},
    SizeRule{kTypeHmacSha3_256, 192, 1024, 8},
    SizeRule{kTypeHmacSha3_384, 256, 1024, 8},
    SizeRule{kTypeHmacSha3_512, 256, 1024, 8},
    SizeRule{kTypeGenericSecret, 0, 4096, 8},
    SizeRule{kTypeHkdf, 0, 4096, 8},
    SizeRule{kTypeHkdfIkm, 0, 4096, 8},
    SizeRule{kTypeConcatKdfZ, 0, 4096, 8},
    SizeRule{kTypePbkdf2Password, 0, 4096, 8},
    SizeRule{kTypeRsaPublicKey, 256, 4096, 8},
    SizeRule{kTypeRsaKeypair, 256, 4096, 8},
    SizeRule{kTypeDhKeypair, 256, 2048, 8},
    SizeRule{kTypeX25519PublicKey, 256, 256, 1},
    SizeRule{kTypeX25519Keypair, 256, 256, 1},
};

bool is_ecc_type(uint32_t type) {
  return type == kTypeEcdsaPublicKey || type == kTypeEcdsaKeypair || type == kTypeEcdhPublicKey ||
         type == kTypeEcdhKeypair;
}
bool is_ecc_keypair(uint32_t type) {
  return type == kTypeEcdsaKeypair || type == kTypeEcdhKeypair;
}

bool size_allowed(uint32_t type, uint32_t bits) {
  if (is_ecc_type(type))
    return curve_from_bits(bits) != nullptr;
  for (const SizeRule& r : kSizeRules)
    if (r.type == type)
      return bits >= r.min && bits <= r.max && (bits - r.min) % r.step == 0;
  return false;
}

// The attribute holding a secret type's key bytes; 0 for non-secret types.
uint32_t secret_attribute(uint32_t type) {
  switch (type) {
  case kTypeHkdfIkm:
    return kAttrHkdfIkm;
  case kTypeConcatKdfZ:
    return kAttrConcatKdfZ;
  case kTypePbkdf2Password:
    return kAttrPbkdf2Password;
  case kTypeAes:
  case kTypeDes:
  case kTypeDes3:
  case kTypeHmacMd5:
  case kTypeHmacSha1:
  case kTypeHmacSha224:
  case kTypeHmacSha256:
  case kTypeHmacSha384:
  case kTypeHmacSha512:
  case kTypeHmacSha3_224:
  case kTypeHmacSha3_256:
  case kTypeHmacSha3_384:
  case kTypeHmacSha3_512:
  case kTypeGenericSecret:
  case kTypeHkdf:
    return kAttrSecretValue;
  default:
    return 0;
  }
}

// Attributes a type takes when populated (GP TEE_PopulateTransientObject; DH_X_BITS as
// OP-TEE keeps it).
struct AttrRule {
  uint32_t id;
  bool required;
};
constexpr std::array kRsaPublicRules{AttrRule{kAttrRsaModulus, true},
                                     AttrRule{kAttrRsaPublicExponent, true}};
constexpr std::array kRsaKeypairRules{
    AttrRule{kAttrRsaModulus, true},         AttrRule{kAttrRsaPublicExponent, true},
    AttrRule{kAttrRsaPrivateExponent, true}, AttrRule{kAttrRsaPrime1, false},
    AttrRule{kAttrRsaPrime2, false},         AttrRule{kAttrRsaExponent1, false},
    AttrRule{kAttrRsaExponent2, false},      AttrRule{kAttrRsaCoefficient, false}};
constexpr std::array kEccPublicRules{AttrRule{kAttrEccCurve, true},
                                     AttrRule{kAttrEccPublicValueX, true},
                                     AttrRule{kAttrEccPublicValueY, true}};
constexpr std::array kEccKeypairRules{
    AttrRule{kAttrEccCurve, true}, AttrRule{kAttrEccPublicValueX, true},
    AttrRule{kAttrEccPublicValueY, true}, AttrRule{kAttrEccPrivateValue, true}};
constexpr std::array kDhKeypairRules{
    AttrRule{kAttrDhPrime, true},       AttrRule{kAttrDhBase, true},
    AttrRule{kAttrDhPublicValue, true}, AttrRule{kAttrDhPrivateValue, true},
    AttrRule{kAttrDhSubprime, false},   AttrRule{kAttrDhXBits, false}};
constexpr std::array kX25519PublicRules{AttrRule{kAttrX25519PublicValue, true}};
constexpr std::array kX25519KeypairRules{AttrRule{kAttrX25519PublicValue, true},
                                         AttrRule{kAttrX25519PrivateValue, true}};
constexpr std::array kSecretValueRules{AttrRule{kAttrSecretValue, true}};
constexpr std::array kHkdfIkmRules{AttrRule{kAttrHkdfIkm, true}};
constexpr std::array kConcatKdfZRules{AttrRule{kAttrConcatKdfZ, true}};
constexpr std::array kPbkdf2PasswordRules{AttrRule{kAttrPbkdf2Password, true}};

std::span<const AttrRule> attribute_rules(uint32_t type) {
  switch (type) {
  case kTypeRsaPublicKey:
    return kRsaPublicRules;
  case kTypeRsaKeypair:
    return kRsaKeypairRules;
  case kTypeEcdsaPublicKey:
  case kTypeEcdhPublicKey:
    return kEccPublicRules;
  case kTypeEcdsaKeypair:
  case kTypeEcdhKeypair:
    return kEccKeypairRules;
  case kTypeDhKeypair:
    return kDhKeypairRules;
  case kTypeX25519PublicKey:
    return kX25519PublicRules;
  case kTypeX25519Keypair:
    return kX25519KeypairRules;
  default:
    break;
  }
  switch (secret_attribute(type)) {
  case kAttrSecretValue:
    return kSecretValueRules;
  case kAttrHkdfIkm:
    return kHkdfIkmRules;
  case kAttrConcatKdfZ:
    return kConcatKdfZRules;
  case kAttrPbkdf2Password:
    return kPbkdf2PasswordRules;
  default:
    return {};
  }
}

// The public half of a keypair type (for TEE_CopyObjectAttributes1); 0 if none.
uint32_t public_type_of(uint32_t keypair_type) {
  switch (keypair_type) {
  case kTypeRsaKeypair:
    return kTypeRsaPublicKey;
  case kTypeEcdsaKeypair:
    return kTypeEcdsaPublicKey;
  case kTypeEcdhKeypair:
    return kTypeEcdhPublicKey;
  case kTypeX25519Keypair:
    return kTypeX25519PublicKey;
  default:
    return 0;
  }
}

Error bad_parameters(std::string message) {
  return make_error(TEE_ERROR_BAD_PARAMETERS, std::move(message));
}

// A required attribute of a candidate object; populate_object has checked it is present.
const Attribute& must_find(const Object& obj, uint32_t id) {
  static const Attribute kEmpty;
  const Attribute* a = obj.find(id);
  return a ? *a : kEmpty;
}

Attribute buffer_attribute(uint32_t id, Bytes value) {
  Attribute a;
  a.id = id;
  a.ref = std::move(value);
  return a;
}

Attribute value_attribute(uint32_t id, uint32_t a, uint32_t b = 0) {
  Attribute attr;
  attr.id = id;
  attr.a = a;
  attr.b = b;
  return attr;
}

// --- Checks per type family; each returns the key size in bits. ---

Result<uint32_t> check_secret(const Object& obj) {
  const size_t len = must_find(obj, secret_attribute(obj.type)).ref.size();
  if (len > obj.max_size / 8)
    return bad_parameters(
        fmt::format("secret of {} bytes exceeds the object's {} bits", len, obj.max_size));
  // Block-cipher keys have fixed sizes (Table 5-9); MAC and KDF secrets only a maximum.
  const bool size_ok = obj.type == kTypeAes    ? (len == 16 || len == 24 || len == 32)
                       : obj.type == kTypeDes  ? len == 8
                       : obj.type == kTypeDes3 ? (len == 16 || len == 24)
                                               : true;
  if (!size_ok)
    return bad_parameters(fmt::format("a {}-byte key does not fit type {:#010x}", len, obj.type));
  return static_cast<uint32_t>(len * 8);
}

Result<uint32_t> check_rsa(const Object& obj) {
  const size_t bits = bit_length(must_find(obj, kAttrRsaModulus).ref);
  if (bits > obj.max_size)
    return bad_parameters(
        fmt::format("{}-bit modulus exceeds the object's {} bits", bits, obj.max_size));
  const bool keypair = obj.type == kTypeRsaKeypair;
  int crt = 0;
  for (const Attribute& a : obj.attrs)
    crt += a.id == kAttrRsaPrime1 || a.id == kAttrRsaPrime2 || a.id == kAttrRsaExponent1 ||
           a.id == kAttrRsaExponent2 || a.id == kAttrRsaCoefficient;
  // GP TEE_PopulateTransientObject: the CRT values come all together or not at all.
  if (crt != 0 && crt != 5)
    return bad_parameters("RSA keypair needs all five CRT attributes or none");

  Rsa rsa;
  SWEMU_TRY_VOID(load_rsa(obj, keypair, rsa));
  if (keypair && crt == 5) {
    // mbedtls_rsa_complete recomputed DP, DQ and QP from P, Q and D; the given ones must agree.
    Mpi dp, dq, qp;
    if (mbedtls_rsa_export_crt(rsa.get(), dp.get(), dq.get(), qp.get()) != 0)
      return bad_parameters("RSA CRT values cannot be derived");
    const std::array<std::pair<uint32_t, const Mpi*>, 3> crt_values{
        {{kAttrRsaExponent1, &dp}, {kAttrRsaExponent2, &dq}, {kAttrRsaCoefficient, &qp}}};
    for (const auto& [id, expected] : crt_values) {
      Mpi given;
      SWEMU_TRY_VOID(read_mpi(given, must_find(obj, id).ref));
      if (mbedtls_mpi_cmp_mpi(given.get(), expected->get()) != 0)
        return bad_parameters("RSA CRT attributes do not match the key");
    }
  }
  return static_cast<uint32_t>(bits);
}

Result<uint32_t> check_ecc(const Object& obj) {
  const Curve* curve = curve_from_tee_id(must_find(obj, kAttrEccCurve).a);
  if (!curve)
    return bad_parameters("unsupported ECC curve");
  // The object's size bounds the key's (objectSize <= maxObjectSize, GP TEE_GetObjectInfo1).
  if (curve->bits > obj.max_size)
    return bad_parameters(
        fmt::format("{}-bit curve exceeds the object's {} bits", curve->bits, obj.max_size));
  EcGroup grp;
  EcPoint q;
  Mpi d;
  SWEMU_TRY(load_ec(obj, grp, &q, is_ecc_keypair(obj.type) ? &d : nullptr));
  return curve->bits;
}

Result<uint32_t> check_dh(const Object& obj) {
  Mpi p, g, y, x;
  SWEMU_TRY_VOID(read_mpi(p, must_find(obj, kAttrDhPrime).ref));
  SWEMU_TRY_VOID(read_mpi(g, must_find(obj, kAttrDhBase).ref));
  SWEMU_TRY_VOID(read_mpi(y, must_find(obj, kAttrDhPublicValue).ref));
  SWEMU_TRY_VOID(read_mpi(x, must_find(obj, kAttrDhPrivateValue).ref));
  const size_t bits = mbedtls_mpi_bitlen(p.get());
  if (bits > obj.max_size)
    return bad_parameters(
        fmt::format("{}-bit prime exceeds the object's {} bits", bits, obj.max_size));
  if (bits < 3 || mbedtls_mpi_get_bit(p.get(), 0) == 0)
    return bad_parameters("DH prime must be odd");
  // 1 < g, y < p-1 and 0 < x < p-1, and y = g^x mod p: the pair is a real keypair.
  Mpi pm1;
  if (mbedtls_mpi_sub_int(pm1.get(), p.get(), 1) != 0)
    return bad_parameters("DH prime");
  for (const Mpi* v : {&g, &y})
    if (mbedtls_mpi_cmp_int(v->get(), 1) <= 0 || mbedtls_mpi_cmp_mpi(v->get(), pm1.get()) >= 0)
      return bad_parameters("DH base or public value out of range");
  if (mbedtls_mpi_cmp_int(x.get(), 0) <= 0 || mbedtls_mpi_cmp_mpi(x.get(), pm1.get()) >= 0)
    return bad_parameters("DH private value out of range");
  Mpi expected;
  if (mbedtls_mpi_exp_mod(expected.get(), g.get(), x.get(), p.get(), nullptr) != 0 ||
      mbedtls_mpi_cmp_mpi(expected.get(), y.get()) != 0)
    return bad_parameters("DH public value does not match the private value");
  return static_cast<uint32_t>(bits);
}

Result<uint32_t> check_x25519(const Object& obj) {
  EcGroup grp;
  SWEMU_TRY_VOID(load_x25519_group(grp));
  const Attribute& pub = must_find(obj, kAttrX25519PublicValue);
  if (pub.ref.size() != kX25519Bytes)
    return bad_parameters("X25519 public value must be 32 bytes");
  EcPoint q;
  SWEMU_TRY_VOID(load_x25519_public(grp, q, pub.ref));
  if (obj.type == kTypeX25519Keypair) {
    const Attribute& priv = must_find(obj, kAttrX25519PrivateValue);
    if (priv.ref.size() != kX25519Bytes)
      return bad_parameters("X25519 private value must be 32 bytes");
    Mpi d;
    SWEMU_TRY_VOID(load_x25519_private(grp, d, priv.ref));
  }
  return 256U;
}

// --- Key generation per family. ---

Result<const Attribute*> find_param(std::span<const Attribute> params, uint32_t id) {
  const Attribute* found = nullptr;
  for (const Attribute& a : params)
    if (a.id == id) {
      if (found)
        return bad_parameters(fmt::format("parameter {:#010x} given twice", id));
      found = &a;
    }
  return found;
}

Result<void> only_params(std::span<const Attribute> params, std::initializer_list<uint32_t> ids) {
  for (const Attribute& a : params)
    if (std::find(ids.begin(), ids.end(), a.id) == ids.end())
      return bad_parameters(fmt::format("parameter {:#010x} does not apply here", a.id));
  return {};
}

Result<std::vector<Attribute>> generate_secret(const Object& obj, uint32_t bits,
                                               std::span<const Attribute> params, Rng& rng) {
  SWEMU_TRY_VOID(only_params(params, {}));
  Bytes key(bits / 8);
  SWEMU_TRY_VOID(rng.fill(key.data(), key.size()));
  if (obj.type == kTypeDes || obj.type == kTypeDes3) {
    // DES keys carry odd parity in the low bit of each byte (FIPS 46-3 §1).
    for (uint8_t& b : key) {
      b &= 0xFE;
      b |= (std::popcount(static_cast<unsigned>(b)) & 1) ^ 1;
    }
  }
  std::vector<Attribute> out;
  out.push_back(buffer_attribute(secret_attribute(obj.type), std::move(key)));
  return out;
}

Result<std::vector<Attribute>> generate_rsa(uint32_t bits, std::span<const Attribute> params,
                                            Rng& rng) {
  SWEMU_TRY_VOID(only_params(params, {kAttrRsaPublicExponent}));
  Mpi e;
  const Attribute* e_attr = SWEMU_TRY(find_param(params, kAttrRsaPublicExponent));
  if (e_attr) {
    SWEMU_TRY_VOID(read_mpi(e, e_attr->ref));
  } else if (mbedtls_mpi_lset(e.get(), 65537) != 0) {
    return make_error(TEE_ERROR_OUT_OF_MEMORY, "RSA exponent");
  }
  // e odd, 3 <= e, and comfortably below the modulus.
  if (mbedtls_mpi_cmp_int(e.get(), 3) < 0 || mbedtls_mpi_get_bit(e.get(), 0) == 0 ||
      mbedtls_mpi_bitlen(e.get()) >= bits / 2)
    return bad_parameters("RSA public exponent must be odd, >= 3 and short");

  // Two primes of half the size each whose product has exactly `bits` bits, with
  // gcd(e, p-1) = gcd(e, q-1) = 1; mbedtls_rsa_gen_key would refuse sizes under 1024 bits,
  // which GP allows, so the primes are drawn here and mbedtls_rsa_complete does the rest.
  const size_t pbits = bits - bits / 2;
  const size_t qbits = bits / 2;
  for (int attempt = 0; attempt < 1000; ++attempt) {
    Mpi p, q, n, g, t;
    if (mbedtls_mpi_gen_prime(p.get(), pbits, 0, &Rng::mbedtls_rng, &rng) != 0 ||
        mbedtls_mpi_gen_prime(q.get(), qbits, 0, &Rng::mbedtls_rng, &rng) != 0)
      return make_error(TEE_ERROR_GENERIC, "RSA prime generation failed");
    if (mbedtls_mpi_cmp_mpi(p.get(), q.get()) == 0)
      continue;
    if (mbedtls_mpi_mul_mpi(n.get(), p.get(), q.get()) != 0 || mbedtls_mpi_bitlen(n.get()) != bits)
      continue;
    bool coprime = true;
    for (Mpi* prime : {&p, &q}) {
      if (mbedtls_mpi_sub_int(t.get(), prime->get(), 1) != 0 ||
          mbedtls_mpi_gcd(g.get(), e.get(), t.get()) != 0 || mbedtls_mpi_cmp_int(g.get(), 1) != 0)
        coprime = false;
    }
    if (!coprime)
      continue;
    Rsa rsa;
    if (mbedtls_rsa_import(rsa.get(), nullptr, p.get(), q.get(), nullptr, e.get()) != 0 ||
        mbedtls_rsa_complete(rsa.get()) != 0 || mbedtls_rsa_check_privkey(rsa.get()) != 0)
      continue;
    Mpi rn, rp, rq, rd, re, dp, dq, qp;
    if (mbedtls_rsa_export(rsa.get(), rn.get(), rp.get(), rq.get(), rd.get(), re.get()) != 0 ||
        mbedtls_rsa_export_crt(rsa.get(), dp.get(), dq.get(), qp.get()) != 0)
      return make_error(TEE_ERROR_GENERIC, "RSA key export failed");
    // A private exponent below 2^(bits/2) would be weak (FIPS 186-5 §A.1.1).
    if (mbedtls_mpi_bitlen(rd.get()) <= bits / 2)
      continue;
    std::vector<Attribute> out;
    out.push_back(buffer_attribute(kAttrRsaModulus, write_mpi(rn, bits / 8)));
    out.push_back(buffer_attribute(kAttrRsaPublicExponent, write_mpi(re)));
    out.push_back(buffer_attribute(kAttrRsaPrivateExponent, write_mpi(rd)));
    out.push_back(buffer_attribute(kAttrRsaPrime1, write_mpi(rp)));
    out.push_back(buffer_attribute(kAttrRsaPrime2, write_mpi(rq)));
    out.push_back(buffer_attribute(kAttrRsaExponent1, write_mpi(dp)));
    out.push_back(buffer_attribute(kAttrRsaExponent2, write_mpi(dq)));
    out.push_back(buffer_attribute(kAttrRsaCoefficient, write_mpi(qp)));
    return out;
  }
  return make_error(TEE_ERROR_GENERIC, "RSA key generation did not converge");
}

Result<std::vector<Attribute>> generate_ecc(uint32_t bits, std::span<const Attribute> params,
                                            Rng& rng) {
  SWEMU_TRY_VOID(only_params(params, {kAttrEccCurve}));
  const Curve* curve = curve_from_bits(bits);
  const Attribute* curve_attr = SWEMU_TRY(find_param(params, kAttrEccCurve));
  // GP Table 5-11 names the curve; without it the key size alone identifies one.
  if (curve_attr && curve_from_tee_id(curve_attr->a) != curve)
    return bad_parameters("ECC curve parameter does not match the key size");
  if (!curve)
    return bad_parameters("no curve of that size");
  EcGroup grp;
  EcPoint q;
  Mpi d;
  if (mbedtls_ecp_group_load(grp.get(), curve->group) != 0)
    return make_error(TEE_ERROR_GENERIC, "ECC group load failed");
  if (int ret = mbedtls_ecp_gen_keypair(grp.get(), d.get(), q.get(), &Rng::mbedtls_rng, &rng))
    return mbedtls_failure(TEE_ERROR_GENERIC, "ECC key generation", ret);
  const size_t n = curve->bytes();
  std::array<uint8_t, 1 + 2 * MBEDTLS_ECP_MAX_BYTES> point{};
  size_t olen = 0;
  if (mbedtls_ecp_point_write_binary(grp.get(), q.get(), MBEDTLS_ECP_PF_UNCOMPRESSED, &olen,
                                     point.data(), point.size()) != 0 ||
      olen != 1 + 2 * n)
    return make_error(TEE_ERROR_GENERIC, "ECC point export failed");
  std::vector<Attribute> out;
  out.push_back(value_attribute(kAttrEccCurve, curve->tee_id));
  out.push_back(
      buffer_attribute(kAttrEccPublicValueX, Bytes(point.begin() + 1, point.begin() + 1 + n)));
  out.push_back(buffer_attribute(kAttrEccPublicValueY,
                                 Bytes(point.begin() + 1 + n, point.begin() + 1 + 2 * n)));
  out.push_back(buffer_attribute(kAttrEccPrivateValue, write_mpi(d, n)));
  return out;
}

Result<std::vector<Attribute>> generate_dh(uint32_t bits, std::span<const Attribute> params,
                                           Rng& rng) {
  SWEMU_TRY_VOID(only_params(params, {kAttrDhPrime, kAttrDhBase, kAttrDhSubprime, kAttrDhXBits}));
  const Attribute* prime = SWEMU_TRY(find_param(params, kAttrDhPrime));
  const Attribute* base = SWEMU_TRY(find_param(params, kAttrDhBase));
  const Attribute* subprime = SWEMU_TRY(find_param(params, kAttrDhSubprime));
  const Attribute* x_bits = SWEMU_TRY(find_param(params, kAttrDhXBits));
  if (!prime || !base)
    return bad_parameters("DH key generation needs DH_PRIME and DH_BASE");
  Mpi p, g, q, pm1;
  SWEMU_TRY_VOID(read_mpi(p, prime->ref));
  SWEMU_TRY_VOID(read_mpi(g, base->ref));
  if (mbedtls_mpi_bitlen(p.get()) != bits || mbedtls_mpi_get_bit(p.get(), 0) == 0)
    return bad_parameters("DH prime must be odd and of the key size");
  if (mbedtls_mpi_sub_int(pm1.get(), p.get(), 1) != 0 || mbedtls_mpi_cmp_int(g.get(), 1) <= 0 ||
      mbedtls_mpi_cmp_mpi(g.get(), pm1.get()) >= 0)
    return bad_parameters("DH base out of range");
  // The private value: exactly X_BITS bits when given (top bit set), otherwise in
  // [2, q) with the subprime q when given, otherwise in [2, p-2].
  Mpi x, upper;
  if (x_bits) {
    if (x_bits->a < 2 || x_bits->a >= bits)
      return bad_parameters("DH_X_BITS out of range");
    if (mbedtls_mpi_lset(upper.get(), 1) != 0 ||
        mbedtls_mpi_shift_l(upper.get(), x_bits->a - 1) != 0)
      return make_error(TEE_ERROR_OUT_OF_MEMORY, "DH");
    if (int ret = mbedtls_mpi_random(x.get(), 0, upper.get(), &Rng::mbedtls_rng, &rng))
      return mbedtls_failure(TEE_ERROR_GENERIC, "DH private value", ret);
    if (mbedtls_mpi_set_bit(x.get(), x_bits->a - 1, 1) != 0)
      return make_error(TEE_ERROR_OUT_OF_MEMORY, "DH");
  } else {
    if (subprime) {
      SWEMU_TRY_VOID(read_mpi(q, subprime->ref));
      if (mbedtls_mpi_cmp_int(q.get(), 3) < 0 || mbedtls_mpi_cmp_mpi(q.get(), p.get()) >= 0)
        return bad_parameters("DH subprime out of range");
    }
    if (mbedtls_mpi_copy(upper.get(), subprime ? q.get() : pm1.get()) != 0)
      return make_error(TEE_ERROR_OUT_OF_MEMORY, "DH");
    if (int ret = mbedtls_mpi_random(x.get(), 2, upper.get(), &Rng::mbedtls_rng, &rng))
      return mbedtls_failure(TEE_ERROR_GENERIC, "DH private value", ret);
  }
  Mpi y;
  if (int ret = mbedtls_mpi_exp_mod(y.get(), g.get(), x.get(), p.get(), nullptr))
    return mbedtls_failure(TEE_ERROR_GENERIC, "DH public value", ret);
  std::vector<Attribute> out;
  out.push_back(buffer_attribute(kAttrDhPrime, to_bytes(prime->ref)));
  out.push_back(buffer_attribute(kAttrDhBase, to_bytes(base->ref)));
  if (subprime)
    out.push_back(buffer_attribute(kAttrDhSubprime, to_bytes(subprime->ref)));
  if (x_bits)
    out.push_back(value_attribute(kAttrDhXBits, x_bits->a));
  out.push_back(buffer_attribute(kAttrDhPublicValue, write_mpi(y, (bits + 7) / 8)));
  out.push_back(buffer_attribute(kAttrDhPrivateValue, write_mpi(x)));
  return out;
}

Result<std::vector<Attribute>> generate_x25519(std::span<const Attribute> params, Rng& rng) {
  SWEMU_TRY_VOID(only_params(params, {}));
  EcGroup grp;
  SWEMU_TRY_VOID(load_x25519_group(grp));
  Mpi d;
  EcPoint q;
  if (int ret = mbedtls_ecp_gen_keypair(grp.get(), d.get(), q.get(), &Rng::mbedtls_rng, &rng))
    return mbedtls_failure(TEE_ERROR_GENERIC, "X25519 key generation", ret);
  // RFC 7748 §5: both values are 32-byte little-endian strings.
  Bytes pub(kX25519Bytes);
  size_t olen = 0;
  if (mbedtls_ecp_point_write_binary(grp.get(), q.get(), MBEDTLS_ECP_PF_UNCOMPRESSED, &olen,
                                     pub.data(), pub.size()) != 0 ||
      olen != kX25519Bytes)
    return make_error(TEE_ERROR_GENERIC, "X25519 public value export failed");
  Bytes priv(kX25519Bytes);
  if (mbedtls_mpi_write_binary_le(d.get(), priv.data(), priv.size()) != 0)
    return make_error(TEE_ERROR_GENERIC, "X25519 private value export failed");
  std::vector<Attribute> out;
  out.push_back(buffer_attribute(kAttrX25519PublicValue, std::move(pub)));
  out.push_back(buffer_attribute(kAttrX25519PrivateValue, std::move(priv)));
  return out;
}

bool is_supported_type(uint32_t type) {
  if (is_ecc_type(type))
    return true;
  for (const SizeRule& r : kSizeRules)
    if (r.type == type)
      return true;
  return false;
}

} // namespace

Result<Object> allocate_object(uint32_t type, uint32_t max_size_bits) {
  if (!is_supported_type(type))
    return make_error(TEE_ERROR_NOT_SUPPORTED,
                      fmt::format("object type {:#010x} is not supported", type));
  if (!size_allowed(type, max_size_bits))
    return make_error(TEE_ERROR_NOT_SUPPORTED,
                      fmt::format("size {} is not allowed for type {:#010x}", max_size_bits, type));
  Object obj;
  obj.type = type;
  obj.max_size = max_size_bits;
  return obj;
}

void reset_object(Object& obj) {
  // Destroying the attributes wipes their buffers (Bytes).
  std::vector<Attribute>().swap(obj.attrs);
  obj.key_size = 0;
  obj.usage = 0xFFFF'FFFF;
  obj.handle_flags = 0;
}

Result<void> populate_object(Object& obj, std::vector<Attribute> attrs) {
  if (obj.initialized())
    return make_error(TEE_ERROR_BAD_STATE, "object is already initialized");
  const std::span<const AttrRule> rules = attribute_rules(obj.type);
  if (rules.empty())
    return make_error(TEE_ERROR_BAD_PARAMETERS,
                      fmt::format("object type {:#010x} cannot be populated", obj.type));
  for (size_t i = 0; i < attrs.size(); ++i) {
    const Attribute& a = attrs[i];
    const bool known =
        std::any_of(rules.begin(), rules.end(), [&](const AttrRule& r) { return r.id == a.id; });
    if (!known)
      return bad_parameters(
          fmt::format("attribute {:#010x} does not belong to type {:#010x}", a.id, obj.type));
    if (is_value_attribute(a.id) && !a.ref.empty())
      return bad_parameters(fmt::format("attribute {:#010x} is a value, not a buffer", a.id));
    for (size_t j = 0; j < i; ++j)
      if (attrs[j].id == a.id)
        return bad_parameters(fmt::format("attribute {:#010x} given twice", a.id));
  }
  for (const AttrRule& r : rules) {
    const bool present =
        std::any_of(attrs.begin(), attrs.end(), [&](const Attribute& a) { return a.id == r.id; });
    if (r.required && !present)
      return bad_parameters(fmt::format("attribute {:#010x} is missing", r.id));
  }

  // The checks read the attributes through a candidate; `obj` changes only on success.
  Object candidate = obj;
  candidate.attrs = std::move(attrs);
  switch (obj.type) {
  case kTypeRsaPublicKey:
  case kTypeRsaKeypair:
    candidate.key_size = SWEMU_TRY(check_rsa(candidate));
    break;
  case kTypeEcdsaPublicKey:
  case kTypeEcdsaKeypair:
  case kTypeEcdhPublicKey:
  case kTypeEcdhKeypair:
    candidate.key_size = SWEMU_TRY(check_ecc(candidate));
    break;
  case kTypeDhKeypair:
    candidate.key_size = SWEMU_TRY(check_dh(candidate));
    break;
  case kTypeX25519PublicKey:
  case kTypeX25519Keypair:
    candidate.key_size = SWEMU_TRY(check_x25519(candidate));
    break;
  default:
    candidate.key_size = SWEMU_TRY(check_secret(candidate));
    break;
  }
  candidate.handle_flags |= kHandleFlagInitialized;
  obj = std::move(candidate);
  return {};
}

Result<void> copy_object(Object& dst, const Object& src) {
  // GP TEE_CopyObjectAttributes1 (§5.6) makes both misuses a panic; a TA gets an error code here
  // instead.
  if (dst.initialized())
    return make_error(TEE_ERROR_BAD_STATE, "destination object is already initialized");
  if (!src.initialized())
    return bad_parameters("source object is not initialized");
  const bool same = dst.type == src.type;
  const bool to_public = !same && public_type_of(src.type) == dst.type && dst.type != 0;
  if (!same && !to_public)
    return bad_parameters(
        fmt::format("cannot copy type {:#010x} into type {:#010x}", src.type, dst.type));
  if (src.key_size > dst.max_size)
    return bad_parameters(
        fmt::format("{}-bit key does not fit a {}-bit object", src.key_size, dst.max_size));
  std::vector<Attribute> attrs;
  for (const Attribute& a : src.attrs)
    if (same || is_public_attribute(a.id))
      attrs.push_back(a);
  dst.attrs = std::move(attrs);
  dst.key_size = src.key_size;
  dst.usage &= src.usage;
  dst.handle_flags |= kHandleFlagInitialized;
  return {};
}

Result<void> generate_key(Object& obj, uint32_t key_size_bits, std::span<const Attribute> params,
                          Rng& rng) {
  if (obj.initialized())
    return make_error(TEE_ERROR_BAD_STATE, "object is already initialized");
  if (key_size_bits > obj.max_size || !size_allowed(obj.type, key_size_bits))
    return bad_parameters(fmt::format("key size {} is not allowed for this object", key_size_bits));
  std::vector<Attribute> attrs;
  switch (obj.type) {
  case kTypeRsaKeypair:
    attrs = SWEMU_TRY(generate_rsa(key_size_bits, params, rng));
    break;
  case kTypeEcdsaKeypair:
  case kTypeEcdhKeypair:
    attrs = SWEMU_TRY(generate_ecc(key_size_bits, params, rng));
    break;
  case kTypeDhKeypair:
    attrs = SWEMU_TRY(generate_dh(key_size_bits, params, rng));
    break;
  case kTypeX25519Keypair:
    attrs = SWEMU_TRY(generate_x25519(params, rng));
    break;
  default:
    if (secret_attribute(obj.type) == 0)
      return bad_parameters(fmt::format("no key can be generated for type {:#010x}", obj.type));
    // size_allowed already holds AES/DES to their exact sizes (Table 5-9).
    attrs = SWEMU_TRY(generate_secret(obj, key_size_bits, params, rng));
    break;
  }
  obj.attrs = std::move(attrs);
  obj.key_size = key_size_bits;
  obj.handle_flags |= kHandleFlagInitialized;
  return {};
}

Result<const Attribute*> get_attribute(const Object& obj, uint32_t id) {
  if (!obj.initialized())
    return make_error(TEE_ERROR_ITEM_NOT_FOUND, "object is not initialized");
  // GP TEE_GetObjectBufferAttribute (§5.5): secret parts leave only an extractable object; checked
  // before lookup as OP-TEE does.
  if (!is_public_attribute(id) && (obj.usage & kUsageExtractable) == 0)
    return make_error(TEE_ERROR_ACCESS_DENIED,
                      fmt::format("attribute {:#010x} of a non-extractable object", id));
  const Attribute* a = obj.find(id);
  if (!a)
    return make_error(TEE_ERROR_ITEM_NOT_FOUND, fmt::format("attribute {:#010x} absent", id));
  return a;
}

uint32_t key_type_for(uint32_t algorithm, uint32_t mode) {
  algorithm = translate_legacy_algorithm(algorithm);
  const uint32_t cls = algorithm >> 28;
  const uint32_t main = algorithm & 0xFF;
  const bool private_op = mode == kModeSign || mode == kModeDecrypt;
  switch (main) {
  case 0x10:
    return kTypeAes;
  case 0x11:
    return kTypeDes;
  case 0x12: // DES2 is two-key triple DES
  case 0x13:
    return kTypeDes3;
  case 0x14:
    return kTypeSm4;
  case 0x30:
    return private_op ? kTypeRsaKeypair : kTypeRsaPublicKey;
  case 0x31:
    return private_op ? kTypeDsaKeypair : kTypeDsaPublicKey;
  case 0x32:
    return kTypeDhKeypair;
  // GP 1.3 ECDSA ids use main 0x42 like ECDH (0x70001042); the class tells them apart.
  case 0x41:
  case 0x42:
    if (cls == 0x7)
      return private_op ? kTypeEcdsaKeypair : kTypeEcdsaPublicKey;
    return kTypeEcdhKeypair;
  case 0x43:
    return private_op ? kTypeEd25519Keypair : kTypeEd25519PublicKey;
  // The main ids 0x44 and 0x45 mean different algorithms in different classes
  // (optee-abi.md §6.5): ED448 / X25519, and SM2_DSA / SM2_KEP / X448.
  case 0x44:
    if (cls == 0x7)
      return private_op ? kTypeEd448Keypair : kTypeEd448PublicKey;
    return kTypeX25519Keypair;
  case 0x45:
    if (cls == 0x8)
      return kTypeX448Keypair;
    if (cls == 0x7)
      return private_op ? kTypeSm2DsaKeypair : kTypeSm2DsaPublicKey;
    return kTypeSm2KepKeypair;
  case 0x46:
    return private_op ? kTypeSm2PkeKeypair : kTypeSm2PkePublicKey;
  case 0x47:
    return kTypeHkdf;
  case 0xC0:
    return kTypeHkdfIkm;
  case 0xC1:
    return kTypeConcatKdfZ;
  case 0xC2:
    return kTypePbkdf2Password;
  default:
    break;
  }
  // Digests take no key; HMACs take the HMAC type of their hash (main ids 0x01-0x0B).
  if (cls == 0x3 && main >= 0x01 && main <= 0x0B)
    return 0xA0000000 | main;
  return 0;
}

} // namespace swemu::core::crypto
