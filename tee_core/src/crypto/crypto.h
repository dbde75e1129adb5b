// The secure world's cryptography: GP objects and operations over mbedTLS 3.6.
//
// This is the host-side engine behind the crypto syscalls (15-40, 54; optee-abi.md §5.2,
// constants in §6). It knows nothing about TA memory or handles: sys_crypto.cpp parses and
// checks the TA's arguments, keeps the per-instance handle tables and calls in here with
// host bytes. Key material lives only here, in Bytes that are wiped when freed, and is
// never logged.
//
// Files: objects.cpp (object types, attribute rules, key generation), symmetric.cpp
// (digests, MACs, ciphers, AE), kdf.cpp (HKDF, PBKDF2, Concat KDF), asymmetric.cpp (RSA,
// ECDSA, ECDH, DH, X25519), rng.cpp (CTR-DRBG), operations.cpp (the factory).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "swemu/core/result.h"

namespace swemu::core::crypto {

// An allocator that zeroes memory before giving it back, so secrets do not linger on the
// host heap (mbedtls_platform_zeroize, which the compiler cannot elide).
template <class T> struct WipingAllocator {
  using value_type = T;
  WipingAllocator() = default;
  template <class U> WipingAllocator(const WipingAllocator<U>&) {}
  T* allocate(size_t n) { return std::allocator<T>{}.allocate(n); }
  void deallocate(T* p, size_t n);
  template <class U> bool operator==(const WipingAllocator<U>&) const { return true; }
};
void wipe(void* p, size_t n);
template <class T> void WipingAllocator<T>::deallocate(T* p, size_t n) {
  wipe(p, n * sizeof(T));
  std::allocator<T>{}.deallocate(p, n);
}

using Bytes = std::vector<uint8_t, WipingAllocator<uint8_t>>;
using ByteView = std::span<const uint8_t>;

inline Bytes to_bytes(ByteView v) {
  return Bytes(v.begin(), v.end()); // NOLINT(modernize-return-braced-init-list): not a list
}

// The random source for key generation, nonces, blinding and TEE_GenerateRandom:
// mbedTLS CTR-DRBG seeded from the host (getrandom), or from a fixed seed for
// reproducible runs (fuzzing, replay). Thread-safe.
class Rng {
public:
  // Seeded from the host's entropy.
  static std::unique_ptr<Rng> from_host();
  // Deterministic: the same seed gives the same byte stream.
  static std::unique_ptr<Rng> from_seed(ByteView seed);
  virtual ~Rng() = default;
  virtual Result<void> fill(uint8_t* out, size_t len) = 0;
  // An f_rng/p_rng pair for mbedTLS calls: pass `&Rng::mbedtls_rng` and the Rng.
  static int mbedtls_rng(void* rng, unsigned char* out, size_t len);
};

// One attribute of an object or operation parameter (TEE_Attribute). A value attribute
// (TEE_ATTR_FLAG_VALUE set in id) uses a and b; a buffer attribute uses ref.
struct Attribute {
  uint32_t id = 0;
  Bytes ref;
  uint32_t a = 0;
  uint32_t b = 0;
};
bool is_value_attribute(uint32_t id);
bool is_public_attribute(uint32_t id);

// TEE_HANDLE_FLAG_* (optee-abi.md §6.3).
inline constexpr uint32_t kHandleFlagPersistent = 0x0001'0000;
inline constexpr uint32_t kHandleFlagInitialized = 0x0002'0000;
inline constexpr uint32_t kHandleFlagKeySet = 0x0004'0000;
inline constexpr uint32_t kHandleFlagExpectTwoKeys = 0x0008'0000;

// A cryptographic object (GP TEE Internal Core API v1.3.1 §5.1): its type, sizes in bits,
// usage and attributes. Transient objects only for now; persistent ones (the storage
// syscalls) add their data stream elsewhere and reuse this for their attributes.
struct Object {
  uint32_t type = 0;
  uint32_t max_size = 0; // maxObjectSize, bits
  uint32_t key_size = 0; // objectSize, bits; 0 until initialized
  uint32_t usage = 0xFFFF'FFFF;
  uint32_t handle_flags = 0; // kHandleFlag*
  std::vector<Attribute> attrs;

  bool initialized() const { return (handle_flags & kHandleFlagInitialized) != 0; }
  // Null when absent.
  const Attribute* find(uint32_t id) const;
};

// --- objects.cpp: GP §5.5-5.6 rules, per object type (§6.6) ---

// TEE_AllocateTransientObject: TEE_ERROR_NOT_SUPPORTED for an unknown or unsupported
// type or a max size the type does not allow (GP Table 5-9).
Result<Object> allocate_object(uint32_t type, uint32_t max_size_bits);
// Back to the state after allocation: no attributes, not initialized, usage all ones.
void reset_object(Object& obj);
// TEE_PopulateTransientObject: every mandatory attribute of the type present, none it does
// not know, sizes within max_size (TEE_ERROR_BAD_PARAMETERS otherwise); computes
// key_size and sets the object initialized. The object must not be initialized yet
// (TEE_ERROR_BAD_STATE).
Result<void> populate_object(Object& obj, std::vector<Attribute> attrs);
// TEE_CopyObjectAttributes1: dst is uninitialized and of a compatible type (same type, or
// a public-key type from the matching keypair); BAD_PARAMETERS otherwise.
Result<void> copy_object(Object& dst, const Object& src);
// TEE_GenerateKey: key_size allowed by the type and <= max_size; params as GP Table 5-11
// (RSA public exponent, DH prime/base/subprime/x bits, ECC curve). BAD_PARAMETERS for a
// wrong size or parameter, BAD_STATE if already initialized.
Result<void> generate_key(Object& obj, uint32_t key_size_bits, std::span<const Attribute> params,
                          Rng& rng);
// TEE_GetObjectBufferAttribute / ValueAttribute: ITEM_NOT_FOUND when absent (or the
// object is not initialized), ACCESS_DENIED for a secret attribute of a non-extractable
// object.
Result<const Attribute*> get_attribute(const Object& obj, uint32_t id);
// The object type a key for `algorithm` must have (keypair types for private operations);
// 0 for algorithms that take no key (digests).
uint32_t key_type_for(uint32_t algorithm, uint32_t mode);

// --- operations ---

// An operation's state (GP §6.2), without the TA-side bookkeeping (libutee keeps
// operationState, key-set flags and buffering in the TA; a TA built with OP-TEE's
// libutee and one built with our ta_sdk both drive these calls). Calls that do not fit
// the algorithm class return TEE_ERROR_BAD_STATE; calls out of order return
// TEE_ERROR_BAD_STATE too. Every method that writes output lets the caller learn the
// exact size first, so a short TA buffer can be reported (TEE_ERROR_SHORT_BUFFER)
// before any state changes.
class Operation {
public:
  Operation(uint32_t algorithm, uint32_t mode) : algorithm_(algorithm), mode_(mode) {}
  virtual ~Operation() = default;
  Operation(const Operation&) = default;
  Operation& operator=(const Operation&) = delete;

  uint32_t algorithm() const { return algorithm_; }
  uint32_t mode() const { return mode_; }
  // CRYP_STATE_COPY: an independent copy of the whole state.
  virtual Result<std::unique_ptr<Operation>> clone() const = 0;

  // Digests and MACs (HASH_INIT/UPDATE/FINAL). A digest ignores `key` and `iv`; a MAC
  // needs the key (and, for CBC-MAC, takes an IV).
  virtual Result<void> hash_init(const Object* key, ByteView iv);
  virtual Result<void> hash_update(ByteView chunk);
  // Bytes hash_final writes: the digest or MAC length.
  virtual size_t hash_size() const;
  virtual Result<void> hash_final(ByteView chunk, Bytes& out);

  // Symmetric ciphers (CIPHER_INIT/UPDATE/FINAL). key2 is XTS's second key. Any chunking
  // of the input is accepted; the engine buffers partial blocks (and CTS's last two).
  virtual Result<void> cipher_init(const Object* key1, const Object* key2, ByteView iv);
  // Exact bytes cipher_update / cipher_final would write for `src_len` more bytes of
  // input. cipher_final_size fails (BAD_PARAMETERS) when the total is not acceptable
  // (NOPAD modes: not a block multiple; CTS/XTS: less than one block).
  virtual size_t cipher_update_size(size_t src_len) const;
  virtual Result<size_t> cipher_final_size(size_t src_len) const;
  virtual Result<void> cipher_update(ByteView src, Bytes& out);
  virtual Result<void> cipher_final(ByteView src, Bytes& out);

  // Authenticated encryption (AUTHENC_*). tag_len in bytes.
  virtual Result<void> ae_init(const Object* key, ByteView nonce, size_t tag_len, size_t aad_len,
                               size_t payload_len);
  virtual Result<void> ae_update_aad(ByteView aad);
  virtual size_t ae_update_size(size_t src_len) const;
  virtual size_t ae_final_size(size_t src_len) const; // payload bytes, tag excluded
  virtual size_t ae_tag_size() const;
  virtual Result<void> ae_update(ByteView src, Bytes& out);
  virtual Result<void> ae_enc_final(ByteView src, Bytes& out, Bytes& tag);
  // TEE_ERROR_MAC_INVALID on a wrong tag; `out` is then left empty.
  virtual Result<void> ae_dec_final(ByteView src, ByteView tag, Bytes& out);

  // Asymmetric (ASYMM_OPERATE / ASYMM_VERIFY): encrypt, decrypt or sign-digest by mode.
  // Stateless: `out` gets the whole result, the caller checks it fits.
  virtual Result<void> asym_operate(const Object& key, std::span<const Attribute> params,
                                    ByteView src, Bytes& out, Rng& rng);
  // TEE_ERROR_SIGNATURE_INVALID on mismatch.
  virtual Result<void> asym_verify(const Object& key, std::span<const Attribute> params,
                                   ByteView digest, ByteView signature);

  // Key derivation (CRYP_DERIVE_KEY): into `derived`, an uninitialized GENERIC_SECRET
  // object (BAD_PARAMETERS if its max size is too small).
  virtual Result<void> derive(const Object& key, std::span<const Attribute> params, Object& derived,
                              Rng& rng);

private:
  uint32_t algorithm_;
  uint32_t mode_;
};

// CRYP_STATE_ALLOC: an operation for `algorithm` (TEE_ALG_*) in `mode` (TEE_MODE_*).
// TEE_ERROR_NOT_SUPPORTED for an algorithm swemu does not implement (see docs/crypto.md),
// TEE_ERROR_BAD_PARAMETERS for a mode the algorithm's class does not allow. OP-TEE's
// legacy __OPTEE_ALG_ECDSA_P* / ECDH_P* ids are accepted and translated.
Result<std::unique_ptr<Operation>> create_operation(uint32_t algorithm, uint32_t mode);
// The same translation, for callers that report the algorithm back.
uint32_t translate_legacy_algorithm(uint32_t algorithm);

// Per-family factories create_operation dispatches to; nullptr when the family does not
// know the algorithm.
std::unique_ptr<Operation> make_symmetric_operation(uint32_t algorithm,
                                                    uint32_t mode); // digests, MACs, ciphers, AE
std::unique_ptr<Operation> make_kdf_operation(uint32_t algorithm,
                                              uint32_t mode); // HKDF, PBKDF2, Concat KDF
std::unique_ptr<Operation> make_asymmetric_operation(uint32_t algorithm,
                                                     uint32_t mode); // RSA, ECC, DH, X25519

// The digest or MAC output length of a hash-based algorithm (TEE_ALG_SHA256 → 32,
// TEE_ALG_HMAC_SHA1 → 20, ...); 0 if none.
size_t digest_length(uint32_t algorithm);

} // namespace swemu::core::crypto
