/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The fuzz_demo TA's interface, shared by the TA and the host tests. Plain C, #defines only.
 *
 * fuzz_demo is deliberately vulnerable: each command does something plausible, and each
 * hides one classic bug that a fuzzer should find (`swemu fuzz`) and that swemu reports
 * as a dead TA (TEE_ERROR_TARGET_DEAD). Never model real code on it.
 */
#ifndef FUZZ_DEMO_TA_H
#define FUZZ_DEMO_TA_H

/* clang-format off */
/* 67f4344b-9b10-4284-953b-482b2e92da0d: one instance per session. */
#define FUZZ_DEMO_TA_UUID_STR "67f4344b-9b10-4284-953b-482b2e92da0d"
#define FUZZ_DEMO_TA_UUID \
  { 0x67f4344b, 0x9b10, 0x4284, { 0x95, 0x3b, 0x48, 0x2b, 0x2e, 0x92, 0xda, 0x0d } }
/* clang-format on */

/*
 * Commands. Parameters are listed p0..p3; unlisted ones must be NONE. Wrong parameter
 * types give TEE_ERROR_BAD_PARAMETERS.
 */

/*
 * p0 MEMREF_INPUT: a record "FUZZ" <len:u8> <len bytes of name>; p1 VALUE_OUTPUT:
 * a = len, b = the sum of the name's bytes. TEE_ERROR_BAD_FORMAT without the magic or
 * when the record is shorter than len says.
 * Bug: the name is copied into a 32-byte stack buffer and len is only checked against
 * the input, so len > 32 overflows the stack (the canary catches it: the TA panics).
 */
#define FUZZ_DEMO_CMD_PARSE 0
/*
 * p0 MEMREF_INPUT: a label, copied into a 32-byte heap buffer as a NUL-terminated
 * string; p1 VALUE_OUTPUT: a = strlen(label), b = a checksum of it.
 * TEE_ERROR_SHORT_BUFFER if the label is longer than 32 bytes.
 * Bug: the check forgets the terminator, so a label of exactly 32 bytes writes its NUL
 * one byte past the buffer, onto the header of the next heap block; freeing that block
 * panics the TA (the SDK allocator checks every header it frees).
 */
#define FUZZ_DEMO_CMD_COPY 1
/*
 * p0 VALUE_INPUT: a = index into a table of FUZZ_DEMO_TABLE_SIZE entries; p1 VALUE_OUTPUT:
 * a = the entry. TEE_ERROR_BAD_PARAMETERS if the index is too large.
 * Bug: the index is checked as a signed number, so a >= 0x80000000 (negative) passes and
 * reads gigabytes before the table: a data abort on unmapped memory.
 */
#define FUZZ_DEMO_CMD_LOOKUP 2
/*
 * p0 VALUE_INPUT: a = key to look up in a small registry (keys 1, 2, 3, 0x1337); p1
 * VALUE_OUTPUT: a = the registered value. TEE_ERROR_ITEM_NOT_FOUND for an unknown key.
 * With a == 0x1337 and b's high half FUZZ_DEMO_ALIAS_TAG, b's low half is looked up
 * instead ("alias" mode).
 * Bug: alias mode forgets the not-found check: an alias to an unknown key dereferences
 * NULL (a data abort at a low address).
 */
#define FUZZ_DEMO_CMD_RARE 3

#define FUZZ_DEMO_MAGIC "FUZZ"
#define FUZZ_DEMO_NAME_SIZE 32
#define FUZZ_DEMO_LABEL_SIZE 32
#define FUZZ_DEMO_TABLE_SIZE 16
#define FUZZ_DEMO_RARE_KEY 0x1337
#define FUZZ_DEMO_ALIAS_TAG 0xC0DE

#endif /* FUZZ_DEMO_TA_H */
