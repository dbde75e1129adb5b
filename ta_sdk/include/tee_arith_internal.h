/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * GlobalPlatform TEE Internal Core API v1.3.1 §8, the TEE Arithmetical API.
 *
 * A TEE_BigInt is an array of uint32_t owned by the caller, sized with
 * TEE_BigIntSizeInU32(bits). This SDK keeps a two-word header in front of the magnitude:
 *   word 0: number of magnitude words the array holds (len - 2, set by TEE_BigIntInit);
 *   word 1: bit 31 = sign (1 = negative), bits 0..30 = magnitude words in use;
 *   words 2..: the magnitude, least significant word first.
 * TEE_BigIntFMM and TEE_BigIntFMMContext use the same layout: an FMM value is kept in
 * normal (reduced) form, and a context holds a copy of its modulus.
 *
 * Temporaries come from TEE_Malloc; running out of heap panics the TA
 * (TEE_ERROR_OUT_OF_MEMORY).
 */
#ifndef TEE_ARITH_INTERNAL_H
#define TEE_ARITH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tee_api_types.h>

typedef uint32_t TEE_BigInt;
typedef uint32_t TEE_BigIntFMM;
typedef uint32_t TEE_BigIntFMMContext;

/* Words needed for a TEE_BigInt of up to n bits. */
#define TEE_BigIntSizeInU32(n) ((((n) + 31) / 32) + 2)

/* --- Memory allocation and size of objects (§8.2) ---------------------------------- */
size_t TEE_BigIntFMMSizeInU32(size_t modulusSizeInBits);
size_t TEE_BigIntFMMContextSizeInU32(size_t modulusSizeInBits);

/* --- Initialization (§8.3) --------------------------------------------------------- */
/* Sets up `len` words as a TEE_BigInt holding 0. Panics if len < 3 or too large. */
void TEE_BigIntInit(TEE_BigInt* bigInt, size_t len);
/* Panics if the modulus does not fit in `len` words or is < 2. */
void TEE_BigIntInitFMMContext(TEE_BigIntFMMContext* context, size_t len, const TEE_BigInt* modulus);
/* As above; always TEE_SUCCESS (every modulus >= 2 is supported). */
TEE_Result TEE_BigIntInitFMMContext1(TEE_BigIntFMMContext* context, size_t len,
                                     const TEE_BigInt* modulus);
void TEE_BigIntInitFMM(TEE_BigIntFMM* bigIntFMM, size_t len);

/* --- Converter functions (§8.4) ---------------------------------------------------- */
/* Big-endian magnitude; sign < 0 makes it negative. TEE_ERROR_OVERFLOW if it does not fit. */
TEE_Result TEE_BigIntConvertFromOctetString(TEE_BigInt* dest, const uint8_t* buffer,
                                            size_t bufferLen, int32_t sign);
/*
 * Writes |bigInt| big-endian in the fewest bytes (0 bytes for 0). TEE_ERROR_SHORT_BUFFER
 * with *bufferLen set to the size needed when the buffer is too small.
 */
TEE_Result TEE_BigIntConvertToOctetString(void* buffer, size_t* bufferLen,
                                          const TEE_BigInt* bigInt);
void TEE_BigIntConvertFromS32(TEE_BigInt* dest, int32_t shortVal);
/* TEE_ERROR_OVERFLOW if the value is outside int32_t. */
TEE_Result TEE_BigIntConvertToS32(int32_t* dest, const TEE_BigInt* src);

/* --- Logical operations (§8.5) ----------------------------------------------------- */
int32_t TEE_BigIntCmp(const TEE_BigInt* op1, const TEE_BigInt* op2);
int32_t TEE_BigIntCmpS32(const TEE_BigInt* op, int32_t shortVal);
/* dest = |op| >> bits, with op's sign (0 is non-negative). */
void TEE_BigIntShiftRight(TEE_BigInt* dest, const TEE_BigInt* op, size_t bits);
bool TEE_BigIntGetBit(const TEE_BigInt* src, uint32_t bitIndex);
uint32_t TEE_BigIntGetBitCount(const TEE_BigInt* src);
/* TEE_ERROR_OVERFLOW if bitIndex is beyond the array. */
TEE_Result TEE_BigIntSetBit(TEE_BigInt* op, uint32_t bitIndex, bool value);
/* TEE_ERROR_OVERFLOW if dest is too small. */
TEE_Result TEE_BigIntAssign(TEE_BigInt* dest, const TEE_BigInt* src);
TEE_Result TEE_BigIntAbs(TEE_BigInt* dest, const TEE_BigInt* src);

/*
 * Arithmetic (§8.6-8.8). Destinations may alias operands. A destination too small for
 * the result panics. Modular functions panic if n < 2; results are in [0, n).
 */
void TEE_BigIntAdd(TEE_BigInt* dest, const TEE_BigInt* op1, const TEE_BigInt* op2);
void TEE_BigIntSub(TEE_BigInt* dest, const TEE_BigInt* op1, const TEE_BigInt* op2);
void TEE_BigIntNeg(TEE_BigInt* dest, const TEE_BigInt* op);
void TEE_BigIntMul(TEE_BigInt* dest, const TEE_BigInt* op1, const TEE_BigInt* op2);
void TEE_BigIntSquare(TEE_BigInt* dest, const TEE_BigInt* op);
/* Truncating division: q rounds toward 0, r has op1's sign. Either may be NULL. */
void TEE_BigIntDiv(TEE_BigInt* dest_q, TEE_BigInt* dest_r, const TEE_BigInt* op1,
                   const TEE_BigInt* op2);
void TEE_BigIntMod(TEE_BigInt* dest, const TEE_BigInt* op, const TEE_BigInt* n);
void TEE_BigIntAddMod(TEE_BigInt* dest, const TEE_BigInt* op1, const TEE_BigInt* op2,
                      const TEE_BigInt* n);
void TEE_BigIntSubMod(TEE_BigInt* dest, const TEE_BigInt* op1, const TEE_BigInt* op2,
                      const TEE_BigInt* n);
void TEE_BigIntMulMod(TEE_BigInt* dest, const TEE_BigInt* op1, const TEE_BigInt* op2,
                      const TEE_BigInt* n);
void TEE_BigIntSquareMod(TEE_BigInt* dest, const TEE_BigInt* op, const TEE_BigInt* n);
/* Panics if op has no inverse modulo n. */
void TEE_BigIntInvMod(TEE_BigInt* dest, const TEE_BigInt* op, const TEE_BigInt* n);
/* dest = op1^op2 mod n; context may be NULL. Panics if op2 < 0. */
TEE_Result TEE_BigIntExpMod(TEE_BigInt* dest, const TEE_BigInt* op1, const TEE_BigInt* op2,
                            const TEE_BigInt* n, const TEE_BigIntFMMContext* context);

/* --- Other arithmetic (§8.9) ------------------------------------------------------- */
bool TEE_BigIntRelativePrime(const TEE_BigInt* op1, const TEE_BigInt* op2);
/* gcd = |gcd(op1, op2)| = u*op1 + v*op2; u and v may be NULL. */
void TEE_BigIntComputeExtendedGcd(TEE_BigInt* gcd, TEE_BigInt* u, TEE_BigInt* v,
                                  const TEE_BigInt* op1, const TEE_BigInt* op2);
/* 0: composite (or < 2), 1: certainly prime, -1: probably prime. */
int32_t TEE_BigIntIsProbablePrime(const TEE_BigInt* op, uint32_t confidenceLevel);

/* --- Fast modular multiplication (§8.10) ------------------------------------------- */
void TEE_BigIntConvertToFMM(TEE_BigIntFMM* dest, const TEE_BigInt* src, const TEE_BigInt* n,
                            const TEE_BigIntFMMContext* context);
void TEE_BigIntConvertFromFMM(TEE_BigInt* dest, const TEE_BigIntFMM* src, const TEE_BigInt* n,
                              const TEE_BigIntFMMContext* context);
void TEE_BigIntComputeFMM(TEE_BigIntFMM* dest, const TEE_BigIntFMM* op1, const TEE_BigIntFMM* op2,
                          const TEE_BigInt* n, const TEE_BigIntFMMContext* context);

#endif /* TEE_ARITH_INTERNAL_H */
