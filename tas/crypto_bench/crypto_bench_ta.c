// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The crypto_bench TA: one GP crypto operation per command, for bench/crypto_bench.cpp,
 * which times them against the same mbedTLS calls made directly on the host. Keys are made
 * once per session so that the commands time the operations alone.
 */
#include <stdint.h>
#include <tee_internal_api.h>

#include "crypto_bench_ta.h"

#define PT(t0, t1, t2, t3)                                                                         \
  TEE_PARAM_TYPES(TEE_PARAM_TYPE_##t0, TEE_PARAM_TYPE_##t1, TEE_PARAM_TYPE_##t2,                   \
                  TEE_PARAM_TYPE_##t3)

struct session {
  TEE_OperationHandle sha256;
  TEE_OperationHandle gcm;
  TEE_OperationHandle rsa_sign;
  TEE_OperationHandle ecdsa_sign;
  TEE_ObjectHandle aes_key;
  TEE_ObjectHandle rsa_key;
  TEE_ObjectHandle ecc_key;
};

TEE_Result TA_CreateEntryPoint(void) {
  return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void) {}

static void free_session(struct session* s) {
  TEE_FreeOperation(s->sha256);
  TEE_FreeOperation(s->gcm);
  TEE_FreeOperation(s->rsa_sign);
  TEE_FreeOperation(s->ecdsa_sign);
  TEE_FreeTransientObject(s->aes_key);
  TEE_FreeTransientObject(s->rsa_key);
  TEE_FreeTransientObject(s->ecc_key);
  TEE_Free(s);
}

static TEE_Result make_keys(struct session* s) {
  TEE_Attribute curve;
  TEE_Result res;

  res = TEE_AllocateTransientObject(TEE_TYPE_AES, 128, &s->aes_key);
  if (res == TEE_SUCCESS)
    res = TEE_GenerateKey(s->aes_key, 128, NULL, 0);
  if (res == TEE_SUCCESS)
    res = TEE_AllocateTransientObject(TEE_TYPE_RSA_KEYPAIR, 2048, &s->rsa_key);
  if (res == TEE_SUCCESS)
    res = TEE_GenerateKey(s->rsa_key, 2048, NULL, 0);
  if (res == TEE_SUCCESS)
    res = TEE_AllocateTransientObject(TEE_TYPE_ECDSA_KEYPAIR, 256, &s->ecc_key);
  TEE_InitValueAttribute(&curve, TEE_ATTR_ECC_CURVE, TEE_ECC_CURVE_NIST_P256, 0);
  if (res == TEE_SUCCESS)
    res = TEE_GenerateKey(s->ecc_key, 256, &curve, 1);
  return res;
}

static TEE_Result make_operations(struct session* s) {
  TEE_Result res;

  res = TEE_AllocateOperation(&s->sha256, TEE_ALG_SHA256, TEE_MODE_DIGEST, 0);
  if (res == TEE_SUCCESS)
    res = TEE_AllocateOperation(&s->gcm, TEE_ALG_AES_GCM, TEE_MODE_ENCRYPT, 128);
  if (res == TEE_SUCCESS)
    res = TEE_SetOperationKey(s->gcm, s->aes_key);
  if (res == TEE_SUCCESS)
    res =
        TEE_AllocateOperation(&s->rsa_sign, TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, TEE_MODE_SIGN, 2048);
  if (res == TEE_SUCCESS)
    res = TEE_SetOperationKey(s->rsa_sign, s->rsa_key);
  if (res == TEE_SUCCESS)
    res = TEE_AllocateOperation(&s->ecdsa_sign, TEE_ALG_ECDSA_SHA256, TEE_MODE_SIGN, 256);
  if (res == TEE_SUCCESS)
    res = TEE_SetOperationKey(s->ecdsa_sign, s->ecc_key);
  return res;
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param params[TEE_NUM_PARAMS],
                                    void** sess_ctx) {
  struct session* s = TEE_Malloc(sizeof(*s), TEE_MALLOC_FILL_ZERO);
  TEE_Result res;

  (void)param_types;
  (void)params;
  if (!s)
    return TEE_ERROR_OUT_OF_MEMORY;
  res = make_keys(s);
  if (res == TEE_SUCCESS)
    res = make_operations(s);
  if (res != TEE_SUCCESS) {
    EMSG("setting up the benchmark keys failed: %#x", (unsigned)res);
    free_session(s);
    return res;
  }
  *sess_ctx = s;
  return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void* sess_ctx) {
  free_session(sess_ctx);
}

static TEE_Result cmd_sha256(struct session* s, uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  size_t len;
  TEE_Result res;

  if (types != PT(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  len = params[1].memref.size;
  res = TEE_DigestDoFinal(s->sha256, params[0].memref.buffer, params[0].memref.size,
                          params[1].memref.buffer, &len);
  params[1].memref.size = len;
  return res;
}

static TEE_Result cmd_gcm(struct session* s, uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  static const uint8_t nonce[12] = {0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce,
                                    0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88};
  size_t len;
  size_t tag_len;
  TEE_Result res;

  if (types != PT(MEMREF_INPUT, MEMREF_OUTPUT, MEMREF_OUTPUT, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  res = TEE_AEInit(s->gcm, nonce, sizeof(nonce), 128, 0, params[0].memref.size);
  if (res != TEE_SUCCESS)
    return res;
  len = params[1].memref.size;
  tag_len = params[2].memref.size;
  res = TEE_AEEncryptFinal(s->gcm, params[0].memref.buffer, params[0].memref.size,
                           params[1].memref.buffer, &len, params[2].memref.buffer, &tag_len);
  params[1].memref.size = len;
  params[2].memref.size = tag_len;
  return res;
}

static TEE_Result cmd_sign(TEE_OperationHandle op, uint32_t types,
                           TEE_Param params[TEE_NUM_PARAMS]) {
  size_t len;
  TEE_Result res;

  if (types != PT(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  len = params[1].memref.size;
  res = TEE_AsymmetricSignDigest(op, NULL, 0, params[0].memref.buffer, params[0].memref.size,
                                 params[1].memref.buffer, &len);
  params[1].memref.size = len;
  return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void* sess_ctx, uint32_t cmd_id, uint32_t param_types,
                                      TEE_Param params[TEE_NUM_PARAMS]) {
  struct session* s = sess_ctx;

  switch (cmd_id) {
  case CRYPTO_BENCH_CMD_SHA256:
    return cmd_sha256(s, param_types, params);
  case CRYPTO_BENCH_CMD_AES_GCM_ENCRYPT:
    return cmd_gcm(s, param_types, params);
  case CRYPTO_BENCH_CMD_RSA2048_SIGN:
    return cmd_sign(s->rsa_sign, param_types, params);
  case CRYPTO_BENCH_CMD_ECDSA_P256_SIGN:
    return cmd_sign(s->ecdsa_sign, param_types, params);
  default:
    return TEE_ERROR_NOT_SUPPORTED;
  }
}
