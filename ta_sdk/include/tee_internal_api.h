/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The one header a TA includes: GP TEE Internal Core API constants, types and functions,
 * the entry point prototypes, and the logging macros.
 */
#ifndef TEE_INTERNAL_API_H
#define TEE_INTERNAL_API_H

#include <compiler.h>
#include <tee_api.h>
#include <tee_api_defines.h>
#include <tee_api_types.h>
#include <tee_arith_internal.h>
#include <tee_ta_api.h>
#include <trace.h>

#endif /* TEE_INTERNAL_API_H */
