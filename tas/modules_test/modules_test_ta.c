// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * modules_test TA (see modules_test_ta.h for the commands).
 */
#include <link.h>
#include <string.h>
#include <tee_internal_api.h>

#include "lib/modules_lib.h"
#include "modules_test_ta.h"

static uint32_t ctor_runs;
static uint32_t lib_ready_at_ctor;

static _Thread_local uint32_t tls_counter = 41;
static _Thread_local uint32_t tls_zero;
static _Thread_local uint8_t tls_aligned[64] __attribute__((aligned(64))) = {1};

__attribute__((constructor)) static void modules_test_init(void) {
  ctor_runs++;
  lib_ready_at_ctor = (uint32_t)modules_lib_ready();
}

TEE_Result TA_CreateEntryPoint(void) {
  return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void) {}

TEE_Result TA_OpenSessionEntryPoint(uint32_t types, TEE_Param params[4], void** session) {
  (void)types;
  (void)params;
  (void)session;
  return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void* session) {
  (void)session;
}

struct listing {
  char* out;
  size_t room;
  size_t used;
  uint32_t count;
  uint32_t checks;
};

static int list_module(struct dl_phdr_info* info, size_t size, void* data) {
  struct listing* l = data;
  size_t len = strlen(info->dlpi_name);

  if (size != sizeof(*info))
    TEE_Panic(TEE_ERROR_BAD_FORMAT);
  if (l->count == 0) {
    if (info->dlpi_addr == 0x400000)
      l->checks |= 1;
    if (info->dlpi_phnum > 0) {
      for (uint16_t i = 0; i < info->dlpi_phnum; i++) {
        if (info->dlpi_phdr[i].p_type == PT_LOAD)
          l->checks |= 2;
      }
    }
  } else if (info->dlpi_tls_modid == 2) {
    l->checks |= 4;
  }
  if (l->count > 0 && l->used < l->room)
    l->out[l->used++] = '|';
  if (len > l->room - l->used)
    len = l->room - l->used;
  memcpy(l->out + l->used, info->dlpi_name, len);
  l->used += len;
  l->count++;
  return 0;
}

TEE_Result TA_InvokeCommandEntryPoint(void* session, uint32_t cmd, uint32_t types,
                                      TEE_Param params[4]) {
  const uint32_t values = TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INOUT, TEE_PARAM_TYPE_NONE,
                                          TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE);
  (void)session;

  switch (cmd) {
  case MODULES_CMD_CTORS:
    if (types != values)
      return TEE_ERROR_BAD_PARAMETERS;
    params[0].value.a = ctor_runs;
    params[0].value.b = lib_ready_at_ctor;
    return TEE_SUCCESS;
  case MODULES_CMD_TLS:
    if (types != values)
      return TEE_ERROR_BAD_PARAMETERS;
    params[0].value.a = ++tls_counter;
    params[0].value.b = ++tls_zero;
    return TEE_SUCCESS;
  case MODULES_CMD_MODULES: {
    struct listing l;

    if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INOUT, TEE_PARAM_TYPE_MEMREF_OUTPUT,
                                 TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
      return TEE_ERROR_BAD_PARAMETERS;
    l.out = params[1].memref.buffer;
    l.room = params[1].memref.size;
    l.used = 0;
    l.count = 0;
    l.checks = 0;
    dl_iterate_phdr(list_module, &l);
    params[0].value.a = l.count;
    params[0].value.b = l.checks;
    params[1].memref.size = l.used;
    return TEE_SUCCESS;
  }
  case MODULES_CMD_LIB_MIX:
    if (types != values)
      return TEE_ERROR_BAD_PARAMETERS;
    params[0].value.a = modules_lib_mix(params[0].value.a, params[0].value.b);
    params[0].value.b = modules_lib_calls();
    return TEE_SUCCESS;
  case MODULES_CMD_LIB_DATA: {
    uint32_t before = modules_lib_factor;

    if (types != values)
      return TEE_ERROR_BAD_PARAMETERS;
    modules_lib_factor = params[0].value.a;
    params[0].value.a = before;
    return TEE_SUCCESS;
  }
  case MODULES_CMD_TLS_ALIGN:
    if (types != values)
      return TEE_ERROR_BAD_PARAMETERS;
    params[0].value.a = (uint32_t)(uintptr_t)tls_aligned;
    params[0].value.b = ((uintptr_t)tls_aligned % 64 == 0 && tls_aligned[0] == 1) ? 1 : 0;
    return TEE_SUCCESS;
  default:
    return TEE_ERROR_NOT_SUPPORTED;
  }
}
