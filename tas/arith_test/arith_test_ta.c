// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The arith_test TA: runs one GP Arithmetical API operation per invoke on operands passed
 * as encoded octet strings (see arith_test_ta.h) and returns the results the same way.
 */
#include <stdint.h>
#include <string.h>
#include <tee_internal_api.h>

#include "arith_test_ta.h"

#define MAX_OPERANDS 4
#define DEFAULT_WORDS TEE_BigIntSizeInU32(ARITH_TA_DEFAULT_BITS)

TEE_Result TA_CreateEntryPoint(void) {
  return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void) {}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param params[TEE_NUM_PARAMS],
                                    void** sess_ctx) {
  (void)param_types;
  (void)params;
  (void)sess_ctx;
  return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void* sess_ctx) {
  (void)sess_ctx;
}

struct out_buf {
  uint8_t* p;
  size_t size;
  size_t used;
  bool short_buffer;
};

static TEE_BigInt* new_bigint(size_t words) {
  TEE_BigInt* b = TEE_Malloc(words * sizeof(uint32_t), TEE_MALLOC_FILL_ZERO);

  if (!b)
    TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
  TEE_BigIntInit(b, words);
  return b;
}

/* Parses up to MAX_OPERANDS operands; returns how many, or -1 on a malformed buffer. */
static int parse_operands(const uint8_t* in, size_t size, TEE_BigInt* ops[MAX_OPERANDS]) {
  size_t pos = 0;
  int count = 0;

  while (pos < size) {
    size_t len;

    if (count == MAX_OPERANDS || size - pos < 3)
      return -1;
    len = (size_t)in[pos + 1] << 8 | in[pos + 2];
    if (size - pos - 3 < len)
      return -1;
    if (TEE_BigIntConvertFromOctetString(ops[count], in + pos + 3, len, in[pos] ? -1 : 1) !=
        TEE_SUCCESS)
      return -1;
    pos += 3 + len;
    count++;
  }
  return count;
}

static void put_bytes(struct out_buf* o, const uint8_t* bytes, size_t len, bool neg) {
  if (o->size - o->used < 3 + len) {
    o->short_buffer = true;
    return;
  }
  o->p[o->used] = neg ? 1 : 0;
  o->p[o->used + 1] = (uint8_t)(len >> 8);
  o->p[o->used + 2] = (uint8_t)len;
  if (len)
    memcpy(o->p + o->used + 3, bytes, len);
  o->used += 3 + len;
}

static void put_bigint(struct out_buf* o, const TEE_BigInt* b) {
  size_t len = ARITH_TA_DEFAULT_BITS / 8 * 2;
  uint8_t* tmp = TEE_Malloc(len, TEE_MALLOC_FILL_ZERO);

  if (!tmp)
    TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
  if (TEE_BigIntConvertToOctetString(tmp, &len, b) != TEE_SUCCESS)
    TEE_Panic(TEE_ERROR_GENERIC);
  put_bytes(o, tmp, len, TEE_BigIntCmpS32(b, 0) < 0);
  TEE_Free(tmp);
}

#define PT(t0, t1, t2, t3)                                                                         \
  TEE_PARAM_TYPES(TEE_PARAM_TYPE_##t0, TEE_PARAM_TYPE_##t1, TEE_PARAM_TYPE_##t2,                   \
                  TEE_PARAM_TYPE_##t3)

/* The TEE_BigInt a result goes to: the fresh `dest`, or operand alias - 1. */
static TEE_BigInt* pick(TEE_BigInt* dest, TEE_BigInt* ops[MAX_OPERANDS], uint32_t alias) {
  if (alias >= 1 && alias <= MAX_OPERANDS)
    return ops[alias - 1];
  return dest;
}

static TEE_Result run_op(uint32_t op, TEE_BigInt* ops[MAX_OPERANDS], int count, TEE_BigInt* dest,
                         TEE_BigInt* dest2, TEE_BigInt* dest3, TEE_Param* p3, struct out_buf* o) {
  uint32_t a = p3->value.a, b = p3->value.b;
  TEE_BigInt *x = ops[0], *y = ops[1], *z = ops[2];
  TEE_BigInt* r;

  switch (op) {
  case ARITH_OP_ADD:
  case ARITH_OP_SUB:
  case ARITH_OP_MUL:
    r = pick(dest, ops, b);
    if (op == ARITH_OP_ADD)
      TEE_BigIntAdd(r, x, y);
    else if (op == ARITH_OP_SUB)
      TEE_BigIntSub(r, x, y);
    else
      TEE_BigIntMul(r, x, y);
    put_bigint(o, r);
    return TEE_SUCCESS;
  case ARITH_OP_SQUARE:
    r = pick(dest, ops, b);
    TEE_BigIntSquare(r, x);
    put_bigint(o, r);
    return TEE_SUCCESS;
  case ARITH_OP_NEG:
    r = pick(dest, ops, b);
    TEE_BigIntNeg(r, x);
    put_bigint(o, r);
    return TEE_SUCCESS;
  case ARITH_OP_DIV:
    if (b == 1) {
      TEE_BigIntDiv(x, y, x, y);
      put_bigint(o, x);
      put_bigint(o, y);
    } else {
      TEE_BigIntDiv(dest, dest2, x, y);
      put_bigint(o, dest);
      put_bigint(o, dest2);
    }
    return TEE_SUCCESS;
  case ARITH_OP_MOD:
    r = pick(dest, ops, b);
    TEE_BigIntMod(r, x, y);
    put_bigint(o, r);
    return TEE_SUCCESS;
  case ARITH_OP_ADDMOD:
  case ARITH_OP_SUBMOD:
  case ARITH_OP_MULMOD:
    r = pick(dest, ops, b);
    if (op == ARITH_OP_ADDMOD)
      TEE_BigIntAddMod(r, x, y, z);
    else if (op == ARITH_OP_SUBMOD)
      TEE_BigIntSubMod(r, x, y, z);
    else
      TEE_BigIntMulMod(r, x, y, z);
    put_bigint(o, r);
    return TEE_SUCCESS;
  case ARITH_OP_SQUAREMOD:
    r = pick(dest, ops, b);
    TEE_BigIntSquareMod(r, x, y);
    put_bigint(o, r);
    return TEE_SUCCESS;
  case ARITH_OP_INVMOD:
    r = pick(dest, ops, b);
    TEE_BigIntInvMod(r, x, y);
    put_bigint(o, r);
    return TEE_SUCCESS;
  case ARITH_OP_EXPMOD: {
    size_t bits = TEE_BigIntGetBitCount(z);
    size_t ctx_words = TEE_BigIntFMMContextSizeInU32(bits);
    TEE_BigIntFMMContext* ctx = TEE_Malloc(ctx_words * sizeof(uint32_t), 0);

    if (!ctx)
      TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
    if (TEE_BigIntInitFMMContext1(ctx, ctx_words, z) != TEE_SUCCESS)
      TEE_Panic(TEE_ERROR_GENERIC);
    r = pick(dest, ops, b);
    p3->value.a = TEE_BigIntExpMod(r, x, y, z, ctx);
    TEE_Free(ctx);
    put_bigint(o, r);
    return TEE_SUCCESS;
  }
  case ARITH_OP_GCD:
    TEE_BigIntComputeExtendedGcd(dest, dest2, dest3, x, y);
    p3->value.a = TEE_BigIntRelativePrime(x, y);
    put_bigint(o, dest);
    put_bigint(o, dest2);
    put_bigint(o, dest3);
    return TEE_SUCCESS;
  case ARITH_OP_ISPRIME:
    p3->value.a = (uint32_t)TEE_BigIntIsProbablePrime(x, a);
    return TEE_SUCCESS;
  case ARITH_OP_CMP:
    p3->value.a = (uint32_t)TEE_BigIntCmp(x, y);
    return TEE_SUCCESS;
  case ARITH_OP_CMPS32:
    p3->value.a = (uint32_t)TEE_BigIntCmpS32(x, (int32_t)a);
    return TEE_SUCCESS;
  case ARITH_OP_SHIFTRIGHT:
    r = pick(dest, ops, b);
    TEE_BigIntShiftRight(r, x, a);
    put_bigint(o, r);
    return TEE_SUCCESS;
  case ARITH_OP_BITS:
    p3->value.a = TEE_BigIntGetBitCount(x);
    p3->value.b = TEE_BigIntGetBit(x, a);
    return TEE_SUCCESS;
  case ARITH_OP_SETBIT:
    p3->value.a = TEE_BigIntSetBit(x, a, b != 0);
    put_bigint(o, x);
    return TEE_SUCCESS;
  case ARITH_OP_FROMS32:
    TEE_BigIntConvertFromS32(dest, (int32_t)a);
    put_bigint(o, dest);
    return TEE_SUCCESS;
  case ARITH_OP_TOS32: {
    int32_t v = 0x5A5A5A5A;

    p3->value.a = TEE_BigIntConvertToS32(&v, x);
    p3->value.b = (uint32_t)v;
    return TEE_SUCCESS;
  }
  case ARITH_OP_ASSIGN:
    p3->value.a = TEE_BigIntAssign(dest, x);
    put_bigint(o, dest);
    return TEE_SUCCESS;
  case ARITH_OP_ABS:
    p3->value.a = TEE_BigIntAbs(dest, x);
    put_bigint(o, dest);
    return TEE_SUCCESS;
  case ARITH_OP_TOOCTETS: {
    size_t len = a;
    uint8_t* buf = TEE_Malloc(len ? len : 1, TEE_MALLOC_FILL_ZERO);

    if (!buf)
      TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
    p3->value.a = TEE_BigIntConvertToOctetString(buf, &len, x);
    p3->value.b = (uint32_t)len;
    if (p3->value.a == TEE_SUCCESS)
      put_bytes(o, buf, len, false);
    TEE_Free(buf);
    return TEE_SUCCESS;
  }
  case ARITH_OP_FROMOCTETS: {
    size_t len = ARITH_TA_DEFAULT_BITS / 8;
    uint8_t* buf = TEE_Malloc(len, TEE_MALLOC_FILL_ZERO);

    if (!buf)
      TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
    if (TEE_BigIntConvertToOctetString(buf, &len, x) != TEE_SUCCESS)
      TEE_Panic(TEE_ERROR_GENERIC);
    p3->value.a = TEE_BigIntConvertFromOctetString(dest, buf, len, (int32_t)a);
    TEE_Free(buf);
    put_bigint(o, dest);
    return TEE_SUCCESS;
  }
  case ARITH_OP_FMM: {
    size_t bits = TEE_BigIntGetBitCount(z);
    size_t fw = TEE_BigIntFMMSizeInU32(bits);
    size_t cw = TEE_BigIntFMMContextSizeInU32(bits);
    TEE_BigIntFMMContext* ctx = TEE_Malloc(cw * sizeof(uint32_t), 0);
    TEE_BigIntFMM* fx = TEE_Malloc(fw * sizeof(uint32_t), 0);
    TEE_BigIntFMM* fy = TEE_Malloc(fw * sizeof(uint32_t), 0);
    TEE_BigIntFMM* fr = TEE_Malloc(fw * sizeof(uint32_t), 0);

    if (!ctx || !fx || !fy || !fr)
      TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
    TEE_BigIntInitFMMContext(ctx, cw, z);
    TEE_BigIntInitFMM(fx, fw);
    TEE_BigIntInitFMM(fy, fw);
    TEE_BigIntInitFMM(fr, fw);
    TEE_BigIntConvertToFMM(fx, x, z, ctx);
    TEE_BigIntConvertToFMM(fy, y, z, ctx);
    TEE_BigIntComputeFMM(fr, fx, fy, z, ctx);
    TEE_BigIntComputeFMM(fx, fx, fx, z, ctx); /* dest == op: x^2 */
    TEE_BigIntConvertFromFMM(dest, fr, z, ctx);
    put_bigint(o, dest);
    TEE_BigIntConvertToFMM(fr, y, z, ctx);
    TEE_BigIntConvertFromFMM(dest2, fr, z, ctx);
    put_bigint(o, dest2);
    TEE_BigIntConvertFromFMM(dest3, fx, z, ctx);
    put_bigint(o, dest3);
    TEE_Free(ctx);
    TEE_Free(fx);
    TEE_Free(fy);
    TEE_Free(fr);
    return TEE_SUCCESS;
  }
  case ARITH_OP_SIZES:
    p3->value.a = (uint32_t)TEE_BigIntFMMSizeInU32(a);
    p3->value.b = (uint32_t)TEE_BigIntFMMContextSizeInU32(a);
    return TEE_SUCCESS;
  default:
    (void)count;
    return TEE_ERROR_NOT_SUPPORTED;
  }
}

static TEE_Result cmd_op(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  TEE_BigInt* ops[MAX_OPERANDS];
  TEE_BigInt *dest, *dest2, *dest3;
  size_t dest_words = params[0].value.b ? params[0].value.b : DEFAULT_WORDS;
  struct out_buf o = {params[2].memref.buffer, params[2].memref.size, 0, false};
  TEE_Result res;
  int count, i;

  if (types != PT(VALUE_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, VALUE_INOUT))
    return TEE_ERROR_BAD_PARAMETERS;
  for (i = 0; i < MAX_OPERANDS; i++)
    ops[i] = new_bigint(DEFAULT_WORDS);
  dest = new_bigint(dest_words);
  dest2 = new_bigint(dest_words);
  dest3 = new_bigint(dest_words);
  count = parse_operands(params[1].memref.buffer, params[1].memref.size, ops);
  if (count < 0)
    res = TEE_ERROR_BAD_PARAMETERS;
  else
    res = run_op(params[0].value.a, ops, count, dest, dest2, dest3, &params[3], &o);
  for (i = 0; i < MAX_OPERANDS; i++)
    TEE_Free(ops[i]);
  TEE_Free(dest);
  TEE_Free(dest2);
  TEE_Free(dest3);
  if (res != TEE_SUCCESS)
    return res;
  if (o.short_buffer)
    return TEE_ERROR_SHORT_BUFFER;
  params[2].memref.size = o.used;
  return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void* sess_ctx, uint32_t cmd_id, uint32_t param_types,
                                      TEE_Param params[TEE_NUM_PARAMS]) {
  (void)sess_ctx;
  if (cmd_id == ARITH_CMD_OP)
    return cmd_op(param_types, params);
  return TEE_ERROR_NOT_SUPPORTED;
}
