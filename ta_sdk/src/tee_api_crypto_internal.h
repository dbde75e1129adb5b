/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Helpers shared by the object (tee_api_objects.c) and operation (tee_api_operations.c)
 * functions; not for TA code.
 */
#ifndef SWEMU_TEE_API_CRYPTO_INTERNAL_H
#define SWEMU_TEE_API_CRYPTO_INTERNAL_H

#include <stdint.h>

#include <tee_api_types.h>
#include <user_ta_header.h>

/* The OS's 32-bit object handle behind a TEE_ObjectHandle, as a syscall argument. */
#define SWEMU_OBJ_ID(h) ((unsigned long)(uintptr_t)(h))

/* Attribute lists up to this long are converted on the stack, longer ones on the heap. */
#define SWEMU_LOCAL_ATTRS 8

/*
 * A TEE_Attribute array in the fixed-width form the crypto syscalls take (optee-abi.md
 * §4.6): buffer attributes as (address, length), value attributes as (a, b).
 */
struct swemu_attr_list {
  struct utee_attribute local[SWEMU_LOCAL_ATTRS];
  struct utee_attribute* attrs;
  uint32_t count;
};

/*
 * Fills `list` from `attrs` (may be NULL only when count is 0). Panics when the heap
 * cannot hold a long list: none of the GP functions that take attributes can report
 * TEE_ERROR_OUT_OF_MEMORY.
 */
void swemu_attrs_convert(struct swemu_attr_list* list, const TEE_Attribute* attrs, uint32_t count);
void swemu_attrs_release(struct swemu_attr_list* list);

#endif /* SWEMU_TEE_API_CRYPTO_INTERNAL_H */
