/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * C allocation on top of the TEE_Malloc heap, and abort() as a TA panic.
 */
#ifndef SWEMU_LIBC_STDLIB_H
#define SWEMU_LIBC_STDLIB_H

#include <stddef.h>

void* malloc(size_t size);
void* calloc(size_t nmemb, size_t size);
void* realloc(void* ptr, size_t size);
void free(void* ptr);
void abort(void) __attribute__((noreturn));

#endif /* SWEMU_LIBC_STDLIB_H */
