// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The modules_test TA shared library: exported data, a constructor, and thread-local
 * storage reached through the dynamic TLS relocations a shared object uses (TLS
 * descriptors on AArch64, __tls_get_addr on AArch32).
 */
#include "modules_lib.h"

MODULES_LIB_API uint32_t modules_lib_factor = 7;

static int ready;
static _Thread_local uint32_t calls = 100;

__attribute__((constructor)) static void modules_lib_init(void) {
  modules_lib_factor = 9;
  ready = 1;
}

MODULES_LIB_API int modules_lib_ready(void) {
  return ready;
}

MODULES_LIB_API uint32_t modules_lib_mix(uint32_t a, uint32_t b) {
  calls++;
  return a * modules_lib_factor + b;
}

MODULES_LIB_API uint32_t modules_lib_calls(void) {
  return calls;
}
