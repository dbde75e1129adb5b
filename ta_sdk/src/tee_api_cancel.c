// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Cancellation (GP TEE Internal Core API v1.3.1 §4.10). The OS keeps the flag and the
 * mask per session; the mask is set when the session opens and keeps its value across
 * entries, the flag is set by the client's TEEC_RequestCancellation and dropped when the
 * entry it was meant for returns.
 */
#include <tee_api.h>
#include <utee_syscalls.h>

bool TEE_GetCancellationFlag(void) {
  uint32_t cancelled = 0;

  /* GP gives this function no error: a failure reads as "not cancelled". */
  if (_utee_get_cancellation_flag(&cancelled) != TEE_SUCCESS)
    return false;
  return cancelled != 0;
}

static bool set_mask(TEE_Result (*syscall)(uint32_t*)) {
  uint32_t old_mask = 0;
  TEE_Result res = syscall(&old_mask);

  if (res != TEE_SUCCESS)
    TEE_Panic(res);
  return old_mask != 0;
}

bool TEE_UnmaskCancellation(void) {
  return set_mask(_utee_unmask_cancellation);
}

bool TEE_MaskCancellation(void) {
  return set_mask(_utee_mask_cancellation);
}
