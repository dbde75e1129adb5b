/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Build-time configuration of hello_single: the hello TA's code as one shared instance.
 * Without TA_FLAG_MULTI_SESSION the secure world answers a second concurrent open with
 * TEE_ERROR_BUSY.
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <hello_ta.h>

#define TA_UUID HELLO_SINGLE_TA_UUID
#define TA_FLAGS TA_FLAG_SINGLE_INSTANCE
#define TA_STACK_SIZE (2 * 1024)
#define TA_DATA_SIZE (32 * 1024)

#define TA_VERSION "1.0"
#define TA_DESCRIPTION "swemu hello TA: single instance"

#endif /* USER_TA_HEADER_DEFINES_H */
