// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Memory access rights and instance data (GP TEE Internal Core API v1.3.1 §4.11), and
 * OP-TEE's cache maintenance extension. The TA's code, data, stack and heap are its own
 * secure memory; memref parameters are non-secure memory shared with the client.
 */
#include <tee_api.h>
#include <utee_syscalls.h>

/* enum utee_cache_operation (reference/optee-abi.md §5.2, CACHE_OPERATION). */
#define UTEE_CACHE_CLEAN 0
#define UTEE_CACHE_FLUSH 1
#define UTEE_CACHE_INVALIDATE 2

static const void* instance_data;

TEE_Result TEE_CheckMemoryAccessRights(uint32_t accessFlags, void* buffer, size_t size) {
  if (size == 0)
    return TEE_SUCCESS;
  /* The OS checks the mapping, the owner (ANY_OWNER) and SECURE / NONSECURE. */
  if (_utee_check_access_rights(accessFlags, buffer, size) != TEE_SUCCESS)
    return TEE_ERROR_ACCESS_DENIED;
  return TEE_SUCCESS;
}

void TEE_SetInstanceData(const void* instanceData) {
  instance_data = instanceData;
}

const void* TEE_GetInstanceData(void) {
  return instance_data;
}

TEE_Result TEE_CacheClean(char* buf, size_t len) {
  return _utee_cache_operation(buf, len, UTEE_CACHE_CLEAN);
}

TEE_Result TEE_CacheFlush(char* buf, size_t len) {
  return _utee_cache_operation(buf, len, UTEE_CACHE_FLUSH);
}

TEE_Result TEE_CacheInvalidate(char* buf, size_t len) {
  return _utee_cache_operation(buf, len, UTEE_CACHE_INVALIDATE);
}
