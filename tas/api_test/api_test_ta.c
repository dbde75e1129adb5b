// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The api_test TA: drives the GP Internal Core API functions the host tests check —
 * properties of every set and type, enumerators, memory access rights, system, REE and
 * persistent time, TEE_Wait and cancellation, instance data — and the raw syscalls behind
 * them with bad arguments. Each command reports what it saw; the host knows the answers.
 */
#include <stdint.h>
#include <string.h>
#include <tee_internal_api.h>
#include <utee_syscalls.h>

#include "api_test_ta.h"

#define PT(t0, t1, t2, t3)                                                                         \
  TEE_PARAM_TYPES(TEE_PARAM_TYPE_##t0, TEE_PARAM_TYPE_##t1, TEE_PARAM_TYPE_##t2,                   \
                  TEE_PARAM_TYPE_##t3)

/* An address nothing is mapped at, and the TEE_MEMORY_ACCESS_* shorthands. */
#define UNMAPPED_ADDR 0x10UL
#define R TEE_MEMORY_ACCESS_READ
#define W TEE_MEMORY_ACCESS_WRITE
#define ANY TEE_MEMORY_ACCESS_ANY_OWNER
#define SEC TEE_MEMORY_ACCESS_SECURE
#define NSEC TEE_MEMORY_ACCESS_NONSECURE

struct session {
  TEE_PropSetHandle enumerator; /* moved by API_TEST_CMD_ENUM_SEEK */
};

static const uint8_t read_only_data[64] = {1, 2, 3};
static uint8_t writable_data[64];
static uint32_t instance_slot;

TEE_Result TA_CreateEntryPoint(void) {
  return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void) {}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param params[TEE_NUM_PARAMS],
                                    void** sess_ctx) {
  struct session* s = TEE_Malloc(sizeof(*s), TEE_MALLOC_FILL_ZERO);
  TEE_Result res;

  (void)param_types;
  (void)params;
  if (!s)
    return TEE_ERROR_OUT_OF_MEMORY;
  res = TEE_AllocatePropertyEnumerator(&s->enumerator);
  if (res != TEE_SUCCESS) {
    TEE_Free(s);
    return res;
  }
  *sess_ctx = s;
  return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void* sess_ctx) {
  struct session* s = sess_ctx;

  TEE_FreePropertyEnumerator(s->enumerator);
  TEE_Free(s);
}

/* --- Properties ----------------------------------------------------------------------- */

#define NAME_MAX_LEN 160

/* p0.a selects the handle, p1 holds the name; false if the name does not fit. */
static bool property_args(struct session* s, TEE_Param params[TEE_NUM_PARAMS],
                          TEE_PropSetHandle* handle, char name[NAME_MAX_LEN],
                          const char** name_arg) {
  size_t len = params[1].memref.size;

  if (len >= NAME_MAX_LEN)
    return false;
  if (len)
    memcpy(name, params[1].memref.buffer, len);
  name[len] = '\0';
  *name_arg = len ? name : NULL;
  *handle = params[0].value.a == API_TEST_USE_ENUMERATOR
                ? s->enumerator
                : (TEE_PropSetHandle)(uintptr_t)params[0].value.a;
  return true;
}

static TEE_Result cmd_get_property(struct session* s, uint32_t cmd, uint32_t types,
                                   TEE_Param params[TEE_NUM_PARAMS]) {
  char name_buf[NAME_MAX_LEN];
  const char* name;
  TEE_PropSetHandle h;
  bool as_memref = cmd == API_TEST_CMD_GET_STRING || cmd == API_TEST_CMD_GET_BINARY ||
                   cmd == API_TEST_CMD_GET_UUID || cmd == API_TEST_CMD_GET_IDENTITY;
  uint32_t want = as_memref ? PT(VALUE_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, NONE)
                            : PT(VALUE_INPUT, MEMREF_INPUT, VALUE_OUTPUT, NONE);
  TEE_Param* out = &params[2];
  TEE_Result res;

  if (types != want || !property_args(s, params, &h, name_buf, &name))
    return TEE_ERROR_BAD_PARAMETERS;

  switch (cmd) {
  case API_TEST_CMD_GET_STRING: {
    size_t len = out->memref.size;
    res = TEE_GetPropertyAsString(h, name, out->memref.buffer, &len);
    out->memref.size = len;
    return res;
  }
  case API_TEST_CMD_GET_BINARY: {
    size_t len = out->memref.size;
    res = TEE_GetPropertyAsBinaryBlock(h, name, out->memref.buffer, &len);
    out->memref.size = len;
    return res;
  }
  case API_TEST_CMD_GET_BOOL: {
    bool v = false;
    res = TEE_GetPropertyAsBool(h, name, &v);
    out->value.a = v ? 1 : 0;
    return res;
  }
  case API_TEST_CMD_GET_U32:
    return TEE_GetPropertyAsU32(h, name, &out->value.a);
  case API_TEST_CMD_GET_U64: {
    uint64_t v = 0;
    res = TEE_GetPropertyAsU64(h, name, &v);
    out->value.a = (uint32_t)v;
    out->value.b = (uint32_t)(v >> 32);
    return res;
  }
  case API_TEST_CMD_GET_UUID: {
    TEE_UUID u;
    if (out->memref.size < sizeof(u))
      return TEE_ERROR_SHORT_BUFFER;
    res = TEE_GetPropertyAsUUID(h, name, &u);
    memcpy(out->memref.buffer, &u, sizeof(u));
    out->memref.size = sizeof(u);
    return res;
  }
  case API_TEST_CMD_GET_IDENTITY: {
    TEE_Identity id;
    if (out->memref.size < sizeof(id))
      return TEE_ERROR_SHORT_BUFFER;
    res = TEE_GetPropertyAsIdentity(h, name, &id);
    memcpy(out->memref.buffer, &id, sizeof(id));
    out->memref.size = sizeof(id);
    return res;
  }
  default:
    return TEE_ERROR_NOT_SUPPORTED;
  }
}

static TEE_Result cmd_enumerate(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  TEE_PropSetHandle e;
  char* names = params[1].memref.buffer;
  size_t room = params[1].memref.size;
  size_t pos = 0;
  uint32_t count = 0;
  uint32_t readable = 0;
  char name[NAME_MAX_LEN];
  size_t len;
  TEE_Result res;

  if (types != PT(VALUE_INPUT, MEMREF_OUTPUT, VALUE_OUTPUT, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  res = TEE_AllocatePropertyEnumerator(&e);
  if (res != TEE_SUCCESS)
    return res;

  /* Not started yet: nothing to read. */
  len = sizeof(name);
  if (TEE_GetPropertyName(e, name, &len) != TEE_ERROR_ITEM_NOT_FOUND ||
      TEE_GetNextProperty(e) != TEE_ERROR_ITEM_NOT_FOUND)
    goto fail;

  TEE_StartPropertyEnumerator(e, (TEE_PropSetHandle)(uintptr_t)params[0].value.a);
  for (;;) {
    char value[256];
    size_t value_len = sizeof(value);

    len = sizeof(name);
    res = TEE_GetPropertyName(e, name, &len);
    if (res == TEE_ERROR_ITEM_NOT_FOUND && count == 0)
      break; /* an empty set */
    if (res != TEE_SUCCESS || len == 0 || name[len - 1] != '\0')
      goto fail;
    if (pos + len <= room) {
      memcpy(names + pos, name, len - 1);
      names[pos + len - 1] = '\n';
      pos += len;
    }
    if (TEE_GetPropertyAsString(e, NULL, value, &value_len) == TEE_SUCCESS)
      readable++;
    count++;
    res = TEE_GetNextProperty(e);
    if (res == TEE_ERROR_ITEM_NOT_FOUND)
      break;
    if (res != TEE_SUCCESS)
      goto fail;
  }

  /* Past the end, and after a reset, there is no current property. */
  len = sizeof(name);
  if (count && TEE_GetPropertyName(e, name, &len) != TEE_ERROR_ITEM_NOT_FOUND)
    goto fail;
  TEE_ResetPropertyEnumerator(e);
  len = sizeof(name);
  if (TEE_GetPropertyName(e, name, &len) != TEE_ERROR_ITEM_NOT_FOUND)
    goto fail;
  TEE_FreePropertyEnumerator(e);

  params[1].memref.size = pos;
  params[2].value.a = count;
  params[2].value.b = readable;
  return TEE_SUCCESS;
fail:
  TEE_FreePropertyEnumerator(e);
  return TEE_ERROR_GENERIC;
}

static TEE_Result cmd_enum_seek(struct session* s, uint32_t types,
                                TEE_Param params[TEE_NUM_PARAMS]) {
  char want[NAME_MAX_LEN];
  const char* unused;
  TEE_PropSetHandle set;

  if (types != PT(VALUE_INPUT, MEMREF_INPUT, NONE, NONE) ||
      !property_args(s, params, &set, want, &unused))
    return TEE_ERROR_BAD_PARAMETERS;
  if (params[0].value.a == 0) {
    TEE_ResetPropertyEnumerator(s->enumerator);
    return TEE_SUCCESS;
  }
  TEE_StartPropertyEnumerator(s->enumerator, set);
  for (;;) {
    char name[NAME_MAX_LEN];
    size_t len = sizeof(name);
    TEE_Result res = TEE_GetPropertyName(s->enumerator, name, &len);

    if (res != TEE_SUCCESS)
      return res;
    if (strcmp(name, want) == 0)
      return TEE_SUCCESS;
    res = TEE_GetNextProperty(s->enumerator);
    if (res != TEE_SUCCESS)
      return res;
  }
}

/* --- Checks with an expected result ---------------------------------------------------- */

struct checks {
  uint32_t passed;
  TEE_Result first_failure;
  bool failed;
};

static void expect(struct checks* c, TEE_Result got, TEE_Result want) {
  if (c->failed)
    return;
  if (got == want) {
    c->passed++;
  } else {
    c->failed = true;
    c->first_failure = got;
  }
}

static TEE_Result report(const struct checks* c, TEE_Param* out) {
  out->value.a = c->passed;
  out->value.b = c->failed ? c->first_failure : 0;
  return c->failed ? TEE_ERROR_GENERIC : TEE_SUCCESS;
}

static TEE_Result cmd_access_rights(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  struct checks c = {0};
  uint8_t stack_buf[64];
  void* code = (void*)(uintptr_t)&cmd_access_rights;
  void* param = params[0].memref.buffer;
  size_t param_size = params[0].memref.size;
  uint8_t* heap;

  if (types != PT(MEMREF_INOUT, VALUE_OUTPUT, NONE, NONE) || param_size < 16)
    return TEE_ERROR_BAD_PARAMETERS;
  heap = TEE_Malloc(64, TEE_MALLOC_FILL_ZERO);
  if (!heap)
    return TEE_ERROR_OUT_OF_MEMORY;
  memset(stack_buf, 0, sizeof(stack_buf));

  /* Code and read-only data: readable, not writable, the TA's own. */
  expect(&c, TEE_CheckMemoryAccessRights(R, code, 16), TEE_SUCCESS);
  expect(&c, TEE_CheckMemoryAccessRights(R | SEC, code, 16), TEE_SUCCESS);
  expect(&c, TEE_CheckMemoryAccessRights(W, code, 16), TEE_ERROR_ACCESS_DENIED);
  expect(&c, TEE_CheckMemoryAccessRights(R, (void*)read_only_data, sizeof(read_only_data)),
         TEE_SUCCESS);
  expect(&c, TEE_CheckMemoryAccessRights(R | W, (void*)read_only_data, 4), TEE_ERROR_ACCESS_DENIED);
  /* Data, stack, heap: read-write secure memory of the TA. */
  expect(&c, TEE_CheckMemoryAccessRights(R | W, writable_data, sizeof(writable_data)), TEE_SUCCESS);
  expect(&c, TEE_CheckMemoryAccessRights(R | W | SEC, stack_buf, sizeof(stack_buf)), TEE_SUCCESS);
  expect(&c, TEE_CheckMemoryAccessRights(R | W | NSEC, stack_buf, sizeof(stack_buf)),
         TEE_ERROR_ACCESS_DENIED);
  expect(&c, TEE_CheckMemoryAccessRights(R | W | ANY, heap, 64), TEE_SUCCESS);
  expect(&c, TEE_CheckMemoryAccessRights(R | W | SEC, heap, 64), TEE_SUCCESS);
  /* A parameter: shared with the client, so only with ANY_OWNER, and non-secure. */
  expect(&c, TEE_CheckMemoryAccessRights(R, param, param_size), TEE_ERROR_ACCESS_DENIED);
  expect(&c, TEE_CheckMemoryAccessRights(R | W | ANY, param, param_size), TEE_SUCCESS);
  expect(&c, TEE_CheckMemoryAccessRights(R | W | ANY | NSEC, param, param_size), TEE_SUCCESS);
  expect(&c, TEE_CheckMemoryAccessRights(R | ANY | SEC, param, param_size),
         TEE_ERROR_ACCESS_DENIED);
  /* Nonsense: both SECURE and NONSECURE, unmapped, wrapping, running off the stack. */
  expect(&c, TEE_CheckMemoryAccessRights(R | ANY | SEC | NSEC, heap, 4), TEE_ERROR_ACCESS_DENIED);
  expect(&c, TEE_CheckMemoryAccessRights(R, (void*)UNMAPPED_ADDR, 4), TEE_ERROR_ACCESS_DENIED);
  expect(&c, TEE_CheckMemoryAccessRights(R | ANY, (void*)(UINTPTR_MAX - 3), 16),
         TEE_ERROR_ACCESS_DENIED);
  expect(&c, TEE_CheckMemoryAccessRights(R, stack_buf, 16u << 20), TEE_ERROR_ACCESS_DENIED);
  expect(&c, TEE_CheckMemoryAccessRights(R | W, (void*)UNMAPPED_ADDR, 0), TEE_SUCCESS);
  /* Cache maintenance (the TA has TA_FLAG_CACHE_MAINTENANCE): parameters only. */
  expect(&c, TEE_CacheClean(param, param_size), TEE_SUCCESS);
  expect(&c, TEE_CacheFlush(param, param_size), TEE_SUCCESS);
  expect(&c, TEE_CacheInvalidate(param, param_size), TEE_SUCCESS);
  expect(&c, TEE_CacheClean((char*)heap, 64), TEE_ERROR_ACCESS_DENIED);
  expect(&c, TEE_CacheFlush((char*)UNMAPPED_ADDR, 4), TEE_ERROR_ACCESS_DENIED);
  expect(&c, _utee_cache_operation(param, param_size, 7), TEE_ERROR_NOT_SUPPORTED);

  TEE_Free(heap);
  return report(&c, &params[1]);
}

/* A syscall the SDK has no wrapper for (the deprecated SE ones). */
#if defined(__aarch64__)
static uint64_t raw_syscall(uint64_t number) {
  register uint64_t x0 __asm__("x0") = 0;
  register uint64_t x8 __asm__("x8") = number;

  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8) : "memory");
  return x0;
}
#else
/*
 * AArch32: the number goes in r7, which is Thumb code's frame pointer and cannot be a C
 * register variable, so a small assembly routine saves it: r6 = 0 stacked arguments.
 */
__attribute__((naked)) static uint32_t raw_syscall32(uint32_t number) {
  __asm__ volatile("push {r5-r7, lr}\n"
                   "mov r7, r0\n"
                   "movs r6, #0\n"
                   "movs r0, #0\n"
                   "svc #0\n"
                   "pop {r5-r7, pc}\n");
}

static uint64_t raw_syscall(uint64_t number) {
  return raw_syscall32((uint32_t)number);
}
#endif

static TEE_Result cmd_syscall_checks(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  const unsigned long tee = (unsigned long)(uintptr_t)TEE_PROPSET_TEE_IMPLEMENTATION;
  const unsigned long bad_set = 0x12345678;
  void* code = (void*)(uintptr_t)&cmd_syscall_checks;
  void* param = params[0].memref.buffer;
  void* unmapped = (void*)UNMAPPED_ADDR;
  struct checks c = {0};
  uint8_t buf[64];
  uint32_t len = 0;
  uint32_t type = 0;
  uint32_t index = 0;
  uint32_t flag = 0;
  TEE_Time t = {0, 0};

  if (types != PT(MEMREF_INOUT, VALUE_OUTPUT, NONE, NONE) || params[0].memref.size < 16)
    return TEE_ERROR_BAD_PARAMETERS;

  /* GET_PROPERTY: unknown set or index; outputs that are not writable; short buffers. */
  expect(&c, _utee_get_property(bad_set, 0, NULL, NULL, NULL, NULL, &type),
         TEE_ERROR_ITEM_NOT_FOUND);
  expect(&c, _utee_get_property(tee, 1000, NULL, NULL, NULL, NULL, &type),
         TEE_ERROR_ITEM_NOT_FOUND);
  expect(&c, _utee_get_property(tee, 0, NULL, NULL, NULL, NULL, code), TEE_ERROR_ACCESS_DENIED);
  expect(&c, _utee_get_property(tee, 0, NULL, NULL, NULL, NULL, unmapped), TEE_ERROR_ACCESS_DENIED);
  expect(&c, _utee_get_property(tee, 0, NULL, NULL, buf, unmapped, NULL), TEE_ERROR_ACCESS_DENIED);
  len = sizeof(buf);
  expect(&c, _utee_get_property(tee, 0, NULL, NULL, code, &len, NULL), TEE_ERROR_ACCESS_DENIED);
  len = 1;
  expect(&c, _utee_get_property(tee, 0, NULL, NULL, buf, &len, NULL), TEE_ERROR_SHORT_BUFFER);
  expect(&c, len > 1 ? TEE_SUCCESS : TEE_ERROR_GENERIC, TEE_SUCCESS);
  len = 2;
  expect(&c, _utee_get_property(tee, 0, buf, &len, NULL, NULL, NULL), TEE_ERROR_SHORT_BUFFER);
  expect(&c, len == sizeof("gpd.tee.apiversion") ? TEE_SUCCESS : TEE_ERROR_GENERIC, TEE_SUCCESS);
  len = sizeof(buf);
  expect(&c, _utee_get_property(tee, 0, buf, &len, NULL, NULL, &type), TEE_SUCCESS);
  expect(&c,
         strcmp((char*)buf, "gpd.tee.apiversion") == 0 && type == USER_TA_PROP_TYPE_STRING
             ? TEE_SUCCESS
             : TEE_ERROR_GENERIC,
         TEE_SUCCESS);

  /* GET_PROPERTY_NAME_TO_INDEX. */
  expect(&c, _utee_get_property_name_to_index(bad_set, "x", 2, &index), TEE_ERROR_ITEM_NOT_FOUND);
  expect(&c, _utee_get_property_name_to_index(tee, NULL, 5, &index), TEE_ERROR_BAD_PARAMETERS);
  expect(&c, _utee_get_property_name_to_index(tee, "gpd.tee.description", 0, &index),
         TEE_ERROR_BAD_PARAMETERS);
  expect(&c, _utee_get_property_name_to_index(tee, unmapped, 5, &index), TEE_ERROR_ACCESS_DENIED);
  expect(&c,
         _utee_get_property_name_to_index(tee, "gpd.tee.description", sizeof("gpd.tee.description"),
                                          code),
         TEE_ERROR_ACCESS_DENIED);
  expect(&c, _utee_get_property_name_to_index(tee, "no.such.name", sizeof("no.such.name"), &index),
         TEE_ERROR_ITEM_NOT_FOUND);
  expect(&c,
         _utee_get_property_name_to_index(tee, "gpd.tee.description", sizeof("gpd.tee.description"),
                                          &index),
         TEE_SUCCESS);
  expect(&c, index == 1 ? TEE_SUCCESS : TEE_ERROR_GENERIC, TEE_SUCCESS);

  /* GET_TIME / SET_TA_TIME: known categories, TA-private memory, normalized times. */
  expect(&c, _utee_get_time(7, &t), TEE_ERROR_BAD_PARAMETERS);
  expect(&c, _utee_get_time(UTEE_TIME_CAT_SYSTEM, param), TEE_ERROR_ACCESS_DENIED);
  expect(&c, _utee_get_time(UTEE_TIME_CAT_REE, code), TEE_ERROR_ACCESS_DENIED);
  t.seconds = 0;
  t.millis = 1000;
  expect(&c, _utee_set_ta_time(&t), TEE_ERROR_BAD_PARAMETERS);
  expect(&c, _utee_set_ta_time(param), TEE_ERROR_ACCESS_DENIED);

  /* Cancellation and access rights. */
  expect(&c, _utee_get_cancellation_flag(code), TEE_ERROR_ACCESS_DENIED);
  expect(&c, _utee_get_cancellation_flag(&flag), TEE_SUCCESS);
  expect(&c, _utee_check_access_rights(R | SEC | NSEC, buf, 4), TEE_ERROR_ACCESS_DENIED);

  /* The deprecated Secure Element syscalls, and one past the end of the table. */
  for (uint64_t n = 55; n <= 69; n++)
    expect(&c, (TEE_Result)raw_syscall(n), TEE_ERROR_NOT_SUPPORTED);
  expect(&c, (TEE_Result)raw_syscall(71), TEE_ERROR_NOT_SUPPORTED);

  return report(&c, &params[1]);
}

/* --- Time and cancellation -------------------------------------------------------------- */

static uint64_t ms_of(const TEE_Time* t) {
  return (uint64_t)t->seconds * 1000 + t->millis;
}

static TEE_Result cmd_system_time(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  TEE_Time before;
  TEE_Time after;
  TEE_Result res;

  if (types != PT(VALUE_INPUT, VALUE_OUTPUT, VALUE_OUTPUT, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  TEE_GetSystemTime(&before);
  res = TEE_Wait(params[0].value.a);
  TEE_GetSystemTime(&after);
  params[1].value.a = before.seconds;
  params[1].value.b = before.millis;
  params[2].value.a = after.seconds;
  params[2].value.b = after.millis;
  return res;
}

static TEE_Result cmd_time_value(uint32_t cmd, uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  TEE_Time t = {params[0].value.a, params[0].value.b};
  TEE_Result res = TEE_SUCCESS;

  if (cmd == API_TEST_CMD_SET_TA_TIME) {
    if (types != PT(VALUE_INPUT, NONE, NONE, NONE))
      return TEE_ERROR_BAD_PARAMETERS;
    return TEE_SetTAPersistentTime(&t);
  }
  if (types != PT(VALUE_OUTPUT, NONE, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  if (cmd == API_TEST_CMD_REE_TIME)
    TEE_GetREETime(&t);
  else
    res = TEE_GetTAPersistentTime(&t);
  params[0].value.a = t.seconds;
  params[0].value.b = t.millis;
  return res;
}

static TEE_Result cmd_wait(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  bool unmask = params[0].value.b != 0;
  bool was_masked = false;
  TEE_Time before;
  TEE_Time after;
  TEE_Result res;

  if (types != PT(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  if (unmask)
    was_masked = TEE_UnmaskCancellation();
  TEE_GetSystemTime(&before);
  res = TEE_Wait(params[0].value.a);
  TEE_GetSystemTime(&after);
  params[1].value.a = (uint32_t)(ms_of(&after) - ms_of(&before));
  params[1].value.b = TEE_GetCancellationFlag() ? 1 : 0;
  if (unmask && was_masked)
    TEE_MaskCancellation();
  return res;
}

static TEE_Result cmd_masked_wait(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  const uint32_t slice_ms = 20;
  uint32_t waited = 0;
  uint32_t masked_waits = 0;
  bool seen = false;
  bool was_masked;
  TEE_Result res = TEE_SUCCESS;

  if (types != PT(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  was_masked = TEE_MaskCancellation();
  while (!seen && waited < params[0].value.a) {
    if (TEE_Wait(slice_ms) != TEE_SUCCESS) {
      res = TEE_ERROR_GENERIC; /* a masked wait must run to its end */
      goto out;
    }
    masked_waits++;
    waited += slice_ms;
    TEE_UnmaskCancellation();
    seen = TEE_GetCancellationFlag();
    TEE_MaskCancellation();
  }
  if (seen) {
    /* The request is still pending: masked it changes nothing, unmasked it cancels. */
    if (TEE_GetCancellationFlag() || TEE_Wait(slice_ms) != TEE_SUCCESS) {
      res = TEE_ERROR_GENERIC;
      goto out;
    }
    masked_waits++;
    TEE_UnmaskCancellation();
    if (TEE_Wait(TEE_TIMEOUT_INFINITE) != TEE_ERROR_CANCEL)
      res = TEE_ERROR_GENERIC;
  }
out:
  if (was_masked)
    TEE_MaskCancellation();
  else
    TEE_UnmaskCancellation();
  params[1].value.a = masked_waits;
  params[1].value.b = seen ? 1 : 0;
  return res;
}

static TEE_Result cmd_set_mask(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  if (types != PT(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  params[1].value.a =
      (params[0].value.a ? TEE_MaskCancellation() : TEE_UnmaskCancellation()) ? 1 : 0;
  return TEE_SUCCESS;
}

static TEE_Result cmd_cancel_flag(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  if (types != PT(VALUE_OUTPUT, NONE, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  params[0].value.a = TEE_GetCancellationFlag() ? 1 : 0;
  return TEE_SUCCESS;
}

static TEE_Result cmd_syscall_loop(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  uint32_t set = 0;

  if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INOUT, TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE,
                               TEE_PARAM_TYPE_NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  for (uint32_t i = 0; i < params[0].value.a; i++)
    set += TEE_GetCancellationFlag() ? 1 : 0;
  params[0].value.b = set;
  return TEE_SUCCESS;
}

static TEE_Result cmd_instance_data(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  const uint32_t* kept = TEE_GetInstanceData();

  if (types != PT(VALUE_INOUT, NONE, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;

  uint32_t value = params[0].value.a;

  params[0].value.a = kept ? *kept : 0; /* before the slot is overwritten */
  params[0].value.b = kept ? 0 : 1;
  instance_slot = value;
  TEE_SetInstanceData(&instance_slot);
  return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void* sess_ctx, uint32_t cmd, uint32_t types,
                                      TEE_Param params[TEE_NUM_PARAMS]) {
  struct session* s = sess_ctx;

  switch (cmd) {
  case API_TEST_CMD_GET_STRING:
  case API_TEST_CMD_GET_BOOL:
  case API_TEST_CMD_GET_U32:
  case API_TEST_CMD_GET_U64:
  case API_TEST_CMD_GET_BINARY:
  case API_TEST_CMD_GET_UUID:
  case API_TEST_CMD_GET_IDENTITY:
    return cmd_get_property(s, cmd, types, params);
  case API_TEST_CMD_ENUMERATE:
    return cmd_enumerate(types, params);
  case API_TEST_CMD_ENUM_SEEK:
    return cmd_enum_seek(s, types, params);
  case API_TEST_CMD_ACCESS_RIGHTS:
    return cmd_access_rights(types, params);
  case API_TEST_CMD_SYSCALL_CHECKS:
    return cmd_syscall_checks(types, params);
  case API_TEST_CMD_SYSTEM_TIME:
    return cmd_system_time(types, params);
  case API_TEST_CMD_REE_TIME:
  case API_TEST_CMD_SET_TA_TIME:
  case API_TEST_CMD_GET_TA_TIME:
    return cmd_time_value(cmd, types, params);
  case API_TEST_CMD_WAIT:
    return cmd_wait(types, params);
  case API_TEST_CMD_SET_MASK:
    return cmd_set_mask(types, params);
  case API_TEST_CMD_CANCEL_FLAG:
    return cmd_cancel_flag(types, params);
  case API_TEST_CMD_MASKED_WAIT:
    return cmd_masked_wait(types, params);
  case API_TEST_CMD_INSTANCE_DATA:
    return cmd_instance_data(types, params);
  case API_TEST_CMD_SYSCALL_LOOP:
    return cmd_syscall_loop(types, params);
  default:
    return TEE_ERROR_NOT_SUPPORTED;
  }
}
