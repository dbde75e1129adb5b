/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2025, the swemu authors
 * (licence text: see tee_client_api.h)
 *
 * OP-TEE's extensions to the GP TEE Client API, for source compatibility.
 */
#ifndef TEE_CLIENT_API_EXTENSIONS_H
#define TEE_CLIENT_API_EXTENSIONS_H

#include <tee_client_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Registers a dma-buf file descriptor as shared memory. swemu passes memory through its
 * static pool only, so this returns TEEC_ERROR_NOT_SUPPORTED.
 */
TEEC_Result TEEC_RegisterSharedMemoryFileDescriptor(TEEC_Context* context,
                                                    TEEC_SharedMemory* sharedMem, int fd);

#ifdef __cplusplus
}
#endif

#endif /* TEE_CLIENT_API_EXTENSIONS_H */
