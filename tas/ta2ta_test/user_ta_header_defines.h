/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Build-time configuration of ta2ta_test (AArch64). Single instance with several sessions,
 * so that opening a session to itself reaches the running instance (TEE_ERROR_BUSY).
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <ta2ta_test_ta.h>

#define TA_UUID TA2TA_TEST_TA_UUID
#define TA_FLAGS (TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION)
#define TA_STACK_SIZE (4 * 1024)
#define TA_DATA_SIZE (32 * 1024)

#define TA_VERSION "1.0"
#define TA_DESCRIPTION "swemu TA-to-TA test TA"

#endif /* USER_TA_HEADER_DEFINES_H */
