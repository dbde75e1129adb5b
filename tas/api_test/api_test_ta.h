/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The api_test TA's interface, shared by the TA and the host tests: properties, memory
 * access rights, time, cancellation and instance data through the GP Internal Core API.
 * Plain C, #defines only.
 */
#ifndef API_TEST_TA_H
#define API_TEST_TA_H

/* The same source is built as api_test (AArch64) and api_test32 (AArch32, with
 * API_TEST_BUILD32 defined); each build has its own UUID. */
/* clang-format off */
#define API_TEST64_TA_UUID_STR "32b9de5a-f118-4231-beda-b0fe866fa18a"
#define API_TEST64_TA_UUID \
  { 0x32b9de5a, 0xf118, 0x4231, { 0xbe, 0xda, 0xb0, 0xfe, 0x86, 0x6f, 0xa1, 0x8a } }
#define API_TEST32_TA_UUID_STR "2874d2e3-c2e8-4442-9d5a-635105aa643f"
#define API_TEST32_TA_UUID \
  { 0x2874d2e3, 0xc2e8, 0x4442, { 0x9d, 0x5a, 0x63, 0x51, 0x05, 0xaa, 0x64, 0x3f } }
/* clang-format on */
#ifdef API_TEST_BUILD32
#define API_TEST_TA_UUID_STR API_TEST32_TA_UUID_STR
#define API_TEST_TA_UUID API_TEST32_TA_UUID
#else
#define API_TEST_TA_UUID_STR API_TEST64_TA_UUID_STR
#define API_TEST_TA_UUID API_TEST64_TA_UUID
#endif

#define API_TEST_STACK_SIZE (4 * 1024)
#define API_TEST_DATA_SIZE (48 * 1024)
#define API_TEST_VERSION "2.5"
#define API_TEST_DESCRIPTION "swemu api_test TA"

/*
 * Commands. Parameters are listed p0..p3; unlisted ones must be NONE. Unless said
 * otherwise the command's result is the result of the GP function it exercises.
 */

/*
 * Property getters. p0 VALUE_INPUT: a = a property set pseudo-handle (0xFFFFFFFD TEE
 * implementation, 0xFFFFFFFE client, 0xFFFFFFFF TA), or API_TEST_USE_ENUMERATOR for the
 * session's enumerator (see API_TEST_CMD_ENUM_SEEK); any other value is passed on as a
 * handle (and panics the TA). p1 MEMREF_INPUT: the property name (no NUL needed; empty
 * means NULL). p2 as listed.
 */
#define API_TEST_USE_ENUMERATOR 0
/* p2 MEMREF_OUTPUT: the string with its NUL; size = the size reported (also on SHORT_BUFFER). */
#define API_TEST_CMD_GET_STRING 0
/* p2 VALUE_OUTPUT: a = 0 or 1. */
#define API_TEST_CMD_GET_BOOL 1
/* p2 VALUE_OUTPUT: a. */
#define API_TEST_CMD_GET_U32 2
/* p2 VALUE_OUTPUT: a = low 32 bits, b = high 32 bits. */
#define API_TEST_CMD_GET_U64 3
/* p2 MEMREF_OUTPUT: the bytes; size = the size reported (also on SHORT_BUFFER). */
#define API_TEST_CMD_GET_BINARY 4
/* p2 MEMREF_OUTPUT (16 bytes): the TEE_UUID struct. */
#define API_TEST_CMD_GET_UUID 5
/* p2 MEMREF_OUTPUT (20 bytes): the TEE_Identity struct. */
#define API_TEST_CMD_GET_IDENTITY 6
/*
 * Walks a set with a fresh enumerator. p0 VALUE_INPUT: a = the set. p1 MEMREF_OUTPUT:
 * every name followed by '\n' (truncated if it does not fit). p2 VALUE_OUTPUT: a = the
 * number of properties, b = how many of them TEE_GetPropertyAsString read through the
 * enumerator. TEE_ERROR_GENERIC if a step fails unexpectedly.
 */
#define API_TEST_CMD_ENUMERATE 7
/*
 * Moves the session's enumerator. p0 VALUE_INPUT: a = a set, or 0 to reset it.
 * p1 MEMREF_INPUT: the name to stop at. TEE_ERROR_ITEM_NOT_FOUND if the set lacks it
 * (the enumerator is then past the end).
 */
#define API_TEST_CMD_ENUM_SEEK 8

/*
 * TEE_CheckMemoryAccessRights and TEE_Cache* on the TA's code, read-only data, data,
 * stack, heap and parameters. p0 MEMREF_INOUT: any client buffer of at least 16 bytes.
 * p1 VALUE_OUTPUT: a = checks passed; b = the result of the first failing check.
 * TEE_SUCCESS if all pass, else TEE_ERROR_GENERIC.
 */
#define API_TEST_CMD_ACCESS_RIGHTS 9
/*
 * Raw syscalls with bad arguments (bad property set, index, pointers into code or
 * unmapped memory or a parameter, bad time category, unnormalized time, deprecated SE
 * numbers). p0 MEMREF_INOUT: any client buffer of at least 16 bytes. p1 VALUE_OUTPUT as
 * for API_TEST_CMD_ACCESS_RIGHTS.
 */
#define API_TEST_CMD_SYSCALL_CHECKS 10

/*
 * p0 VALUE_INPUT: a = ms to wait between two readings of the system time.
 * p1, p2 VALUE_OUTPUT: (seconds, millis) before and after. Result: TEE_Wait's.
 */
#define API_TEST_CMD_SYSTEM_TIME 11
/* p0 VALUE_OUTPUT: (seconds, millis) of TEE_GetREETime. */
#define API_TEST_CMD_REE_TIME 12
/* p0 VALUE_INPUT: (seconds, millis) for TEE_SetTAPersistentTime. */
#define API_TEST_CMD_SET_TA_TIME 13
/* p0 VALUE_OUTPUT: (seconds, millis) of TEE_GetTAPersistentTime. */
#define API_TEST_CMD_GET_TA_TIME 14
/*
 * p0 VALUE_INPUT: a = TEE_Wait timeout in ms, b = 1 to unmask cancellation around the
 * wait (the previous mask is restored after). p1 VALUE_OUTPUT: a = ms the wait took by
 * the system time, b = TEE_GetCancellationFlag() right after the wait, before the mask
 * is restored.
 */
#define API_TEST_CMD_WAIT 15
/* p0 VALUE_INPUT: a = 1 to mask, 0 to unmask. p1 VALUE_OUTPUT: a = the previous mask. */
#define API_TEST_CMD_SET_MASK 16
/* p0 VALUE_OUTPUT: a = TEE_GetCancellationFlag() with the session's current mask. */
#define API_TEST_CMD_CANCEL_FLAG 17
/*
 * Waits with cancellation masked, 20 ms at a time, until a peek with cancellation unmasked
 * shows the flag; then checks that a masked TEE_Wait still runs to its end and an
 * unmasked one returns TEE_ERROR_CANCEL. Gives up after p0.a ms. p1 VALUE_OUTPUT: a =
 * masked waits done, b = 1 if the cancellation was seen. TEE_ERROR_GENERIC if a masked
 * wait was cut short or the unmasked one was not.
 */
#define API_TEST_CMD_MASKED_WAIT 18
/*
 * p0 VALUE_INOUT: a = value to keep as instance data. Out: a = the value kept before (0
 * if none), b = 1 if TEE_GetInstanceData() was NULL.
 */
#define API_TEST_CMD_INSTANCE_DATA 19
/*
 * p0 VALUE_INOUT: in a = N; calls TEE_GetCancellationFlag() N times (one syscall each);
 * out b = how many returned true. For benchmarking a syscall round trip.
 */
#define API_TEST_CMD_SYSCALL_LOOP 20

/* Custom properties of the TA (TA_CURRENT_TA_EXT_PROPERTIES in user_ta_header_defines.h). */
#define API_TEST_PROP_U32_VALUE 0xC0FFEEU
#define API_TEST_PROP_U64_VALUE 0x1122334455667788ULL
#define API_TEST_PROP_STRING_VALUE "hello properties"
#define API_TEST_PROP_BINARY_BASE64 "AAECAwT/" /* 00 01 02 03 04 ff */
#define API_TEST_PROP_UUID_TEXT "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
#define API_TEST_PROP_IDENTITY_LOGIN 0xF0000000U /* TEE_LOGIN_TRUSTED_APP */

#endif /* API_TEST_TA_H */
