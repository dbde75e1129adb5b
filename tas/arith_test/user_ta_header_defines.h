/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Build-time configuration of the arith_test TA (AArch64 build,
 * 45dff642-9e51-452d-aa11-de427f37454d).
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <arith_test_ta.h>

#define TA_UUID ARITH_TEST_TA_UUID
#define TA_FLAGS 0
#define TA_STACK_SIZE (4 * 1024)
#define TA_DATA_SIZE (256 * 1024)

#define TA_VERSION "1.0"
#define TA_DESCRIPTION "swemu GP Arithmetical API test TA (AArch64)"

#endif /* USER_TA_HEADER_DEFINES_H */
