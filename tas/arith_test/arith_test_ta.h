/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The arith_test TA's interface, shared by the TA and tests/arith_test.cpp.
 *
 * One command, ARITH_CMD_OP:
 *   p0 VALUE_INPUT   a = ARITH_OP_*, b = words for the destination TEE_BigInt(s)
 *                    (0: ARITH_TA_DEFAULT_BITS)
 *   p1 MEMREF_INPUT  operands, each encoded as: 1 byte sign (0 = positive, 1 = negative),
 *                    2 bytes big-endian length, then the big-endian magnitude
 *   p2 MEMREF_OUTPUT results in the same encoding (size set to what was written)
 *   p3 VALUE_INOUT   in: a, b = small arguments; out: a, b = small results
 * Each operand is held in a TEE_BigInt of ARITH_TA_DEFAULT_BITS.
 */
#ifndef ARITH_TEST_TA_H
#define ARITH_TEST_TA_H

/* clang-format off */
#define ARITH_TEST_TA_UUID \
  { 0x45dff642, 0x9e51, 0x452d, { 0xaa, 0x11, 0xde, 0x42, 0x7f, 0x37, 0x45, 0x4d } }
#define ARITH_TEST32_TA_UUID \
  { 0xfe969541, 0xe3a5, 0x4a4d, { 0xbb, 0x06, 0x98, 0x45, 0x23, 0xb5, 0x61, 0x6d } }
/* clang-format on */

#define ARITH_CMD_OP 0

#define ARITH_TA_DEFAULT_BITS 8192

/*
 * Operations. "x, y -> r" lists operands and results. A p3.b "alias" argument of 1 puts
 * the result in the first operand's TEE_BigInt, 2 in the second's (dest == op).
 */
enum arith_op {
  ARITH_OP_ADD = 0,    /* x, y -> x + y; p3.b alias */
  ARITH_OP_SUB,        /* x, y -> x - y; p3.b alias */
  ARITH_OP_MUL,        /* x, y -> x * y; p3.b alias */
  ARITH_OP_SQUARE,     /* x -> x^2; p3.b = 1: in place */
  ARITH_OP_NEG,        /* x -> -x; p3.b = 1: in place */
  ARITH_OP_DIV,        /* x, y -> q, r; p3.b = 1: q in x and r in y */
  ARITH_OP_MOD,        /* x, n -> x mod n; p3.b alias */
  ARITH_OP_ADDMOD,     /* x, y, n -> (x + y) mod n; p3.b alias */
  ARITH_OP_SUBMOD,     /* x, y, n -> (x - y) mod n; p3.b alias */
  ARITH_OP_MULMOD,     /* x, y, n -> x * y mod n; p3.b alias */
  ARITH_OP_SQUAREMOD,  /* x, n -> x^2 mod n; p3.b alias */
  ARITH_OP_INVMOD,     /* x, n -> x^-1 mod n; p3.b alias */
  ARITH_OP_EXPMOD,     /* x, e, n -> x^e mod n (with an FMM context); p3.a = TEE_Result;
                          p3.b alias */
  ARITH_OP_GCD,        /* x, y -> gcd, u, v; p3.a = RelativePrime(x, y) */
  ARITH_OP_ISPRIME,    /* x; p3.a in: confidence; p3.a out: IsProbablePrime as int32 */
  ARITH_OP_CMP,        /* x, y; p3.a = Cmp(x, y) as int32 */
  ARITH_OP_CMPS32,     /* x; p3.a in: int32; p3.a out: CmpS32 as int32 */
  ARITH_OP_SHIFTRIGHT, /* x -> x >> p3.a; p3.b = 1: in place */
  ARITH_OP_BITS,       /* x; p3.a in: index; p3.a out: GetBitCount, p3.b out: GetBit */
  ARITH_OP_SETBIT,     /* x -> x'; p3.a = index, p3.b = value; p3.a out: TEE_Result */
  ARITH_OP_FROMS32,    /* p3.a (int32) -> ConvertFromS32 */
  ARITH_OP_TOS32,      /* x; p3.a out: TEE_Result, p3.b out: the int32 */
  ARITH_OP_ASSIGN,     /* x -> Assign; p3.a out: TEE_Result */
  ARITH_OP_ABS,        /* x -> Abs; p3.a out: TEE_Result */
  ARITH_OP_TOOCTETS,   /* x; p3.a in: buffer size; p3.a out: TEE_Result, p3.b: bufferLen;
                          result: the octets as a positive operand */
  ARITH_OP_FROMOCTETS, /* x -> ConvertFromOctetString(|x|, sign = p3.a as int32);
                          p3.a out: TEE_Result */
  ARITH_OP_FMM,        /* x, y, n -> FromFMM(ComputeFMM(ToFMM x, ToFMM y)), FromFMM(ToFMM x) */
  ARITH_OP_SIZES,      /* p3.a in: bits; out: a = FMMSizeInU32, b = FMMContextSizeInU32 */
};

#endif /* ARITH_TEST_TA_H */
