// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Time (GP TEE Internal Core API v1.3.1 §7.2) over GET_TIME, SET_TA_TIME and WAIT.
 * System time is monotonic with millisecond resolution; REE time is the normal world's
 * wall clock; TA persistent time is kept per TA by the OS, across restarts when it is
 * configured to (reference/optee-abi.md §5.2). Results GP does not list panic the TA.
 */
#include <tee_api.h>
#include <utee_syscalls.h>

void TEE_GetSystemTime(TEE_Time* time) {
  TEE_Result res = _utee_get_time(UTEE_TIME_CAT_SYSTEM, time);

  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}

TEE_Result TEE_Wait(uint32_t timeout) {
  TEE_Result res = _utee_wait(timeout);

  if (res != TEE_SUCCESS && res != TEE_ERROR_CANCEL)
    TEE_Panic(res);
  return res;
}

TEE_Result TEE_GetTAPersistentTime(TEE_Time* time) {
  TEE_Result res = _utee_get_time(UTEE_TIME_CAT_TA_PERSISTENT, time);

  switch (res) {
  case TEE_SUCCESS:
  case TEE_ERROR_OVERFLOW: /* the OS filled in the wrapped-around value */
    return res;
  case TEE_ERROR_TIME_NOT_SET:
  case TEE_ERROR_TIME_NEEDS_RESET:
  case TEE_ERROR_OUT_OF_MEMORY:
    time->seconds = 0;
    time->millis = 0;
    return res;
  default:
    TEE_Panic(res);
  }
}

TEE_Result TEE_SetTAPersistentTime(const TEE_Time* time) {
  TEE_Result res = _utee_set_ta_time(time);

  switch (res) {
  case TEE_SUCCESS:
  case TEE_ERROR_OUT_OF_MEMORY:
  case TEE_ERROR_STORAGE_NO_SPACE:
    return res;
  default:
    TEE_Panic(res);
  }
}

void TEE_GetREETime(TEE_Time* time) {
  TEE_Result res = _utee_get_time(UTEE_TIME_CAT_REE, time);

  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}
