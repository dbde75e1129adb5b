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
/*
 * Waits p0.b ms, then opens a session on the peer TA (p0.a = 1: ta2ta_test32, else
 * ta2ta_test), invokes TA2TA_CMD_NOP there and closes it. p1 VALUE_OUTPUT: a = the first
 * result that was not TEE_SUCCESS (or TEE_SUCCESS), b = its origin. Both builds are
 * single-instance, so two clients calling each other's peer at once make a waiting cycle.
 */
#define TA2TA_CMD_CALL_PEER 7
/* Does nothing (a target for TA2TA_CMD_CALL_PEER). */
#define TA2TA_CMD_NOP 8
/*
 * Opens a session on api_test (p2.a = 1: api_test32) and invokes API_TEST_CMD_WAIT there
 * with cancellation unmasked, for p0.b ms, passing p0.a as cancellationRequestTimeout.
 * p1 VALUE_OUTPUT: a = the invoke's result, b = its origin. p3 VALUE_OUTPUT: a = ms the
 * callee waited, b = the callee's cancellation flag after the wait.
 */
#define TA2TA_CMD_WAIT_IN_CALLEE 9
/*
 * Opens a session on hello, invokes HELLO_CMD_INC_VALUE p0.a times, closes it; p0.b out =
 * the last value. For benchmarking a TA-to-TA invoke (the slope over p0.a).
 */
#define TA2TA_CMD_INVOKE_LOOP 10

#define TA2TA_ROUND_TRIP_CHECKS 7
#define TA2TA_MAX_DATA 256

#endif /* TA2TA_TEST_TA_H */
