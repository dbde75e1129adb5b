// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The rest of the ARM run-time ABI helpers a hard-float ARMv7-A TA can need:
 *
 * - 64-bit shifts (RTABI §4.2). clang expands `<<` and `>>` on 64-bit values inline, but
 *   other compilers and hand-written assembly may call these.
 * - Conversions between 64-bit integers and float/double (RTABI §4.1.2). VFP converts
 *   only to and from 32-bit integers, so even with hardware floating point the compiler
 *   calls these for `(double)some_uint64` or `(int64_t)some_double`.
 *
 * Every RTABI function uses the base procedure call standard, also in a hard-float
 * program: floating-point arguments and results travel in core registers (a double in
 * r0:r1, a float in r0). pcs("aapcs") makes the compiler do that for these definitions.
 *
 * Float to integer conversions truncate toward zero; values out of range saturate and
 * NaN gives 0, which is what AArch64's FCVTZS/FCVTZU do for the same TA source (in C
 * those cases are undefined). Integer to float conversions round to nearest, ties to
 * even, as the hardware would.
 *
 * The code below converts only between FP and 32-bit integers (native VFP instructions):
 * a 64-bit conversion written in C here would compile into a call to itself.
 */
#include <stdint.h>

#define AEABI_BASE_PCS __attribute__((pcs("aapcs")))

/* --- shifts -------------------------------------------------------------------------- */

int64_t __aeabi_llsl(int64_t value, int shift);
int64_t __aeabi_llsr(int64_t value, int shift);
int64_t __aeabi_lasr(int64_t value, int shift);

int64_t __aeabi_llsl(int64_t value, int shift) {
  if ((unsigned int)shift >= 64)
    return 0;
  return (int64_t)((uint64_t)value << shift);
}

int64_t __aeabi_llsr(int64_t value, int shift) {
  if ((unsigned int)shift >= 64)
    return 0;
  return (int64_t)((uint64_t)value >> shift);
}

int64_t __aeabi_lasr(int64_t value, int shift) {
  if ((unsigned int)shift >= 64)
    return value < 0 ? -1 : 0;
  return value >> shift; /* arithmetic for signed values in clang */
}

/* --- 64-bit integer <-> floating point ------------------------------------------------ */

#define TWO_POW_32 4294967296.0           /* 2^32 */
#define TWO_POW_63 9223372036854775808.0  /* 2^63 */
#define TWO_POW_64 18446744073709551616.0 /* 2^64 */

AEABI_BASE_PCS double __aeabi_ul2d(uint64_t value);
AEABI_BASE_PCS double __aeabi_l2d(int64_t value);
AEABI_BASE_PCS float __aeabi_ul2f(uint64_t value);
AEABI_BASE_PCS float __aeabi_l2f(int64_t value);
AEABI_BASE_PCS uint64_t __aeabi_d2ulz(double value);
AEABI_BASE_PCS int64_t __aeabi_d2lz(double value);
AEABI_BASE_PCS uint64_t __aeabi_f2ulz(float value);
AEABI_BASE_PCS int64_t __aeabi_f2lz(float value);

/*
 * Both halves convert exactly and the scaling by 2^32 is exact, so the one addition is
 * the only rounding: the result is correctly rounded.
 */
AEABI_BASE_PCS double __aeabi_ul2d(uint64_t value) {
  return (double)(uint32_t)(value >> 32) * TWO_POW_32 + (double)(uint32_t)value;
}

AEABI_BASE_PCS double __aeabi_l2d(int64_t value) {
  /* Round-to-nearest-even is symmetric, so converting the magnitude is enough. */
  if (value < 0)
    return -__aeabi_ul2d(0 - (uint64_t)value);
  return __aeabi_ul2d((uint64_t)value);
}

/*
 * Going through double must not round twice. Below 2^53 the double is exact. Above,
 * drop the low 11 bits but keep whether any was set in bit 0 ("sticky"): the value
 * then fits a double exactly, the sticky bit sits far below float's rounding position,
 * and the final double -> float conversion rounds exactly as a direct one would.
 */
AEABI_BASE_PCS float __aeabi_ul2f(uint64_t value) {
  if (value >= (uint64_t)1 << 53) {
    uint64_t reduced = (value >> 11) | ((value & 0x7FF) != 0);

    return (float)(__aeabi_ul2d(reduced) * 2048.0);
  }
  return (float)__aeabi_ul2d(value);
}

AEABI_BASE_PCS float __aeabi_l2f(int64_t value) {
  if (value < 0)
    return -__aeabi_ul2f(0 - (uint64_t)value);
  return __aeabi_ul2f((uint64_t)value);
}

/*
 * In range, hi = trunc(value / 2^32) fits 32 bits; value - hi * 2^32 is exact (a multiple
 * of value's ulp below 2^32) and truncates to the low word.
 */
AEABI_BASE_PCS uint64_t __aeabi_d2ulz(double value) {
  uint32_t hi;
  uint32_t lo;

  if (!(value >= 1.0)) /* NaN, negative, or below 1 */
    return 0;
  if (value >= TWO_POW_64)
    return UINT64_MAX;
  hi = (uint32_t)(value * (1.0 / TWO_POW_32));
  lo = (uint32_t)(value - (double)hi * TWO_POW_32);
  return (uint64_t)hi << 32 | lo;
}

AEABI_BASE_PCS int64_t __aeabi_d2lz(double value) {
  if (value != value)
    return 0;
  if (value >= TWO_POW_63)
    return INT64_MAX;
  if (value <= -TWO_POW_63)
    return INT64_MIN;
  if (value < 0)
    return (int64_t)(0 - __aeabi_d2ulz(-value));
  return (int64_t)__aeabi_d2ulz(value);
}

/* float -> double is exact, so the double routines give the float results. */
AEABI_BASE_PCS uint64_t __aeabi_f2ulz(float value) {
  return __aeabi_d2ulz((double)value);
}

AEABI_BASE_PCS int64_t __aeabi_f2lz(float value) {
  return __aeabi_d2lz((double)value);
}
