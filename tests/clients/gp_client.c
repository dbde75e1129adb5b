/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * A GP TEE Client API program (tee_client_api.h only) for tests/libteec_test.cpp, built
 * three ways: against the in-process API of swemu_bridge, against our libteec.so.2 (run
 * under `swemu run`, with and without --connect), and against an installed libteec found
 * with pkg-config. It talks to tas/hello and tas/api_test:
 *
 *   gp_client        every check below; prints each failure, exit 0 only if all passed
 *   gp_client hold   opens hello_single's only session and an api_test session, prints
 *                    "holding", then waits in the TA (API_TEST_CMD_WAIT, 60 s,
 *                    cancellable) without closing anything: the test kills it there
 *
 * Checks: values; temporary memrefs in, out and in/out, NULL ones and the size query of
 * TEEC_ERROR_SHORT_BUFFER; allocated and registered shared memory, whole and partial;
 * four threads on one context; TEEC_RequestCancellation of a waiting command; error
 * codes and origins for bad arguments; a panicking TA.
 */
#define _POSIX_C_SOURCE 200809L /* NOLINT: clock_gettime, nanosleep under -std=c11 */

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tee_client_api.h>

/* The libteec.so.2 layouts, where the build can see the check (not in an installed tree). */
#if defined(__has_include)
#if __has_include("swemu/bridge/teec_layout.h")
#include "swemu/bridge/teec_layout.h"
#endif
#endif

#include "api_test_ta.h"
#include "hello_ta.h"

#define THREADS 4
#define INVOKES_PER_THREAD 50

static const TEEC_UUID kHello = HELLO_TA_UUID;
static const TEEC_UUID kHelloSingle = HELLO_SINGLE_TA_UUID;
static const TEEC_UUID kApiTest = API_TEST64_TA_UUID;

static atomic_int g_checks;
static atomic_int g_failures;

static void check(int ok, int line, const char* fmt, ...) {
  ++g_checks;
  if (ok)
    return;
  ++g_failures;
  va_list ap;
  va_start(ap, fmt);
  printf("FAIL (gp_client.c:%d): ", line);
  vprintf(fmt, ap);
  printf("\n");
  va_end(ap);
}
#define CHECK(cond, ...) check((cond), __LINE__, __VA_ARGS__)

/* A result and origin as expected; want_origin 0 accepts any origin. */
#define CHECK_RES(what, res, origin, want, want_origin)                                            \
  CHECK((res) == (want) && ((want_origin) == 0 || (origin) == (want_origin)),                      \
        "%s: 0x%08x origin %u, want 0x%08x origin %u", (what), (unsigned)(res),                    \
        (unsigned)(origin), (unsigned)(want), (unsigned)(want_origin))

static TEEC_Operation operation(uint32_t types) {
  TEEC_Operation op;
  memset(&op, 0, sizeof op);
  op.paramTypes = types;
  return op;
}

static TEEC_Result invoke(TEEC_Session* s, uint32_t cmd, TEEC_Operation* op, uint32_t* origin) {
  *origin = 0;
  return TEEC_InvokeCommand(s, cmd, op, origin);
}

static void test_values(TEEC_Session* s) {
  uint32_t origin;
  TEEC_Operation op =
      operation(TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE));
  op.params[0].value.a = 41;
  op.params[0].value.b = 7;
  TEEC_Result res = invoke(s, HELLO_CMD_INC_VALUE, &op, &origin);
  CHECK_RES("INC_VALUE", res, origin, TEEC_SUCCESS, 0);
  CHECK(op.params[0].value.a == 42, "INC_VALUE gave %u, want 42", op.params[0].value.a);

  op = operation(TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE));
  res = invoke(s, HELLO_CMD_HEAP, &op, &origin);
  CHECK_RES("HEAP", res, origin, TEEC_SUCCESS, 0);
  CHECK(op.params[0].value.a == HELLO_HEAP_CHECKS, "HEAP passed %u checks", op.params[0].value.a);
}

static void test_temp_memrefs(TEEC_Session* s) {
  uint32_t origin;
  char text[] = "hello";
  TEEC_Operation op =
      operation(TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE));
  op.params[0].tmpref.buffer = text;
  op.params[0].tmpref.size = 5;
  TEEC_Result res = invoke(s, HELLO_CMD_REVERSE, &op, &origin);
  CHECK_RES("REVERSE temp", res, origin, TEEC_SUCCESS, 0);
  CHECK(memcmp(text, "olleh", 6) == 0 && op.params[0].tmpref.size == 5,
        "REVERSE temp gave '%s' size %zu", text, op.params[0].tmpref.size);

  /* In and out; the output is larger than needed and gets the size copied. */
  const char in[] = "swemu-gp";
  char out[16];
  memset(out, '#', sizeof out);
  op = operation(
      TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE));
  op.params[0].tmpref.buffer = (void*)in;
  op.params[0].tmpref.size = 8;
  op.params[1].tmpref.buffer = out;
  op.params[1].tmpref.size = sizeof out;
  res = invoke(s, HELLO_CMD_COPY, &op, &origin);
  CHECK_RES("COPY temp", res, origin, TEEC_SUCCESS, 0);
  CHECK(op.params[1].tmpref.size == 8 && memcmp(out, in, 8) == 0 && out[8] == '#',
        "COPY temp gave size %zu", op.params[1].tmpref.size);

  /* Too small: SHORT_BUFFER from the TA with the size it needs, nothing written. */
  memset(out, '#', sizeof out);
  op.params[1].tmpref.size = 4;
  res = invoke(s, HELLO_CMD_COPY, &op, &origin);
  CHECK_RES("COPY short", res, origin, TEEC_ERROR_SHORT_BUFFER, TEEC_ORIGIN_TRUSTED_APP);
  CHECK(op.params[1].tmpref.size == 8, "COPY short asked for %zu", op.params[1].tmpref.size);

  /* The size query: a NULL output buffer of size 0. */
  op.params[1].tmpref.buffer = NULL;
  op.params[1].tmpref.size = 0;
  res = invoke(s, HELLO_CMD_COPY, &op, &origin);
  CHECK_RES("COPY NULL output", res, origin, TEEC_ERROR_SHORT_BUFFER, TEEC_ORIGIN_TRUSTED_APP);
  CHECK(op.params[1].tmpref.size == 8, "COPY NULL output asked for %zu", op.params[1].tmpref.size);

  /* A NULL input of size 0 copies nothing. */
  op.params[0].tmpref.buffer = NULL;
  op.params[0].tmpref.size = 0;
  op.params[1].tmpref.buffer = out;
  op.params[1].tmpref.size = sizeof out;
  res = invoke(s, HELLO_CMD_COPY, &op, &origin);
  CHECK_RES("COPY NULL input", res, origin, TEEC_SUCCESS, 0);
  CHECK(op.params[1].tmpref.size == 0, "COPY NULL input gave size %zu", op.params[1].tmpref.size);
}

static void fill(uint8_t* p, size_t n, uint8_t first) {
  for (size_t i = 0; i < n; ++i)
    p[i] = (uint8_t)(first + i);
}

/* p[from, from + n) holds first + n - 1 down to first; the rest of p[0, size) is fill(). */
static int reversed_window(const uint8_t* p, size_t size, size_t from, size_t n, uint8_t first) {
  for (size_t i = 0; i < size; ++i) {
    const uint8_t want = i >= from && i < from + n ? (uint8_t)(first + from + (from + n - 1 - i))
                                                   : (uint8_t)(first + i);
    if (p[i] != want)
      return 0;
  }
  return 1;
}

/* WHOLE and PARTIAL memrefs on `shm` (IN|OUT, at least 64 bytes): reverse, then part. */
static void exercise_registered(TEEC_Session* s, TEEC_SharedMemory* shm, const char* kind) {
  uint32_t origin;
  uint8_t* p = shm->buffer;
  fill(p, shm->size, 1);
  TEEC_Operation op =
      operation(TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE, TEEC_NONE));
  op.params[0].memref.parent = shm;
  TEEC_Result res = invoke(s, HELLO_CMD_REVERSE, &op, &origin);
  CHECK_RES(kind, res, origin, TEEC_SUCCESS, 0);
  CHECK(reversed_window(p, shm->size, 0, shm->size, 1) && op.params[0].memref.size == shm->size,
        "%s WHOLE: not reversed (size %zu)", kind, op.params[0].memref.size);

  fill(p, shm->size, 1);
  op = operation(TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE));
  op.params[0].memref.parent = shm;
  op.params[0].memref.offset = 8;
  op.params[0].memref.size = 16;
  res = invoke(s, HELLO_CMD_REVERSE, &op, &origin);
  CHECK_RES(kind, res, origin, TEEC_SUCCESS, 0);
  CHECK(reversed_window(p, shm->size, 8, 16, 1) && op.params[0].memref.size == 16,
        "%s PARTIAL_INOUT: wrong bytes (size %zu)", kind, op.params[0].memref.size);
}

static void test_shared_memory(TEEC_Context* ctx, TEEC_Session* s) {
  uint32_t origin;
  TEEC_SharedMemory alloced;
  memset(&alloced, 0, sizeof alloced);
  alloced.size = 64;
  alloced.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
  TEEC_Result res = TEEC_AllocateSharedMemory(ctx, &alloced);
  CHECK_RES("AllocateSharedMemory", res, 0, TEEC_SUCCESS, 0);
  if (res == TEEC_SUCCESS)
    exercise_registered(s, &alloced, "allocated");

  static uint8_t client_buffer[100];
  TEEC_SharedMemory registered;
  memset(&registered, 0, sizeof registered);
  registered.buffer = client_buffer;
  registered.size = sizeof client_buffer;
  registered.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
  res = TEEC_RegisterSharedMemory(ctx, &registered);
  CHECK_RES("RegisterSharedMemory", res, 0, TEEC_SUCCESS, 0);
  if (res == TEEC_SUCCESS)
    exercise_registered(s, &registered, "registered");

  /* Read-only client memory as input (a kernel may refuse to register it: a shadow then). */
  static const char kReadOnly[] = "constant input";
  TEEC_SharedMemory ro;
  memset(&ro, 0, sizeof ro);
  ro.buffer = (void*)kReadOnly;
  ro.size = sizeof kReadOnly;
  ro.flags = TEEC_MEM_INPUT;
  res = TEEC_RegisterSharedMemory(ctx, &ro);
  CHECK_RES("RegisterSharedMemory read-only", res, 0, TEEC_SUCCESS, 0);

  /* COPY from a PARTIAL_INPUT of the read-only memory into an output-only allocation. */
  TEEC_SharedMemory out_only;
  memset(&out_only, 0, sizeof out_only);
  out_only.size = 48;
  out_only.flags = TEEC_MEM_OUTPUT;
  res = TEEC_AllocateSharedMemory(ctx, &out_only);
  CHECK_RES("AllocateSharedMemory output", res, 0, TEEC_SUCCESS, 0);
  if (res == TEEC_SUCCESS && ro.imp.id != -1) {
    memset(out_only.buffer, '#', out_only.size);
    TEEC_Operation op = operation(TEEC_PARAM_TYPES(
        TEEC_MEMREF_PARTIAL_INPUT, TEEC_MEMREF_PARTIAL_OUTPUT, TEEC_NONE, TEEC_NONE));
    op.params[0].memref.parent = &ro;
    op.params[0].memref.offset = 9;
    op.params[0].memref.size = 5; /* "input" */
    op.params[1].memref.parent = &out_only;
    op.params[1].memref.offset = 4;
    op.params[1].memref.size = 32;
    res = invoke(s, HELLO_CMD_COPY, &op, &origin);
    CHECK_RES("COPY partial", res, origin, TEEC_SUCCESS, 0);
    const char* o = out_only.buffer;
    CHECK(op.params[1].memref.size == 5 && memcmp(o + 4, "input", 5) == 0 && o[3] == '#' &&
              o[9] == '#',
          "COPY partial gave size %zu", op.params[1].memref.size);

    /* WHOLE with the flags' directions: read-only in, output-only out. */
    op = operation(TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE));
    op.params[0].memref.parent = &ro;
    op.params[1].memref.parent = &out_only;
    res = invoke(s, HELLO_CMD_COPY, &op, &origin);
    CHECK_RES("COPY whole", res, origin, TEEC_SUCCESS, 0);
    CHECK(op.params[1].memref.size == sizeof kReadOnly &&
              memcmp(o, kReadOnly, sizeof kReadOnly) == 0,
          "COPY whole gave size %zu", op.params[1].memref.size);
    CHECK(out_only.size == 48, "COPY whole changed the parent's size to %zu", out_only.size);
  }

  /* Size 0 is allowed (8 bytes behind it), and release is idempotent. */
  TEEC_SharedMemory empty;
  memset(&empty, 0, sizeof empty);
  empty.flags = TEEC_MEM_INPUT;
  res = TEEC_AllocateSharedMemory(ctx, &empty);
  CHECK_RES("AllocateSharedMemory size 0", res, 0, TEEC_SUCCESS, 0);
  TEEC_ReleaseSharedMemory(&empty);
  TEEC_ReleaseSharedMemory(&empty);
  TEEC_ReleaseSharedMemory(&out_only);
  TEEC_ReleaseSharedMemory(&ro);
  TEEC_ReleaseSharedMemory(&registered);
  TEEC_ReleaseSharedMemory(&alloced);
  CHECK(alloced.buffer == NULL, "a released allocation keeps its buffer");
  CHECK(registered.buffer == client_buffer, "a released registration lost the client buffer");
}

static void test_bad_arguments(TEEC_Context* ctx, TEEC_Session* s) {
  uint32_t origin = 0;
  TEEC_Context other;
  TEEC_Session session;
  TEEC_Result res;

  CHECK_RES("InitializeContext(NULL)", TEEC_InitializeContext(NULL, NULL), 0,
            TEEC_ERROR_BAD_PARAMETERS, 0);
  CHECK_RES("InitializeContext(other TEE)", TEEC_InitializeContext("no-such-tee", &other), 0,
            TEEC_ERROR_ITEM_NOT_FOUND, 0);
  res = TEEC_OpenSession(ctx, NULL, &kHello, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
  CHECK_RES("OpenSession(no session)", res, origin, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_API);
  res = TEEC_OpenSession(NULL, &session, &kHello, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
  CHECK_RES("OpenSession(no context)", res, origin, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_API);
  res = TEEC_OpenSession(ctx, &session, NULL, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
  CHECK_RES("OpenSession(no UUID)", res, origin, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_API);
  res = TEEC_OpenSession(ctx, &session, &kHello, TEEC_LOGIN_GROUP, NULL, NULL, &origin);
  CHECK_RES("OpenSession(GROUP, no gid)", res, origin, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_API);
  const TEEC_UUID nobody = {0x01234567, 0x89ab, 0xcdef, {1, 2, 3, 4, 5, 6, 7, 8}};
  res = TEEC_OpenSession(ctx, &session, &nobody, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
  CHECK_RES("OpenSession(unknown TA)", res, origin, TEEC_ERROR_ITEM_NOT_FOUND, TEEC_ORIGIN_TEE);
  res = TEEC_InvokeCommand(NULL, HELLO_CMD_INC_VALUE, NULL, &origin);
  CHECK_RES("InvokeCommand(NULL)", res, origin, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_API);

  /* Operations the library must refuse before anything reaches the TEE. */
  TEEC_SharedMemory in_only;
  memset(&in_only, 0, sizeof in_only);
  in_only.size = 16;
  in_only.flags = TEEC_MEM_INPUT;
  CHECK_RES("AllocateSharedMemory input", TEEC_AllocateSharedMemory(ctx, &in_only), 0, TEEC_SUCCESS,
            0);
  struct {
    const char* what;
    uint32_t type;
    void* buffer;
    size_t size;
    size_t offset;
    TEEC_SharedMemory* parent;
  } bad[] = {
      {"unknown type 4", 4, NULL, 0, 0, NULL},
      {"unknown type 8", 8, NULL, 0, 0, NULL},
      {"TEMP NULL with a size", TEEC_MEMREF_TEMP_INOUT, NULL, 4, 0, NULL},
      {"WHOLE without parent", TEEC_MEMREF_WHOLE, NULL, 0, 0, NULL},
      {"PARTIAL without parent", TEEC_MEMREF_PARTIAL_INPUT, NULL, 4, 0, NULL},
      {"PARTIAL past the end", TEEC_MEMREF_PARTIAL_INPUT, NULL, 12, 8, &in_only},
      {"PARTIAL offset overflow", TEEC_MEMREF_PARTIAL_INPUT, NULL, 2, SIZE_MAX, &in_only},
      {"PARTIAL_OUTPUT on input memory", TEEC_MEMREF_PARTIAL_OUTPUT, NULL, 4, 0, &in_only},
      {"PARTIAL_INOUT on input memory", TEEC_MEMREF_PARTIAL_INOUT, NULL, 4, 0, &in_only},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    TEEC_Operation op = operation(TEEC_PARAM_TYPES(TEEC_NONE, bad[i].type, TEEC_NONE, TEEC_NONE));
    if (bad[i].parent != NULL || bad[i].type == TEEC_MEMREF_WHOLE ||
        bad[i].type == TEEC_MEMREF_PARTIAL_INPUT) {
      op.params[1].memref.parent = bad[i].parent;
      op.params[1].memref.size = bad[i].size;
      op.params[1].memref.offset = bad[i].offset;
    } else {
      op.params[1].tmpref.buffer = bad[i].buffer;
      op.params[1].tmpref.size = bad[i].size;
    }
    res = invoke(s, HELLO_CMD_COPY, &op, &origin);
    CHECK_RES(bad[i].what, res, origin, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_API);
  }

  /* Released memory names nothing any more. */
  TEEC_ReleaseSharedMemory(&in_only);
  TEEC_Operation op =
      operation(TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE, TEEC_NONE));
  op.params[0].memref.parent = &in_only;
  res = invoke(s, HELLO_CMD_REVERSE, &op, &origin);
  CHECK_RES("WHOLE of released memory", res, origin, TEEC_ERROR_BAD_PARAMETERS, 0);

  TEEC_SharedMemory shm;
  memset(&shm, 0, sizeof shm);
  shm.size = 8;
  CHECK_RES("AllocateSharedMemory flags 0", TEEC_AllocateSharedMemory(ctx, &shm), 0,
            TEEC_ERROR_BAD_PARAMETERS, 0);
  shm.flags = 4;
  CHECK_RES("AllocateSharedMemory flags 4", TEEC_AllocateSharedMemory(ctx, &shm), 0,
            TEEC_ERROR_BAD_PARAMETERS, 0);
  shm.flags = TEEC_MEM_INPUT;
  CHECK_RES("AllocateSharedMemory(no context)", TEEC_AllocateSharedMemory(NULL, &shm), 0,
            TEEC_ERROR_BAD_PARAMETERS, 0);
  CHECK_RES("AllocateSharedMemory(NULL)", TEEC_AllocateSharedMemory(ctx, NULL), 0,
            TEEC_ERROR_BAD_PARAMETERS, 0);
  /* More than swemu's 4 MiB shared-memory pool (a device with more would allow it). */
  shm.size = 64u << 20;
  res = TEEC_AllocateSharedMemory(ctx, &shm);
  CHECK(res == TEEC_ERROR_OUT_OF_MEMORY, "AllocateSharedMemory of 64 MiB: 0x%x", res);
  TEEC_ReleaseSharedMemory(&shm);
  shm.size = 8;
  shm.buffer = NULL;
  CHECK_RES("RegisterSharedMemory(NULL buffer)", TEEC_RegisterSharedMemory(ctx, &shm), 0,
            TEEC_ERROR_BAD_PARAMETERS, 0);

  /* Harmless no-ops. */
  TEEC_ReleaseSharedMemory(NULL);
  TEEC_CloseSession(NULL);
  TEEC_RequestCancellation(NULL);
  op = operation(TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE));
  TEEC_RequestCancellation(&op); /* never started */
  TEEC_FinalizeContext(NULL);

  /* A TA that panics: TARGET_DEAD from the TEE, and the session is dead. */
  res = TEEC_OpenSession(ctx, &session, &kHello, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
  CHECK_RES("OpenSession hello", res, origin, TEEC_SUCCESS, 0);
  if (res == TEEC_SUCCESS) {
    res = invoke(&session, HELLO_CMD_PANIC, NULL, &origin);
    CHECK_RES("PANIC", res, origin, TEEC_ERROR_TARGET_DEAD, TEEC_ORIGIN_TEE);
    res = invoke(&session, HELLO_CMD_INC_VALUE, &op, &origin);
    CHECK_RES("after PANIC", res, origin, TEEC_ERROR_TARGET_DEAD, TEEC_ORIGIN_TEE);
    TEEC_CloseSession(&session);
    TEEC_CloseSession(&session);
  }
}

/* --- Threads on one context ---------------------------------------------------------- */

struct worker {
  TEEC_Context* ctx;
  uint32_t id;
};

static void* worker_main(void* arg) {
  const struct worker* w = arg;
  TEEC_Session s;
  uint32_t origin = 0;
  TEEC_Result res = TEEC_OpenSession(w->ctx, &s, &kHello, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
  CHECK_RES("thread OpenSession", res, origin, TEEC_SUCCESS, 0);
  if (res != TEEC_SUCCESS)
    return NULL;
  for (uint32_t i = 0; i < INVOKES_PER_THREAD; ++i) {
    TEEC_Operation op =
        operation(TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE));
    op.params[0].value.a = w->id * 1000 + i;
    res = invoke(&s, HELLO_CMD_INC_VALUE, &op, &origin);
    CHECK(res == TEEC_SUCCESS && op.params[0].value.a == w->id * 1000 + i + 1,
          "thread %u invoke %u: 0x%x, value %u", w->id, i, res, op.params[0].value.a);

    /* Every other call a temporary memref, every tenth one allocated memory. */
    if (i % 2 == 0) {
      char text[16];
      const int n = snprintf(text, sizeof text, "t%u-i%u", w->id, i);
      char want[16];
      for (int k = 0; k < n; ++k)
        want[k] = text[n - 1 - k];
      op = operation(TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE));
      op.params[0].tmpref.buffer = text;
      op.params[0].tmpref.size = (size_t)n;
      res = invoke(&s, HELLO_CMD_REVERSE, &op, &origin);
      CHECK(res == TEEC_SUCCESS && memcmp(text, want, (size_t)n) == 0,
            "thread %u temp memref %u: 0x%x", w->id, i, res);
    }
    if (i % 10 == 0) {
      TEEC_SharedMemory shm;
      memset(&shm, 0, sizeof shm);
      shm.size = 64 + w->id;
      shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
      res = TEEC_AllocateSharedMemory(w->ctx, &shm);
      CHECK(res == TEEC_SUCCESS, "thread %u AllocateSharedMemory: 0x%x", w->id, res);
      if (res == TEEC_SUCCESS) {
        fill(shm.buffer, shm.size, (uint8_t)w->id);
        op = operation(TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE, TEEC_NONE));
        op.params[0].memref.parent = &shm;
        res = invoke(&s, HELLO_CMD_REVERSE, &op, &origin);
        CHECK(res == TEEC_SUCCESS &&
                  reversed_window(shm.buffer, shm.size, 0, shm.size, (uint8_t)w->id),
              "thread %u shared memory %u: 0x%x", w->id, i, res);
        TEEC_ReleaseSharedMemory(&shm);
      }
    }
  }
  TEEC_CloseSession(&s);
  return NULL;
}

static void test_threads(TEEC_Context* ctx) {
  pthread_t threads[THREADS];
  struct worker workers[THREADS];
  for (uint32_t t = 0; t < THREADS; ++t) {
    workers[t].ctx = ctx;
    workers[t].id = t + 1;
    CHECK(pthread_create(&threads[t], NULL, worker_main, &workers[t]) == 0, "pthread_create");
  }
  for (uint32_t t = 0; t < THREADS; ++t)
    pthread_join(threads[t], NULL);
}

/* --- Cancellation ---------------------------------------------------------------------- */

struct waiter {
  TEEC_Session* session;
  TEEC_Operation op;
  TEEC_Result res;
  uint32_t origin;
  atomic_int done;
};

static void* waiter_main(void* arg) {
  struct waiter* w = arg;
  w->res = TEEC_InvokeCommand(w->session, API_TEST_CMD_WAIT, &w->op, &w->origin);
  w->done = 1;
  return NULL;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A 30 s unmasked TEE_Wait, cancelled from this thread until it returns. */
static void test_cancellation(TEEC_Context* ctx) {
  TEEC_Session s;
  uint32_t origin = 0;
  TEEC_Result res = TEEC_OpenSession(ctx, &s, &kApiTest, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
  CHECK_RES("OpenSession api_test", res, origin, TEEC_SUCCESS, 0);
  if (res != TEEC_SUCCESS)
    return;
  struct waiter w;
  memset(&w, 0, sizeof w);
  w.session = &s;
  w.op = operation(TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE));
  w.op.params[0].value.a = 30000;
  w.op.params[0].value.b = 1; /* unmask cancellation around the wait */
  const double start = now_seconds();
  pthread_t thread;
  if (pthread_create(&thread, NULL, waiter_main, &w) != 0) {
    CHECK(0, "pthread_create");
    TEEC_CloseSession(&s);
    return;
  }
  /* Requests before the TA reaches its wait do nothing; keep asking until it returns. */
  while (!w.done) {
    const struct timespec pause = {0, 5000000L}; /* 5 ms */
    TEEC_RequestCancellation(&w.op);
    nanosleep(&pause, NULL);
  }
  pthread_join(thread, NULL);
  const double took = now_seconds() - start;
  CHECK_RES("WAIT cancelled", w.res, w.origin, TEEC_ERROR_CANCEL, TEEC_ORIGIN_TRUSTED_APP);
  CHECK(took < 20.0, "the cancelled wait took %.1f s", took);
  TEEC_CloseSession(&s);
}

/* --- hold ------------------------------------------------------------------------------ */

static int hold(TEEC_Context* ctx) {
  TEEC_Session single;
  TEEC_Session api;
  uint32_t origin = 0;
  TEEC_Result res =
      TEEC_OpenSession(ctx, &single, &kHelloSingle, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
  printf("OpenSession hello_single: 0x%x\n", res);
  if (res != TEEC_SUCCESS)
    return 1;
  res = TEEC_OpenSession(ctx, &api, &kApiTest, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
  printf("OpenSession api_test: 0x%x\n", res);
  if (res != TEEC_SUCCESS)
    return 1;
  TEEC_Operation op =
      operation(TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE));
  op.params[0].value.a = 60000;
  op.params[0].value.b = 1;
  printf("holding\n");
  res = TEEC_InvokeCommand(&api, API_TEST_CMD_WAIT, &op, &origin);
  printf("WAIT returned 0x%x\n", res);
  return 1; /* the test kills this process before the wait ends */
}

int main(int argc, char** argv) {
  TEEC_Context ctx;
  TEEC_Session hello;
  uint32_t origin = 0;

  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc > 2 || (argc == 2 && strcmp(argv[1], "hold") != 0)) {
    fprintf(stderr, "usage: gp_client [hold]\n");
    return 2;
  }
  TEEC_Result res = TEEC_InitializeContext(NULL, &ctx);
  if (res != TEEC_SUCCESS) {
    printf("FAIL: TEEC_InitializeContext: 0x%x\n", res);
    return 1;
  }
  if (argc == 2)
    return hold(&ctx);

  res = TEEC_OpenSession(&ctx, &hello, &kHello, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
  CHECK_RES("OpenSession hello", res, origin, TEEC_SUCCESS, 0);
  if (res == TEEC_SUCCESS) {
    test_values(&hello);
    test_temp_memrefs(&hello);
    test_shared_memory(&ctx, &hello);
    test_bad_arguments(&ctx, &hello);
    TEEC_CloseSession(&hello);
  }
  test_threads(&ctx);
  test_cancellation(&ctx);
  TEEC_FinalizeContext(&ctx);

  printf("gp_client: %d checks, %d failed\n", atomic_load(&g_checks), atomic_load(&g_failures));
  return atomic_load(&g_failures) == 0 ? 0 : 1;
}
