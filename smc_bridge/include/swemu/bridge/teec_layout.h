/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 * (licence text: see tee_client_api.h)
 *
 * The layouts of OP-TEE's libteec.so.2 (optee-abi.md §8.4), checked at compile time: a
 * client compiled against OP-TEE's tee_client_api.h must see the same memory through
 * ours. Included after tee_client_api.h by both of our GP Client APIs (the in-process
 * one, smc_bridge/src/teec.cpp, and libteec.so.2, smc_bridge/libteec/) and by the test
 * client tests/clients/gp_client.c. Valid C11 and C++.
 */
#ifndef SWEMU_BRIDGE_TEEC_LAYOUT_H
#define SWEMU_BRIDGE_TEEC_LAYOUT_H

/* A C header first: C spellings on purpose. */
/* NOLINTBEGIN(modernize-deprecated-headers) */
#ifndef __cplusplus
#include <assert.h> /* static_assert */
#include <stdalign.h>
#endif
#include <stddef.h>
/* NOLINTEND(modernize-deprecated-headers) */

#define SWEMU_TEEC_AT(type, member, offset)                                                        \
  static_assert(offsetof(type, member) == (offset), #type "." #member " is at " #offset)

static_assert(sizeof(TEEC_UUID) == 16, "TEEC_UUID");
static_assert(sizeof(TEEC_Context) == 8 && alignof(TEEC_Context) == 4, "TEEC_Context");
SWEMU_TEEC_AT(TEEC_Context, imp.fd, 0);
SWEMU_TEEC_AT(TEEC_Context, imp.reg_mem, 4);
SWEMU_TEEC_AT(TEEC_Context, imp.memref_null, 5);
static_assert(sizeof(TEEC_Value) == 8, "TEEC_Value");
SWEMU_TEEC_AT(TEEC_Value, b, 4);
SWEMU_TEEC_AT(TEEC_Operation, paramTypes, 4);
SWEMU_TEEC_AT(TEEC_Operation, params, 8);

#if defined(__LP64__)
static_assert(sizeof(TEEC_Session) == 16, "TEEC_Session");
SWEMU_TEEC_AT(TEEC_Session, imp.ctx, 0);
SWEMU_TEEC_AT(TEEC_Session, imp.session_id, 8);
static_assert(sizeof(TEEC_SharedMemory) == 56 && alignof(TEEC_SharedMemory) == 8,
              "TEEC_SharedMemory");
SWEMU_TEEC_AT(TEEC_SharedMemory, buffer, 0);
SWEMU_TEEC_AT(TEEC_SharedMemory, size, 8);
SWEMU_TEEC_AT(TEEC_SharedMemory, flags, 16);
SWEMU_TEEC_AT(TEEC_SharedMemory, imp.id, 24);
SWEMU_TEEC_AT(TEEC_SharedMemory, imp.alloced_size, 32);
SWEMU_TEEC_AT(TEEC_SharedMemory, imp.shadow_buffer, 40);
SWEMU_TEEC_AT(TEEC_SharedMemory, imp.registered_fd, 48);
SWEMU_TEEC_AT(TEEC_SharedMemory, imp.flags, 52);
static_assert(sizeof(TEEC_TempMemoryReference) == 16, "TEEC_TempMemoryReference");
SWEMU_TEEC_AT(TEEC_TempMemoryReference, size, 8);
static_assert(sizeof(TEEC_RegisteredMemoryReference) == 24, "TEEC_RegisteredMemoryReference");
SWEMU_TEEC_AT(TEEC_RegisteredMemoryReference, size, 8);
SWEMU_TEEC_AT(TEEC_RegisteredMemoryReference, offset, 16);
static_assert(sizeof(TEEC_Parameter) == 24, "TEEC_Parameter");
static_assert(sizeof(TEEC_Operation) == 112, "TEEC_Operation");
SWEMU_TEEC_AT(TEEC_Operation, imp.session, 104);
#elif defined(__ILP32__) || (defined(__SIZEOF_POINTER__) && __SIZEOF_POINTER__ == 4)
static_assert(sizeof(TEEC_Session) == 8, "TEEC_Session");
SWEMU_TEEC_AT(TEEC_Session, imp.session_id, 4);
static_assert(sizeof(TEEC_SharedMemory) == 32, "TEEC_SharedMemory");
SWEMU_TEEC_AT(TEEC_SharedMemory, imp.id, 12);
SWEMU_TEEC_AT(TEEC_SharedMemory, imp.alloced_size, 16);
SWEMU_TEEC_AT(TEEC_SharedMemory, imp.shadow_buffer, 20);
SWEMU_TEEC_AT(TEEC_SharedMemory, imp.registered_fd, 24);
SWEMU_TEEC_AT(TEEC_SharedMemory, imp.flags, 28);
static_assert(sizeof(TEEC_RegisteredMemoryReference) == 12, "TEEC_RegisteredMemoryReference");
static_assert(sizeof(TEEC_Parameter) == 12, "TEEC_Parameter");
static_assert(sizeof(TEEC_Operation) == 60, "TEEC_Operation");
SWEMU_TEEC_AT(TEEC_Operation, imp.session, 56);
#endif

#undef SWEMU_TEEC_AT

#endif /* SWEMU_BRIDGE_TEEC_LAYOUT_H */
