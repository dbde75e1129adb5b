/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Formatting only: there are no FILE streams in a TA. Supported conversions:
 * %d %i %u %x %X %o %c %s %p %% with flags "-0+ #", width and precision (also '*'),
 * and length modifiers hh h l ll z j t. No floating point.
 */
#ifndef SWEMU_LIBC_STDIO_H
#define SWEMU_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

int vsnprintf(char* restrict buf, size_t size, const char* restrict fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int snprintf(char* restrict buf, size_t size, const char* restrict fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* SWEMU_LIBC_STDIO_H */
