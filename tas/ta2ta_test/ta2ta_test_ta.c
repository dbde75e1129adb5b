// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The ta2ta_test TA: a client of other TAs through TEE_OpenTASession, TEE_InvokeTACommand
 * and TEE_CloseTASession (GP TEE Internal Core API v1.3.1 §4.9), for tests/ta2ta_test.cpp.
 */
#include <stdint.h>
#include <string.h>
#include <tee_internal_api.h>
#include <user_ta_header.h>
#include <user_ta_header_defines.h>
#include <utee_syscalls.h>

#include "api_test_ta.h"
#include "hello_ta.h"
#include "ta2ta_test_ta.h"

static const TEE_UUID hello_uuid = HELLO_TA_UUID;
static const TEE_UUID hello32_uuid = {
    0x6a4e1f0c, 0x1d2b, 0x4c8e, {0x9a, 0x57, 0x3f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a}};
static const TEE_UUID hello_single_uuid = HELLO_SINGLE_TA_UUID;
static const TEE_UUID self_uuid = TA_UUID;

static const TEE_UUID ta2ta_test_uuid = TA2TA_TEST_TA_UUID;
static const TEE_UUID ta2ta_test32_uuid = TA2TA_TEST32_TA_UUID;
static const TEE_UUID api_test64_uuid = API_TEST64_TA_UUID;
static const TEE_UUID api_test32_uuid = API_TEST32_TA_UUID;

static TEE_TASessionHandle kept = TEE_HANDLE_NULL;

static TEE_Result call_peer(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  TEE_TASessionHandle s = TEE_HANDLE_NULL;
  uint32_t origin = TEE_ORIGIN_TRUSTED_APP;
  TEE_Result res;

  if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_VALUE_OUTPUT,
                               TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  TEE_Wait(params[0].value.b);
  res = TEE_OpenTASession(params[0].value.a == 1 ? &ta2ta_test32_uuid : &ta2ta_test_uuid,
                          TEE_TIMEOUT_INFINITE, 0, NULL, &s, &origin);
  if (res == TEE_SUCCESS) {
    res = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, TA2TA_CMD_NOP, 0, NULL, &origin);
    TEE_CloseTASession(s);
  }
  params[1].value.a = res;
  params[1].value.b = origin;
  return TEE_SUCCESS;
}

static TEE_Result invoke_loop(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  TEE_TASessionHandle s = TEE_HANDLE_NULL;
  TEE_Param p[TEE_NUM_PARAMS];
  uint32_t origin = 0;
  TEE_Result res;

  if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INOUT, TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE,
                               TEE_PARAM_TYPE_NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  res = TEE_OpenTASession(&hello_uuid, TEE_TIMEOUT_INFINITE, 0, NULL, &s, &origin);
  if (res != TEE_SUCCESS)
    return res;
  memset(p, 0, sizeof(p));
  for (uint32_t i = 0; i < params[0].value.a && res == TEE_SUCCESS; i++) {
    p[0].value.a = i;
    res = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, HELLO_CMD_INC_VALUE,
                              TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INOUT, TEE_PARAM_TYPE_NONE,
                                              TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE),
                              p, &origin);
  }
  TEE_CloseTASession(s);
  params[0].value.b = p[0].value.a;
  return res;
}

static TEE_Result wait_in_callee(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  TEE_TASessionHandle s = TEE_HANDLE_NULL;
  TEE_Param p[TEE_NUM_PARAMS];
  uint32_t origin = TEE_ORIGIN_TRUSTED_APP;
  TEE_Result res;

  if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_VALUE_OUTPUT,
                               TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_VALUE_OUTPUT))
    return TEE_ERROR_BAD_PARAMETERS;
  res = TEE_OpenTASession(params[2].value.a == 1 ? &api_test32_uuid : &api_test64_uuid,
                          TEE_TIMEOUT_INFINITE, 0, NULL, &s, &origin);
  if (res == TEE_SUCCESS) {
    memset(p, 0, sizeof(p));
    p[0].value.a = params[0].value.b;
    p[0].value.b = 1; /* unmask cancellation around the wait */
    res =
        TEE_InvokeTACommand(s, params[0].value.a, API_TEST_CMD_WAIT,
                            TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_VALUE_OUTPUT,
                                            TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE),
                            p, &origin);
    params[3].value.a = p[1].value.a;
    params[3].value.b = p[1].value.b;
    TEE_CloseTASession(s);
  }
  params[1].value.a = res;
  params[1].value.b = origin;
  return TEE_SUCCESS;
}

TEE_Result TA_CreateEntryPoint(void) {
  return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void) {}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param params[TEE_NUM_PARAMS],
                                    void** sess_ctx) {
  (void)param_types;
  (void)params;
  *sess_ctx = NULL;
  return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void* sess_ctx) {
  (void)sess_ctx;
}

static TEE_Result round_trip(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  const uint32_t want = TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INOUT, TEE_PARAM_TYPE_VALUE_OUTPUT,
                                        TEE_PARAM_TYPE_MEMREF_INOUT, TEE_PARAM_TYPE_VALUE_INPUT);
  TEE_TASessionHandle s = TEE_HANDLE_NULL;
  TEE_Param p[TEE_NUM_PARAMS];
  uint32_t origin = 0;
  uint32_t checks = 0;
  uint8_t* a = NULL;
  uint8_t* b = NULL;
  size_t len;
  TEE_Result res;

  if (types != want || params[2].memref.size > TA2TA_MAX_DATA)
    return TEE_ERROR_BAD_PARAMETERS;
  len = params[2].memref.size;
  res = TEE_OpenTASession(params[3].value.a ? &hello32_uuid : &hello_uuid, TEE_TIMEOUT_INFINITE, 0,
                          NULL, &s, &origin);
  if (res != TEE_SUCCESS)
    goto out;
  checks++; /* 1: open */

  memset(p, 0, sizeof(p));
  p[0].value.a = params[0].value.a;
  p[0].value.b = 0x5a5a;
  res = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, HELLO_CMD_INC_VALUE,
                            TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INOUT, TEE_PARAM_TYPE_NONE,
                                            TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE),
                            p, &origin);
  if (res != TEE_SUCCESS)
    goto out;
  if (p[0].value.a == params[0].value.a + 1)
    checks++; /* 2: value out */
  params[0].value.a = p[0].value.a;

  a = TEE_Malloc(len ? len : 1, 0);
  b = TEE_Malloc(len ? len : 1, 0);
  if (!a || !b) {
    res = TEE_ERROR_OUT_OF_MEMORY;
    goto out;
  }
  memcpy(a, params[2].memref.buffer, len);
  memset(p, 0, sizeof(p));
  p[0].memref.buffer = a;
  p[0].memref.size = len;
  res = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, HELLO_CMD_REVERSE,
                            TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INOUT, TEE_PARAM_TYPE_NONE,
                                            TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE),
                            p, &origin);
  if (res != TEE_SUCCESS)
    goto out;
  checks++; /* 3: reverse ran */
  {
    const uint8_t* in = params[2].memref.buffer;
    size_t i;

    for (i = 0; i < len && a[i] == in[len - 1 - i]; i++)
      ;
    if (i == len && p[0].memref.size == len)
      checks++; /* 4: reversed in this TA's heap */
  }

  memset(p, 0, sizeof(p));
  p[0].memref.buffer = a;
  p[0].memref.size = len;
  p[1].memref.buffer = b;
  p[1].memref.size = len;
  res =
      TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, HELLO_CMD_COPY,
                          TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT,
                                          TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE),
                          p, &origin);
  if (res != TEE_SUCCESS)
    goto out;
  checks++; /* 5: copy ran */
  if (p[1].memref.size == len && memcmp(a, b, len) == 0)
    checks++; /* 6: copied into the second heap buffer */
  memcpy(params[2].memref.buffer, b, len);
  params[2].memref.size = len;
  if (origin == TEE_ORIGIN_TRUSTED_APP)
    checks++; /* 7 */

out:
  TEE_CloseTASession(s);
  TEE_Free(a);
  TEE_Free(b);
  params[1].value.a = checks;
  params[1].value.b = origin;
  if (res == TEE_SUCCESS && checks != TA2TA_ROUND_TRIP_CHECKS)
    res = TEE_ERROR_GENERIC;
  return res;
}

static TEE_Result short_buffer(TEE_Param params[TEE_NUM_PARAMS]) {
  TEE_TASessionHandle s = TEE_HANDLE_NULL;
  TEE_Param p[TEE_NUM_PARAMS];
  uint8_t* in = TEE_Malloc(16, 0);
  uint8_t* out = TEE_Malloc(4, 0);
  uint32_t origin = 0;
  TEE_Result res;

  if (!in || !out)
    return TEE_ERROR_OUT_OF_MEMORY;
  memset(in, 0xab, 16);
  memset(out, 0x11, 4);
  res = TEE_OpenTASession(&hello_single_uuid, TEE_TIMEOUT_INFINITE, 0, NULL, &s, &origin);
  if (res == TEE_SUCCESS) {
    memset(p, 0, sizeof(p));
    p[0].memref.buffer = in;
    p[0].memref.size = 16;
    p[1].memref.buffer = out;
    p[1].memref.size = 4;
    res = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, HELLO_CMD_COPY,
                              TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
                                              TEE_PARAM_TYPE_MEMREF_OUTPUT, TEE_PARAM_TYPE_NONE,
                                              TEE_PARAM_TYPE_NONE),
                              p, &origin);
    params[0].value.b = p[1].memref.size;
    TEE_CloseTASession(s);
  }
  params[0].value.a = res;
  params[1].value.a = origin;
  params[1].value.b = out[0] == 0x11 && out[1] == 0x11 && out[2] == 0x11 && out[3] == 0x11;
  TEE_Free(in);
  TEE_Free(out);
  return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void* sess_ctx, uint32_t cmd_id, uint32_t param_types,
                                      TEE_Param params[TEE_NUM_PARAMS]) {
  TEE_TASessionHandle s = TEE_HANDLE_NULL;
  uint32_t origin = 0;
  TEE_Result res;

  (void)sess_ctx;
  switch (cmd_id) {
  case TA2TA_CMD_ROUND_TRIP:
    return round_trip(param_types, params);
  case TA2TA_CMD_SELF_OPEN:
    res = TEE_OpenTASession(&self_uuid, TEE_TIMEOUT_INFINITE, 0, NULL, &s, &origin);
    TEE_CloseTASession(s);
    params[0].value.a = res;
    params[0].value.b = origin;
    return TEE_SUCCESS;
  case TA2TA_CMD_SHORT_BUFFER:
    return short_buffer(params);
  case TA2TA_CMD_OPEN_HELLO:
    res = TEE_OpenTASession(&hello_uuid, TEE_TIMEOUT_INFINITE, 0, NULL, &s, &origin);
    TEE_CloseTASession(s);
    params[0].value.a = res;
    params[0].value.b = origin;
    return TEE_SUCCESS;
  case TA2TA_CMD_RAW_SESSION: {
    struct utee_params up;

    memset(&up, 0, sizeof(up));
    up.types = TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INOUT, TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE,
                               TEE_PARAM_TYPE_NONE);
    res = _utee_invoke_ta_command(params[0].value.a, TEE_TIMEOUT_INFINITE, HELLO_CMD_INC_VALUE, &up,
                                  &origin);
    params[1].value.a = res;
    params[1].value.b = origin;
    params[2].value.a = _utee_close_ta_session(params[0].value.a);
    return TEE_SUCCESS;
  }
  case TA2TA_CMD_STALE_SESSION: {
    struct utee_params up;
    unsigned long id;

    res = TEE_OpenTASession(&hello_uuid, TEE_TIMEOUT_INFINITE, 0, NULL, &s, &origin);
    if (res != TEE_SUCCESS)
      return res;
    id = (unsigned long)(uintptr_t)s;
    TEE_CloseTASession(s);
    memset(&up, 0, sizeof(up));
    origin = 0;
    res = _utee_invoke_ta_command(id, TEE_TIMEOUT_INFINITE, HELLO_CMD_INC_VALUE, &up, &origin);
    params[0].value.a = res;
    params[0].value.b = origin;
    return TEE_SUCCESS;
  }
  case TA2TA_CMD_CALL_PEER:
    return call_peer(param_types, params);
  case TA2TA_CMD_NOP:
    return TEE_SUCCESS;
  case TA2TA_CMD_WAIT_IN_CALLEE:
    return wait_in_callee(param_types, params);
  case TA2TA_CMD_INVOKE_LOOP:
    return invoke_loop(param_types, params);
  case TA2TA_CMD_KEEP_SINGLE:
    res = TEE_OpenTASession(&hello_single_uuid, TEE_TIMEOUT_INFINITE, 0, NULL, &kept, &origin);
    params[0].value.a = res;
    return TEE_SUCCESS;
  default:
    return TEE_ERROR_NOT_SUPPORTED;
  }
}
