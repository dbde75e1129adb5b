/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The ta2ta_test TA's interface (TA-to-TA sessions), shared by the TA and the host tests.
 * Plain C, #defines only. Built for AArch64 (ta2ta_test) and AArch32 (ta2ta_test32); both
 * are single-instance, multi-session TAs.
 */
#ifndef TA2TA_TEST_TA_H
#define TA2TA_TEST_TA_H

/* clang-format off */
#define TA2TA_TEST_TA_UUID_STR "4ee124b9-8d89-450a-b2c4-30f5a305c492"
#define TA2TA_TEST_TA_UUID \
  { 0x4ee124b9, 0x8d89, 0x450a, { 0xb2, 0xc4, 0x30, 0xf5, 0xa3, 0x05, 0xc4, 0x92 } }
#define TA2TA_TEST32_TA_UUID_STR "3f37032b-091c-48f0-a5d3-c3dce77ec7dc"
#define TA2TA_TEST32_TA_UUID \
  { 0x3f37032b, 0x091c, 0x48f0, { 0xa5, 0xd3, 0xc3, 0xdc, 0xe7, 0x7e, 0xc7, 0xdc } }
/* clang-format on */

/*
 * p0 VALUE_INOUT: a = a value; on return a = the value hello's HELLO_CMD_INC_VALUE gave.
 * p1 VALUE_OUTPUT: a = checks passed (TA2TA_ROUND_TRIP_CHECKS when all hold),
 *   b = the return origin of the last call to hello.
 * p2 MEMREF_INOUT: bytes copied to this TA's heap, reversed there by hello's
 *   HELLO_CMD_REVERSE, copied by HELLO_CMD_COPY into a second heap buffer, then returned.
 * p3 VALUE_INPUT: a = 0: talk to hello; 1: to hello32.
 * TEE_SUCCESS if every check held, else the failing call's result (or TEE_ERROR_GENERIC).
 */
#define TA2TA_CMD_ROUND_TRIP 0
/* p0 VALUE_OUTPUT: a = result of opening a session to this TA itself, b = its origin. */
#define TA2TA_CMD_SELF_OPEN 1
/*
 * Opens hello_single, invokes HELLO_CMD_COPY with 16 input bytes and a 4-byte output.
 * p0 VALUE_OUTPUT: a = the result, b = the output memref size it reported.
 * p1 VALUE_OUTPUT: a = the origin, b = 1 if the 4 output bytes were left untouched.
 */
#define TA2TA_CMD_SHORT_BUFFER 2
/* Opens (and closes) hello. p0 VALUE_OUTPUT: a = the open result, b = its origin. */
#define TA2TA_CMD_OPEN_HELLO 3
/*
 * p0 VALUE_INPUT: a = a session id. Raw syscalls: INVOKE_TA_COMMAND (HELLO_CMD_INC_VALUE)
 * then CLOSE_TA_SESSION on it. p1 VALUE_OUTPUT: a = invoke result, b = its origin;
 * p2 VALUE_OUTPUT: a = close result.
 */
#define TA2TA_CMD_RAW_SESSION 4
/* Opens hello, closes it, then invokes the stale id. p0 VALUE_OUTPUT: a = result, b = origin. */
#define TA2TA_CMD_STALE_SESSION 5
/* Opens hello_single and keeps the session open. p0 VALUE_OUTPUT: a = result. */
#define TA2TA_CMD_KEEP_SINGLE 6

#define TA2TA_ROUND_TRIP_CHECKS 7
#define TA2TA_MAX_DATA 256

#endif /* TA2TA_TEST_TA_H */
