// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The hello TA: small commands that exercise parameter passing, the heap, logging,
 * floating point, instance sharing, and every way a TA can die (panic and CPU faults).
 * Built twice (tas/CMakeLists.txt): `hello` (instance per session) and `hello_single`.
 */
#include <stdint.h>
#include <tee_internal_api.h>

#include "hello_ta.h"

/* Per instance: a fresh instance starts from zero. */
static uint32_t invoke_count;
static uint32_t open_count;
static uint32_t session_serial;

TEE_Result TA_CreateEntryPoint(void) {
  IMSG("create entry point");
  return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void) {
  IMSG("destroy entry point");
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param params[TEE_NUM_PARAMS],
                                    void** sess_ctx) {
  (void)param_types;
  (void)params;

  session_serial++;
  open_count++;
  /* The context is just the session's serial number, to check it comes back intact. */
  *sess_ctx = (void*)(uintptr_t)session_serial;
  IMSG("open session %u (%u open)", session_serial, open_count);
  return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void* sess_ctx) {
  open_count--;
  IMSG("close session %u (%u open)", (unsigned)(uintptr_t)sess_ctx, open_count);
}

#define PT(t0, t1, t2, t3)                                                                         \
  TEE_PARAM_TYPES(TEE_PARAM_TYPE_##t0, TEE_PARAM_TYPE_##t1, TEE_PARAM_TYPE_##t2,                   \
                  TEE_PARAM_TYPE_##t3)

static TEE_Result cmd_inc_value(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  if (types != PT(VALUE_INOUT, NONE, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  params[0].value.a++;
  return TEE_SUCCESS;
}

static TEE_Result cmd_reverse(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  uint8_t* buf = params[0].memref.buffer;
  size_t size = params[0].memref.size;

  if (types != PT(MEMREF_INOUT, NONE, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  for (size_t i = 0; size > 1 && i < size / 2; i++) {
    uint8_t tmp = buf[i];

    buf[i] = buf[size - 1 - i];
    buf[size - 1 - i] = tmp;
  }
  return TEE_SUCCESS;
}

static TEE_Result cmd_copy(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  size_t in_size = params[0].memref.size;

  if (types != PT(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  if (params[1].memref.size < in_size) {
    params[1].memref.size = in_size; /* tell the client how much room it needs */
    return TEE_ERROR_SHORT_BUFFER;
  }
  if (in_size)
    TEE_MemMove(params[1].memref.buffer, params[0].memref.buffer, in_size);
  params[1].memref.size = in_size;
  return TEE_SUCCESS;
}

static TEE_Result cmd_panic(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  if (TEE_PARAM_TYPE_GET(types, 0) == TEE_PARAM_TYPE_VALUE_INPUT)
    TEE_Panic(params[0].value.a);
  TEE_Panic(HELLO_PANIC_CODE);
}

/*
 * The fault commands must not come back. If one does, the sandbox failed to stop the
 * access: say so with an error rather than pretend it worked.
 */
static TEE_Result cmd_fault_unmapped(void) {
  *(volatile uint32_t*)(uintptr_t)HELLO_UNMAPPED_ADDR = 0xDEADBEEF;
  EMSG("store to unmapped address %#x did not fault", HELLO_UNMAPPED_ADDR);
  return TEE_ERROR_GENERIC;
}

static TEE_Result cmd_fault_write_code(void) {
  volatile uint32_t* code = (volatile uint32_t*)(uintptr_t)&TA_InvokeCommandEntryPoint;

  *code = 0xD503201F; /* a NOP, written over our own first instruction */
  EMSG("store into code at %p did not fault", (void*)(uintptr_t)code);
  return TEE_ERROR_GENERIC;
}

/* `ret` in writable data, which must never be executable. */
static uint32_t data_code[2] = {0xD65F03C0, 0};

static TEE_Result cmd_fault_exec_data(void) {
  /* Through a volatile pointer: a direct call would need a function symbol (Thumb). */
  void (*volatile fn)(void) = (void (*)(void))(uintptr_t)data_code;

  fn();
  EMSG("branch into data at %p did not fault", (void*)data_code);
  return TEE_ERROR_GENERIC;
}

static TEE_Result cmd_fault_undef(void) {
#if defined(__aarch64__) || defined(__arm__)
  __asm__ volatile("udf #0");
#endif
  EMSG("undefined instruction did not trap");
  return TEE_ERROR_GENERIC;
}

/* --- HELLO_CMD_HEAP ------------------------------------------------------------------ */

#define HEAP_BLOCKS 24
#define BIG_BLOCK (24 * 1024) /* only fits if freeing merged the heap back together */

static bool all_bytes(const void* p, uint8_t value, size_t size) {
  const uint8_t* b = p;

  for (size_t i = 0; i < size; i++) {
    if (b[i] != value)
      return false;
  }
  return true;
}

static bool aligned16(const void* p) {
  return ((uintptr_t)p & 15) == 0;
}

static size_t block_size(unsigned int i) {
  return (i * 37u) % 300u + 1u;
}

/* Counts checks in *passed until the first failure; frees everything either way. */
static bool heap_checks(uint32_t* passed) {
  uint8_t pattern[100];
  uint8_t bytes[32];
  uint8_t* blocks[HEAP_BLOCKS] = {0};
  uint8_t* p = NULL;
  uint8_t* q;
  void* z1 = NULL;
  void* z2 = NULL;
  void* big;
  bool ok = false;

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      EMSG("heap check %u failed: %s", *passed + 1, #cond);                                        \
      goto out;                                                                                    \
    }                                                                                              \
    (*passed)++;                                                                                   \
  } while (0)

  /* 1: zero-filled, aligned allocation. */
  p = TEE_Malloc(sizeof(pattern), TEE_MALLOC_FILL_ZERO);
  CHECK(p && aligned16(p) && all_bytes(p, 0, sizeof(pattern)));

  /* 2: TEE_MemFill, checked byte by byte and with TEE_MemCompare. */
  TEE_MemFill(p, 0x1A5, sizeof(pattern)); /* only the low byte counts */
  TEE_MemFill(pattern, 0xA5, sizeof(pattern));
  CHECK(all_bytes(p, 0xA5, sizeof(pattern)) && TEE_MemCompare(p, pattern, sizeof(pattern)) == 0);

  /* 3: growing keeps the contents. */
  q = TEE_Realloc(p, 4000);
  CHECK(q && aligned16(q) && TEE_MemCompare(q, pattern, sizeof(pattern)) == 0);
  p = q;

  /* 4: shrinking keeps the contents. */
  q = TEE_Realloc(p, 50);
  CHECK(q && TEE_MemCompare(q, pattern, 50) == 0);
  p = q;

  /* 5: size 0 gives distinct non-NULL pointers (GP 1.3.1). */
  z1 = TEE_Malloc(0, TEE_MALLOC_FILL_ZERO);
  z2 = TEE_Malloc(0, TEE_MALLOC_NO_FILL);
  CHECK(z1 && z2 && z1 != z2);

  /* 6: hints outside the defined ones are refused. */
  CHECK(!TEE_Malloc(16, 0x80000000u) && !TEE_Malloc(16, 0x4u));

  /* 7: impossible sizes fail cleanly. */
  CHECK(!TEE_Malloc(SIZE_MAX, TEE_MALLOC_NO_FILL) && !TEE_Malloc(SIZE_MAX / 2, 0));

  /* 8: many blocks of assorted sizes, each filled with its own index. */
  {
    bool good = true;

    for (unsigned int i = 0; i < HEAP_BLOCKS; i++) {
      blocks[i] = TEE_Malloc(block_size(i), TEE_MALLOC_NO_FILL);
      if (!blocks[i] || !aligned16(blocks[i])) {
        good = false;
        continue;
      }
      TEE_MemFill(blocks[i], i + 1, block_size(i));
    }
    CHECK(good);
  }

  /* 9: no block overlaps another: every fill survived, and the ranges are disjoint. */
  {
    bool good = true;

    for (unsigned int i = 0; i < HEAP_BLOCKS; i++) {
      uintptr_t lo = (uintptr_t)blocks[i];

      good = good && all_bytes(blocks[i], (uint8_t)(i + 1), block_size(i));
      for (unsigned int j = 0; j < HEAP_BLOCKS; j++) {
        uintptr_t other = (uintptr_t)blocks[j];

        if (j != i && other >= lo && other < lo + block_size(i))
          good = false;
      }
    }
    CHECK(good);
  }

  /* 10: free in an interleaved order; TEE_Realloc(NULL) then acts as a zeroing malloc. */
  for (unsigned int i = 0; i < HEAP_BLOCKS; i += 2) {
    TEE_Free(blocks[i]);
    blocks[i] = NULL;
  }
  for (unsigned int i = 1; i < HEAP_BLOCKS; i += 2) {
    TEE_Free(blocks[i]);
    blocks[i] = NULL;
  }
  q = TEE_Realloc(NULL, 64);
  CHECK(q && all_bytes(q, 0, 64));
  TEE_Free(q);

  /* 11: with everything freed the heap is whole again: one big block fits. */
  TEE_Free(p);
  p = NULL;
  TEE_Free(z1);
  TEE_Free(z2);
  z1 = z2 = NULL;
  TEE_Free(NULL); /* a no-op */
  big = TEE_Malloc(BIG_BLOCK, TEE_MALLOC_NO_FILL);
  CHECK(big != NULL);
  TEE_Free(big);

  /* 12: TEE_MemMove forwards over an overlap (dest above src). */
  for (unsigned int i = 0; i < sizeof(bytes); i++)
    bytes[i] = (uint8_t)i;
  TEE_MemMove(bytes + 4, bytes, 16);
  {
    bool good = true;

    for (unsigned int i = 0; i < 16; i++)
      good = good && bytes[4 + i] == i;
    CHECK(good && bytes[0] == 0 && bytes[20] == 20);
  }

  /* 13: TEE_MemMove backwards over an overlap (dest below src). */
  for (unsigned int i = 0; i < sizeof(bytes); i++)
    bytes[i] = (uint8_t)i;
  TEE_MemMove(bytes, bytes + 4, 16);
  {
    bool good = true;

    for (unsigned int i = 0; i < 16; i++)
      good = good && bytes[i] == i + 4;
    CHECK(good && bytes[16] == 16);
  }

  /* 14: TEE_MemCompare orders as unsigned bytes. */
  {
    static const uint8_t a[] = {1, 2, 3};
    static const uint8_t b[] = {1, 2, 4};
    static const uint8_t hi[] = {0x80};
    static const uint8_t lo[] = {0x01};

    CHECK(TEE_MemCompare(a, b, 3) < 0 && TEE_MemCompare(b, a, 3) > 0 &&
          TEE_MemCompare(a, a, 3) == 0 && TEE_MemCompare(a, b, 2) == 0 &&
          TEE_MemCompare(a, b, 0) == 0 && TEE_MemCompare(hi, lo, 1) > 0);
  }

  ok = true;
out:
  for (unsigned int i = 0; i < HEAP_BLOCKS; i++)
    TEE_Free(blocks[i]);
  TEE_Free(p);
  TEE_Free(z1);
  TEE_Free(z2);
  return ok;
#undef CHECK
}

static TEE_Result cmd_heap(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  uint32_t passed = 0;
  bool ok;

  if (types != PT(VALUE_OUTPUT, NONE, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  ok = heap_checks(&passed);
  params[0].value.a = passed;
  params[0].value.b = 0;
  return ok && passed == HELLO_HEAP_CHECKS ? TEE_SUCCESS : TEE_ERROR_GENERIC;
}

static TEE_Result cmd_log(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  if (types != PT(VALUE_INPUT, NONE, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  IMSG("%s: a=%u", HELLO_LOG_TEXT, params[0].value.a);
  return TEE_SUCCESS;
}

/* Two-lane double vectors: on AArch64 this is NEON (q registers) plus scalar FP. */
typedef double v2f64 __attribute__((vector_size(16)));

static TEE_Result cmd_fp(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  /* 1.0 + 0.5 = 1.5; every product and sum is exact for 32-bit inputs. */
  static const v2f64 weights = {1.0, 0.5};
  double x = (double)params[0].value.a;
  v2f64 lanes = (v2f64){x, x} * weights;
  double result = lanes[0] + lanes[1];

  if (types != PT(VALUE_INOUT, NONE, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  params[0].value.a = result >= 4294967295.0 ? UINT32_MAX : (uint32_t)result;
  return TEE_SUCCESS;
}

static TEE_Result cmd_session_count(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  if (types != PT(VALUE_OUTPUT, NONE, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  params[0].value.a = invoke_count;
  params[0].value.b = open_count;
  return TEE_SUCCESS;
}

static TEE_Result cmd_spin(void) {
  volatile uint32_t spins = 0;

  for (;;)
    spins++;
}

TEE_Result TA_InvokeCommandEntryPoint(void* sess_ctx, uint32_t cmd_id, uint32_t param_types,
                                      TEE_Param params[TEE_NUM_PARAMS]) {
  (void)sess_ctx;
  invoke_count++;

  switch (cmd_id) {
  case HELLO_CMD_INC_VALUE:
    return cmd_inc_value(param_types, params);
  case HELLO_CMD_REVERSE:
    return cmd_reverse(param_types, params);
  case HELLO_CMD_COPY:
    return cmd_copy(param_types, params);
  case HELLO_CMD_PANIC:
    return cmd_panic(param_types, params);
  case HELLO_CMD_FAULT_UNMAPPED:
    return cmd_fault_unmapped();
  case HELLO_CMD_FAULT_WRITE_CODE:
    return cmd_fault_write_code();
  case HELLO_CMD_FAULT_EXEC_DATA:
    return cmd_fault_exec_data();
  case HELLO_CMD_FAULT_UNDEF:
    return cmd_fault_undef();
  case HELLO_CMD_HEAP:
    return cmd_heap(param_types, params);
  case HELLO_CMD_LOG:
    return cmd_log(param_types, params);
  case HELLO_CMD_FP:
    return cmd_fp(param_types, params);
  case HELLO_CMD_SESSION_COUNT:
    return cmd_session_count(param_types, params);
  case HELLO_CMD_SPIN:
    return cmd_spin();
  default:
    return TEE_ERROR_NOT_SUPPORTED;
  }
}
