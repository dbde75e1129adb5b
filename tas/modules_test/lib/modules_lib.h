/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * What the modules_test TA shared library exports.
 */
#ifndef MODULES_LIB_H
#define MODULES_LIB_H

#include <stdint.h>

#define MODULES_LIB_API __attribute__((visibility("default")))

/* 7 at build time; the library's constructor makes it 9. */
extern MODULES_LIB_API uint32_t modules_lib_factor;

/* 1 once the library's constructor ran. */
MODULES_LIB_API int modules_lib_ready(void);
/* a * modules_lib_factor + b; counts the calls in a thread-local variable. */
MODULES_LIB_API uint32_t modules_lib_mix(uint32_t a, uint32_t b);
MODULES_LIB_API uint32_t modules_lib_calls(void);

#endif /* MODULES_LIB_H */
