// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Memory helpers of the ARM run-time ABI (RTABI §4.3.4). On an EABI target the compiler
 * emits these, not memcpy/memset, for struct copies and zero-initialised locals, e.g.
 * `uint8_t *blocks[24] = {0}` becomes a call to __aeabi_memclr8. The 4 and 8 variants
 * promise that the pointers are that aligned; the libc routines check alignment
 * themselves, so every variant forwards to the same one.
 *
 * Note the argument orders: __aeabi_memset takes (dest, n, c), __aeabi_memclr (dest, n).
 * None of them returns anything.
 *
 * The SDK is built -ffreestanding, so the memcpy/memmove/memset calls below stay calls
 * to the libc functions and never turn back into __aeabi_* calls.
 */
#include <stddef.h>
#include <string.h>

#define AEABI_COPY(name, fn)                                                                       \
  void name(void* dest, const void* src, size_t n);                                                \
  void name(void* dest, const void* src, size_t n) {                                               \
    fn(dest, src, n);                                                                              \
  }

#define AEABI_SET(name)                                                                            \
  void name(void* dest, size_t n, int c);                                                          \
  void name(void* dest, size_t n, int c) {                                                         \
    memset(dest, c, n);                                                                            \
  }

#define AEABI_CLEAR(name)                                                                          \
  void name(void* dest, size_t n);                                                                 \
  void name(void* dest, size_t n) {                                                                \
    memset(dest, 0, n);                                                                            \
  }

AEABI_COPY(__aeabi_memcpy, memcpy)
AEABI_COPY(__aeabi_memcpy4, memcpy)
AEABI_COPY(__aeabi_memcpy8, memcpy)
AEABI_COPY(__aeabi_memmove, memmove)
AEABI_COPY(__aeabi_memmove4, memmove)
AEABI_COPY(__aeabi_memmove8, memmove)
AEABI_SET(__aeabi_memset)
AEABI_SET(__aeabi_memset4)
AEABI_SET(__aeabi_memset8)
AEABI_CLEAR(__aeabi_memclr)
AEABI_CLEAR(__aeabi_memclr4)
AEABI_CLEAR(__aeabi_memclr8)
