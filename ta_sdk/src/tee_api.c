// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * GP TEE Internal Core API functions that are thin layers over one syscall, plus the
 * memory helpers. Where GP says a failure "panics", the TA panics with the OS's code.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <tee_api.h>
#include <utee_syscalls.h>

void TEE_Panic(TEE_Result panicCode) {
  _utee_panic(panicCode);
}

TEE_Result TEE_CheckMemoryAccessRights(uint32_t accessFlags, void* buffer, size_t size) {
  TEE_Result res = _utee_check_access_rights(accessFlags, buffer, size);

  /* GP 1.3.1 §4.11.1: the only failure the TA sees is ACCESS_DENIED. */
  return res == TEE_SUCCESS ? TEE_SUCCESS : TEE_ERROR_ACCESS_DENIED;
}

void TEE_MemMove(void* dest, const void* src, size_t size) {
  memmove(dest, src, size);
}

int32_t TEE_MemCompare(const void* buffer1, const void* buffer2, size_t size) {
  return memcmp(buffer1, buffer2, size);
}

void TEE_MemFill(void* buffer, uint32_t x, size_t size) {
  memset(buffer, (int)(x & 0xFFu), size);
}

static bool read_flag(TEE_Result (*syscall)(uint32_t*)) {
  uint32_t value = 0;
  TEE_Result res = syscall(&value);

  if (res != TEE_SUCCESS)
    TEE_Panic(res);
  return value != 0;
}

bool TEE_GetCancellationFlag(void) {
  return read_flag(_utee_get_cancellation_flag);
}

bool TEE_UnmaskCancellation(void) {
  return read_flag(_utee_unmask_cancellation);
}

bool TEE_MaskCancellation(void) {
  return read_flag(_utee_mask_cancellation);
}

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
  case TEE_ERROR_STORAGE_NOT_AVAILABLE:
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

void TEE_GenerateRandom(void* randomBuffer, size_t randomBufferLen) {
  TEE_Result res = _utee_cryp_random_number_generate(randomBuffer, randomBufferLen);

  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}
