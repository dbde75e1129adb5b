/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The crypto_test TA's interface, shared by the TA and tests/crypto_kat_test.cpp.
 *
 * The TA is a generic driver of the GP cryptographic API (GP TEE Internal Core API v1.3.1
 * chapter 6): the test vectors live on the host, which describes each operation in a
 * request. All integers on the wire are 32-bit little-endian (both TA builds and the host
 * are little-endian); nothing in a request needs to be aligned.
 *
 * A request is a header of CRYPTO_REQ_HEADER_WORDS words (struct crypto_req_header order)
 * followed by items. Each item is: u32 kind (CRYPTO_ITEM_*), u32 length, `length` bytes.
 * Attribute items (KEY1/KEY2/PARAM) hold u32 attributeID then either the buffer bytes, or,
 * when TEE_ATTR_FLAG_VALUE is set in the id, exactly two u32 (a, b).
 *
 * CRYPTO_CMD_RUN: one whole operation.
 *   p0 MEMREF_INPUT   the request
 *   p1 MEMREF_OUTPUT  the output (ciphertext, digest, MAC, signature, shared secret or
 *                     derived key), then the AE tag; size set to the bytes written
 *   p2 VALUE_OUTPUT   a = TEE_Result of the first step that did not succeed (TEE_SUCCESS if
 *                     none), b = that step (CRYPTO_STEP_*)
 *   p3 VALUE_OUTPUT   a = output length, b = tag length; after TEE_ERROR_SHORT_BUFFER the
 *                     lengths the failing call reported; after any other failure a = the
 *                     number of non-zero bytes the run left in its (zeroed) output buffer
 *   The steps: TEE_AllocateOperation(algorithm, mode, max_key_bits); key objects of
 *   key1_type / key2_type (maxObjectSize max_key_bits) populated with the KEY1/KEY2 items
 *   and set with TEE_SetOperationKey(2); then by operation class:
 *     digest     TEE_DigestUpdate per UPDATE item, TEE_DigestDoFinal(FINAL)
 *     MAC        TEE_MACInit(IV), TEE_MACUpdate per UPDATE, then TEE_MACCompareFinal(FINAL,
 *                TAG) if a TAG item is present, else TEE_MACComputeFinal(FINAL)
 *     cipher     TEE_CipherInit(IV), TEE_CipherUpdate per UPDATE, TEE_CipherDoFinal(FINAL)
 *     AE         TEE_AEInit(IV, tag_bits, sum of AAD, sum of UPDATE + FINAL),
 *                TEE_AEUpdateAAD per AAD, TEE_AEUpdate per UPDATE, then
 *                TEE_AEEncryptFinal(FINAL) or TEE_AEDecryptFinal(FINAL, TAG)
 *     asymmetric TEE_AsymmetricEncrypt/Decrypt/SignDigest(PARAMs, FINAL) or
 *                TEE_AsymmetricVerifyDigest(PARAMs, FINAL = digest, TAG = signature)
 *     derivation TEE_DeriveKey(PARAMs) into a GENERIC_SECRET of derived_bits, then its
 *                TEE_ATTR_SECRET_VALUE is the output
 *   The final call gets min(out_room, space left) bytes of output room (and tag_room for
 *   the AE tag), so a test can provoke TEE_ERROR_SHORT_BUFFER.
 *   Flags: CRYPTO_FLAG_COPY continues on a TEE_CopyOperation copy after the first update
 *   (the original freed); CRYPTO_FLAG_RESET feeds the first update, calls
 *   TEE_ResetOperation and starts again from the init step; CRYPTO_FLAG_RETRY repeats a
 *   final call that failed with TEE_ERROR_SHORT_BUFFER with all the room there is (GP: a
 *   short buffer leaves the operation as it was), p3 then reporting the retry.
 *
 * CRYPTO_CMD_GENERATE: TEE_GenerateKey(key1_type, max_key_bits, PARAM items), then every
 *   attribute of the key, exported.
 *   p0 MEMREF_INPUT   a request (header and PARAM items)
 *   p1 MEMREF_OUTPUT  the attributes as KEY1 items (a request's item encoding)
 *   p2 VALUE_OUTPUT   as for RUN
 *   p3 VALUE_OUTPUT   a = objectSize, b = objectType (TEE_GetObjectInfo1)
 *
 * CRYPTO_CMD_SUPPORTED: p0 MEMREF_INPUT entries of 4 u32 (algorithm, element, mode,
 *   max_key_bits); p1 MEMREF_OUTPUT per entry 2 u32: TEE_IsAlgorithmSupported(algorithm,
 *   element) and TEE_AllocateOperation(algorithm, mode, max_key_bits) (mode
 *   CRYPTO_NO_ALLOCATE: not tried, reported as TEE_SUCCESS).
 *
 * CRYPTO_CMD_INFO: p0 MEMREF_INPUT a RUN request; p2, p3 VALUE_OUTPUT as for RUN (p2: the
 *   step that failed; p3 unused); p1 MEMREF_OUTPUT CRYPTO_INFO_WORDS u32:
 *   the TEE_OperationInfo (8 words) after allocation, after the key(s) are set, and after
 *   the init step plus the first UPDATE item; then TEE_GetOperationInfoMultiple's result and
 *   reported size for a buffer of the bare header, the same for a buffer with room for two
 *   keys, and that TEE_OperationInfoMultiple (8 header words, 2 x 2 key words).
 *
 * CRYPTO_CMD_OBJECT_RULES: a fixed scenario of GP §5.5-5.6 object rules; p1 MEMREF_OUTPUT
 *   gets CRYPTO_RULES_WORDS u32 laid out as enum crypto_rules_word.
 *
 * CRYPTO_CMD_RANDOM: p0 VALUE_INPUT a = length; p1 MEMREF_OUTPUT gets two independent
 *   TEE_GenerateRandom outputs of that length, one after the other.
 *
 * CRYPTO_CMD_MISUSE: p0 VALUE_INPUT a = CRYPTO_MISUSE_*; each case is a call GP says panics
 *   the TA, so the command never returns normally (TEE_ERROR_GENERIC if it does).
 */
#ifndef CRYPTO_TEST_TA_H
#define CRYPTO_TEST_TA_H

/* clang-format off */
#define CRYPTO_TEST_TA_UUID \
  { 0x46005c9d, 0xc10d, 0x4a2f, { 0xab, 0xa6, 0xb1, 0x8a, 0x15, 0xe3, 0x56, 0x62 } }
#define CRYPTO_TEST32_TA_UUID \
  { 0x5ed50ee4, 0xe4ce, 0x4420, { 0xa4, 0xf8, 0x5f, 0x27, 0x49, 0x8f, 0x37, 0xad } }
/* clang-format on */

#define CRYPTO_CMD_RUN 0
#define CRYPTO_CMD_GENERATE 1
#define CRYPTO_CMD_SUPPORTED 2
#define CRYPTO_CMD_INFO 3
#define CRYPTO_CMD_OBJECT_RULES 4
#define CRYPTO_CMD_RANDOM 5
#define CRYPTO_CMD_MISUSE 6

/* The request header, in words. */
enum crypto_req_header {
  CRYPTO_REQ_ALGORITHM = 0,
  CRYPTO_REQ_MODE,
  CRYPTO_REQ_MAX_KEY_BITS, /* operation maxKeySize and key objects' maxObjectSize */
  CRYPTO_REQ_KEY1_TYPE,    /* 0: no key */
  CRYPTO_REQ_KEY2_TYPE,    /* 0: one key; else TEE_SetOperationKey2 */
  CRYPTO_REQ_TAG_BITS,     /* AE tag length for TEE_AEInit */
  CRYPTO_REQ_DERIVED_BITS, /* derived GENERIC_SECRET maxObjectSize */
  CRYPTO_REQ_OUT_ROOM,     /* output room offered to the final call */
  CRYPTO_REQ_TAG_ROOM,     /* AE tag room offered to TEE_AEEncryptFinal */
  CRYPTO_REQ_FLAGS,        /* CRYPTO_FLAG_* */
  CRYPTO_REQ_HEADER_WORDS
};

#define CRYPTO_ROOM_ALL 0xFFFFFFFFU

#define CRYPTO_FLAG_COPY 0x1U
#define CRYPTO_FLAG_RESET 0x2U
#define CRYPTO_FLAG_RETRY 0x4U

enum crypto_item {
  CRYPTO_ITEM_KEY1_ATTR = 1,
  CRYPTO_ITEM_KEY2_ATTR = 2,
  CRYPTO_ITEM_PARAM_ATTR = 3,
  CRYPTO_ITEM_IV = 4,     /* IV, nonce or XTS tweak; at most one */
  CRYPTO_ITEM_AAD = 5,    /* one TEE_AEUpdateAAD piece */
  CRYPTO_ITEM_UPDATE = 6, /* one update chunk */
  CRYPTO_ITEM_FINAL = 7,  /* the final call's input; at most one */
  CRYPTO_ITEM_TAG = 8,    /* AE tag, MAC or signature to check; at most one */
};

/* Limits the TA enforces on a request. */
#define CRYPTO_MAX_REQUEST 65536
#define CRYPTO_MAX_OUTPUT 65536
#define CRYPTO_MAX_ATTRS 12
#define CRYPTO_MAX_PIECES 64

enum crypto_step {
  CRYPTO_STEP_NONE = 0,
  CRYPTO_STEP_ALLOCATE = 1,
  CRYPTO_STEP_KEY1_OBJECT = 2,
  CRYPTO_STEP_KEY1_POPULATE = 3,
  CRYPTO_STEP_KEY2_OBJECT = 4,
  CRYPTO_STEP_KEY2_POPULATE = 5,
  CRYPTO_STEP_SET_KEY = 6,
  CRYPTO_STEP_INIT = 7,
  CRYPTO_STEP_UPDATE = 8,
  CRYPTO_STEP_FINAL = 9,
  CRYPTO_STEP_DERIVED_OBJECT = 10,
  CRYPTO_STEP_DERIVED_READ = 11,
  CRYPTO_STEP_GENERATE = 12,
  CRYPTO_STEP_EXPORT = 13,
  CRYPTO_STEP_COPY = 14,
};

#define CRYPTO_NO_ALLOCATE 0xFFFFFFFFU

#define CRYPTO_INFO_WORDS (3 * 8 + 4 + 8 + 2 * 2)

/* CRYPTO_CMD_OBJECT_RULES output words. */
enum crypto_rules_word {
  CRYPTO_RULES_AES_ALLOC = 0,    /* AllocateTransientObject(AES, 256) */
  CRYPTO_RULES_EMPTY_INFO,       /* GetObjectInfo1 on it */
  CRYPTO_RULES_EMPTY_TYPE,       /* objectType */
  CRYPTO_RULES_EMPTY_SIZE,       /* objectSize */
  CRYPTO_RULES_EMPTY_MAX,        /* maxObjectSize */
  CRYPTO_RULES_EMPTY_USAGE,      /* objectUsage */
  CRYPTO_RULES_EMPTY_FLAGS,      /* handleFlags */
  CRYPTO_RULES_POPULATE,         /* Populate with a 128-bit SECRET_VALUE */
  CRYPTO_RULES_FULL_SIZE,        /* objectSize after it */
  CRYPTO_RULES_FULL_FLAGS,       /* handleFlags after it */
  CRYPTO_RULES_SHORT,            /* GetObjectBufferAttribute(SECRET) into 8 bytes */
  CRYPTO_RULES_SHORT_SIZE,       /* the size it reported */
  CRYPTO_RULES_READ,             /* ... into 32 bytes */
  CRYPTO_RULES_READ_SIZE,        /* the size it reported */
  CRYPTO_RULES_READ_SAME,        /* 1 if the bytes read are the bytes populated */
  CRYPTO_RULES_MISSING,          /* GetObjectBufferAttribute(RSA_MODULUS) */
  CRYPTO_RULES_RESTRICT,         /* RestrictObjectUsage1(all but EXTRACTABLE) */
  CRYPTO_RULES_RESTRICTED_USAGE, /* objectUsage after it */
  CRYPTO_RULES_ECC_ALLOC,        /* AllocateTransientObject(ECDSA_KEYPAIR, 256) */
  CRYPTO_RULES_ECC_GENERATE,     /* GenerateKey(256, ECC_CURVE = P-256) */
  CRYPTO_RULES_ECC_COPY,         /* CopyObjectAttributes1 into an ECDSA_PUBLIC_KEY */
  CRYPTO_RULES_ECC_COPY_SAME,    /* 1 if the copy's ECC_PUBLIC_VALUE_X is the keypair's */
  CRYPTO_RULES_ECC_COPY_PRIVATE, /* GetObjectBufferAttribute(PRIVATE) on the copy */
  CRYPTO_RULES_ECC_RESTRICT,     /* RestrictObjectUsage1(all but EXTRACTABLE) on the pair */
  CRYPTO_RULES_ECC_PUBLIC,       /* GetObjectBufferAttribute(ECC_PUBLIC_VALUE_X) after it */
  CRYPTO_RULES_ECC_PUBLIC_SIZE,  /* the size it reported */
  CRYPTO_RULES_ECC_CURVE,        /* GetObjectValueAttribute(ECC_CURVE) */
  CRYPTO_RULES_ECC_CURVE_A,      /* its a */
  CRYPTO_RULES_BAD_TYPE,         /* AllocateTransientObject(0xA00000FF, 256) */
  CRYPTO_RULES_BAD_SIZE,         /* AllocateTransientObject(AES, 100) */
  CRYPTO_RULES_OVERSIZED,        /* Populate AES of max 128 with a 256-bit key */
  CRYPTO_RULES_OVERSIZED_FLAGS,  /* handleFlags after that */
  CRYPTO_RULES_WORDS
};

/* CRYPTO_CMD_MISUSE cases. */
enum crypto_misuse {
  CRYPTO_MISUSE_UPDATE_BEFORE_INIT = 1, /* TEE_CipherUpdate before TEE_CipherInit */
  CRYPTO_MISUSE_WRONG_CLASS = 2,        /* TEE_DigestUpdate on a cipher operation */
  CRYPTO_MISUSE_READ_PROTECTED = 3,     /* TEE_GetObjectBufferAttribute(SECRET_VALUE) on a
                                           key without TEE_USAGE_EXTRACTABLE */
  CRYPTO_MISUSE_AE_BEFORE_INIT = 4,     /* TEE_AEUpdate before TEE_AEInit */
  CRYPTO_MISUSE_MAC_NO_INIT = 5,        /* TEE_MACComputeFinal before TEE_MACInit */
  CRYPTO_MISUSE_WRONG_KEY_TYPE = 6,     /* TEE_SetOperationKey(AES op, HMAC key) */
  CRYPTO_MISUSE_INIT_WITHOUT_KEY = 7,   /* TEE_CipherInit with no key set */
};

#endif /* CRYPTO_TEST_TA_H */
