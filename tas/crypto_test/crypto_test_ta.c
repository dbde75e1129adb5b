// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The crypto_test TA: a generic driver of the GP cryptographic API (GP TEE Internal Core
 * API v1.3.1 chapter 6). The host describes each operation in a request (see
 * crypto_test_ta.h); the TA runs it step by step and reports the output and the result of
 * the first step that failed. The request comes from outside, so it is copied into TA
 * memory first and every length in it is checked before use.
 */
#include <stdint.h>
#include <string.h>
#include <tee_internal_api.h>

#include "crypto_test_ta.h"

#define PT(t0, t1, t2, t3)                                                                         \
  TEE_PARAM_TYPES(TEE_PARAM_TYPE_##t0, TEE_PARAM_TYPE_##t1, TEE_PARAM_TYPE_##t2,                   \
                  TEE_PARAM_TYPE_##t3)

/* Room for the AE tag: GP allows up to 128 bits, leave margin to see what the API says. */
#define TAG_BUF 64
/* Room for one exported attribute: an RSA-4096 modulus and then some. */
#define ATTR_BUF 1024

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

/* --- Requests ------------------------------------------------------------------------- */

struct piece {
  const uint8_t* p;
  size_t len;
};

struct attr_list {
  TEE_Attribute a[CRYPTO_MAX_ATTRS];
  uint32_t n;
};

struct request {
  uint8_t* copy; /* the request bytes, owned; pieces and attributes point into it */
  uint32_t h[CRYPTO_REQ_HEADER_WORDS];
  struct attr_list key1, key2, params;
  struct piece iv, final, tag;
  bool has_iv, has_final, has_tag;
  struct piece aad[CRYPTO_MAX_PIECES], upd[CRYPTO_MAX_PIECES];
  uint32_t n_aad, n_upd;
};

static uint32_t rd32(const uint8_t* p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(uint8_t* p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}

static bool add_attr(struct attr_list* l, uint8_t* data, size_t len) {
  uint32_t id;

  if (l->n == CRYPTO_MAX_ATTRS || len < 4)
    return false;
  id = rd32(data);
  if (id & TEE_ATTR_FLAG_VALUE) {
    if (len != 12)
      return false;
    TEE_InitValueAttribute(&l->a[l->n], id, rd32(data + 4), rd32(data + 8));
  } else {
    TEE_InitRefAttribute(&l->a[l->n], id, data + 4, len - 4);
  }
  l->n++;
  return true;
}

static bool set_once(struct piece* slot, bool* has, uint8_t* data, size_t len) {
  if (*has)
    return false;
  slot->p = data;
  slot->len = len;
  *has = true;
  return true;
}

static bool add_piece(struct piece* pieces, uint32_t* n, uint8_t* data, size_t len) {
  if (*n == CRYPTO_MAX_PIECES)
    return false;
  pieces[*n].p = data;
  pieces[*n].len = len;
  (*n)++;
  return true;
}

static void free_request(struct request* r) {
  if (!r)
    return;
  TEE_Free(r->copy);
  TEE_Free(r);
}

/* Copies and parses a request; NULL when it is malformed (or memory runs out). */
static struct request* parse_request(const TEE_Param* p) {
  struct request* r;
  size_t size = p->memref.size;
  size_t pos;
  uint32_t i;

  if (size < CRYPTO_REQ_HEADER_WORDS * 4 || size > CRYPTO_MAX_REQUEST || !p->memref.buffer)
    return NULL;
  r = TEE_Malloc(sizeof(*r), TEE_MALLOC_FILL_ZERO);
  if (!r)
    return NULL;
  r->copy = TEE_Malloc(size, TEE_MALLOC_FILL_ZERO);
  if (!r->copy) {
    TEE_Free(r);
    return NULL;
  }
  /* One copy, so the client cannot change what was checked. */
  memcpy(r->copy, p->memref.buffer, size);
  for (i = 0; i < CRYPTO_REQ_HEADER_WORDS; i++)
    r->h[i] = rd32(r->copy + 4 * i);

  pos = CRYPTO_REQ_HEADER_WORDS * 4;
  while (pos < size) {
    uint32_t kind, len;
    uint8_t* data;
    bool ok;

    if (size - pos < 8)
      goto bad;
    kind = rd32(r->copy + pos);
    len = rd32(r->copy + pos + 4);
    pos += 8;
    if (len > size - pos)
      goto bad;
    data = r->copy + pos;
    pos += len;
    switch (kind) {
    case CRYPTO_ITEM_KEY1_ATTR:
      ok = add_attr(&r->key1, data, len);
      break;
    case CRYPTO_ITEM_KEY2_ATTR:
      ok = add_attr(&r->key2, data, len);
      break;
    case CRYPTO_ITEM_PARAM_ATTR:
      ok = add_attr(&r->params, data, len);
      break;
    case CRYPTO_ITEM_IV:
      ok = set_once(&r->iv, &r->has_iv, data, len);
      break;
    case CRYPTO_ITEM_AAD:
      ok = add_piece(r->aad, &r->n_aad, data, len);
      break;
    case CRYPTO_ITEM_UPDATE:
      ok = add_piece(r->upd, &r->n_upd, data, len);
      break;
    case CRYPTO_ITEM_FINAL:
      ok = set_once(&r->final, &r->has_final, data, len);
      break;
    case CRYPTO_ITEM_TAG:
      ok = set_once(&r->tag, &r->has_tag, data, len);
      break;
    default:
      ok = false;
      break;
    }
    if (!ok)
      goto bad;
  }
  return r;
bad:
  free_request(r);
  return NULL;
}

/* --- Running one operation ------------------------------------------------------------ */

struct run {
  const struct request* r;
  TEE_OperationHandle op;
  uint32_t op_class;
  uint8_t* out;
  size_t cap;
  size_t used;
  size_t reported; /* output length reported by a call that failed with SHORT_BUFFER */
  size_t tag_len;
  uint32_t out_room; /* room offered to the final call (CRYPTO_REQ_OUT_ROOM) */
  uint32_t tag_room; /* tag room offered to TEE_AEEncryptFinal (CRYPTO_REQ_TAG_ROOM) */
  TEE_Result res;
  uint32_t step;
};

static bool fail(struct run* s, TEE_Result res, uint32_t step) {
  if (res == TEE_SUCCESS)
    return false;
  if (s->res == TEE_SUCCESS) {
    s->res = res;
    s->step = step;
  }
  return true;
}

static size_t sum_pieces(const struct piece* pieces, uint32_t n) {
  size_t total = 0;
  uint32_t i;

  for (i = 0; i < n; i++)
    total += pieces[i].len;
  return total;
}

/* A transient object of `type` populated with `attrs`; TEE_HANDLE_NULL on failure. */
static TEE_ObjectHandle make_key(struct run* s, uint32_t type, const struct attr_list* attrs,
                                 uint32_t alloc_step) {
  TEE_ObjectHandle key = TEE_HANDLE_NULL;
  TEE_Result res;

  res = TEE_AllocateTransientObject(type, s->r->h[CRYPTO_REQ_MAX_KEY_BITS], &key);
  if (fail(s, res, alloc_step))
    return TEE_HANDLE_NULL;
  res = TEE_PopulateTransientObject(key, attrs->a, attrs->n);
  if (fail(s, res, alloc_step + 1)) {
    TEE_FreeTransientObject(key);
    return TEE_HANDLE_NULL;
  }
  return key;
}

/* Allocates the operation and sets its key(s); the key objects are freed right away, since
 * the operation keeps its own copy (GP §6.2.7). */
static bool prepare(struct run* s) {
  const struct request* r = s->r;
  TEE_ObjectHandle k1 = TEE_HANDLE_NULL, k2 = TEE_HANDLE_NULL;
  TEE_OperationInfo info;
  TEE_Result res;

  res = TEE_AllocateOperation(&s->op, r->h[CRYPTO_REQ_ALGORITHM], r->h[CRYPTO_REQ_MODE],
                              r->h[CRYPTO_REQ_MAX_KEY_BITS]);
  if (fail(s, res, CRYPTO_STEP_ALLOCATE)) {
    s->op = TEE_HANDLE_NULL;
    return false;
  }
  TEE_GetOperationInfo(s->op, &info);
  s->op_class = info.operationClass;

  if (r->h[CRYPTO_REQ_KEY1_TYPE]) {
    k1 = make_key(s, r->h[CRYPTO_REQ_KEY1_TYPE], &r->key1, CRYPTO_STEP_KEY1_OBJECT);
    if (!k1)
      return false;
  }
  if (r->h[CRYPTO_REQ_KEY2_TYPE]) {
    k2 = make_key(s, r->h[CRYPTO_REQ_KEY2_TYPE], &r->key2, CRYPTO_STEP_KEY2_OBJECT);
    if (!k2) {
      TEE_FreeTransientObject(k1);
      return false;
    }
    res = TEE_SetOperationKey2(s->op, k1, k2);
  } else if (k1) {
    res = TEE_SetOperationKey(s->op, k1);
  } else {
    res = TEE_SUCCESS;
  }
  TEE_FreeTransientObject(k1);
  TEE_FreeTransientObject(k2);
  return !fail(s, res, CRYPTO_STEP_SET_KEY);
}

static bool init_step(struct run* s) {
  const struct request* r = s->r;
  TEE_Result res;
  uint32_t i;

  s->used = 0;
  switch (s->op_class) {
  case TEE_OPERATION_MAC:
    TEE_MACInit(s->op, r->iv.p, r->iv.len);
    return true;
  case TEE_OPERATION_CIPHER:
    TEE_CipherInit(s->op, r->iv.p, r->iv.len);
    return true;
  case TEE_OPERATION_AE:
    res = TEE_AEInit(s->op, r->iv.p, r->iv.len, r->h[CRYPTO_REQ_TAG_BITS],
                     sum_pieces(r->aad, r->n_aad), sum_pieces(r->upd, r->n_upd) + r->final.len);
    if (fail(s, res, CRYPTO_STEP_INIT))
      return false;
    for (i = 0; i < r->n_aad; i++)
      TEE_AEUpdateAAD(s->op, r->aad[i].p, r->aad[i].len);
    return true;
  default:
    return true;
  }
}

static bool update_step(struct run* s, const struct piece* in) {
  size_t dlen = s->cap - s->used;
  TEE_Result res;

  switch (s->op_class) {
  case TEE_OPERATION_DIGEST:
    TEE_DigestUpdate(s->op, in->p, in->len);
    return true;
  case TEE_OPERATION_MAC:
    TEE_MACUpdate(s->op, in->p, in->len);
    return true;
  case TEE_OPERATION_CIPHER:
    res = TEE_CipherUpdate(s->op, in->p, in->len, s->out + s->used, &dlen);
    break;
  case TEE_OPERATION_AE:
    res = TEE_AEUpdate(s->op, in->p, in->len, s->out + s->used, &dlen);
    break;
  default:
    /* Asymmetric operations and derivations take their input in one call. */
    return !fail(s, TEE_ERROR_BAD_PARAMETERS, CRYPTO_STEP_UPDATE);
  }
  if (res == TEE_ERROR_SHORT_BUFFER)
    s->reported = dlen;
  if (fail(s, res, CRYPTO_STEP_UPDATE))
    return false;
  if (dlen > s->cap - s->used)
    return !fail(s, TEE_ERROR_GENERIC, CRYPTO_STEP_UPDATE);
  s->used += dlen;
  return true;
}

static bool derive_step(struct run* s) {
  const struct request* r = s->r;
  TEE_ObjectHandle dk = TEE_HANDLE_NULL;
  size_t dlen = s->cap - s->used;
  TEE_Result res;

  if (s->out_room < dlen)
    dlen = s->out_room;
  res = TEE_AllocateTransientObject(TEE_TYPE_GENERIC_SECRET, r->h[CRYPTO_REQ_DERIVED_BITS], &dk);
  if (fail(s, res, CRYPTO_STEP_DERIVED_OBJECT))
    return false;
  TEE_DeriveKey(s->op, r->params.a, r->params.n, dk);
  res = TEE_GetObjectBufferAttribute(dk, TEE_ATTR_SECRET_VALUE, s->out + s->used, &dlen);
  TEE_FreeTransientObject(dk);
  if (res == TEE_ERROR_SHORT_BUFFER)
    s->reported = dlen;
  if (fail(s, res, CRYPTO_STEP_DERIVED_READ))
    return false;
  s->used += dlen;
  return true;
}

static bool final_step(struct run* s) {
  const struct request* r = s->r;
  TEE_Attribute* params = (TEE_Attribute*)r->params.a;
  void* dst = s->out + s->used;
  size_t dlen = s->cap - s->used;
  uint8_t tag[TAG_BUF];
  size_t tlen = TAG_BUF;
  uint32_t mode = r->h[CRYPTO_REQ_MODE];
  TEE_Result res;

  if (s->out_room < dlen)
    dlen = s->out_room;
  if (s->tag_room < tlen)
    tlen = s->tag_room;
  switch (s->op_class) {
  case TEE_OPERATION_DIGEST:
    res = TEE_DigestDoFinal(s->op, r->final.p, r->final.len, dst, &dlen);
    break;
  case TEE_OPERATION_MAC:
    if (r->has_tag) {
      dlen = 0;
      res = TEE_MACCompareFinal(s->op, r->final.p, r->final.len, r->tag.p, r->tag.len);
    } else {
      res = TEE_MACComputeFinal(s->op, r->final.p, r->final.len, dst, &dlen);
    }
    break;
  case TEE_OPERATION_CIPHER:
    res = TEE_CipherDoFinal(s->op, r->final.p, r->final.len, dst, &dlen);
    break;
  case TEE_OPERATION_AE:
    if (mode == TEE_MODE_ENCRYPT) {
      res = TEE_AEEncryptFinal(s->op, r->final.p, r->final.len, dst, &dlen, tag, &tlen);
    } else {
      tlen = 0;
      res = TEE_AEDecryptFinal(s->op, r->final.p, r->final.len, dst, &dlen, (void*)r->tag.p,
                               r->tag.len);
    }
    break;
  case TEE_OPERATION_ASYMMETRIC_CIPHER:
    if (mode == TEE_MODE_ENCRYPT)
      res = TEE_AsymmetricEncrypt(s->op, params, r->params.n, r->final.p, r->final.len, dst, &dlen);
    else
      res = TEE_AsymmetricDecrypt(s->op, params, r->params.n, r->final.p, r->final.len, dst, &dlen);
    break;
  case TEE_OPERATION_ASYMMETRIC_SIGNATURE:
    if (mode == TEE_MODE_SIGN) {
      res = TEE_AsymmetricSignDigest(s->op, params, r->params.n, r->final.p, r->final.len, dst,
                                     &dlen);
    } else {
      dlen = 0;
      res = TEE_AsymmetricVerifyDigest(s->op, params, r->params.n, r->final.p, r->final.len,
                                       r->tag.p, r->tag.len);
    }
    break;
  case TEE_OPERATION_KEY_DERIVATION:
    return derive_step(s);
  default:
    return !fail(s, TEE_ERROR_NOT_SUPPORTED, CRYPTO_STEP_FINAL);
  }
  if (res == TEE_ERROR_SHORT_BUFFER) {
    s->reported = dlen;
    s->tag_len = tlen;
  }
  if (fail(s, res, CRYPTO_STEP_FINAL))
    return false;
  if (dlen > s->cap - s->used || tlen > TAG_BUF)
    return !fail(s, TEE_ERROR_GENERIC, CRYPTO_STEP_FINAL);
  s->used += dlen;
  if (s->op_class == TEE_OPERATION_AE && mode == TEE_MODE_ENCRYPT) {
    if (tlen > s->cap - s->used)
      return !fail(s, TEE_ERROR_SHORT_BUFFER, CRYPTO_STEP_FINAL);
    memcpy(s->out + s->used, tag, tlen);
    s->tag_len = tlen;
  }
  return true;
}

/* Continues on a copy of the operation (CRYPTO_FLAG_COPY). */
static bool switch_to_copy(struct run* s) {
  const struct request* r = s->r;
  TEE_OperationHandle copy = TEE_HANDLE_NULL;
  TEE_Result res;

  res = TEE_AllocateOperation(&copy, r->h[CRYPTO_REQ_ALGORITHM], r->h[CRYPTO_REQ_MODE],
                              r->h[CRYPTO_REQ_MAX_KEY_BITS]);
  if (fail(s, res, CRYPTO_STEP_COPY))
    return false;
  TEE_CopyOperation(copy, s->op);
  TEE_FreeOperation(s->op);
  s->op = copy;
  return true;
}

/* Init, the updates (with the RESET / COPY detours), final. */
static void run_steps(struct run* s) {
  const struct request* r = s->r;
  uint32_t flags = r->h[CRYPTO_REQ_FLAGS];
  uint32_t first = 0;
  uint32_t i;

  if (!init_step(s))
    return;
  if (flags & CRYPTO_FLAG_RESET) {
    if (r->n_upd > 0 && !update_step(s, &r->upd[0]))
      return;
    TEE_ResetOperation(s->op);
    if (!init_step(s))
      return;
  }
  if (flags & CRYPTO_FLAG_COPY) {
    if (r->n_upd > 0) {
      if (!update_step(s, &r->upd[0]))
        return;
      first = 1;
    }
    if (!switch_to_copy(s))
      return;
  }
  for (i = first; i < r->n_upd; i++)
    if (!update_step(s, &r->upd[i]))
      return;
  if (final_step(s) || s->res != TEE_ERROR_SHORT_BUFFER || !(flags & CRYPTO_FLAG_RETRY))
    return;
  s->res = TEE_SUCCESS;
  s->step = CRYPTO_STEP_NONE;
  s->reported = 0;
  s->tag_len = 0;
  s->out_room = CRYPTO_ROOM_ALL;
  s->tag_room = CRYPTO_ROOM_ALL;
  final_step(s);
}

static size_t output_cap(const TEE_Param* p) {
  return p->memref.size < CRYPTO_MAX_OUTPUT ? p->memref.size : CRYPTO_MAX_OUTPUT;
}

static TEE_Result cmd_run(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  struct run s = {0};
  struct request* r;

  if (types != PT(MEMREF_INPUT, MEMREF_OUTPUT, VALUE_OUTPUT, VALUE_OUTPUT))
    return TEE_ERROR_BAD_PARAMETERS;
  r = parse_request(&params[0]);
  if (!r)
    return TEE_ERROR_BAD_PARAMETERS;
  s.r = r;
  s.out_room = r->h[CRYPTO_REQ_OUT_ROOM];
  s.tag_room = r->h[CRYPTO_REQ_TAG_ROOM];
  s.cap = output_cap(&params[1]);
  s.out = TEE_Malloc(s.cap ? s.cap : 1, TEE_MALLOC_FILL_ZERO);
  if (!s.out) {
    free_request(r);
    return TEE_ERROR_OUT_OF_MEMORY;
  }

  if (prepare(&s))
    run_steps(&s);
  TEE_FreeOperation(s.op);

  if (s.res == TEE_ERROR_SHORT_BUFFER) {
    params[3].value.a = (uint32_t)s.reported;
    params[3].value.b = (uint32_t)s.tag_len;
    params[1].memref.size = 0;
  } else if (s.res != TEE_SUCCESS) {
    /* The output buffer started zeroed: count what the failed run left in it, so a test
     * can check that nothing was released (GP §6.4.8: no plaintext on a wrong tag). */
    size_t i, written = 0;

    for (i = 0; i < s.cap; i++)
      written += s.out[i] != 0;
    params[3].value.a = (uint32_t)written;
    params[3].value.b = 0;
    params[1].memref.size = 0;
  } else {
    params[3].value.a = (uint32_t)s.used;
    params[3].value.b = (uint32_t)s.tag_len;
    if (s.used + s.tag_len)
      memcpy(params[1].memref.buffer, s.out, s.used + s.tag_len);
    params[1].memref.size = s.used + s.tag_len;
  }
  params[2].value.a = s.res;
  params[2].value.b = s.step;
  TEE_Free(s.out);
  free_request(r);
  return TEE_SUCCESS;
}

/* --- Key generation ------------------------------------------------------------------- */

/* Every attribute a generated key may carry (GP Table 5-11 and §6.7). */
static const uint32_t kExportable[] = {
    TEE_ATTR_SECRET_VALUE,
    TEE_ATTR_RSA_MODULUS,
    TEE_ATTR_RSA_PUBLIC_EXPONENT,
    TEE_ATTR_RSA_PRIVATE_EXPONENT,
    TEE_ATTR_RSA_PRIME1,
    TEE_ATTR_RSA_PRIME2,
    TEE_ATTR_RSA_EXPONENT1,
    TEE_ATTR_RSA_EXPONENT2,
    TEE_ATTR_RSA_COEFFICIENT,
    TEE_ATTR_DH_PRIME,
    TEE_ATTR_DH_SUBPRIME,
    TEE_ATTR_DH_BASE,
    TEE_ATTR_DH_X_BITS,
    TEE_ATTR_DH_PUBLIC_VALUE,
    TEE_ATTR_DH_PRIVATE_VALUE,
    TEE_ATTR_ECC_PUBLIC_VALUE_X,
    TEE_ATTR_ECC_PUBLIC_VALUE_Y,
    TEE_ATTR_ECC_PRIVATE_VALUE,
    TEE_ATTR_ECC_CURVE,
    TEE_ATTR_X25519_PUBLIC_VALUE,
    TEE_ATTR_X25519_PRIVATE_VALUE,
};

struct out_buf {
  uint8_t* p;
  size_t cap;
  size_t used;
};

static bool put_item(struct out_buf* o, uint32_t kind, uint32_t id, const void* data, size_t len) {
  if (o->cap - o->used < 12 || o->cap - o->used - 12 < len)
    return false;
  wr32(o->p + o->used, kind);
  wr32(o->p + o->used + 4, (uint32_t)(len + 4));
  wr32(o->p + o->used + 8, id);
  if (len)
    memcpy(o->p + o->used + 12, data, len);
  o->used += 12 + len;
  return true;
}

/* Writes every attribute `key` has as KEY1 items; a TEE_Result. */
static TEE_Result export_attributes(TEE_ObjectHandle key, struct out_buf* o) {
  uint8_t* tmp = TEE_Malloc(ATTR_BUF, TEE_MALLOC_FILL_ZERO);
  TEE_Result res = TEE_SUCCESS;
  size_t i;

  if (!tmp)
    return TEE_ERROR_OUT_OF_MEMORY;
  for (i = 0; i < sizeof(kExportable) / sizeof(kExportable[0]) && res == TEE_SUCCESS; i++) {
    uint32_t id = kExportable[i];
    TEE_Result r;

    if (id & TEE_ATTR_FLAG_VALUE) {
      uint32_t ab[2] = {0, 0};

      r = TEE_GetObjectValueAttribute(key, id, &ab[0], &ab[1]);
      if (r == TEE_SUCCESS) {
        uint8_t v[8];

        wr32(v, ab[0]);
        wr32(v + 4, ab[1]);
        if (!put_item(o, CRYPTO_ITEM_KEY1_ATTR, id, v, sizeof(v)))
          r = TEE_ERROR_SHORT_BUFFER;
      }
    } else {
      size_t len = ATTR_BUF;

      r = TEE_GetObjectBufferAttribute(key, id, tmp, &len);
      if (r == TEE_SUCCESS && (len > ATTR_BUF || !put_item(o, CRYPTO_ITEM_KEY1_ATTR, id, tmp, len)))
        r = TEE_ERROR_SHORT_BUFFER;
    }
    if (r != TEE_SUCCESS && r != TEE_ERROR_ITEM_NOT_FOUND)
      res = r;
  }
  TEE_Free(tmp);
  return res;
}

static TEE_Result cmd_generate(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  struct run s = {0};
  struct out_buf o = {0};
  struct request* r;
  TEE_ObjectHandle key = TEE_HANDLE_NULL;
  TEE_ObjectInfo info = {0};
  TEE_Result res;

  if (types != PT(MEMREF_INPUT, MEMREF_OUTPUT, VALUE_OUTPUT, VALUE_OUTPUT))
    return TEE_ERROR_BAD_PARAMETERS;
  r = parse_request(&params[0]);
  if (!r)
    return TEE_ERROR_BAD_PARAMETERS;
  o.cap = output_cap(&params[1]);
  o.p = TEE_Malloc(o.cap ? o.cap : 1, TEE_MALLOC_FILL_ZERO);
  if (!o.p) {
    free_request(r);
    return TEE_ERROR_OUT_OF_MEMORY;
  }

  res =
      TEE_AllocateTransientObject(r->h[CRYPTO_REQ_KEY1_TYPE], r->h[CRYPTO_REQ_MAX_KEY_BITS], &key);
  if (!fail(&s, res, CRYPTO_STEP_KEY1_OBJECT)) {
    res = TEE_GenerateKey(key, r->h[CRYPTO_REQ_MAX_KEY_BITS], r->params.a, r->params.n);
    if (!fail(&s, res, CRYPTO_STEP_GENERATE)) {
      res = TEE_GetObjectInfo1(key, &info);
      if (!fail(&s, res, CRYPTO_STEP_EXPORT))
        fail(&s, export_attributes(key, &o), CRYPTO_STEP_EXPORT);
    }
    TEE_FreeTransientObject(key);
  }

  if (s.res != TEE_SUCCESS)
    o.used = 0;
  if (o.used)
    memcpy(params[1].memref.buffer, o.p, o.used);
  params[1].memref.size = o.used;
  params[2].value.a = s.res;
  params[2].value.b = s.step;
  params[3].value.a = info.objectSize;
  params[3].value.b = info.objectType;
  TEE_Free(o.p);
  free_request(r);
  return TEE_SUCCESS;
}

/* --- Algorithm support ---------------------------------------------------------------- */

static TEE_Result cmd_supported(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  const size_t max_entries = 256;
  size_t n, i;
  uint8_t* in;
  uint8_t* out;

  if (types != PT(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  if (params[0].memref.size % 16 || params[0].memref.size / 16 > max_entries)
    return TEE_ERROR_BAD_PARAMETERS;
  n = params[0].memref.size / 16;
  if (params[1].memref.size < n * 8) {
    params[1].memref.size = n * 8;
    return TEE_ERROR_SHORT_BUFFER;
  }
  in = TEE_Malloc(n * 16 + 1, TEE_MALLOC_FILL_ZERO);
  out = TEE_Malloc(n * 8 + 1, TEE_MALLOC_FILL_ZERO);
  if (!in || !out) {
    TEE_Free(in);
    TEE_Free(out);
    return TEE_ERROR_OUT_OF_MEMORY;
  }
  if (n)
    memcpy(in, params[0].memref.buffer, n * 16);
  for (i = 0; i < n; i++) {
    uint32_t alg = rd32(in + 16 * i), element = rd32(in + 16 * i + 4);
    uint32_t mode = rd32(in + 16 * i + 8), bits = rd32(in + 16 * i + 12);
    TEE_Result alloc = TEE_SUCCESS;

    wr32(out + 8 * i, TEE_IsAlgorithmSupported(alg, element));
    if (mode != CRYPTO_NO_ALLOCATE) {
      TEE_OperationHandle op = TEE_HANDLE_NULL;

      alloc = TEE_AllocateOperation(&op, alg, mode, bits);
      if (alloc == TEE_SUCCESS)
        TEE_FreeOperation(op);
    }
    wr32(out + 8 * i + 4, alloc);
  }
  if (n)
    memcpy(params[1].memref.buffer, out, n * 8);
  params[1].memref.size = n * 8;
  TEE_Free(in);
  TEE_Free(out);
  return TEE_SUCCESS;
}

/* --- Operation information ------------------------------------------------------------ */

static void put_info(uint8_t* w, const TEE_OperationInfo* info) {
  wr32(w, info->algorithm);
  wr32(w + 4, info->operationClass);
  wr32(w + 8, info->mode);
  wr32(w + 12, info->digestLength);
  wr32(w + 16, info->maxKeySize);
  wr32(w + 20, info->keySize);
  wr32(w + 24, info->requiredKeyUsage);
  wr32(w + 28, info->handleState);
}

static TEE_Result cmd_info(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  const size_t header = sizeof(TEE_OperationInfoMultiple);
  const size_t with_keys = header + 2 * sizeof(TEE_OperationInfoKey);
  uint8_t words[CRYPTO_INFO_WORDS * 4];
  TEE_OperationInfoMultiple* multi;
  TEE_OperationInfo info;
  struct run s = {0};
  struct request* r;
  uint8_t* w = words;
  size_t size;
  uint32_t i;

  if (types != PT(MEMREF_INPUT, MEMREF_OUTPUT, VALUE_OUTPUT, VALUE_OUTPUT))
    return TEE_ERROR_BAD_PARAMETERS;
  if (params[1].memref.size < sizeof(words)) {
    params[1].memref.size = sizeof(words);
    return TEE_ERROR_SHORT_BUFFER;
  }
  r = parse_request(&params[0]);
  if (!r)
    return TEE_ERROR_BAD_PARAMETERS;
  multi = TEE_Malloc(with_keys, TEE_MALLOC_FILL_ZERO);
  s.r = r;
  s.out_room = CRYPTO_ROOM_ALL;
  s.tag_room = CRYPTO_ROOM_ALL;
  s.cap = 4096;
  s.out = TEE_Malloc(s.cap, TEE_MALLOC_FILL_ZERO);
  if (!multi || !s.out) {
    TEE_Free(multi);
    TEE_Free(s.out);
    free_request(r);
    return TEE_ERROR_OUT_OF_MEMORY;
  }
  memset(words, 0, sizeof(words));

  if (prepare(&s)) {
    /* prepare() allocated the operation and set the keys in one go; the allocation-time
     * snapshot comes from a twin allocated the same way. */
    TEE_OperationHandle twin = TEE_HANDLE_NULL;

    if (TEE_AllocateOperation(&twin, r->h[CRYPTO_REQ_ALGORITHM], r->h[CRYPTO_REQ_MODE],
                              r->h[CRYPTO_REQ_MAX_KEY_BITS]) == TEE_SUCCESS) {
      TEE_GetOperationInfo(twin, &info);
      put_info(w, &info);
      TEE_FreeOperation(twin);
    }
    TEE_GetOperationInfo(s.op, &info);
    put_info(w + 32, &info);
    if (init_step(&s) && (r->n_upd == 0 || update_step(&s, &r->upd[0]))) {
      TEE_GetOperationInfo(s.op, &info);
      put_info(w + 64, &info);
    }
    size = header;
    wr32(w + 96, TEE_GetOperationInfoMultiple(s.op, multi, &size));
    wr32(w + 100, (uint32_t)size);
    memset(multi, 0, with_keys);
    size = with_keys;
    wr32(w + 104, TEE_GetOperationInfoMultiple(s.op, multi, &size));
    wr32(w + 108, (uint32_t)size);
    wr32(w + 112, multi->algorithm);
    wr32(w + 116, multi->operationClass);
    wr32(w + 120, multi->mode);
    wr32(w + 124, multi->digestLength);
    wr32(w + 128, multi->maxKeySize);
    wr32(w + 132, multi->handleState);
    wr32(w + 136, multi->operationState);
    wr32(w + 140, multi->numberOfKeys);
    for (i = 0; i < 2; i++) {
      wr32(w + 144 + 8 * i, multi->keyInformation[i].keySize);
      wr32(w + 148 + 8 * i, multi->keyInformation[i].requiredKeyUsage);
    }
  }
  TEE_FreeOperation(s.op);

  memcpy(params[1].memref.buffer, words, sizeof(words));
  params[1].memref.size = sizeof(words);
  params[2].value.a = s.res;
  params[2].value.b = s.step;
  params[3].value.a = 0;
  params[3].value.b = 0;
  TEE_Free(multi);
  TEE_Free(s.out);
  free_request(r);
  return TEE_SUCCESS;
}

/* --- Object rules --------------------------------------------------------------------- */

static const uint8_t kRulesKey[16] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                      0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
static const uint8_t kRulesKey256[32] = {0x10};

static void rules_secret(uint32_t* w) {
  TEE_ObjectHandle o = TEE_HANDLE_NULL;
  TEE_ObjectInfo info = {0};
  TEE_Attribute attr;
  uint8_t buf[32];
  size_t size;

  w[CRYPTO_RULES_AES_ALLOC] = TEE_AllocateTransientObject(TEE_TYPE_AES, 256, &o);
  if (w[CRYPTO_RULES_AES_ALLOC] != TEE_SUCCESS)
    return;
  w[CRYPTO_RULES_EMPTY_INFO] = TEE_GetObjectInfo1(o, &info);
  w[CRYPTO_RULES_EMPTY_TYPE] = info.objectType;
  w[CRYPTO_RULES_EMPTY_SIZE] = info.objectSize;
  w[CRYPTO_RULES_EMPTY_MAX] = info.maxObjectSize;
  w[CRYPTO_RULES_EMPTY_USAGE] = info.objectUsage;
  w[CRYPTO_RULES_EMPTY_FLAGS] = info.handleFlags;

  TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, kRulesKey, sizeof(kRulesKey));
  w[CRYPTO_RULES_POPULATE] = TEE_PopulateTransientObject(o, &attr, 1);
  TEE_GetObjectInfo1(o, &info);
  w[CRYPTO_RULES_FULL_SIZE] = info.objectSize;
  w[CRYPTO_RULES_FULL_FLAGS] = info.handleFlags;

  size = 8;
  w[CRYPTO_RULES_SHORT] = TEE_GetObjectBufferAttribute(o, TEE_ATTR_SECRET_VALUE, buf, &size);
  w[CRYPTO_RULES_SHORT_SIZE] = (uint32_t)size;
  size = sizeof(buf);
  memset(buf, 0, sizeof(buf));
  w[CRYPTO_RULES_READ] = TEE_GetObjectBufferAttribute(o, TEE_ATTR_SECRET_VALUE, buf, &size);
  w[CRYPTO_RULES_READ_SIZE] = (uint32_t)size;
  w[CRYPTO_RULES_READ_SAME] =
      size == sizeof(kRulesKey) && memcmp(buf, kRulesKey, sizeof(kRulesKey)) == 0;
  size = sizeof(buf);
  w[CRYPTO_RULES_MISSING] = TEE_GetObjectBufferAttribute(o, TEE_ATTR_RSA_MODULUS, buf, &size);

  /* GP §5.5.3: TEE_USAGE_EXTRACTABLE can only be taken away. Reading a protected attribute
   * afterwards panics the TA (CRYPTO_MISUSE_READ_PROTECTED). */
  w[CRYPTO_RULES_RESTRICT] = TEE_RestrictObjectUsage1(o, ~TEE_USAGE_EXTRACTABLE);
  TEE_GetObjectInfo1(o, &info);
  w[CRYPTO_RULES_RESTRICTED_USAGE] = info.objectUsage;
  TEE_FreeTransientObject(o);
}

static void rules_ecc(uint32_t* w) {
  TEE_ObjectHandle o = TEE_HANDLE_NULL, pub = TEE_HANDLE_NULL;
  TEE_Attribute curve;
  uint8_t x[80], x2[80];
  size_t size, size2;
  uint32_t a = 0, b = 0;

  w[CRYPTO_RULES_ECC_ALLOC] = TEE_AllocateTransientObject(TEE_TYPE_ECDSA_KEYPAIR, 256, &o);
  if (w[CRYPTO_RULES_ECC_ALLOC] != TEE_SUCCESS)
    return;
  TEE_InitValueAttribute(&curve, TEE_ATTR_ECC_CURVE, TEE_ECC_CURVE_NIST_P256, 0);
  w[CRYPTO_RULES_ECC_GENERATE] = TEE_GenerateKey(o, 256, &curve, 1);
  if (w[CRYPTO_RULES_ECC_GENERATE] != TEE_SUCCESS) {
    TEE_FreeTransientObject(o);
    return;
  }
  /* GP §5.6.5: a public-key object takes the public part of the matching keypair. */
  size = sizeof(x);
  if (TEE_GetObjectBufferAttribute(o, TEE_ATTR_ECC_PUBLIC_VALUE_X, x, &size) == TEE_SUCCESS &&
      TEE_AllocateTransientObject(TEE_TYPE_ECDSA_PUBLIC_KEY, 256, &pub) == TEE_SUCCESS) {
    w[CRYPTO_RULES_ECC_COPY] = TEE_CopyObjectAttributes1(pub, o);
    size2 = sizeof(x2);
    w[CRYPTO_RULES_ECC_COPY_SAME] =
        TEE_GetObjectBufferAttribute(pub, TEE_ATTR_ECC_PUBLIC_VALUE_X, x2, &size2) == TEE_SUCCESS &&
        size2 == size && size <= sizeof(x) && memcmp(x, x2, size) == 0;
    size2 = sizeof(x2);
    w[CRYPTO_RULES_ECC_COPY_PRIVATE] =
        TEE_GetObjectBufferAttribute(pub, TEE_ATTR_ECC_PRIVATE_VALUE, x2, &size2);
    TEE_FreeTransientObject(pub);
  }

  /* Public attributes stay readable without TEE_USAGE_EXTRACTABLE (GP §5.5.3). */
  w[CRYPTO_RULES_ECC_RESTRICT] = TEE_RestrictObjectUsage1(o, ~TEE_USAGE_EXTRACTABLE);
  size = sizeof(x);
  w[CRYPTO_RULES_ECC_PUBLIC] =
      TEE_GetObjectBufferAttribute(o, TEE_ATTR_ECC_PUBLIC_VALUE_X, x, &size);
  w[CRYPTO_RULES_ECC_PUBLIC_SIZE] = (uint32_t)size;
  w[CRYPTO_RULES_ECC_CURVE] = TEE_GetObjectValueAttribute(o, TEE_ATTR_ECC_CURVE, &a, &b);
  w[CRYPTO_RULES_ECC_CURVE_A] = a;
  TEE_FreeTransientObject(o);
}

static void rules_refusals(uint32_t* w) {
  TEE_ObjectHandle o = TEE_HANDLE_NULL;
  TEE_ObjectInfo info = {0};
  TEE_Attribute attr;

  w[CRYPTO_RULES_BAD_TYPE] = TEE_AllocateTransientObject(0xA00000FF, 256, &o);
  TEE_FreeTransientObject(o);
  o = TEE_HANDLE_NULL;
  w[CRYPTO_RULES_BAD_SIZE] = TEE_AllocateTransientObject(TEE_TYPE_AES, 100, &o);
  TEE_FreeTransientObject(o);
  o = TEE_HANDLE_NULL;
  if (TEE_AllocateTransientObject(TEE_TYPE_AES, 128, &o) != TEE_SUCCESS)
    return;
  TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, kRulesKey256, sizeof(kRulesKey256));
  w[CRYPTO_RULES_OVERSIZED] = TEE_PopulateTransientObject(o, &attr, 1);
  TEE_GetObjectInfo1(o, &info);
  w[CRYPTO_RULES_OVERSIZED_FLAGS] = info.handleFlags;
  TEE_FreeTransientObject(o);
}

static TEE_Result cmd_object_rules(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  uint32_t w[CRYPTO_RULES_WORDS];
  uint32_t i;

  if (types != PT(NONE, MEMREF_OUTPUT, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  if (params[1].memref.size < sizeof(w)) {
    params[1].memref.size = sizeof(w);
    return TEE_ERROR_SHORT_BUFFER;
  }
  /* Words of steps that could not run stay 0xFFFFFFFF. */
  for (i = 0; i < CRYPTO_RULES_WORDS; i++)
    w[i] = 0xFFFFFFFF;
  rules_secret(w);
  rules_ecc(w);
  rules_refusals(w);
  for (i = 0; i < CRYPTO_RULES_WORDS; i++)
    wr32((uint8_t*)params[1].memref.buffer + 4 * i, w[i]);
  params[1].memref.size = sizeof(w);
  return TEE_SUCCESS;
}

/* --- Random --------------------------------------------------------------------------- */

static TEE_Result cmd_random(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  size_t len;
  uint8_t* buf;

  if (types != PT(VALUE_INPUT, MEMREF_OUTPUT, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  len = params[0].value.a;
  if (len > CRYPTO_MAX_OUTPUT / 2)
    return TEE_ERROR_BAD_PARAMETERS;
  if (params[1].memref.size < 2 * len) {
    params[1].memref.size = 2 * len;
    return TEE_ERROR_SHORT_BUFFER;
  }
  buf = TEE_Malloc(2 * len + 1, TEE_MALLOC_FILL_ZERO);
  if (!buf)
    return TEE_ERROR_OUT_OF_MEMORY;
  TEE_GenerateRandom(buf, len);
  TEE_GenerateRandom(buf + len, len);
  if (len)
    memcpy(params[1].memref.buffer, buf, 2 * len);
  params[1].memref.size = 2 * len;
  TEE_Free(buf);
  return TEE_SUCCESS;
}

/* --- Misuse: calls GP says panic the TA ----------------------------------------------- */

/* An operation with a key of `key_type` (0: none) made of the first `bits` / 8 bytes of a
 * fixed pattern. */
static TEE_OperationHandle keyed_op(uint32_t alg, uint32_t mode, uint32_t key_type, uint32_t bits) {
  static const uint8_t key[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
                                  17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
  TEE_OperationHandle op = TEE_HANDLE_NULL;
  TEE_ObjectHandle k = TEE_HANDLE_NULL;
  TEE_Attribute attr;

  if (bits > 8 * sizeof(key) || TEE_AllocateOperation(&op, alg, mode, bits) != TEE_SUCCESS)
    return TEE_HANDLE_NULL;
  if (!key_type)
    return op;
  TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, key, bits / 8);
  if (TEE_AllocateTransientObject(key_type, bits, &k) != TEE_SUCCESS ||
      TEE_PopulateTransientObject(k, &attr, 1) != TEE_SUCCESS ||
      TEE_SetOperationKey(op, k) != TEE_SUCCESS) {
    TEE_FreeTransientObject(k);
    TEE_FreeOperation(op);
    return TEE_HANDLE_NULL;
  }
  TEE_FreeTransientObject(k);
  return op;
}

static TEE_Result cmd_misuse(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  static const uint8_t key[16] = {0};
  static const uint8_t key256[32] = {0};
  uint8_t buf[64];
  size_t len = sizeof(buf);
  TEE_OperationHandle op = TEE_HANDLE_NULL;
  TEE_ObjectHandle k = TEE_HANDLE_NULL;
  TEE_Attribute attr;

  if (types != PT(VALUE_INPUT, NONE, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  memset(buf, 0, sizeof(buf));
  switch (params[0].value.a) {
  case CRYPTO_MISUSE_UPDATE_BEFORE_INIT:
    op = keyed_op(TEE_ALG_AES_CBC_NOPAD, TEE_MODE_ENCRYPT, TEE_TYPE_AES, 128);
    if (op)
      TEE_CipherUpdate(op, buf, 16, buf + 16, &len);
    break;
  case CRYPTO_MISUSE_WRONG_CLASS:
    op = keyed_op(TEE_ALG_AES_CBC_NOPAD, TEE_MODE_ENCRYPT, TEE_TYPE_AES, 128);
    if (op) {
      TEE_CipherInit(op, buf, 16);
      TEE_DigestUpdate(op, buf, 16);
    }
    break;
  case CRYPTO_MISUSE_READ_PROTECTED:
    /* GP TEE_GetObjectBufferAttribute panics for a protected attribute of a key without
     * TEE_USAGE_EXTRACTABLE. */
    TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, key, sizeof(key));
    if (TEE_AllocateTransientObject(TEE_TYPE_AES, 128, &k) == TEE_SUCCESS &&
        TEE_PopulateTransientObject(k, &attr, 1) == TEE_SUCCESS &&
        TEE_RestrictObjectUsage1(k, ~TEE_USAGE_EXTRACTABLE) == TEE_SUCCESS)
      TEE_GetObjectBufferAttribute(k, TEE_ATTR_SECRET_VALUE, buf, &len);
    break;
  case CRYPTO_MISUSE_AE_BEFORE_INIT:
    op = keyed_op(TEE_ALG_AES_GCM, TEE_MODE_ENCRYPT, TEE_TYPE_AES, 128);
    if (op)
      TEE_AEUpdate(op, buf, 16, buf + 16, &len);
    break;
  case CRYPTO_MISUSE_MAC_NO_INIT:
    op = keyed_op(TEE_ALG_HMAC_SHA256, TEE_MODE_MAC, TEE_TYPE_HMAC_SHA256, 256);
    if (op)
      TEE_MACComputeFinal(op, buf, 16, buf + 16, &len);
    break;
  case CRYPTO_MISUSE_WRONG_KEY_TYPE:
    op = keyed_op(TEE_ALG_AES_CBC_NOPAD, TEE_MODE_ENCRYPT, 0, 128);
    TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, key256, sizeof(key256));
    if (op && TEE_AllocateTransientObject(TEE_TYPE_HMAC_SHA256, 256, &k) == TEE_SUCCESS &&
        TEE_PopulateTransientObject(k, &attr, 1) == TEE_SUCCESS)
      TEE_SetOperationKey(op, k);
    break;
  case CRYPTO_MISUSE_INIT_WITHOUT_KEY:
    op = keyed_op(TEE_ALG_AES_CBC_NOPAD, TEE_MODE_ENCRYPT, 0, 128);
    if (op)
      TEE_CipherInit(op, buf, 16);
    break;
  default:
    return TEE_ERROR_BAD_PARAMETERS;
  }
  /* Still alive: the API accepted a call it should have refused with a panic. */
  TEE_FreeTransientObject(k);
  TEE_FreeOperation(op);
  return TEE_ERROR_GENERIC;
}

TEE_Result TA_InvokeCommandEntryPoint(void* sess_ctx, uint32_t cmd, uint32_t param_types,
                                      TEE_Param params[TEE_NUM_PARAMS]) {
  (void)sess_ctx;
  switch (cmd) {
  case CRYPTO_CMD_RUN:
    return cmd_run(param_types, params);
  case CRYPTO_CMD_GENERATE:
    return cmd_generate(param_types, params);
  case CRYPTO_CMD_SUPPORTED:
    return cmd_supported(param_types, params);
  case CRYPTO_CMD_INFO:
    return cmd_info(param_types, params);
  case CRYPTO_CMD_OBJECT_RULES:
    return cmd_object_rules(param_types, params);
  case CRYPTO_CMD_RANDOM:
    return cmd_random(param_types, params);
  case CRYPTO_CMD_MISUSE:
    return cmd_misuse(param_types, params);
  default:
    return TEE_ERROR_NOT_SUPPORTED;
  }
}
