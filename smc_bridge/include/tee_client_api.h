/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2025, the swemu authors
 *
 * Redistribution and use in source and binary forms, with or without modification, are
 * permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this list of
 *    conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice, this list of
 *    conditions and the following disclaimer in the documentation and/or other materials
 *    provided with the distribution.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY
 * EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE
 * COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
 * EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF
 * SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)
 * HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR
 * TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
 * SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/*
 * GlobalPlatform TEE Client API (GPD_SPE_007), as provided by swemu's libteec.
 *
 * The structures have the layouts of OP-TEE's libteec.so.2 (optee_client >= 4.2.0, with
 * the OP-TEE specific fields inside `imp`), so that code built against either header sees
 * the same memory. Values: optee-abi.md §8.3, §8.4.
 *
 * The TEE_ERROR_* names at the end are object-like macros, as in other TEE client
 * headers; in C++ include this header after any header that declares those names as
 * identifiers (such as swemu/core/tee_abi.h).
 */
#ifndef TEE_CLIENT_API_H
#define TEE_CLIENT_API_H

/* A C header first: C spellings on purpose. */
/* NOLINTBEGIN(modernize-use-using,modernize-deprecated-headers) */

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#ifndef __cplusplus
#include <stdbool.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Limits. */
#define TEEC_CONFIG_PAYLOAD_REF_COUNT 4
#define TEEC_CONFIG_SHAREDMEM_MAX_SIZE ULONG_MAX

/* Parameter types, one nibble each in TEEC_Operation.paramTypes. */
#define TEEC_NONE 0x00000000
#define TEEC_VALUE_INPUT 0x00000001
#define TEEC_VALUE_OUTPUT 0x00000002
#define TEEC_VALUE_INOUT 0x00000003
#define TEEC_MEMREF_TEMP_INPUT 0x00000005
#define TEEC_MEMREF_TEMP_OUTPUT 0x00000006
#define TEEC_MEMREF_TEMP_INOUT 0x00000007
#define TEEC_MEMREF_WHOLE 0x0000000C
#define TEEC_MEMREF_PARTIAL_INPUT 0x0000000D
#define TEEC_MEMREF_PARTIAL_OUTPUT 0x0000000E
#define TEEC_MEMREF_PARTIAL_INOUT 0x0000000F

/* TEEC_SharedMemory.flags. */
#define TEEC_MEM_INPUT 0x00000001
#define TEEC_MEM_OUTPUT 0x00000002

/* Return codes (the numbers of GP TEE Internal Core API TEE_Result). */
#define TEEC_SUCCESS 0x00000000
#define TEEC_ERROR_STORAGE_NOT_AVAILABLE 0xF0100003
#define TEEC_ERROR_GENERIC 0xFFFF0000
#define TEEC_ERROR_ACCESS_DENIED 0xFFFF0001
#define TEEC_ERROR_CANCEL 0xFFFF0002
#define TEEC_ERROR_ACCESS_CONFLICT 0xFFFF0003
#define TEEC_ERROR_EXCESS_DATA 0xFFFF0004
#define TEEC_ERROR_BAD_FORMAT 0xFFFF0005
#define TEEC_ERROR_BAD_PARAMETERS 0xFFFF0006
#define TEEC_ERROR_BAD_STATE 0xFFFF0007
#define TEEC_ERROR_ITEM_NOT_FOUND 0xFFFF0008
#define TEEC_ERROR_NOT_IMPLEMENTED 0xFFFF0009
#define TEEC_ERROR_NOT_SUPPORTED 0xFFFF000A
#define TEEC_ERROR_NO_DATA 0xFFFF000B
#define TEEC_ERROR_OUT_OF_MEMORY 0xFFFF000C
#define TEEC_ERROR_BUSY 0xFFFF000D
#define TEEC_ERROR_COMMUNICATION 0xFFFF000E
#define TEEC_ERROR_SECURITY 0xFFFF000F
#define TEEC_ERROR_SHORT_BUFFER 0xFFFF0010
#define TEEC_ERROR_EXTERNAL_CANCEL 0xFFFF0011
#define TEEC_ERROR_TARGET_DEAD 0xFFFF3024
#define TEEC_ERROR_STORAGE_NO_SPACE 0xFFFF3041

/* Where an error came from (returnOrigin). */
#define TEEC_ORIGIN_API 0x00000001
#define TEEC_ORIGIN_COMMS 0x00000002
#define TEEC_ORIGIN_TEE 0x00000003
#define TEEC_ORIGIN_TRUSTED_APP 0x00000004

/* connectionMethod of TEEC_OpenSession. */
#define TEEC_LOGIN_PUBLIC 0x00000000
#define TEEC_LOGIN_USER 0x00000001
#define TEEC_LOGIN_GROUP 0x00000002
#define TEEC_LOGIN_APPLICATION 0x00000004
#define TEEC_LOGIN_USER_APPLICATION 0x00000005
#define TEEC_LOGIN_GROUP_APPLICATION 0x00000006

/* Packs four parameter types into paramTypes, and reads one back. */
#define TEEC_PARAM_TYPES(p0, p1, p2, p3)                                                           \
  ((uint32_t)(((uint32_t)(p0)&0xFu) | (((uint32_t)(p1)&0xFu) << 4) |                               \
              (((uint32_t)(p2)&0xFu) << 8) | (((uint32_t)(p3)&0xFu) << 12)))
#define TEEC_PARAM_TYPE_GET(p, i) ((uint32_t)(((uint32_t)(p) >> ((i)*4)) & 0xFu))

typedef uint32_t TEEC_Result;

typedef struct {
  uint32_t timeLow;
  uint16_t timeMid;
  uint16_t timeHiAndVersion;
  uint8_t clockSeqAndNode[8];
} TEEC_UUID;

/* imp.fd names the library's connection to the TEE; the booleans are capabilities. */
typedef struct {
  struct {
    int fd;
    bool reg_mem;
    bool memref_null;
  } imp;
} TEEC_Context;

typedef struct {
  struct {
    TEEC_Context* ctx;
    uint32_t session_id;
  } imp;
} TEEC_Session;

typedef struct {
  void* buffer;
  size_t size;
  uint32_t flags;
  struct {
    int id; /* -1 once released */
    size_t alloced_size;
    void* shadow_buffer;
    int registered_fd;
    uint32_t flags; /* 1: the library owns buffer; 2: it owns shadow_buffer */
  } imp;
} TEEC_SharedMemory;

typedef struct {
  void* buffer;
  size_t size;
} TEEC_TempMemoryReference;

typedef struct {
  TEEC_SharedMemory* parent;
  size_t size;
  size_t offset;
} TEEC_RegisteredMemoryReference;

typedef struct {
  uint32_t a;
  uint32_t b;
} TEEC_Value;

typedef union {
  TEEC_TempMemoryReference tmpref;
  TEEC_RegisteredMemoryReference memref;
  TEEC_Value value;
} TEEC_Parameter;

typedef struct {
  uint32_t started;
  uint32_t paramTypes;
  TEEC_Parameter params[TEEC_CONFIG_PAYLOAD_REF_COUNT];
  struct {
    TEEC_Session* session;
  } imp;
} TEEC_Operation;

TEEC_Result TEEC_InitializeContext(const char* name, TEEC_Context* context);
void TEEC_FinalizeContext(TEEC_Context* context);

TEEC_Result TEEC_OpenSession(TEEC_Context* context, TEEC_Session* session,
                             const TEEC_UUID* destination, uint32_t connectionMethod,
                             const void* connectionData, TEEC_Operation* operation,
                             uint32_t* returnOrigin);
void TEEC_CloseSession(TEEC_Session* session);

TEEC_Result TEEC_InvokeCommand(TEEC_Session* session, uint32_t commandID, TEEC_Operation* operation,
                               uint32_t* returnOrigin);

TEEC_Result TEEC_RegisterSharedMemory(TEEC_Context* context, TEEC_SharedMemory* sharedMem);
TEEC_Result TEEC_AllocateSharedMemory(TEEC_Context* context, TEEC_SharedMemory* sharedMem);
void TEEC_ReleaseSharedMemory(TEEC_SharedMemory* sharedMemory);

void TEEC_RequestCancellation(TEEC_Operation* operation);

/* Codes a TA may return that client code commonly tests for. */
#ifndef TEE_ERROR_OVERFLOW
#define TEE_ERROR_OVERFLOW 0xFFFF300F
#endif
#ifndef TEE_ERROR_MAC_INVALID
#define TEE_ERROR_MAC_INVALID 0xFFFF3071
#endif
#ifndef TEE_ERROR_SIGNATURE_INVALID
#define TEE_ERROR_SIGNATURE_INVALID 0xFFFF3072
#endif
#ifndef TEE_ERROR_TIME_NOT_SET
#define TEE_ERROR_TIME_NOT_SET 0xFFFF5000
#endif
#ifndef TEE_ERROR_TIME_NEEDS_RESET
#define TEE_ERROR_TIME_NEEDS_RESET 0xFFFF5001
#endif

#ifdef __cplusplus
}
#endif

/* NOLINTEND(modernize-use-using,modernize-deprecated-headers) */

#endif /* TEE_CLIENT_API_H */
