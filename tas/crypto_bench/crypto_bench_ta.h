/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The crypto_bench TA's interface, shared with bench/crypto_bench.cpp: the operations the
 * crypto benchmarks time from inside a TA. Plain C, #defines only.
 */
#ifndef CRYPTO_BENCH_TA_H
#define CRYPTO_BENCH_TA_H

/* clang-format off */
#define CRYPTO_BENCH_TA_UUID_STR "4469b175-9e02-4951-98f9-b6200529daa9"
#define CRYPTO_BENCH_TA_UUID \
  { 0x4469b175, 0x9e02, 0x4951, { 0x98, 0xf9, 0xb6, 0x20, 0x05, 0x29, 0xda, 0xa9 } }
/* clang-format on */

/*
 * Opening a session generates the session's keys: an RSA-2048 key pair (public exponent
 * 65537), an ECDSA P-256 key pair and a 128-bit AES key.
 */

/* p0 MEMREF_INPUT data, p1 MEMREF_OUTPUT (32 bytes): SHA-256 of p0 in one call. */
#define CRYPTO_BENCH_CMD_SHA256 0
/*
 * p0 MEMREF_INPUT plaintext, p1 MEMREF_OUTPUT ciphertext (p0's size), p2 MEMREF_OUTPUT tag
 * (16 bytes): AES-128-GCM with a 12-byte nonce, no AAD, in one TEE_AEEncryptFinal call.
 */
#define CRYPTO_BENCH_CMD_AES_GCM_ENCRYPT 1
/* p0 MEMREF_INPUT digest (32 bytes), p1 MEMREF_OUTPUT (256 bytes): RSASSA-PKCS1-v1_5 SHA-256. */
#define CRYPTO_BENCH_CMD_RSA2048_SIGN 2
/* p0 MEMREF_INPUT digest (32 bytes), p1 MEMREF_OUTPUT (64 bytes): ECDSA P-256 (r || s). */
#define CRYPTO_BENCH_CMD_ECDSA_P256_SIGN 3

#endif /* CRYPTO_BENCH_TA_H */
