// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * TA-to-TA client API (GP TEE Internal Core API v1.3.1 §4.9). TEE_Param (native width)
 * is packed into struct utee_params (64-bit slots) for the OS, which copies memref
 * buffers for the callee; output values and memref sizes come back the same way.
 * A TEE_TASessionHandle is the OS's session id (never 0).
 */
#include <stdint.h>
#include <string.h>

#include <tee_api.h>
#include <user_ta_header.h>
#include <utee_syscalls.h>

static int kind(uint32_t type) {
  switch (type) {
  case TEE_PARAM_TYPE_VALUE_INPUT:
  case TEE_PARAM_TYPE_VALUE_OUTPUT:
  case TEE_PARAM_TYPE_VALUE_INOUT:
    return 1;
  case TEE_PARAM_TYPE_MEMREF_INPUT:
  case TEE_PARAM_TYPE_MEMREF_OUTPUT:
  case TEE_PARAM_TYPE_MEMREF_INOUT:
    return 2;
  default:
    return 0;
  }
}

static void pack(struct utee_params* up, uint32_t types, const TEE_Param* params) {
  memset(up, 0, sizeof(*up));
  up->types = types & 0xFFFFu;
  if (!params)
    return;
  for (unsigned int n = 0; n < TEE_NUM_PARAMS; n++) {
    switch (kind(TEE_PARAM_TYPE_GET(types, n))) {
    case 1:
      up->vals[2 * n] = params[n].value.a;
      up->vals[2 * n + 1] = params[n].value.b;
      break;
    case 2:
      up->vals[2 * n] = (uint64_t)(uintptr_t)params[n].memref.buffer;
      up->vals[2 * n + 1] = params[n].memref.size;
      break;
    default:
      break;
    }
  }
}

static void unpack(TEE_Param* params, uint32_t types, const struct utee_params* up) {
  if (!params)
    return;
  for (unsigned int n = 0; n < TEE_NUM_PARAMS; n++) {
    uint32_t type = TEE_PARAM_TYPE_GET(types, n);

    if (type == TEE_PARAM_TYPE_VALUE_OUTPUT || type == TEE_PARAM_TYPE_VALUE_INOUT) {
      params[n].value.a = (uint32_t)up->vals[2 * n];
      params[n].value.b = (uint32_t)up->vals[2 * n + 1];
    } else if (type == TEE_PARAM_TYPE_MEMREF_OUTPUT || type == TEE_PARAM_TYPE_MEMREF_INOUT) {
      params[n].memref.size = (size_t)up->vals[2 * n + 1];
    }
  }
}

TEE_Result TEE_OpenTASession(const TEE_UUID* destination, uint32_t cancellationRequestTimeout,
                             uint32_t paramTypes, TEE_Param params[TEE_NUM_PARAMS],
                             TEE_TASessionHandle* session, uint32_t* returnOrigin) {
  struct utee_params up;
  uint32_t sess = 0;
  uint32_t origin = TEE_ORIGIN_TEE;
  TEE_Result res;

  pack(&up, paramTypes, params);
  res = _utee_open_ta_session(destination, cancellationRequestTimeout, &up, &sess, &origin);
  unpack(params, paramTypes, &up);
  if (session)
    *session = res == TEE_SUCCESS ? (TEE_TASessionHandle)(uintptr_t)sess : TEE_HANDLE_NULL;
  if (returnOrigin)
    *returnOrigin = origin;
  return res;
}

void TEE_CloseTASession(TEE_TASessionHandle session) {
  TEE_Result res;

  if (session == TEE_HANDLE_NULL)
    return;
  res = _utee_close_ta_session((unsigned long)(uintptr_t)session);
  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}

TEE_Result TEE_InvokeTACommand(TEE_TASessionHandle session, uint32_t cancellationRequestTimeout,
                               uint32_t commandID, uint32_t paramTypes,
                               TEE_Param params[TEE_NUM_PARAMS], uint32_t* returnOrigin) {
  struct utee_params up;
  uint32_t origin = TEE_ORIGIN_TEE;
  TEE_Result res;

  pack(&up, paramTypes, params);
  res = _utee_invoke_ta_command((unsigned long)(uintptr_t)session, cancellationRequestTimeout,
                                commandID, &up, &origin);
  unpack(params, paramTypes, &up);
  if (returnOrigin)
    *returnOrigin = origin;
  return res;
}
