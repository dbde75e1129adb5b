// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The storage_test TA: a generic driver of the GP Trusted Storage API (GP TEE Internal Core
 * API v1.3.1 §5.7-5.9) and of the object functions that take persistent objects. The host
 * sends a program (see storage_test_ta.h); the TA runs each operation and reports what the
 * GP call returned. The program comes from outside, so it is copied into TA memory first
 * (GP: an object identifier may not be in shared memory) and checked whole before anything
 * runs.
 */
#include <stdint.h>
#include <string.h>
#include <tee_internal_api.h>

#include "storage_test_ta.h"

#define PT(t0, t1, t2, t3)                                                                         \
  TEE_PARAM_TYPES(TEE_PARAM_TYPE_##t0, TEE_PARAM_TYPE_##t1, TEE_PARAM_TYPE_##t2,                   \
                  TEE_PARAM_TYPE_##t3)

/* u32 op, slot, a, b, c. */
#define OP_HEADER 20
/* An output record starts with u32 result, u32 out_len. */
#define RECORD_HEADER 8
/* INFO's output: 7 u32. */
#define INFO_BYTES 28
/* GET_ATTR's buffer (storage_test_ta.h); also room for ENUM_NEXT's and USE_KEY's MAC output. */
#define ATTR_BUF 1024

/* Per instance: TA_FLAGS is 0, so every session has its own. */
static TEE_ObjectHandle g_slots[STORAGE_SLOTS];
static TEE_ObjectEnumHandle g_enums[STORAGE_ENUM_SLOTS];

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

static uint32_t rd32(const uint8_t* p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(uint8_t* p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}

/* --- Programs ------------------------------------------------------------------------- */

struct op {
  uint32_t code, slot, a, b, c;
  const uint8_t* bytes1;
  size_t len1;
  const uint8_t* bytes2;
  size_t len2;
};

/* A length-prefixed byte string at *pos; false when it runs past `size`. */
static bool read_bytes(const uint8_t* prog, size_t size, size_t* pos, const uint8_t** bytes,
                       size_t* len) {
  uint32_t n;

  if (size - *pos < 4)
    return false;
  n = rd32(prog + *pos);
  *pos += 4;
  if (n > size - *pos)
    return false;
  *bytes = prog + *pos;
  *len = n;
  *pos += n;
  return true;
}

/* The operation at *pos; false when it runs past `size`. */
static bool read_op(const uint8_t* prog, size_t size, size_t* pos, struct op* op) {
  if (size - *pos < OP_HEADER)
    return false;
  op->code = rd32(prog + *pos);
  op->slot = rd32(prog + *pos + 4);
  op->a = rd32(prog + *pos + 8);
  op->b = rd32(prog + *pos + 12);
  op->c = rd32(prog + *pos + 16);
  *pos += OP_HEADER;
  return read_bytes(prog, size, pos, &op->bytes1, &op->len1) &&
         read_bytes(prog, size, pos, &op->bytes2, &op->len2);
}

/* A known operation with its slots in range. */
static bool op_valid(const struct op* op) {
  switch (op->code) {
  case STORAGE_OP_CREATE:
    return (op->slot < STORAGE_SLOTS || op->slot == STORAGE_NO_SLOT) && op->c <= STORAGE_SLOTS;
  case STORAGE_OP_USE_KEY:
    return op->slot < STORAGE_SLOTS &&
           (op->a == TEE_ALG_AES_ECB_NOPAD || op->a == TEE_ALG_HMAC_SHA256);
  case STORAGE_OP_OPEN:
  case STORAGE_OP_CLOSE:
  case STORAGE_OP_DELETE:
  case STORAGE_OP_RENAME:
  case STORAGE_OP_READ:
  case STORAGE_OP_WRITE:
  case STORAGE_OP_TRUNC:
  case STORAGE_OP_SEEK:
  case STORAGE_OP_INFO:
  case STORAGE_OP_GEN_KEY:
  case STORAGE_OP_POPULATE:
  case STORAGE_OP_FREE:
  case STORAGE_OP_GET_ATTR:
  case STORAGE_OP_RESTRICT:
    return op->slot < STORAGE_SLOTS;
  case STORAGE_OP_ENUM_ALLOC:
  case STORAGE_OP_ENUM_FREE:
  case STORAGE_OP_ENUM_RESET:
  case STORAGE_OP_ENUM_START:
  case STORAGE_OP_ENUM_NEXT:
    return op->slot < STORAGE_ENUM_SLOTS;
  default:
    return false;
  }
}

/* The whole program is well formed: nothing runs otherwise. */
static bool program_valid(const uint8_t* prog, size_t size) {
  size_t pos = 0;
  struct op op;

  while (pos < size)
    if (!read_op(prog, size, &pos, &op) || !op_valid(&op))
      return false;
  return true;
}

/* --- Running one operation ------------------------------------------------------------ */

/* What one operation reports: the GP result and, on success, its output. */
struct result {
  TEE_Result res;
  const uint8_t* out;
  size_t out_len;
  uint8_t* heap; /* owned output buffer (READ, AES), freed after the record is written */
  uint8_t local[ATTR_BUF];
};

static void put_info(uint8_t* w, const TEE_ObjectInfo* info) {
  wr32(w, info->objectType);
  wr32(w + 4, info->objectSize);
  wr32(w + 8, info->maxObjectSize);
  wr32(w + 12, info->objectUsage);
  wr32(w + 16, info->dataSize);
  wr32(w + 20, info->dataPosition);
  wr32(w + 24, info->handleFlags);
}

static void set_out(struct result* r, const uint8_t* out, size_t len) {
  if (r->res != TEE_SUCCESS)
    return;
  r->out = out;
  r->out_len = len;
}

/*
 * USE_KEY: one AES-ECB encryption or HMAC-SHA256 with the key in `key`; the result is
 * the first step that failed. TEE_ERROR_OUT_OF_MEMORY when the output buffer cannot be
 * had (this ends the command).
 */
static TEE_Result use_key(TEE_ObjectHandle key, const struct op* op, struct result* r) {
  bool mac = op->a == TEE_ALG_HMAC_SHA256;
  TEE_OperationHandle oper = TEE_HANDLE_NULL;
  TEE_ObjectInfo info;
  uint8_t* dst = r->local;
  size_t dlen = sizeof(r->local);

  if (!mac) {
    /* ECB without padding gives as many bytes as it takes. */
    r->heap = TEE_Malloc(op->len1, TEE_MALLOC_NO_FILL);
    if (!r->heap)
      return TEE_ERROR_OUT_OF_MEMORY;
    dst = r->heap;
    dlen = op->len1;
  }
  r->res = TEE_GetObjectInfo1(key, &info);
  if (r->res != TEE_SUCCESS)
    return TEE_SUCCESS;
  r->res = TEE_AllocateOperation(&oper, op->a, mac ? TEE_MODE_MAC : TEE_MODE_ENCRYPT,
                                 info.maxObjectSize);
  if (r->res != TEE_SUCCESS)
    return TEE_SUCCESS;
  r->res = TEE_SetOperationKey(oper, key);
  if (r->res == TEE_SUCCESS) {
    if (mac) {
      TEE_MACInit(oper, NULL, 0);
      r->res = TEE_MACComputeFinal(oper, op->bytes1, op->len1, dst, &dlen);
    } else {
      TEE_CipherInit(oper, NULL, 0);
      r->res = TEE_CipherDoFinal(oper, op->bytes1, op->len1, dst, &dlen);
    }
  }
  TEE_FreeOperation(oper);
  set_out(r, dst, dlen);
  return TEE_SUCCESS;
}

/* READ: into a heap buffer of `a` bytes (up to the size of the data stream). */
static TEE_Result read_data(TEE_ObjectHandle obj, const struct op* op, struct result* r) {
  size_t count = 0;

  r->heap = TEE_Malloc(op->a, TEE_MALLOC_NO_FILL);
  if (!r->heap)
    return TEE_ERROR_OUT_OF_MEMORY;
  r->res = TEE_ReadObjectData(obj, r->heap, op->a, &count);
  set_out(r, r->heap, count);
  return TEE_SUCCESS;
}

/*
 * GEN_KEY and POPULATE: TEE_AllocateTransientObject into the slot, then TEE_GenerateKey or
 * TEE_PopulateTransientObject; the object stays in the slot even when that fails.
 */
static TEE_Result new_transient(const struct op* op, const TEE_Attribute* attr, bool generate) {
  TEE_ObjectHandle* slot = &g_slots[op->slot];
  TEE_Result res = TEE_AllocateTransientObject(op->a, op->b, slot);

  if (res != TEE_SUCCESS)
    return res;
  if (generate)
    return TEE_GenerateKey(*slot, op->b, NULL, 0);
  return TEE_PopulateTransientObject(*slot, attr, 1);
}

static TEE_Result run_op(const struct op* op, struct result* r) {
  /* op_valid checked the slot against the table the operation uses. */
  bool is_enum = op->code >= STORAGE_OP_ENUM_ALLOC;
  TEE_ObjectHandle* slot = !is_enum && op->slot < STORAGE_SLOTS ? &g_slots[op->slot] : NULL;
  TEE_ObjectEnumHandle* en = is_enum ? &g_enums[op->slot] : NULL;
  TEE_ObjectHandle attrs = TEE_HANDLE_NULL;
  TEE_ObjectInfo info;
  TEE_Attribute attr;
  size_t len;

  r->res = TEE_SUCCESS;
  switch (op->code) {
  case STORAGE_OP_OPEN:
    r->res = TEE_OpenPersistentObject(op->a, op->bytes1, op->len1, op->b, slot);
    break;
  case STORAGE_OP_CREATE:
    if (op->c)
      attrs = g_slots[op->c - 1];
    r->res = TEE_CreatePersistentObject(op->a, op->bytes1, op->len1, op->b, attrs, op->bytes2,
                                        op->len2, op->slot == STORAGE_NO_SLOT ? NULL : slot);
    break;
  case STORAGE_OP_CLOSE:
    TEE_CloseObject(*slot);
    *slot = TEE_HANDLE_NULL;
    break;
  case STORAGE_OP_DELETE:
    r->res = TEE_CloseAndDeletePersistentObject1(*slot);
    if (r->res == TEE_SUCCESS)
      *slot = TEE_HANDLE_NULL;
    break;
  case STORAGE_OP_RENAME:
    r->res = TEE_RenamePersistentObject(*slot, op->bytes1, op->len1);
    break;
  case STORAGE_OP_READ:
    return read_data(*slot, op, r);
  case STORAGE_OP_WRITE:
    r->res = TEE_WriteObjectData(*slot, op->bytes1, op->len1);
    break;
  case STORAGE_OP_TRUNC:
    r->res = TEE_TruncateObjectData(*slot, op->a);
    break;
  case STORAGE_OP_SEEK:
    r->res = TEE_SeekObjectData(*slot, (int32_t)op->a, op->b);
    break;
  case STORAGE_OP_INFO:
    r->res = TEE_GetObjectInfo1(*slot, &info);
    if (r->res == TEE_SUCCESS)
      put_info(r->local, &info);
    set_out(r, r->local, INFO_BYTES);
    break;
  case STORAGE_OP_GEN_KEY:
    r->res = new_transient(op, NULL, true);
    break;
  case STORAGE_OP_POPULATE:
    TEE_InitRefAttribute(&attr, op->c, op->bytes1, op->len1);
    r->res = new_transient(op, &attr, false);
    break;
  case STORAGE_OP_FREE:
    TEE_FreeTransientObject(*slot);
    *slot = TEE_HANDLE_NULL;
    break;
  case STORAGE_OP_GET_ATTR:
    len = sizeof(r->local);
    r->res = TEE_GetObjectBufferAttribute(*slot, op->a, r->local, &len);
    set_out(r, r->local, len);
    break;
  case STORAGE_OP_RESTRICT:
    r->res = TEE_RestrictObjectUsage1(*slot, op->a);
    break;
  case STORAGE_OP_USE_KEY:
    return use_key(*slot, op, r);
  case STORAGE_OP_ENUM_ALLOC:
    r->res = TEE_AllocatePersistentObjectEnumerator(en);
    break;
  case STORAGE_OP_ENUM_FREE:
    TEE_FreePersistentObjectEnumerator(*en);
    *en = TEE_HANDLE_NULL;
    break;
  case STORAGE_OP_ENUM_RESET:
    TEE_ResetPersistentObjectEnumerator(*en);
    break;
  case STORAGE_OP_ENUM_START:
    r->res = TEE_StartPersistentObjectEnumerator(*en, op->a);
    break;
  case STORAGE_OP_ENUM_NEXT:
    len = TEE_OBJECT_ID_MAX_LEN;
    r->res = TEE_GetNextPersistentObject(*en, &info, r->local + INFO_BYTES, &len);
    if (r->res == TEE_SUCCESS)
      put_info(r->local, &info);
    set_out(r, r->local, INFO_BYTES + len);
    break;
  default:
    /* program_valid let nothing else through. */
    return TEE_ERROR_BAD_PARAMETERS;
  }
  return TEE_SUCCESS;
}

/* --- The command ---------------------------------------------------------------------- */

struct output {
  uint8_t* buf;
  size_t cap;
  size_t used;
};

/* Appends a record; false when it does not fit. */
static bool put_record(struct output* o, const struct result* r) {
  size_t room = o->cap - o->used;
  uint8_t* w = o->buf + o->used;

  if (room < RECORD_HEADER || r->out_len > room - RECORD_HEADER)
    return false;
  wr32(w, r->res);
  wr32(w + 4, (uint32_t)r->out_len);
  if (r->out_len)
    memcpy(w + RECORD_HEADER, r->out, r->out_len);
  o->used += RECORD_HEADER + r->out_len;
  return true;
}

/* Runs the operations in turn; stops only when the output is full or memory runs out. */
static TEE_Result run_program(const uint8_t* prog, size_t size, struct output* o, uint32_t* ran) {
  struct result r;
  size_t pos = 0;
  struct op op;
  TEE_Result res;
  bool fits;

  while (pos < size) {
    /* Checked already, and the program is a private copy: cannot fail. */
    if (!read_op(prog, size, &pos, &op))
      return TEE_ERROR_BAD_PARAMETERS;
    memset(&r, 0, sizeof(r));
    res = run_op(&op, &r);
    fits = res == TEE_SUCCESS && put_record(o, &r);
    TEE_Free(r.heap);
    if (res != TEE_SUCCESS)
      return res;
    if (!fits)
      return TEE_ERROR_SHORT_BUFFER;
    (*ran)++;
  }
  return TEE_SUCCESS;
}

static TEE_Result cmd_run(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  size_t size = params[0].memref.size;
  struct output o = {0};
  uint8_t* prog = NULL;
  uint32_t ran = 0;
  TEE_Result res;

  if (types != PT(MEMREF_INPUT, MEMREF_OUTPUT, VALUE_OUTPUT, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  if (size && !params[0].memref.buffer)
    return TEE_ERROR_BAD_PARAMETERS;
  o.buf = params[1].memref.buffer;
  o.cap = o.buf ? params[1].memref.size : 0;
  params[1].memref.size = 0;
  params[2].value.a = 0;
  params[2].value.b = 0;

  /* One copy, so the client cannot change what was checked. */
  prog = TEE_Malloc(size, TEE_MALLOC_NO_FILL);
  if (!prog)
    return TEE_ERROR_OUT_OF_MEMORY;
  if (size)
    memcpy(prog, params[0].memref.buffer, size);
  if (!program_valid(prog, size)) {
    TEE_Free(prog);
    return TEE_ERROR_BAD_PARAMETERS;
  }
  res = run_program(prog, size, &o, &ran);
  TEE_Free(prog);
  params[1].memref.size = o.used;
  params[2].value.a = ran;
  return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void* sess_ctx, uint32_t cmd, uint32_t param_types,
                                      TEE_Param params[TEE_NUM_PARAMS]) {
  (void)sess_ctx;
  switch (cmd) {
  case STORAGE_CMD_RUN:
    return cmd_run(param_types, params);
  default:
    return TEE_ERROR_NOT_SUPPORTED;
  }
}
