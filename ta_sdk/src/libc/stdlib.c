// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * C allocation functions over the TEE_Malloc heap, abort() and assert() support.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <assert.h>

#include <tee_api.h>
#include <trace.h>

void* malloc(size_t size) {
  return TEE_Malloc(size, TEE_MALLOC_NO_FILL);
}

void* calloc(size_t nmemb, size_t size) {
  if (size && nmemb > SIZE_MAX / size)
    return NULL;
  return TEE_Malloc(nmemb * size, TEE_MALLOC_FILL_ZERO);
}

void* realloc(void* ptr, size_t size) {
  return TEE_Realloc(ptr, size);
}

void free(void* ptr) {
  TEE_Free(ptr);
}

void abort(void) {
  EMSG("abort() called");
  TEE_Panic(TEE_ERROR_GENERIC);
}

void __swemu_assert_fail(const char* expr, const char* file, int line, const char* func) {
  swemu_trace_printf(TRACE_ERROR, func, line, SWEMU_TRACE_LOCATION, "assertion '%s' failed (%s)",
                     expr, file);
  TEE_Panic(TEE_ERROR_GENERIC);
}
