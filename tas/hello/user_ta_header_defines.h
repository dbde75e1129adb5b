/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Build-time configuration of the hello TA (read by ta_sdk/src/user_ta_header.c).
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <hello_ta.h>

#define TA_UUID HELLO_TA_UUID
/* No flags: every session gets a fresh instance. */
#define TA_FLAGS 0
#define TA_STACK_SIZE (2 * 1024)
#define TA_DATA_SIZE (32 * 1024)

#define TA_VERSION "1.0"
#define TA_DESCRIPTION "swemu hello TA: one instance per session"

#endif /* USER_TA_HEADER_DEFINES_H */
