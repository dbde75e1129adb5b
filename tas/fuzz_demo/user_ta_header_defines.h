/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Build-time configuration of the fuzz_demo TA (read by ta_sdk/src/user_ta_header.c).
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <fuzz_demo_ta.h>

#define TA_UUID FUZZ_DEMO_TA_UUID
/* No flags: every session gets a fresh instance. */
#define TA_FLAGS 0
/* Small stack and heap: a fuzzer snapshots and restores every writable byte per input. */
#define TA_STACK_SIZE (8 * 1024)
#define TA_DATA_SIZE (32 * 1024)

#define TA_VERSION "1.0"
#define TA_DESCRIPTION "swemu fuzz_demo TA: deliberately vulnerable, for fuzzing demos"

#endif /* USER_TA_HEADER_DEFINES_H */
