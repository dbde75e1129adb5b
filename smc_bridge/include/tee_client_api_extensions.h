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
 * Registers a dma-buf file descriptor as shared memory. libteec.so.2 passes it to the
 * device (TEE_IOC_SHM_REGISTER_FD, an ioctl of OP-TEE's kernel trees; swemu's /dev/tee0
 * refuses it, so the result is TEEC_ERROR_BAD_PARAMETERS there); the in-process API
 * passes memory through its static pool only and returns TEEC_ERROR_NOT_SUPPORTED.
 */
TEEC_Result TEEC_RegisterSharedMemoryFileDescriptor(TEEC_Context* context,
                                                    TEEC_SharedMemory* sharedMem, int fd);

#ifdef __cplusplus
}
#endif

#endif /* TEE_CLIENT_API_EXTENSIONS_H */
