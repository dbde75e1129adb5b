/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The part of the GlobalPlatform TEE Internal Core API (v1.3.1) this SDK implements so
 * far. Every function declared here is defined in ta_sdk/src; nothing is declared ahead
 * of its implementation, so a TA that links is a TA that runs.
 */
#ifndef TEE_API_H
#define TEE_API_H

#include <stddef.h>
#include <stdint.h>

#include <tee_api_defines.h>
#include <tee_api_types.h>

/* --- Panic (§4.8) ------------------------------------------------------------------ */

/* Aborts the TA instance; the client sees TEE_ERROR_TARGET_DEAD. Never returns. */
void TEE_Panic(TEE_Result panicCode) __attribute__((noreturn));

/* --- Memory (§4.11) ------------------------------------------------------------------ */

/*
 * Returns TEE_SUCCESS if the TA may access [buffer, buffer + size) with `accessFlags`
 * (TEE_MEMORY_ACCESS_*), TEE_ERROR_ACCESS_DENIED otherwise. Asked of the OS (syscall 8).
 */
TEE_Result TEE_CheckMemoryAccessRights(uint32_t accessFlags, void* buffer, size_t size);

/*
 * 16-byte aligned blocks from the TA heap. hint: TEE_MALLOC_FILL_ZERO (0) zero-fills,
 * TEE_MALLOC_NO_FILL leaves the contents unspecified, TEE_MALLOC_NO_SHARE is accepted;
 * any other bit gives NULL. Size 0 gives a unique non-NULL pointer. NULL when out of heap.
 */
void* TEE_Malloc(size_t size, uint32_t hint);

/*
 * Resizes a block, keeping min(old, new) bytes; added bytes are unspecified (GP).
 * NULL `buffer` acts as TEE_Malloc(newSize, TEE_MALLOC_FILL_ZERO). On failure returns
 * NULL and leaves `buffer` untouched.
 */
void* TEE_Realloc(void* buffer, size_t newSize);

/* NULL is ignored. A pointer the allocator never returned panics the TA. */
void TEE_Free(void* buffer);

void TEE_MemMove(void* dest, const void* src, size_t size);
/* Compares as unsigned bytes; < 0, 0 or > 0. */
int32_t TEE_MemCompare(const void* buffer1, const void* buffer2, size_t size);
/* Fills with the low byte of x. */
void TEE_MemFill(void* buffer, uint32_t x, size_t size);

/* --- Cancellation (§4.10) ------------------------------------------------------------ */

bool TEE_GetCancellationFlag(void);
bool TEE_UnmaskCancellation(void);
bool TEE_MaskCancellation(void);

/* --- Time (§7.2) --------------------------------------------------------------------- */

void TEE_GetSystemTime(TEE_Time* time);
/* TEE_SUCCESS, or TEE_ERROR_CANCEL if the wait was cancelled. */
TEE_Result TEE_Wait(uint32_t timeout);
TEE_Result TEE_GetTAPersistentTime(TEE_Time* time);
TEE_Result TEE_SetTAPersistentTime(const TEE_Time* time);
void TEE_GetREETime(TEE_Time* time);

/* --- Random (§6.11) ------------------------------------------------------------------ */

void TEE_GenerateRandom(void* randomBuffer, size_t randomBufferLen);

#endif /* TEE_API_H */
