/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Build-time configuration of the crypto_bench TA.
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <crypto_bench_ta.h>

#define TA_UUID CRYPTO_BENCH_TA_UUID
#define TA_FLAGS 0
#define TA_STACK_SIZE (8 * 1024)
#define TA_DATA_SIZE (64 * 1024)

#define TA_VERSION "1.0"
#define TA_DESCRIPTION "swemu crypto benchmark TA"

#endif /* USER_TA_HEADER_DEFINES_H */
