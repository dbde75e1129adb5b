/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The hello TA's interface, shared by the TA and the host tests. Plain C, #defines only.
 */
#ifndef HELLO_TA_H
#define HELLO_TA_H

/* clang-format off */
/* 8296e59f-0c73-418b-8e62-20011adec8d6: one instance per session. */
#define HELLO_TA_UUID_STR "8296e59f-0c73-418b-8e62-20011adec8d6"
#define HELLO_TA_UUID \
  { 0x8296e59f, 0x0c73, 0x418b, { 0x8e, 0x62, 0x20, 0x01, 0x1a, 0xde, 0xc8, 0xd6 } }

/* b915eda8-f1af-41a4-8b54-57e0bfa8e9f5: the same code as a single-instance TA. */
#define HELLO_SINGLE_TA_UUID_STR "b915eda8-f1af-41a4-8b54-57e0bfa8e9f5"
#define HELLO_SINGLE_TA_UUID \
  { 0xb915eda8, 0xf1af, 0x41a4, { 0x8b, 0x54, 0x57, 0xe0, 0xbf, 0xa8, 0xe9, 0xf5 } }
/* clang-format on */

/* Commands. Parameters are listed p0..p3; unlisted ones must be NONE. */

/* p0 VALUE_INOUT: a += 1. */
#define HELLO_CMD_INC_VALUE 0
/* p0 MEMREF_INOUT: reverses the bytes in place. */
#define HELLO_CMD_REVERSE 1
/*
 * p0 MEMREF_INPUT, p1 MEMREF_OUTPUT: copies p0 into p1 and sets p1's size to p0's.
 * TEE_ERROR_SHORT_BUFFER (with p1's size set to the size needed) if p1 is too small.
 */
#define HELLO_CMD_COPY 2
/* Panics with HELLO_PANIC_CODE, or with p0.a if p0 is VALUE_INPUT. */
#define HELLO_CMD_PANIC 3
/* Stores to address HELLO_UNMAPPED_ADDR (data abort). */
#define HELLO_CMD_FAULT_UNMAPPED 4
/* Stores into the TA's own code (permission fault on a read-only page). */
#define HELLO_CMD_FAULT_WRITE_CODE 5
/* Branches to an instruction in .data (permission fault on a non-executable page). */
#define HELLO_CMD_FAULT_EXEC_DATA 6
/* Executes `udf #0` (undefined instruction). */
#define HELLO_CMD_FAULT_UNDEF 7
/*
 * p0 VALUE_OUTPUT: exercises TEE_Malloc/Realloc/Free/MemFill/MemCompare/MemMove.
 * TEE_SUCCESS with a = HELLO_HEAP_CHECKS if every check holds, else TEE_ERROR_GENERIC
 * with a = the number of checks that passed before the first failure.
 */
#define HELLO_CMD_HEAP 8
/* p0 VALUE_INPUT: logs (IMSG) "hello from the secure world: a=<p0.a>". */
#define HELLO_CMD_LOG 9
/* p0 VALUE_INOUT: a = a * 1.5 computed in double precision (saturates at 0xFFFFFFFF). */
#define HELLO_CMD_FP 10
/*
 * p0 VALUE_OUTPUT: a = invokes this instance has served (this one included),
 * b = sessions currently open on this instance.
 */
#define HELLO_CMD_SESSION_COUNT 11
/* Never returns: spins until the secure world's time limit stops it. */
#define HELLO_CMD_SPIN 12

#define HELLO_PANIC_CODE 0xBADC0DE
#define HELLO_UNMAPPED_ADDR 0x10
#define HELLO_HEAP_CHECKS 14
/* Part of every HELLO_CMD_LOG line. */
#define HELLO_LOG_TEXT "hello from the secure world"

#endif /* HELLO_TA_H */
