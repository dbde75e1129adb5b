/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Build-time configuration of the storage_test TA (AArch64 build,
 * 5d0c3a1e-7b42-4f19-9e61-2c8d40b71355). One instance per session, so the object slots
 * are per session. The data size holds a private copy of a program carrying a 1 MiB+
 * payload and a READ buffer of 1 MiB+ at the same time; the stack holds a 1 KiB result
 * buffer and a few GP structs.
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <storage_test_ta.h>

#define TA_UUID STORAGE_TEST_TA_UUID
#define TA_FLAGS 0
#define TA_STACK_SIZE (16 * 1024)
#define TA_DATA_SIZE (4 * 1024 * 1024)

#define TA_VERSION "1.0"
#define TA_DESCRIPTION "swemu GP Trusted Storage API test TA (AArch64)"

#endif /* USER_TA_HEADER_DEFINES_H */
