// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Cryptographic operations (GP TEE Internal Core API v1.3.1 chapter 6).
 *
 * The OS keeps the cryptographic state (syscalls 15-23, 32, 34-40) and the key objects;
 * the TA keeps what GP makes visible through TEE_GetOperationInfo*: the operation state
 * (initial / active / extracting), the handle flags, key sizes. The OS accepts any
 * chunking of cipher and AE input and reports output sizes itself (TEE_ERROR_SHORT_BUFFER
 * without a state change when a buffer is too small), so data passes straight through.
 *
 * Keys are copied into key objects the operation owns (one, or two for AES-XTS), which
 * the OS state refers to; TEE_SetOperationKey refills them, so the TA may close its own
 * key object afterwards (GP TEE_SetOperationKey).
 *
 * Misuse that GP lists under "Panic Reasons" panics: a handle that is not a live
 * operation, a function of another operation class or mode, a multi-stage call in the
 * wrong state, a missing key. So does any OS error a function cannot report.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <tee_api.h>
#include <user_ta_header.h>
#include <utee_syscalls.h>

#include "tee_api_crypto_internal.h"

/* --- What swemu supports ------------------------------------------------------------- */

/* alg_desc.element: which TEE_IsAlgorithmSupported element the algorithm goes with. */
#define ELEMENT_NIST_CURVE 0xFFFFFFFFU /* any of TEE_ECC_CURVE_NIST_P192..P521 */

#define ALG_TWO_KEYS 0x1U /* AES-XTS: TEE_SetOperationKey2 */

struct alg_desc {
  uint32_t id;
  /* Key object type; for asymmetric algorithms the one used to sign or decrypt. */
  uint32_t key_type;
  /* Asymmetric algorithms: the type used to verify or encrypt. */
  uint32_t public_type;
  /* TEE_CRYPTO_ELEMENT_NONE, one TEE_ECC_CURVE_*, or ELEMENT_NIST_CURVE. */
  uint32_t element;
  /* Digest or MAC length in bytes (TEE_OperationInfo.digestLength); 0 for the rest. */
  uint8_t digest_len;
  uint8_t flags;
};

#define DIGEST(id, len)                                                                            \
  { (id), 0, 0, TEE_CRYPTO_ELEMENT_NONE, (len), 0 }
#define SYMMETRIC(id, type, len)                                                                   \
  { (id), (type), 0, TEE_CRYPTO_ELEMENT_NONE, (len), 0 }
#define RSA(id)                                                                                    \
  { (id), TEE_TYPE_RSA_KEYPAIR, TEE_TYPE_RSA_PUBLIC_KEY, TEE_CRYPTO_ELEMENT_NONE, 0, 0 }
#define ECDSA(id, element)                                                                         \
  { (id), TEE_TYPE_ECDSA_KEYPAIR, TEE_TYPE_ECDSA_PUBLIC_KEY, (element), 0, 0 }
#define DERIVE(id, type, element)                                                                  \
  { (id), (type), 0, (element), 0, 0 }

/*
 * Every algorithm the host engine (tee_core/src/crypto) implements, and only those: this
 * table answers TEE_IsAlgorithmSupported and gates TEE_AllocateOperation. Not here, so
 * TEE_ERROR_NOT_SUPPORTED: SM2/SM3/SM4, SHAKE, DSA, Ed25519/Ed448, X448, GP's
 * TEE_ALG_HKDF, PBKDF2 with SM3.
 */
static const struct alg_desc kAlgorithms[] = {
    DIGEST(TEE_ALG_MD5, 16),
    DIGEST(TEE_ALG_SHA1, 20),
    DIGEST(TEE_ALG_SHA224, 28),
    DIGEST(TEE_ALG_SHA256, 32),
    DIGEST(TEE_ALG_SHA384, 48),
    DIGEST(TEE_ALG_SHA512, 64),
    DIGEST(TEE_ALG_SHA3_224, 28),
    DIGEST(TEE_ALG_SHA3_256, 32),
    DIGEST(TEE_ALG_SHA3_384, 48),
    DIGEST(TEE_ALG_SHA3_512, 64),
    DIGEST(TEE_ALG_MD5SHA1, 36),

    SYMMETRIC(TEE_ALG_HMAC_MD5, TEE_TYPE_HMAC_MD5, 16),
    SYMMETRIC(TEE_ALG_HMAC_SHA1, TEE_TYPE_HMAC_SHA1, 20),
    SYMMETRIC(TEE_ALG_HMAC_SHA224, TEE_TYPE_HMAC_SHA224, 28),
    SYMMETRIC(TEE_ALG_HMAC_SHA256, TEE_TYPE_HMAC_SHA256, 32),
    SYMMETRIC(TEE_ALG_HMAC_SHA384, TEE_TYPE_HMAC_SHA384, 48),
    SYMMETRIC(TEE_ALG_HMAC_SHA512, TEE_TYPE_HMAC_SHA512, 64),
    SYMMETRIC(TEE_ALG_HMAC_SHA3_224, TEE_TYPE_HMAC_SHA3_224, 28),
    SYMMETRIC(TEE_ALG_HMAC_SHA3_256, TEE_TYPE_HMAC_SHA3_256, 32),
    SYMMETRIC(TEE_ALG_HMAC_SHA3_384, TEE_TYPE_HMAC_SHA3_384, 48),
    SYMMETRIC(TEE_ALG_HMAC_SHA3_512, TEE_TYPE_HMAC_SHA3_512, 64),

    SYMMETRIC(TEE_ALG_AES_ECB_NOPAD, TEE_TYPE_AES, 0),
    SYMMETRIC(TEE_ALG_AES_CBC_NOPAD, TEE_TYPE_AES, 0),
    SYMMETRIC(TEE_ALG_AES_CTR, TEE_TYPE_AES, 0),
    SYMMETRIC(TEE_ALG_AES_CTS, TEE_TYPE_AES, 0),
    {TEE_ALG_AES_XTS, TEE_TYPE_AES, 0, TEE_CRYPTO_ELEMENT_NONE, 0, ALG_TWO_KEYS},
    /* CBC-MAC and CMAC: the MAC is one cipher block. */
    SYMMETRIC(TEE_ALG_AES_CBC_MAC_NOPAD, TEE_TYPE_AES, 16),
    SYMMETRIC(TEE_ALG_AES_CBC_MAC_PKCS5, TEE_TYPE_AES, 16),
    SYMMETRIC(TEE_ALG_AES_CMAC, TEE_TYPE_AES, 16),
    SYMMETRIC(TEE_ALG_AES_CCM, TEE_TYPE_AES, 0),
    SYMMETRIC(TEE_ALG_AES_GCM, TEE_TYPE_AES, 0),
    SYMMETRIC(TEE_ALG_DES_ECB_NOPAD, TEE_TYPE_DES, 0),
    SYMMETRIC(TEE_ALG_DES_CBC_NOPAD, TEE_TYPE_DES, 0),
    SYMMETRIC(TEE_ALG_DES_CBC_MAC_NOPAD, TEE_TYPE_DES, 8),
    SYMMETRIC(TEE_ALG_DES_CBC_MAC_PKCS5, TEE_TYPE_DES, 8),
    SYMMETRIC(TEE_ALG_DES3_ECB_NOPAD, TEE_TYPE_DES3, 0),
    SYMMETRIC(TEE_ALG_DES3_CBC_NOPAD, TEE_TYPE_DES3, 0),
    SYMMETRIC(TEE_ALG_DES3_CBC_MAC_NOPAD, TEE_TYPE_DES3, 8),
    SYMMETRIC(TEE_ALG_DES3_CBC_MAC_PKCS5, TEE_TYPE_DES3, 8),
    SYMMETRIC(TEE_ALG_DES3_CMAC, TEE_TYPE_DES3, 8),

    RSA(TEE_ALG_RSASSA_PKCS1_V1_5_MD5),
    RSA(TEE_ALG_RSASSA_PKCS1_V1_5_SHA1),
    RSA(TEE_ALG_RSASSA_PKCS1_V1_5_SHA224),
    RSA(TEE_ALG_RSASSA_PKCS1_V1_5_SHA256),
    RSA(TEE_ALG_RSASSA_PKCS1_V1_5_SHA384),
    RSA(TEE_ALG_RSASSA_PKCS1_V1_5_SHA512),
    RSA(TEE_ALG_RSASSA_PKCS1_V1_5_MD5SHA1),
    RSA(TEE_ALG_RSASSA_PKCS1_V1_5),
    RSA(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_MD5),
    RSA(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA1),
    RSA(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA224),
    RSA(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256),
    RSA(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA384),
    RSA(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA512),
    RSA(TEE_ALG_RSASSA_PKCS1_V1_5_SHA3_224),
    RSA(TEE_ALG_RSASSA_PKCS1_V1_5_SHA3_256),
    RSA(TEE_ALG_RSASSA_PKCS1_V1_5_SHA3_384),
    RSA(TEE_ALG_RSASSA_PKCS1_V1_5_SHA3_512),
    RSA(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_224),
    RSA(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_256),
    RSA(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_384),
    RSA(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA3_512),
    RSA(TEE_ALG_RSAES_PKCS1_V1_5),
    RSA(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_MD5),
    RSA(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA1),
    RSA(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA224),
    RSA(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA256),
    RSA(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA384),
    RSA(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA512),
    RSA(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA3_224),
    RSA(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA3_256),
    RSA(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA3_384),
    RSA(TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA3_512),
    RSA(TEE_ALG_RSA_NOPAD),

    DERIVE(TEE_ALG_DH_DERIVE_SHARED_SECRET, TEE_TYPE_DH_KEYPAIR, TEE_CRYPTO_ELEMENT_NONE),

    /* GP 1.3 ids: the curve comes from the key. */
    ECDSA(TEE_ALG_ECDSA_SHA1, ELEMENT_NIST_CURVE),
    ECDSA(TEE_ALG_ECDSA_SHA224, ELEMENT_NIST_CURVE),
    ECDSA(TEE_ALG_ECDSA_SHA256, ELEMENT_NIST_CURVE),
    ECDSA(TEE_ALG_ECDSA_SHA384, ELEMENT_NIST_CURVE),
    ECDSA(TEE_ALG_ECDSA_SHA512, ELEMENT_NIST_CURVE),
    ECDSA(TEE_ALG_ECDSA_SHA3_224, ELEMENT_NIST_CURVE),
    ECDSA(TEE_ALG_ECDSA_SHA3_256, ELEMENT_NIST_CURVE),
    ECDSA(TEE_ALG_ECDSA_SHA3_384, ELEMENT_NIST_CURVE),
    ECDSA(TEE_ALG_ECDSA_SHA3_512, ELEMENT_NIST_CURVE),
    DERIVE(TEE_ALG_ECDH_DERIVE_SHARED_SECRET, TEE_TYPE_ECDH_KEYPAIR, ELEMENT_NIST_CURVE),
    /* OP-TEE's older ids name the curve; the OS translates them (optee-abi.md §5.2). */
    ECDSA(__OPTEE_ALG_ECDSA_P192, TEE_ECC_CURVE_NIST_P192),
    ECDSA(__OPTEE_ALG_ECDSA_P224, TEE_ECC_CURVE_NIST_P224),
    ECDSA(__OPTEE_ALG_ECDSA_P256, TEE_ECC_CURVE_NIST_P256),
    ECDSA(__OPTEE_ALG_ECDSA_P384, TEE_ECC_CURVE_NIST_P384),
    ECDSA(__OPTEE_ALG_ECDSA_P521, TEE_ECC_CURVE_NIST_P521),
    DERIVE(__OPTEE_ALG_ECDH_P192, TEE_TYPE_ECDH_KEYPAIR, TEE_ECC_CURVE_NIST_P192),
    DERIVE(__OPTEE_ALG_ECDH_P224, TEE_TYPE_ECDH_KEYPAIR, TEE_ECC_CURVE_NIST_P224),
    DERIVE(__OPTEE_ALG_ECDH_P256, TEE_TYPE_ECDH_KEYPAIR, TEE_ECC_CURVE_NIST_P256),
    DERIVE(__OPTEE_ALG_ECDH_P384, TEE_TYPE_ECDH_KEYPAIR, TEE_ECC_CURVE_NIST_P384),
    DERIVE(__OPTEE_ALG_ECDH_P521, TEE_TYPE_ECDH_KEYPAIR, TEE_ECC_CURVE_NIST_P521),
    DERIVE(TEE_ALG_X25519, TEE_TYPE_X25519_KEYPAIR, TEE_ECC_CURVE_25519),

    DERIVE(TEE_ALG_HKDF_MD5_DERIVE_KEY, TEE_TYPE_HKDF_IKM, TEE_CRYPTO_ELEMENT_NONE),
    DERIVE(TEE_ALG_HKDF_SHA1_DERIVE_KEY, TEE_TYPE_HKDF_IKM, TEE_CRYPTO_ELEMENT_NONE),
    DERIVE(TEE_ALG_HKDF_SHA224_DERIVE_KEY, TEE_TYPE_HKDF_IKM, TEE_CRYPTO_ELEMENT_NONE),
    DERIVE(TEE_ALG_HKDF_SHA256_DERIVE_KEY, TEE_TYPE_HKDF_IKM, TEE_CRYPTO_ELEMENT_NONE),
    DERIVE(TEE_ALG_HKDF_SHA384_DERIVE_KEY, TEE_TYPE_HKDF_IKM, TEE_CRYPTO_ELEMENT_NONE),
    DERIVE(TEE_ALG_HKDF_SHA512_DERIVE_KEY, TEE_TYPE_HKDF_IKM, TEE_CRYPTO_ELEMENT_NONE),
    DERIVE(TEE_ALG_CONCAT_KDF_SHA1_DERIVE_KEY, TEE_TYPE_CONCAT_KDF_Z, TEE_CRYPTO_ELEMENT_NONE),
    DERIVE(TEE_ALG_CONCAT_KDF_SHA224_DERIVE_KEY, TEE_TYPE_CONCAT_KDF_Z, TEE_CRYPTO_ELEMENT_NONE),
    DERIVE(TEE_ALG_CONCAT_KDF_SHA256_DERIVE_KEY, TEE_TYPE_CONCAT_KDF_Z, TEE_CRYPTO_ELEMENT_NONE),
    DERIVE(TEE_ALG_CONCAT_KDF_SHA384_DERIVE_KEY, TEE_TYPE_CONCAT_KDF_Z, TEE_CRYPTO_ELEMENT_NONE),
    DERIVE(TEE_ALG_CONCAT_KDF_SHA512_DERIVE_KEY, TEE_TYPE_CONCAT_KDF_Z, TEE_CRYPTO_ELEMENT_NONE),
    DERIVE(TEE_ALG_PBKDF2_HMAC_SHA1_DERIVE_KEY, TEE_TYPE_PBKDF2_PASSWORD, TEE_CRYPTO_ELEMENT_NONE),
    DERIVE(TEE_ALG_PBKDF2_HMAC_SHA224_DERIVE_KEY, TEE_TYPE_PBKDF2_PASSWORD,
           TEE_CRYPTO_ELEMENT_NONE),
    DERIVE(TEE_ALG_PBKDF2_HMAC_SHA256_DERIVE_KEY, TEE_TYPE_PBKDF2_PASSWORD,
           TEE_CRYPTO_ELEMENT_NONE),
    DERIVE(TEE_ALG_PBKDF2_HMAC_SHA384_DERIVE_KEY, TEE_TYPE_PBKDF2_PASSWORD,
           TEE_CRYPTO_ELEMENT_NONE),
    DERIVE(TEE_ALG_PBKDF2_HMAC_SHA512_DERIVE_KEY, TEE_TYPE_PBKDF2_PASSWORD,
           TEE_CRYPTO_ELEMENT_NONE),
};

static const struct alg_desc* find_algorithm(uint32_t id) {
  for (size_t n = 0; n < sizeof(kAlgorithms) / sizeof(kAlgorithms[0]); n++)
    if (kAlgorithms[n].id == id)
      return &kAlgorithms[n];
  return NULL;
}

/*
 * The operation class: bits 31..28 of the id (GP §6.10), except for OP-TEE's class-0xF
 * extension ids, whose class follows from the main algorithm and the chain mode.
 */
static uint32_t algorithm_class(uint32_t id) {
  uint32_t cls = id >> 28;

  if (cls != 0xF)
    return cls;
  if ((id & 0xFF) == 0x30) /* RSA: OAEP with MD5 (chain 2), PSS with MD5 or raw PKCS#1 */
    return ((id >> 8) & 0xF) == 0x2 ? TEE_OPERATION_ASYMMETRIC_CIPHER
                                    : TEE_OPERATION_ASYMMETRIC_SIGNATURE;
  return TEE_OPERATION_MAC; /* TEE_ALG_DES3_CMAC */
}

/* The modes GP TEE_AllocateOperation allows for each operation class. */
static bool mode_allowed(uint32_t cls, uint32_t mode) {
  switch (cls) {
  case TEE_OPERATION_CIPHER:
  case TEE_OPERATION_AE:
  case TEE_OPERATION_ASYMMETRIC_CIPHER:
    return mode == TEE_MODE_ENCRYPT || mode == TEE_MODE_DECRYPT;
  case TEE_OPERATION_MAC:
    return mode == TEE_MODE_MAC;
  case TEE_OPERATION_DIGEST:
    return mode == TEE_MODE_DIGEST;
  case TEE_OPERATION_ASYMMETRIC_SIGNATURE:
    return mode == TEE_MODE_SIGN || mode == TEE_MODE_VERIFY;
  case TEE_OPERATION_KEY_DERIVATION:
    return mode == TEE_MODE_DERIVE;
  default:
    return false;
  }
}

static uint32_t required_key_usage(uint32_t mode) {
  switch (mode) {
  case TEE_MODE_ENCRYPT:
    return TEE_USAGE_ENCRYPT;
  case TEE_MODE_DECRYPT:
    return TEE_USAGE_DECRYPT;
  case TEE_MODE_SIGN:
    return TEE_USAGE_SIGN;
  case TEE_MODE_VERIFY:
    return TEE_USAGE_VERIFY;
  case TEE_MODE_MAC:
    return TEE_USAGE_MAC;
  case TEE_MODE_DERIVE:
    return TEE_USAGE_DERIVE;
  default:
    return 0;
  }
}

/* Public-key operations (encrypt, verify) hold a public key; a keypair copies into it. */
static uint32_t key_type_for(const struct alg_desc* alg, uint32_t mode) {
  if (alg->public_type && (mode == TEE_MODE_ENCRYPT || mode == TEE_MODE_VERIFY))
    return alg->public_type;
  return alg->key_type;
}

static uint32_t curve_bits(uint32_t curve) {
  switch (curve) {
  case TEE_ECC_CURVE_NIST_P192:
    return 192;
  case TEE_ECC_CURVE_NIST_P224:
    return 224;
  case TEE_ECC_CURVE_NIST_P256:
    return 256;
  case TEE_ECC_CURVE_NIST_P384:
    return 384;
  case TEE_ECC_CURVE_NIST_P521:
    return 521;
  case TEE_ECC_CURVE_25519:
    return 256;
  default:
    return 0;
  }
}

/*
 * Key sizes of the curve-based algorithms and XTS are checked here; for the others the OS
 * answers when the key object is allocated (GP Table 5-9), so the rules live in one place.
 */
static bool max_key_size_ok(const struct alg_desc* alg, uint32_t max_key_size) {
  /* XTS-AES takes AES-128 or AES-256 keys (IEEE 1619), the engine no others. */
  if (alg->flags & ALG_TWO_KEYS)
    return max_key_size == 128 || max_key_size == 256;
  if (alg->element == ELEMENT_NIST_CURVE)
    return max_key_size == 192 || max_key_size == 224 || max_key_size == 256 ||
           max_key_size == 384 || max_key_size == 521;
  if (alg->element != TEE_CRYPTO_ELEMENT_NONE)
    return max_key_size == curve_bits(alg->element);
  return true;
}

TEE_Result TEE_IsAlgorithmSupported(uint32_t algId, uint32_t element) {
  const struct alg_desc* alg = find_algorithm(algId);

  if (!alg)
    return TEE_ERROR_NOT_SUPPORTED;
  /* GP TEE_IsAlgorithmSupported: for ECC algorithms the element is the curve; for the rest it is
   * NONE. */
  if (alg->element == ELEMENT_NIST_CURVE)
    return element >= TEE_ECC_CURVE_NIST_P192 && element <= TEE_ECC_CURVE_NIST_P521
               ? TEE_SUCCESS
               : TEE_ERROR_NOT_SUPPORTED;
  return element == alg->element ? TEE_SUCCESS : TEE_ERROR_NOT_SUPPORTED;
}

/* --- Operation handles ---------------------------------------------------------------- */

/* Enough for any supported digest (SHA-512, SHA3-512) or MAC, for DigestExtract. */
#define MAX_DIGEST_LEN 64

struct __TEE_OperationHandle {
  struct __TEE_OperationHandle* next; /* all live operations of this instance */
  TEE_OperationInfo info;
  uint32_t state; /* TEE_OPERATION_STATE_* */
  uint32_t cryp_state;
  TEE_ObjectHandle key1;
  TEE_ObjectHandle key2; /* AES-XTS only */
  /* A fixed-length digest being handed out by TEE_DigestExtract. */
  uint8_t extract[MAX_DIGEST_LEN];
  size_t extract_len;
  size_t extract_pos;
};

/*
 * Live operations, so a stale or forged handle panics (GP: "operation is not a valid
 * opened operation handle") instead of being dereferenced. A TA instance runs one entry
 * at a time, so no lock is needed.
 */
static struct __TEE_OperationHandle* live_operations;

static struct __TEE_OperationHandle* lookup(TEE_OperationHandle operation) {
  for (struct __TEE_OperationHandle* op = live_operations; op; op = op->next)
    if (op == operation)
      return op;
  TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
}

static struct __TEE_OperationHandle* lookup_class(TEE_OperationHandle operation, uint32_t cls) {
  struct __TEE_OperationHandle* op = lookup(operation);

  if (op->info.operationClass != cls)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  return op;
}

static bool two_keys(const struct __TEE_OperationHandle* op) {
  return (op->info.handleState & TEE_HANDLE_FLAG_EXPECT_TWO_KEYS) != 0;
}

static void require_key(const struct __TEE_OperationHandle* op) {
  if (!(op->info.handleState & TEE_HANDLE_FLAG_KEY_SET))
    TEE_Panic(TEE_ERROR_BAD_STATE);
}

static void require_active(const struct __TEE_OperationHandle* op) {
  if (op->state != TEE_OPERATION_STATE_ACTIVE ||
      !(op->info.handleState & TEE_HANDLE_FLAG_INITIALIZED))
    TEE_Panic(TEE_ERROR_BAD_STATE);
}

static void set_active(struct __TEE_OperationHandle* op) {
  op->state = TEE_OPERATION_STATE_ACTIVE;
  op->info.handleState |= TEE_HANDLE_FLAG_INITIALIZED;
}

/* After a final call, a cipher, MAC or AE operation needs a new Init (GP §6.4-6.6). */
static void set_finished(struct __TEE_OperationHandle* op) {
  op->state = TEE_OPERATION_STATE_INITIAL;
  op->info.handleState &= ~TEE_HANDLE_FLAG_INITIALIZED;
}

/* A digest restarts at once and stays usable (GP §6.3: always initialized). */
static void restart_digest(struct __TEE_OperationHandle* op) {
  TEE_Result res = _utee_hash_init(op->cryp_state, NULL, 0);

  if (res != TEE_SUCCESS)
    TEE_Panic(res);
  memset(op->extract, 0, sizeof(op->extract));
  op->extract_len = 0;
  op->extract_pos = 0;
  op->state = TEE_OPERATION_STATE_INITIAL;
  op->info.handleState &= ~TEE_HANDLE_FLAG_EXTRACTING;
}

static void close_key(TEE_ObjectHandle key) {
  if (key != TEE_HANDLE_NULL)
    (void)_utee_cryp_obj_close(SWEMU_OBJ_ID(key));
}

static void reset_key(TEE_ObjectHandle key) {
  TEE_Result res = _utee_cryp_obj_reset(SWEMU_OBJ_ID(key));

  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}

TEE_Result TEE_AllocateOperation(TEE_OperationHandle* operation, uint32_t algorithm, uint32_t mode,
                                 uint32_t maxKeySize) {
  const struct alg_desc* alg = find_algorithm(algorithm);
  struct __TEE_OperationHandle* op;
  uint32_t cls = algorithm_class(algorithm);
  uint32_t key1 = 0;
  uint32_t key2 = 0;
  uint32_t state = 0;
  TEE_Result res;

  if (!operation)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  *operation = TEE_HANDLE_NULL;
  /* GP TEE_AllocateOperation: an algorithm, mode or key size the implementation lacks is
   * NOT_SUPPORTED. */
  if (!alg || !mode_allowed(cls, mode))
    return TEE_ERROR_NOT_SUPPORTED;
  if (alg->key_type && !max_key_size_ok(alg, maxKeySize))
    return TEE_ERROR_NOT_SUPPORTED;

  op = TEE_Malloc(sizeof(*op), TEE_MALLOC_FILL_ZERO);
  if (!op)
    return TEE_ERROR_OUT_OF_MEMORY;
  op->info.algorithm = algorithm;
  op->info.operationClass = cls;
  op->info.mode = mode;
  op->info.digestLength = alg->digest_len;
  op->info.maxKeySize = maxKeySize;
  op->info.requiredKeyUsage = required_key_usage(mode);
  op->state = TEE_OPERATION_STATE_INITIAL;

  if (alg->key_type) {
    /* The OS refuses a maxKeySize the key type does not allow: NOT_SUPPORTED. */
    res = _utee_cryp_obj_alloc(key_type_for(alg, mode), maxKeySize, &key1);
    if (res != TEE_SUCCESS)
      goto fail;
    if (alg->flags & ALG_TWO_KEYS) {
      op->info.handleState |= TEE_HANDLE_FLAG_EXPECT_TWO_KEYS;
      res = _utee_cryp_obj_alloc(key_type_for(alg, mode), maxKeySize, &key2);
      if (res != TEE_SUCCESS)
        goto fail;
    }
  } else {
    /* A digest needs no key and is always initialized (GP TEE_GetOperationInfo, handleState). */
    op->info.handleState |= TEE_HANDLE_FLAG_KEY_SET | TEE_HANDLE_FLAG_INITIALIZED;
  }

  res = _utee_cryp_state_alloc(algorithm, mode, key1, key2, &state);
  if (res != TEE_SUCCESS)
    goto fail;
  op->cryp_state = state;
  if (cls == TEE_OPERATION_DIGEST) {
    res = _utee_hash_init(state, NULL, 0);
    if (res != TEE_SUCCESS)
      goto fail;
  }
  op->key1 = (TEE_ObjectHandle)(uintptr_t)key1;
  op->key2 = (TEE_ObjectHandle)(uintptr_t)key2;
  op->next = live_operations;
  live_operations = op;
  *operation = op;
  return TEE_SUCCESS;

fail:
  if (state)
    (void)_utee_cryp_state_free(state);
  if (key1)
    (void)_utee_cryp_obj_close(key1);
  if (key2)
    (void)_utee_cryp_obj_close(key2);
  TEE_Free(op);
  if (res != TEE_ERROR_OUT_OF_MEMORY && res != TEE_ERROR_NOT_SUPPORTED)
    TEE_Panic(res);
  return res;
}

void TEE_FreeOperation(TEE_OperationHandle operation) {
  struct __TEE_OperationHandle* op;
  TEE_Result res;

  if (operation == TEE_HANDLE_NULL)
    return;
  op = lookup(operation);
  for (struct __TEE_OperationHandle** link = &live_operations; *link; link = &(*link)->next) {
    if (*link == op) {
      *link = op->next;
      break;
    }
  }
  res = _utee_cryp_state_free(op->cryp_state);
  close_key(op->key1);
  close_key(op->key2);
  memset(op, 0, sizeof(*op));
  TEE_Free(op);
  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}

void TEE_GetOperationInfo(TEE_OperationHandle operation, TEE_OperationInfo* operationInfo) {
  struct __TEE_OperationHandle* op = lookup(operation);

  if (!operationInfo)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  *operationInfo = op->info;
  /* GP TEE_GetOperationInfo: with two keys these fields are 0; TEE_GetOperationInfoMultiple has
   * them. */
  if (two_keys(op)) {
    operationInfo->keySize = 0;
    operationInfo->requiredKeyUsage = 0;
  }
}

TEE_Result TEE_GetOperationInfoMultiple(TEE_OperationHandle operation,
                                        TEE_OperationInfoMultiple* operationInfoMultiple,
                                        size_t* operationSize) {
  struct __TEE_OperationHandle* op = lookup(operation);
  uint32_t keys;
  size_t needed;

  if (!operationSize)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  keys = op->info.operationClass == TEE_OPERATION_DIGEST ? 0 : two_keys(op) ? 2 : 1;
  needed = sizeof(TEE_OperationInfoMultiple) + keys * sizeof(TEE_OperationInfoKey);
  if (*operationSize < needed) {
    *operationSize = needed;
    return TEE_ERROR_SHORT_BUFFER;
  }
  if (!operationInfoMultiple)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);

  operationInfoMultiple->algorithm = op->info.algorithm;
  operationInfoMultiple->operationClass = op->info.operationClass;
  operationInfoMultiple->mode = op->info.mode;
  operationInfoMultiple->digestLength = op->info.digestLength;
  operationInfoMultiple->maxKeySize = op->info.maxKeySize;
  operationInfoMultiple->handleState = op->info.handleState;
  operationInfoMultiple->operationState = op->state;
  operationInfoMultiple->numberOfKeys = keys;
  for (uint32_t n = 0; n < keys; n++) {
    TEE_ObjectHandle key = n == 0 ? op->key1 : op->key2;
    struct utee_object_info info;
    TEE_Result res = _utee_cryp_obj_get_info(SWEMU_OBJ_ID(key), &info);

    if (res != TEE_SUCCESS)
      TEE_Panic(res);
    /* A key object that is reset (no key set) reports size 0. */
    operationInfoMultiple->keyInformation[n].keySize = info.obj_size;
    operationInfoMultiple->keyInformation[n].requiredKeyUsage = op->info.requiredKeyUsage;
  }
  *operationSize = needed;
  return TEE_SUCCESS;
}

void TEE_ResetOperation(TEE_OperationHandle operation) {
  struct __TEE_OperationHandle* op = lookup(operation);

  /* GP TEE_ResetOperation: resetting an operation without a key panics. */
  require_key(op);
  if (op->info.operationClass == TEE_OPERATION_DIGEST)
    restart_digest(op);
  else
    set_finished(op);
}

/*
 * Checks `key` against the operation (GP TEE_SetOperationKey, Panic Reasons) and returns its info:
 * initialized, carrying the required usage, not bigger than maxKeySize. A type that does
 * not fit the algorithm is refused by the OS when the key is copied. CORRUPT_OBJECT and
 * STORAGE_NOT_AVAILABLE (a persistent key) are returned.
 */
static TEE_Result check_key(const struct __TEE_OperationHandle* op, TEE_ObjectHandle key,
                            struct utee_object_info* info) {
  TEE_Result res = _utee_cryp_obj_get_info(SWEMU_OBJ_ID(key), info);

  if (res == TEE_ERROR_CORRUPT_OBJECT || res == TEE_ERROR_STORAGE_NOT_AVAILABLE)
    return res;
  if (res != TEE_SUCCESS)
    TEE_Panic(res);
  if (!(info->handle_flags & TEE_HANDLE_FLAG_INITIALIZED))
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  if ((info->obj_usage & op->info.requiredKeyUsage) != op->info.requiredKeyUsage)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  if (info->obj_size > op->info.maxKeySize)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  return TEE_SUCCESS;
}

/* Refills the operation's own key object from `key` (reset first: copy needs it empty). */
static TEE_Result load_key(TEE_ObjectHandle own, TEE_ObjectHandle key) {
  TEE_Result res;

  reset_key(own);
  res = _utee_cryp_obj_copy(SWEMU_OBJ_ID(own), SWEMU_OBJ_ID(key));
  if (res == TEE_ERROR_CORRUPT_OBJECT || res == TEE_ERROR_STORAGE_NOT_AVAILABLE)
    return res;
  /* A key of a type the algorithm cannot use (GP TEE_SetOperationKey). */
  if (res != TEE_SUCCESS)
    TEE_Panic(res);
  return TEE_SUCCESS;
}

static void clear_keys(struct __TEE_OperationHandle* op) {
  reset_key(op->key1);
  if (op->key2 != TEE_HANDLE_NULL)
    reset_key(op->key2);
  op->info.handleState &= ~TEE_HANDLE_FLAG_KEY_SET;
  op->info.keySize = 0;
}

/* Keys may only change while no multi-stage operation is running (GP TEE_SetOperationKey). */
static struct __TEE_OperationHandle* lookup_keyed(TEE_OperationHandle operation) {
  struct __TEE_OperationHandle* op = lookup(operation);

  if (op->info.operationClass == TEE_OPERATION_DIGEST)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  if (op->state != TEE_OPERATION_STATE_INITIAL)
    TEE_Panic(TEE_ERROR_BAD_STATE);
  return op;
}

TEE_Result TEE_SetOperationKey(TEE_OperationHandle operation, TEE_ObjectHandle key) {
  struct __TEE_OperationHandle* op = lookup_keyed(operation);
  struct utee_object_info info;
  TEE_Result res;

  if (two_keys(op))
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  /* TEE_HANDLE_NULL clears the key. */
  if (key == TEE_HANDLE_NULL) {
    clear_keys(op);
    return TEE_SUCCESS;
  }
  res = check_key(op, key, &info);
  if (res == TEE_SUCCESS) {
    clear_keys(op);
    res = load_key(op->key1, key);
  }
  if (res != TEE_SUCCESS)
    return res;
  op->info.keySize = info.obj_size;
  op->info.handleState |= TEE_HANDLE_FLAG_KEY_SET;
  return TEE_SUCCESS;
}

TEE_Result TEE_SetOperationKey2(TEE_OperationHandle operation, TEE_ObjectHandle key1,
                                TEE_ObjectHandle key2) {
  struct __TEE_OperationHandle* op = lookup_keyed(operation);
  struct utee_object_info info1;
  struct utee_object_info info2;
  TEE_Result res;

  if (!two_keys(op))
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  /* Both TEE_HANDLE_NULL clears the keys; only one of them is a programming error. */
  if (key1 == TEE_HANDLE_NULL && key2 == TEE_HANDLE_NULL) {
    clear_keys(op);
    return TEE_SUCCESS;
  }
  if (key1 == TEE_HANDLE_NULL || key2 == TEE_HANDLE_NULL)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  res = check_key(op, key1, &info1);
  if (res != TEE_SUCCESS)
    return res;
  res = check_key(op, key2, &info2);
  if (res != TEE_SUCCESS)
    return res;
  /* XTS takes two keys of one size (IEEE 1619). */
  if (info1.obj_size != info2.obj_size)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  clear_keys(op);
  res = load_key(op->key1, key1);
  if (res == TEE_SUCCESS)
    res = load_key(op->key2, key2);
  if (res != TEE_SUCCESS) {
    clear_keys(op);
    return res;
  }
  op->info.keySize = info1.obj_size;
  op->info.handleState |= TEE_HANDLE_FLAG_KEY_SET;
  return TEE_SUCCESS;
}

void TEE_CopyOperation(TEE_OperationHandle dstOperation, TEE_OperationHandle srcOperation) {
  struct __TEE_OperationHandle* dst = lookup(dstOperation);
  struct __TEE_OperationHandle* src = lookup(srcOperation);
  TEE_Result res;

  if (dst == src)
    return;
  /* GP TEE_CopyOperation: same algorithm and mode, and room for the source's key. */
  if (dst->info.algorithm != src->info.algorithm || dst->info.mode != src->info.mode)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  if (src->info.keySize > dst->info.maxKeySize)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);

  if (dst->info.operationClass != TEE_OPERATION_DIGEST) {
    clear_keys(dst);
    if (src->info.handleState & TEE_HANDLE_FLAG_KEY_SET) {
      res = _utee_cryp_obj_copy(SWEMU_OBJ_ID(dst->key1), SWEMU_OBJ_ID(src->key1));
      if (res == TEE_SUCCESS && src->key2 != TEE_HANDLE_NULL)
        res = _utee_cryp_obj_copy(SWEMU_OBJ_ID(dst->key2), SWEMU_OBJ_ID(src->key2));
      if (res != TEE_SUCCESS)
        TEE_Panic(res);
    }
  }
  res = _utee_cryp_state_copy(dst->cryp_state, src->cryp_state);
  if (res != TEE_SUCCESS)
    TEE_Panic(res);
  dst->info.handleState = src->info.handleState;
  dst->info.keySize = src->info.keySize;
  dst->info.digestLength = src->info.digestLength;
  dst->state = src->state;
  memcpy(dst->extract, src->extract, sizeof(dst->extract));
  dst->extract_len = src->extract_len;
  dst->extract_pos = src->extract_pos;
}

/* --- Message digests (GP §6.3) --------------------------------------------------------- */

void TEE_DigestUpdate(TEE_OperationHandle operation, const void* chunk, size_t chunkSize) {
  struct __TEE_OperationHandle* op = lookup_class(operation, TEE_OPERATION_DIGEST);
  TEE_Result res;

  /* GP TEE_DigestUpdate: no more input once extraction has started, until a reset. */
  if (op->state == TEE_OPERATION_STATE_EXTRACTING)
    TEE_Panic(TEE_ERROR_BAD_STATE);
  res = _utee_hash_update(op->cryp_state, chunk, chunkSize);
  if (res != TEE_SUCCESS)
    TEE_Panic(res);
  op->state = TEE_OPERATION_STATE_ACTIVE;
}

TEE_Result TEE_DigestDoFinal(TEE_OperationHandle operation, const void* chunk, size_t chunkLen,
                             void* hash, size_t* hashLen) {
  struct __TEE_OperationHandle* op = lookup_class(operation, TEE_OPERATION_DIGEST);
  uint64_t len;
  TEE_Result res;

  if (op->state == TEE_OPERATION_STATE_EXTRACTING || !hashLen)
    TEE_Panic(TEE_ERROR_BAD_STATE);
  len = *hashLen;
  res = _utee_hash_final(op->cryp_state, chunk, chunkLen, hash, &len);
  if (res != TEE_SUCCESS && res != TEE_ERROR_SHORT_BUFFER)
    TEE_Panic(res);
  *hashLen = (size_t)len;
  if (res == TEE_SUCCESS)
    restart_digest(op);
  return res;
}

/*
 * GP TEE_DigestExtract. No supported digest has extendable output, so the first call finishes the
 * digest into the operation and each call hands out the next bytes of it; *hashLen comes
 * back as the number written (0 once everything was extracted).
 */
TEE_Result TEE_DigestExtract(TEE_OperationHandle operation, void* hash, size_t* hashLen) {
  struct __TEE_OperationHandle* op = lookup_class(operation, TEE_OPERATION_DIGEST);
  size_t n;

  if (!hashLen)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  if (op->state != TEE_OPERATION_STATE_EXTRACTING) {
    uint64_t len = sizeof(op->extract);
    TEE_Result res = _utee_hash_final(op->cryp_state, NULL, 0, op->extract, &len);

    if (res != TEE_SUCCESS || len > sizeof(op->extract))
      TEE_Panic(res != TEE_SUCCESS ? res : TEE_ERROR_GENERIC);
    op->extract_len = (size_t)len;
    op->extract_pos = 0;
    op->state = TEE_OPERATION_STATE_EXTRACTING;
    op->info.handleState |= TEE_HANDLE_FLAG_EXTRACTING;
  }
  n = op->extract_len - op->extract_pos;
  if (*hashLen < n)
    n = *hashLen;
  if (n) {
    if (!hash)
      TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
    memcpy(hash, op->extract + op->extract_pos, n);
  }
  op->extract_pos += n;
  *hashLen = n;
  return TEE_SUCCESS;
}

/* --- Symmetric ciphers (GP §6.4) ------------------------------------------------------- */

/* The OS writes `*len` bytes or reports SHORT_BUFFER with the size it needs. */
static TEE_Result sized_output(TEE_Result res, uint64_t len, size_t* destLen) {
  if (res != TEE_SUCCESS && res != TEE_ERROR_SHORT_BUFFER)
    TEE_Panic(res);
  *destLen = (size_t)len;
  return res;
}

/* GP TEE_CipherInit: Init on an active operation resets it first; the OS re-keys in any state. */
void TEE_CipherInit(TEE_OperationHandle operation, const void* IV, size_t IVLen) {
  struct __TEE_OperationHandle* op = lookup_class(operation, TEE_OPERATION_CIPHER);
  TEE_Result res;

  require_key(op);
  set_finished(op);
  res = _utee_cipher_init(op->cryp_state, IV, IVLen);
  if (res != TEE_SUCCESS)
    TEE_Panic(res);
  set_active(op);
}

TEE_Result TEE_CipherUpdate(TEE_OperationHandle operation, const void* srcData, size_t srcLen,
                            void* destData, size_t* destLen) {
  struct __TEE_OperationHandle* op = lookup_class(operation, TEE_OPERATION_CIPHER);
  uint64_t len;
  TEE_Result res;

  require_active(op);
  if (!destLen)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  len = *destLen;
  res = _utee_cipher_update(op->cryp_state, srcData, srcLen, destData, &len);
  return sized_output(res, len, destLen);
}

/* A NOPAD total that is not a whole number of blocks panics (the OS says BAD_PARAMETERS). */
TEE_Result TEE_CipherDoFinal(TEE_OperationHandle operation, const void* srcData, size_t srcLen,
                             void* destData, size_t* destLen) {
  struct __TEE_OperationHandle* op = lookup_class(operation, TEE_OPERATION_CIPHER);
  uint64_t len;
  TEE_Result res;

  require_active(op);
  if (!destLen)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  len = *destLen;
  res = _utee_cipher_final(op->cryp_state, srcData, srcLen, destData, &len);
  res = sized_output(res, len, destLen);
  if (res == TEE_SUCCESS)
    set_finished(op);
  return res;
}

/* --- MACs (GP §6.5) -------------------------------------------------------------------- */

void TEE_MACInit(TEE_OperationHandle operation, const void* IV, size_t IVLen) {
  struct __TEE_OperationHandle* op = lookup_class(operation, TEE_OPERATION_MAC);
  TEE_Result res;

  require_key(op);
  set_finished(op);
  res = _utee_hash_init(op->cryp_state, IV, IVLen);
  if (res != TEE_SUCCESS)
    TEE_Panic(res);
  set_active(op);
}

void TEE_MACUpdate(TEE_OperationHandle operation, const void* chunk, size_t chunkSize) {
  struct __TEE_OperationHandle* op = lookup_class(operation, TEE_OPERATION_MAC);
  TEE_Result res;

  require_active(op);
  res = _utee_hash_update(op->cryp_state, chunk, chunkSize);
  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}

TEE_Result TEE_MACComputeFinal(TEE_OperationHandle operation, const void* message,
                               size_t messageLen, void* mac, size_t* macLen) {
  struct __TEE_OperationHandle* op = lookup_class(operation, TEE_OPERATION_MAC);
  uint64_t len;
  TEE_Result res;

  require_active(op);
  if (!macLen)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  len = *macLen;
  res = _utee_hash_final(op->cryp_state, message, messageLen, mac, &len);
  res = sized_output(res, len, macLen);
  if (res == TEE_SUCCESS)
    set_finished(op);
  return res;
}

TEE_Result TEE_MACCompareFinal(TEE_OperationHandle operation, const void* message,
                               size_t messageLen, const void* mac, size_t macLen) {
  struct __TEE_OperationHandle* op = lookup_class(operation, TEE_OPERATION_MAC);
  uint8_t computed[MAX_DIGEST_LEN];
  const volatile uint8_t* expected = mac;
  uint64_t len = sizeof(computed);
  uint8_t diff = 0;
  TEE_Result res;

  require_active(op);
  if (macLen && !mac)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  res = _utee_hash_final(op->cryp_state, message, messageLen, computed, &len);
  if (res != TEE_SUCCESS || len > sizeof(computed))
    TEE_Panic(res != TEE_SUCCESS ? res : TEE_ERROR_GENERIC);
  set_finished(op);
  /* Every byte is looked at, so the time taken does not tell where a mismatch is. */
  if (len != macLen)
    diff = 1;
  else
    for (size_t n = 0; n < macLen; n++)
      diff |= computed[n] ^ expected[n];
  memset(computed, 0, sizeof(computed));
  return diff ? TEE_ERROR_MAC_INVALID : TEE_SUCCESS;
}

/* --- Authenticated encryption (GP §6.6) ------------------------------------------------ */

/* GP TEE_AEInit: GCM tags of 96..128 bits, CCM tags of 32..128 bits in steps of 16. */
static bool tag_len_supported(uint32_t algorithm, uint32_t tag_bits) {
  if (algorithm == TEE_ALG_AES_GCM)
    return tag_bits >= 96 && tag_bits <= 128 && tag_bits % 8 == 0;
  if (algorithm == TEE_ALG_AES_CCM)
    return tag_bits >= 32 && tag_bits <= 128 && tag_bits % 16 == 0;
  return false;
}

TEE_Result TEE_AEInit(TEE_OperationHandle operation, const void* nonce, size_t nonceLen,
                      uint32_t tagLen, size_t AADLen, size_t payloadLen) {
  struct __TEE_OperationHandle* op = lookup_class(operation, TEE_OPERATION_AE);
  TEE_Result res;

  require_key(op);
  set_finished(op);
  if (!tag_len_supported(op->info.algorithm, tagLen))
    return TEE_ERROR_NOT_SUPPORTED;
  /* The syscall takes the tag length in bytes (optee-abi.md §5.2, AUTHENC_INIT). */
  res = _utee_authenc_init(op->cryp_state, nonce, nonceLen, tagLen / 8, AADLen, payloadLen);
  if (res == TEE_ERROR_NOT_SUPPORTED)
    return res;
  if (res != TEE_SUCCESS)
    TEE_Panic(res);
  op->info.digestLength = tagLen / 8;
  set_active(op);
  return TEE_SUCCESS;
}

void TEE_AEUpdateAAD(TEE_OperationHandle operation, const void* AADdata, size_t AADdataLen) {
  struct __TEE_OperationHandle* op = lookup_class(operation, TEE_OPERATION_AE);
  TEE_Result res;

  require_active(op);
  res = _utee_authenc_update_aad(op->cryp_state, AADdata, AADdataLen);
  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}

TEE_Result TEE_AEUpdate(TEE_OperationHandle operation, const void* srcData, size_t srcLen,
                        void* destData, size_t* destLen) {
  struct __TEE_OperationHandle* op = lookup_class(operation, TEE_OPERATION_AE);
  uint64_t len;
  TEE_Result res;

  require_active(op);
  if (!destLen)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  len = *destLen;
  res = _utee_authenc_update_payload(op->cryp_state, srcData, srcLen, destData, &len);
  return sized_output(res, len, destLen);
}

TEE_Result TEE_AEEncryptFinal(TEE_OperationHandle operation, const void* srcData, size_t srcLen,
                              void* destData, size_t* destLen, void* tag, size_t* tagLen) {
  struct __TEE_OperationHandle* op = lookup_class(operation, TEE_OPERATION_AE);
  uint64_t len;
  uint64_t tag_len;
  TEE_Result res;

  require_active(op);
  if (op->info.mode != TEE_MODE_ENCRYPT || !destLen || !tagLen)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  len = *destLen;
  tag_len = *tagLen;
  res = _utee_authenc_enc_final(op->cryp_state, srcData, srcLen, destData, &len, tag, &tag_len);
  if (res != TEE_SUCCESS && res != TEE_ERROR_SHORT_BUFFER)
    TEE_Panic(res);
  *destLen = (size_t)len;
  *tagLen = (size_t)tag_len;
  if (res == TEE_SUCCESS)
    set_finished(op);
  return res;
}

/* On TEE_ERROR_MAC_INVALID nothing is written and the operation is finished too. */
TEE_Result TEE_AEDecryptFinal(TEE_OperationHandle operation, const void* srcData, size_t srcLen,
                              void* destData, size_t* destLen, void* tag, size_t tagLen) {
  struct __TEE_OperationHandle* op = lookup_class(operation, TEE_OPERATION_AE);
  uint64_t len;
  TEE_Result res;

  require_active(op);
  if (op->info.mode != TEE_MODE_DECRYPT || !destLen)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  len = *destLen;
  res = _utee_authenc_dec_final(op->cryp_state, srcData, srcLen, destData, &len, tag, tagLen);
  if (res == TEE_ERROR_MAC_INVALID) {
    set_finished(op);
    return res;
  }
  res = sized_output(res, len, destLen);
  if (res == TEE_SUCCESS)
    set_finished(op);
  return res;
}

/* --- Asymmetric operations (GP §6.7) --------------------------------------------------- */

static struct __TEE_OperationHandle* lookup_asym(TEE_OperationHandle operation, uint32_t cls,
                                                 uint32_t mode) {
  struct __TEE_OperationHandle* op = lookup_class(operation, cls);

  if (op->info.mode != mode)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  require_key(op);
  return op;
}

static TEE_Result asym_operate(struct __TEE_OperationHandle* op, const TEE_Attribute* params,
                               uint32_t paramCount, const void* src, size_t srcLen, void* dest,
                               size_t* destLen) {
  struct swemu_attr_list list;
  uint64_t len;
  TEE_Result res;

  if (!destLen)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  len = *destLen;
  swemu_attrs_convert(&list, params, paramCount);
  res = _utee_asymm_operate(op->cryp_state, list.attrs, list.count, src, srcLen, dest, &len);
  swemu_attrs_release(&list);
  if (res == TEE_SUCCESS || res == TEE_ERROR_SHORT_BUFFER)
    *destLen = (size_t)len;
  return res;
}

/* TEE_ERROR_BAD_PARAMETERS: a message too long for the key (GP TEE_AsymmetricEncrypt). */
TEE_Result TEE_AsymmetricEncrypt(TEE_OperationHandle operation, const TEE_Attribute* params,
                                 uint32_t paramCount, const void* srcData, size_t srcLen,
                                 void* destData, size_t* destLen) {
  struct __TEE_OperationHandle* op =
      lookup_asym(operation, TEE_OPERATION_ASYMMETRIC_CIPHER, TEE_MODE_ENCRYPT);
  TEE_Result res = asym_operate(op, params, paramCount, srcData, srcLen, destData, destLen);

  if (res != TEE_SUCCESS && res != TEE_ERROR_SHORT_BUFFER && res != TEE_ERROR_BAD_PARAMETERS)
    TEE_Panic(res);
  return res;
}

/* Also TEE_ERROR_CIPHERTEXT_INVALID for a ciphertext that does not decrypt (GP 1.3). */
TEE_Result TEE_AsymmetricDecrypt(TEE_OperationHandle operation, const TEE_Attribute* params,
                                 uint32_t paramCount, const void* srcData, size_t srcLen,
                                 void* destData, size_t* destLen) {
  struct __TEE_OperationHandle* op =
      lookup_asym(operation, TEE_OPERATION_ASYMMETRIC_CIPHER, TEE_MODE_DECRYPT);
  TEE_Result res = asym_operate(op, params, paramCount, srcData, srcLen, destData, destLen);

  if (res != TEE_SUCCESS && res != TEE_ERROR_SHORT_BUFFER && res != TEE_ERROR_BAD_PARAMETERS &&
      res != TEE_ERROR_CIPHERTEXT_INVALID)
    TEE_Panic(res);
  return res;
}

TEE_Result TEE_AsymmetricSignDigest(TEE_OperationHandle operation, const TEE_Attribute* params,
                                    uint32_t paramCount, const void* digest, size_t digestLen,
                                    void* signature, size_t* signatureLen) {
  struct __TEE_OperationHandle* op =
      lookup_asym(operation, TEE_OPERATION_ASYMMETRIC_SIGNATURE, TEE_MODE_SIGN);
  TEE_Result res = asym_operate(op, params, paramCount, digest, digestLen, signature, signatureLen);

  if (res != TEE_SUCCESS && res != TEE_ERROR_SHORT_BUFFER)
    TEE_Panic(res);
  return res;
}

TEE_Result TEE_AsymmetricVerifyDigest(TEE_OperationHandle operation, const TEE_Attribute* params,
                                      uint32_t paramCount, const void* digest, size_t digestLen,
                                      const void* signature, size_t signatureLen) {
  struct __TEE_OperationHandle* op =
      lookup_asym(operation, TEE_OPERATION_ASYMMETRIC_SIGNATURE, TEE_MODE_VERIFY);
  struct swemu_attr_list list;
  TEE_Result res;

  swemu_attrs_convert(&list, params, paramCount);
  res = _utee_asymm_verify(op->cryp_state, list.attrs, list.count, digest, digestLen, signature,
                           signatureLen);
  swemu_attrs_release(&list);
  if (res != TEE_SUCCESS && res != TEE_ERROR_SIGNATURE_INVALID)
    TEE_Panic(res);
  return res;
}

/* --- Key derivation (GP §6.8) ---------------------------------------------------------- */

/* GP TEE_DeriveKey returns nothing, so every failure panics. */
void TEE_DeriveKey(TEE_OperationHandle operation, const TEE_Attribute* params, uint32_t paramCount,
                   TEE_ObjectHandle derivedKey) {
  struct __TEE_OperationHandle* op =
      lookup_asym(operation, TEE_OPERATION_KEY_DERIVATION, TEE_MODE_DERIVE);
  struct utee_object_info info;
  struct swemu_attr_list list;
  TEE_Result res;

  /* The target must be a transient object that is not initialized yet. */
  res = _utee_cryp_obj_get_info(SWEMU_OBJ_ID(derivedKey), &info);
  if (res != TEE_SUCCESS)
    TEE_Panic(res);
  if (info.handle_flags & (TEE_HANDLE_FLAG_PERSISTENT | TEE_HANDLE_FLAG_INITIALIZED))
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  swemu_attrs_convert(&list, params, paramCount);
  res = _utee_cryp_derive_key(op->cryp_state, list.attrs, list.count, SWEMU_OBJ_ID(derivedKey));
  swemu_attrs_release(&list);
  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}
