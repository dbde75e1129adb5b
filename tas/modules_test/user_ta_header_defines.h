/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Build-time configuration of the modules_test TA (AArch64, or AArch32 with
 * MODULES_TEST_BUILD32).
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <modules_test_ta.h>

#ifdef MODULES_TEST_BUILD32
#define TA_UUID MODULES_TEST32_UUID
#else
#define TA_UUID MODULES_TEST_UUID
#endif
#define TA_FLAGS 0
#define TA_STACK_SIZE (4 * 1024)
#define TA_DATA_SIZE (32 * 1024)

#define TA_VERSION "1.0"
#define TA_DESCRIPTION "swemu modules_test TA: constructors, TLS, a TA shared library"

#endif /* USER_TA_HEADER_DEFINES_H */
