/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The freestanding string functions the SDK provides (ta_sdk/src/libc/string.c).
 */
#ifndef SWEMU_LIBC_STRING_H
#define SWEMU_LIBC_STRING_H

#include <stddef.h>

void* memcpy(void* restrict dest, const void* restrict src, size_t n);
void* memmove(void* dest, const void* src, size_t n);
void* memset(void* dest, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
void* memchr(const void* s, int c, size_t n);

size_t strlen(const char* s);
size_t strnlen(const char* s, size_t maxlen);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
char* strchr(const char* s, int c);
char* strrchr(const char* s, int c);
/* BSD: copies at most size - 1 bytes, always terminates (size > 0); returns strlen(src). */
size_t strlcpy(char* restrict dest, const char* restrict src, size_t size);

#endif /* SWEMU_LIBC_STRING_H */
