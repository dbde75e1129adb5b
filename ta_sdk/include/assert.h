/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * assert() logs the failed expression and panics the TA. Disabled by NDEBUG.
 */
#ifndef SWEMU_LIBC_ASSERT_H
#define SWEMU_LIBC_ASSERT_H

void __swemu_assert_fail(const char* expr, const char* file, int line, const char* func)
    __attribute__((noreturn));

#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#define assert(expr) ((expr) ? (void)0 : __swemu_assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

#ifndef static_assert
#define static_assert _Static_assert
#endif

#endif /* SWEMU_LIBC_ASSERT_H */
