// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Integer division helpers of the ARM run-time ABI (RTABI §4.3.1, §4.2). ARMv7-A without
 * the optional divide extension has no divide instruction, so the compiler turns `/` and
 * `%` on 32- and 64-bit integers into calls to these. There is no libgcc or compiler-rt
 * in a TA, hence this file.
 *
 *   __aeabi_uidiv / __aeabi_idiv        32-bit quotient in r0
 *   __aeabi_uidivmod / __aeabi_idivmod  quotient in r0, remainder in r1
 *   __aeabi_uldivmod / __aeabi_ldivmod  quotient in r0:r1, remainder in r2:r3; those two
 *                                       are assembly (aeabi_ldivmod.S) around the 64-bit
 *                                       routines here, as C cannot return four registers.
 *
 * Division by zero does not trap: the quotient is 0 and the remainder the dividend, the
 * results an AArch64 build of the same TA gets from UDIV/SDIV and MSUB. Signed overflow
 * (INT_MIN / -1) wraps to INT_MIN with remainder 0, also as on AArch64.
 *
 * Nothing here may use `/` or `%`: that would call back into these very functions.
 */
#include <stdint.h>

/* Leading zero bits of a non-zero 64-bit value, from the 32-bit CLZ instruction. */
static inline unsigned int clz64(uint64_t x) {
  uint32_t hi = (uint32_t)(x >> 32);

  return hi ? (unsigned int)__builtin_clz(hi) : 32u + (unsigned int)__builtin_clz((uint32_t)x);
}

/*
 * Restoring binary long division, starting at the highest quotient bit that can be set:
 * the divisor is shifted left until its top bit lines up with the dividend's.
 */
static uint32_t udivmod32(uint32_t n, uint32_t d, uint32_t* rem) {
  uint32_t q = 0;
  int shift;

  if (d == 0 || n < d) {
    *rem = n;
    return 0;
  }
  shift = __builtin_clz(d) - __builtin_clz(n); /* n >= d > 0: 0..31, d << shift fits */
  d <<= shift;
  for (; shift >= 0; shift--) {
    q <<= 1;
    if (n >= d) {
      n -= d;
      q |= 1;
    }
    d >>= 1;
  }
  *rem = n;
  return q;
}

/* The same for 64 bits; hidden, called from aeabi_ldivmod.S. */
uint64_t swemu_aeabi_udivmod64(uint64_t n, uint64_t d, uint64_t* rem);
uint64_t swemu_aeabi_udivmod64(uint64_t n, uint64_t d, uint64_t* rem) {
  uint64_t q = 0;
  int shift;

  if ((n >> 32) == 0 && (d >> 32) == 0) {
    uint32_t r32;
    uint32_t q32 = udivmod32((uint32_t)n, (uint32_t)d, &r32);

    *rem = r32;
    return q32;
  }
  if (d == 0 || n < d) {
    *rem = n;
    return 0;
  }
  shift = (int)clz64(d) - (int)clz64(n); /* 0..63 */
  d <<= shift;
  for (; shift >= 0; shift--) {
    q <<= 1;
    if (n >= d) {
      n -= d;
      q |= 1;
    }
    d >>= 1;
  }
  *rem = n;
  return q;
}

/*
 * Signed division on magnitudes: the quotient is negative when the signs differ, the
 * remainder takes the dividend's sign (C's truncating division). Negating through
 * unsigned arithmetic keeps INT_MIN well defined.
 */
int64_t swemu_aeabi_sdivmod64(int64_t n, int64_t d, int64_t* rem);
int64_t swemu_aeabi_sdivmod64(int64_t n, int64_t d, int64_t* rem) {
  uint64_t un = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
  uint64_t ud = d < 0 ? 0 - (uint64_t)d : (uint64_t)d;
  uint64_t ur;
  uint64_t uq = swemu_aeabi_udivmod64(un, ud, &ur);

  if (d == 0) {
    *rem = n;
    return 0;
  }
  *rem = (int64_t)(n < 0 ? 0 - ur : ur);
  return (int64_t)((n < 0) != (d < 0) ? 0 - uq : uq);
}

static int32_t sdivmod32(int32_t n, int32_t d, int32_t* rem) {
  uint32_t un = n < 0 ? 0 - (uint32_t)n : (uint32_t)n;
  uint32_t ud = d < 0 ? 0 - (uint32_t)d : (uint32_t)d;
  uint32_t ur;
  uint32_t uq = udivmod32(un, ud, &ur);

  if (d == 0) {
    *rem = n;
    return 0;
  }
  *rem = (int32_t)(n < 0 ? 0 - ur : ur);
  return (int32_t)((n < 0) != (d < 0) ? 0 - uq : uq);
}

/*
 * The RTABI's "pair in r0, r1" results: a 64-bit integer is returned in r0 (low word)
 * and r1 (high word) under AAPCS, so quotient | remainder << 32 lands where it must.
 */
uint32_t __aeabi_uidiv(uint32_t n, uint32_t d);
int32_t __aeabi_idiv(int32_t n, int32_t d);
uint64_t __aeabi_uidivmod(uint32_t n, uint32_t d);
uint64_t __aeabi_idivmod(int32_t n, int32_t d);

uint32_t __aeabi_uidiv(uint32_t n, uint32_t d) {
  uint32_t r;

  return udivmod32(n, d, &r);
}

int32_t __aeabi_idiv(int32_t n, int32_t d) {
  int32_t r;

  return sdivmod32(n, d, &r);
}

uint64_t __aeabi_uidivmod(uint32_t n, uint32_t d) {
  uint32_t r;
  uint32_t q = udivmod32(n, d, &r);

  return (uint64_t)q | (uint64_t)r << 32;
}

uint64_t __aeabi_idivmod(int32_t n, int32_t d) {
  int32_t r;
  int32_t q = sdivmod32(n, d, &r);

  return (uint64_t)(uint32_t)q | (uint64_t)(uint32_t)r << 32;
}
