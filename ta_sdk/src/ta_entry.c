// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The TA's ELF entry point. The OS enters __ta_entry(func, session_id, up, cmd_id) with
 * x0..x3 set and SP just below the utee_params block (reference/optee-abi.md §4.4); every
 * entry ends in _utee_return, never in a `ret`.
 *
 * Lifecycle (§4.4, §4.2): TLS and the modules' constructors, then TA_CreateEntryPoint,
 * before the instance's first session; TA_DestroyEntryPoint and the destructors after its
 * last one closes, unless the TA is single-instance and keep-alive. Sessions are keyed by
 * the OS's opaque session id.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <compiler.h>
#include <tee_api.h>
#include <tee_ta_api.h>
#include <user_ta_header.h>
#include <utee_syscalls.h>

#include "sdk_internal.h"

#ifndef SWEMU_TA_MAX_SESSIONS
#define SWEMU_TA_MAX_SESSIONS 32
#endif

/*
 * The canary checked by -fstack-protector code. Seeded from the OS's RNG on the first
 * entry; the build-time value only guards the few instructions before that.
 */
#if UINTPTR_MAX > 0xFFFFFFFFu
uintptr_t __stack_chk_guard = (uintptr_t)0x2f8a6c1d93e4b700ull;
#else
uintptr_t __stack_chk_guard = (uintptr_t)0x93e4b700u;
#endif

void __stack_chk_fail(void) __attribute__((noreturn, no_stack_protector));
void __stack_chk_fail(void) {
  /* The stack is not to be trusted: no formatting, a constant message, then die. */
  static const char msg[] = "E/TA: stack smashing detected\n";

  _utee_log(msg, sizeof(msg) - 1);
  _utee_panic(SWEMU_PANIC_STACK_SMASHED);
}

struct session {
  bool used;
  unsigned long id;
  void* ctx;
};

static struct session sessions[SWEMU_TA_MAX_SESSIONS];
static unsigned int open_sessions;
static bool instance_created; /* TA_CreateEntryPoint succeeded, no Destroy since */

static bool keep_alive(void) {
  const uint32_t both = TA_FLAG_SINGLE_INSTANCE | TA_FLAG_INSTANCE_KEEP_ALIVE;

  return (ta_head.flags & both) == both;
}

static struct session* find_session(unsigned long id) {
  for (unsigned int i = 0; i < SWEMU_TA_MAX_SESSIONS; i++) {
    if (sessions[i].used && sessions[i].id == id)
      return &sessions[i];
  }
  return NULL;
}

static struct session* free_slot(void) {
  for (unsigned int i = 0; i < SWEMU_TA_MAX_SESSIONS; i++) {
    if (!sessions[i].used)
      return &sessions[i];
  }
  return NULL;
}

static bool is_value(uint32_t type) {
  return type == TEE_PARAM_TYPE_VALUE_INPUT || type == TEE_PARAM_TYPE_VALUE_OUTPUT ||
         type == TEE_PARAM_TYPE_VALUE_INOUT;
}

static bool is_memref(uint32_t type) {
  return type == TEE_PARAM_TYPE_MEMREF_INPUT || type == TEE_PARAM_TYPE_MEMREF_OUTPUT ||
         type == TEE_PARAM_TYPE_MEMREF_INOUT;
}

static bool is_output(uint32_t type) {
  return type == TEE_PARAM_TYPE_VALUE_OUTPUT || type == TEE_PARAM_TYPE_VALUE_INOUT ||
         type == TEE_PARAM_TYPE_MEMREF_OUTPUT || type == TEE_PARAM_TYPE_MEMREF_INOUT;
}

/* utee_params (fixed 64-bit slots) -> TEE_Param (native width). Returns the types. */
static uint32_t params_in(TEE_Param params[TEE_NUM_PARAMS], const struct utee_params* up) {
  uint32_t types = up ? (uint32_t)(up->types & 0xFFFFu) : 0;

  memset(params, 0, sizeof(TEE_Param) * TEE_NUM_PARAMS);
  if (!up)
    return 0;
  for (unsigned int n = 0; n < TEE_NUM_PARAMS; n++) {
    uint32_t type = TEE_PARAM_TYPE_GET(types, n);
    uint64_t a = up->vals[2 * n];
    uint64_t b = up->vals[2 * n + 1];

    if (is_value(type)) {
      params[n].value.a = (uint32_t)a;
      params[n].value.b = (uint32_t)b;
    } else if (is_memref(type)) {
      params[n].memref.buffer = (void*)(uintptr_t)a;
      params[n].memref.size = (size_t)b;
    }
  }
  return types;
}

/* Writes back what the OS reads after the call: value a/b and memref sizes (§4.5). */
static void params_out(struct utee_params* up, uint32_t types,
                       const TEE_Param params[TEE_NUM_PARAMS]) {
  if (!up)
    return;
  for (unsigned int n = 0; n < TEE_NUM_PARAMS; n++) {
    uint32_t type = TEE_PARAM_TYPE_GET(types, n);

    if (!is_output(type))
      continue;
    if (is_value(type)) {
      up->vals[2 * n] = params[n].value.a;
      up->vals[2 * n + 1] = params[n].value.b;
    } else {
      up->vals[2 * n + 1] = params[n].memref.size;
    }
  }
}

static bool modules_initialised; /* constructors ran, destructors not yet */

static void destroy_if_unused(void) {
  if (open_sessions == 0 && instance_created && !keep_alive()) {
    TA_DestroyEntryPoint();
    instance_created = false;
    swemu_modules_fini();
    modules_initialised = false;
  }
}

static TEE_Result open_session(unsigned long session_id, struct utee_params* up) {
  TEE_Param params[TEE_NUM_PARAMS];
  struct session* slot;
  void* ctx = NULL;
  uint32_t types;
  TEE_Result res;

  if (find_session(session_id))
    return TEE_ERROR_BAD_STATE;
  slot = free_slot();
  if (!slot)
    return TEE_ERROR_OUT_OF_MEMORY;

  if (!instance_created) {
    if (!modules_initialised) {
      res = swemu_modules_init();
      if (res != TEE_SUCCESS)
        return res;
      modules_initialised = true;
    }
    res = TA_CreateEntryPoint();
    if (res != TEE_SUCCESS)
      return res;
    instance_created = true;
  }

  types = params_in(params, up);
  res = TA_OpenSessionEntryPoint(types, params, &ctx);
  /* Outputs go back even on failure, e.g. a size with TEE_ERROR_SHORT_BUFFER. */
  params_out(up, types, params);

  if (res != TEE_SUCCESS) {
    destroy_if_unused();
    return res;
  }
  slot->used = true;
  slot->id = session_id;
  slot->ctx = ctx;
  open_sessions++;
  return TEE_SUCCESS;
}

static TEE_Result close_session(unsigned long session_id) {
  struct session* s = find_session(session_id);

  if (!s)
    return TEE_ERROR_BAD_STATE;
  TA_CloseSessionEntryPoint(s->ctx);
  s->used = false;
  s->ctx = NULL;
  open_sessions--;
  destroy_if_unused();
  return TEE_SUCCESS;
}

static TEE_Result invoke_command(unsigned long session_id, struct utee_params* up,
                                 unsigned long cmd_id) {
  struct session* s = find_session(session_id);
  TEE_Param params[TEE_NUM_PARAMS];
  uint32_t types;
  TEE_Result res;

  if (!s)
    return TEE_ERROR_BAD_STATE;
  types = params_in(params, up);
  res = TA_InvokeCommandEntryPoint(s->ctx, (uint32_t)cmd_id, types, params);
  params_out(up, types, params);
  return res;
}

/* Kept out of line so it carries its own canary, checked against the seeded guard. */
static __attribute__((noinline)) TEE_Result dispatch(unsigned long func, unsigned long session_id,
                                                     struct utee_params* up, unsigned long cmd_id) {
  swemu_heap_init();

  switch (func) {
  case UTEE_ENTRY_FUNC_OPEN_SESSION:
    return open_session(session_id, up);
  case UTEE_ENTRY_FUNC_CLOSE_SESSION:
    return close_session(session_id);
  case UTEE_ENTRY_FUNC_INVOKE_COMMAND:
    return invoke_command(session_id, up, cmd_id);
  default:
    return TEE_ERROR_NOT_SUPPORTED;
  }
}

/*
 * Must not carry a stack-protector canary itself: it changes __stack_chk_guard, so a
 * canary saved on entry would not match on exit. It never returns anyway.
 */
void __ta_entry(unsigned long func, unsigned long session_id, struct utee_params* up,
                unsigned long cmd_id) __attribute__((noreturn, no_stack_protector, used));
void __ta_entry(unsigned long func, unsigned long session_id, struct utee_params* up,
                unsigned long cmd_id) {
  static bool guard_seeded;

  if (!guard_seeded) {
    uintptr_t guard = 0;
    TEE_Result res = _utee_cryp_random_number_generate(&guard, sizeof(guard));

    if (res != TEE_SUCCESS)
      _utee_panic(res);
    /*
     * A zero low byte (the first byte in memory) stops string-copy overflows from
     * reproducing the canary.
     */
    guard &= ~(uintptr_t)0xFF;
    if (guard)
      __stack_chk_guard = guard;
    guard_seeded = true;
  }

  _utee_return(dispatch(func, session_id, up, cmd_id));
}
