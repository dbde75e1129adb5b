// Internal to the crypto engine: RAII holders for mbedTLS public-key contexts and the
// conversions between GP attributes (big-endian integers, RFC 7748 little-endian X25519
// values) and them. Shared by objects.cpp (attribute checks, key generation) and
// asymmetric.cpp (the operations), which both build contexts from an Object.
#pragma once

#include <mbedtls/bignum.h>
#include <mbedtls/ecp.h>
#include <mbedtls/rsa.h>

#include <string>

#include "crypto/crypto.h"

namespace swemu::core::crypto::pk {

// TEE_TYPE_* and TEE_ATTR_* used by the public-key code (optee-abi.md §6.6, §6.7).
inline constexpr uint32_t kTypeRsaPublicKey = 0xA0000030;
inline constexpr uint32_t kTypeRsaKeypair = 0xA1000030;
inline constexpr uint32_t kTypeDhKeypair = 0xA1000032;
inline constexpr uint32_t kTypeEcdsaPublicKey = 0xA0000041;
inline constexpr uint32_t kTypeEcdsaKeypair = 0xA1000041;
inline constexpr uint32_t kTypeEcdhPublicKey = 0xA0000042;
inline constexpr uint32_t kTypeEcdhKeypair = 0xA1000042;
inline constexpr uint32_t kTypeX25519PublicKey = 0xA0000044;
inline constexpr uint32_t kTypeX25519Keypair = 0xA1000044;
inline constexpr uint32_t kTypeGenericSecret = 0xA0000000;

inline constexpr uint32_t kAttrSecretValue = 0xC0000000;
inline constexpr uint32_t kAttrRsaModulus = 0xD0000130;
inline constexpr uint32_t kAttrRsaPublicExponent = 0xD0000230;
inline constexpr uint32_t kAttrRsaPrivateExponent = 0xC0000330;
inline constexpr uint32_t kAttrRsaPrime1 = 0xC0000430;
inline constexpr uint32_t kAttrRsaPrime2 = 0xC0000530;
inline constexpr uint32_t kAttrRsaExponent1 = 0xC0000630;
inline constexpr uint32_t kAttrRsaExponent2 = 0xC0000730;
inline constexpr uint32_t kAttrRsaCoefficient = 0xC0000830;
inline constexpr uint32_t kAttrRsaOaepLabel = 0xD0000930;
inline constexpr uint32_t kAttrRsaOaepMgfHash = 0xD0000931;
inline constexpr uint32_t kAttrRsaPssSaltLength = 0xF0000A30;
inline constexpr uint32_t kAttrDhPrime = 0xD0001032;
inline constexpr uint32_t kAttrDhSubprime = 0xD0001132;
inline constexpr uint32_t kAttrDhBase = 0xD0001232;
inline constexpr uint32_t kAttrDhXBits = 0xF0001332;
inline constexpr uint32_t kAttrDhPublicValue = 0xD0000132;
inline constexpr uint32_t kAttrDhPrivateValue = 0xC0000232;
inline constexpr uint32_t kAttrEccPublicValueX = 0xD0000141;
inline constexpr uint32_t kAttrEccPublicValueY = 0xD0000241;
inline constexpr uint32_t kAttrEccPrivateValue = 0xC0000341;
inline constexpr uint32_t kAttrEccCurve = 0xF0000441;
inline constexpr uint32_t kAttrX25519PublicValue = 0xD0000944;
inline constexpr uint32_t kAttrX25519PrivateValue = 0xC0000A44;

inline constexpr size_t kX25519Bytes = 32;

// Owners of mbedTLS structures: init on construction, free (which zeroizes) on destruction.
class Mpi {
public:
  Mpi() { mbedtls_mpi_init(&v_); }
  ~Mpi() { mbedtls_mpi_free(&v_); }
  Mpi(const Mpi&) = delete;
  Mpi& operator=(const Mpi&) = delete;
  mbedtls_mpi* get() { return &v_; }
  const mbedtls_mpi* get() const { return &v_; }

private:
  mbedtls_mpi v_;
};

class Rsa {
public:
  Rsa() { mbedtls_rsa_init(&v_); }
  ~Rsa() { mbedtls_rsa_free(&v_); }
  Rsa(const Rsa&) = delete;
  Rsa& operator=(const Rsa&) = delete;
  mbedtls_rsa_context* get() { return &v_; }

private:
  mbedtls_rsa_context v_;
};

class EcGroup {
public:
  EcGroup() { mbedtls_ecp_group_init(&v_); }
  ~EcGroup() { mbedtls_ecp_group_free(&v_); }
  EcGroup(const EcGroup&) = delete;
  EcGroup& operator=(const EcGroup&) = delete;
  mbedtls_ecp_group* get() { return &v_; }

private:
  mbedtls_ecp_group v_;
};

class EcPoint {
public:
  EcPoint() { mbedtls_ecp_point_init(&v_); }
  ~EcPoint() { mbedtls_ecp_point_free(&v_); }
  EcPoint(const EcPoint&) = delete;
  EcPoint& operator=(const EcPoint&) = delete;
  mbedtls_ecp_point* get() { return &v_; }

private:
  mbedtls_ecp_point v_;
};

// A curve a GP ECC key may use: TEE_ECC_CURVE_* value (optee-abi.md §6.7), mbedTLS group
// and the key size GP reports for it (521 for P-521).
struct Curve {
  uint32_t tee_id;
  mbedtls_ecp_group_id group;
  uint32_t bits;
  size_t bytes() const { return (bits + 7) / 8; }
};
const Curve* curve_from_tee_id(uint32_t tee_id); // NIST P-192..P-521 only
const Curve* curve_from_bits(uint32_t bits);

Error mbedtls_failure(uint32_t code, const char* what, int ret);

// Big-endian buffer → integer; BAD_PARAMETERS when it does not fit mbedTLS's limits.
Result<void> read_mpi(Mpi& out, ByteView be);
// Integer → big-endian bytes, left-padded to `len` (0: minimal length, at least 1 byte).
Bytes write_mpi(const Mpi& v, size_t len = 0);
// Bits in a big-endian buffer, leading zero bytes/bits ignored.
size_t bit_length(ByteView be);

// Builds an RSA context from an object's attributes. With `need_private`, the private
// exponent (and primes, if present) are imported and mbedtls_rsa_complete derives the
// rest; BAD_PARAMETERS when the values are not a consistent key.
Result<void> load_rsa(const Object& obj, bool need_private, Rsa& rsa);

// An ECC public point from big-endian X and Y on `curve`, checked to lie on it.
Result<void> load_ec_point(const Curve& curve, EcGroup& grp, EcPoint& q, ByteView x, ByteView y);
// The curve, group and (public point and/or private scalar) of an ECDSA/ECDH object.
Result<const Curve*> load_ec(const Object& obj, EcGroup& grp, EcPoint* q, Mpi* d);

// X25519 (RFC 7748 §5): the group, a public u-coordinate (32 bytes little-endian, top bit
// masked) or a private scalar (32 bytes little-endian, clamped).
Result<void> load_x25519_group(EcGroup& grp);
Result<void> load_x25519_public(EcGroup& grp, EcPoint& q, ByteView u);
Result<void> load_x25519_private(EcGroup& grp, Mpi& d, ByteView k);

} // namespace swemu::core::crypto::pk
