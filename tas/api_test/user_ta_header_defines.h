/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Build-time configuration of the api_test TA (read by ta_sdk/src/user_ta_header.c),
 * including one custom property of every type and string properties in each GP syntax.
 */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <api_test_ta.h>

#define TA_UUID API_TEST_TA_UUID
/* One instance per session; cache maintenance allowed (TEE_Cache*). */
#define TA_FLAGS TA_FLAG_CACHE_MAINTENANCE
#define TA_STACK_SIZE API_TEST_STACK_SIZE
#define TA_DATA_SIZE API_TEST_DATA_SIZE

#define TA_VERSION API_TEST_VERSION
#define TA_DESCRIPTION API_TEST_DESCRIPTION

/* clang-format off */
#define TA_CURRENT_TA_EXT_PROPERTIES \
  { "org.swemu.test.bool", USER_TA_PROP_TYPE_BOOL, &(const bool){ true } }, \
  { "org.swemu.test.u32", USER_TA_PROP_TYPE_U32, &(const uint32_t){ API_TEST_PROP_U32_VALUE } }, \
  { "org.swemu.test.u64", USER_TA_PROP_TYPE_U64, &(const uint64_t){ API_TEST_PROP_U64_VALUE } }, \
  { "org.swemu.test.uuid", USER_TA_PROP_TYPE_UUID, \
    &(const TEE_UUID){ 0x0f1e2d3c, 0x4b5a, 0x6978, { 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0 } } }, \
  { "org.swemu.test.identity", USER_TA_PROP_TYPE_IDENTITY, \
    &(const TEE_Identity){ API_TEST_PROP_IDENTITY_LOGIN, \
      { 0x0f1e2d3c, 0x4b5a, 0x6978, { 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0 } } } }, \
  { "org.swemu.test.string", USER_TA_PROP_TYPE_STRING, API_TEST_PROP_STRING_VALUE }, \
  { "org.swemu.test.binary", USER_TA_PROP_TYPE_BINARY_BLOCK, API_TEST_PROP_BINARY_BASE64 }, \
  { "org.swemu.test.str_true", USER_TA_PROP_TYPE_STRING, "TRUE" }, \
  { "org.swemu.test.str_false", USER_TA_PROP_TYPE_STRING, "false" }, \
  { "org.swemu.test.str_dec", USER_TA_PROP_TYPE_STRING, "1_000_000" }, \
  { "org.swemu.test.str_kilo", USER_TA_PROP_TYPE_STRING, "4K" }, \
  { "org.swemu.test.str_mega", USER_TA_PROP_TYPE_STRING, "2M" }, \
  { "org.swemu.test.str_hex", USER_TA_PROP_TYPE_STRING, "0xBeef" }, \
  { "org.swemu.test.str_bin", USER_TA_PROP_TYPE_STRING, "0b100_0000_0000" }, \
  { "org.swemu.test.str_big", USER_TA_PROP_TYPE_STRING, "0x1_0000_0000" }, \
  { "org.swemu.test.str_uuid", USER_TA_PROP_TYPE_STRING, API_TEST_PROP_UUID_TEXT }, \
  { "org.swemu.test.str_identity", USER_TA_PROP_TYPE_STRING, "4:" API_TEST_PROP_UUID_TEXT }, \
  { "org.swemu.test.str_base64", USER_TA_PROP_TYPE_STRING, "aGk=" }, \
  { "org.swemu.test.str_junk", USER_TA_PROP_TYPE_STRING, "12 monkeys" }
/* clang-format on */

#endif /* USER_TA_HEADER_DEFINES_H */
