/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Build-time configuration of the crypto_test TA (AArch64 build,
 * 46005c9d-c10d-4a2f-aba6-b18a15e35662).
 * The data size leaves room for request and output copies of up to 64 KiB each plus the
 * SDK's operation state; the stack holds a few GP structs and a tag buffer.
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <crypto_test_ta.h>

#define TA_UUID CRYPTO_TEST_TA_UUID
#define TA_FLAGS 0
#define TA_STACK_SIZE (16 * 1024)
#define TA_DATA_SIZE (1024 * 1024)

#define TA_VERSION "1.0"
#define TA_DESCRIPTION "swemu GP cryptographic API test TA (AArch64)"

#endif /* USER_TA_HEADER_DEFINES_H */
