// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * GP TEE Internal Core API functions that are thin layers over one syscall, plus the
 * memory helpers. Where GP says a failure "panics", the TA panics with the OS's code.
 * Properties, time, cancellation and access rights have their own files (tee_api_*.c).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <tee_api.h>
#include <utee_syscalls.h>

void TEE_Panic(TEE_Result panicCode) {
  _utee_panic(panicCode);
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

void TEE_GenerateRandom(void* randomBuffer, size_t randomBufferLen) {
  TEE_Result res = _utee_cryp_random_number_generate(randomBuffer, randomBufferLen);

  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}
