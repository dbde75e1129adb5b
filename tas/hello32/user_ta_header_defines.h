/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Build-time configuration of hello32: the hello TA's code built for AArch32 (Thumb-2,
 * hard-float), one instance per session like `hello`. Only the UUID differs.
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <hello_ta.h>

/* 6a4e1f0c-1d2b-4c8e-9a57-3f1e2d3c4b5a */
/* clang-format off */
#define TA_UUID \
  { 0x6a4e1f0c, 0x1d2b, 0x4c8e, { 0x9a, 0x57, 0x3f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a } }
/* clang-format on */
/* No flags: every session gets a fresh instance. */
#define TA_FLAGS 0
#define TA_STACK_SIZE (2 * 1024)
#define TA_DATA_SIZE (32 * 1024)

#define TA_VERSION "1.0"
#define TA_DESCRIPTION "swemu hello TA (AArch32): one instance per session"

#endif /* USER_TA_HEADER_DEFINES_H */
