/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Declarations shared between SDK source files; not for TA code.
 */
#ifndef SWEMU_SDK_INTERNAL_H
#define SWEMU_SDK_INTERNAL_H

#include <stdint.h>

/*
 * Picks the heap region (swemu_heap_override if the runtime set it, else ta_heap) and
 * formats it as one free block. Runs once; later calls do nothing.
 */
void swemu_heap_init(void);

/*
 * The loaded modules (ta_modules.c): TLS on the first call, then every module's
 * constructors; destructors after TA_DestroyEntryPoint.
 */
uint32_t swemu_modules_init(void);
void swemu_modules_fini(void);

/* Panic code used when the stack protector finds a smashed canary. */
#define SWEMU_PANIC_STACK_SMASHED 0xFFFF000FU /* TEE_ERROR_SECURITY */

#endif /* SWEMU_SDK_INTERNAL_H */
