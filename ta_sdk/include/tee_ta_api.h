/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The five entry points every TA implements (GP TEE Internal Core API v1.3.1 §4.3).
 * The SDK's entry code (__ta_entry) calls them; the TA defines them.
 */
#ifndef TEE_TA_API_H
#define TEE_TA_API_H

#include <tee_api_types.h>

/* Called once per instance, before the first session is opened. */
TEE_Result TA_CreateEntryPoint(void);

/* Called once per instance, after its last session has closed (unless kept alive). */
void TA_DestroyEntryPoint(void);

/* `sess_ctx` is the TA's own per-session pointer, handed back on every later call. */
TEE_Result TA_OpenSessionEntryPoint(uint32_t paramTypes, TEE_Param params[TEE_NUM_PARAMS],
                                    void** sessionContext);

void TA_CloseSessionEntryPoint(void* sessionContext);

TEE_Result TA_InvokeCommandEntryPoint(void* sessionContext, uint32_t commandID, uint32_t paramTypes,
                                      TEE_Param params[TEE_NUM_PARAMS]);

#endif /* TEE_TA_API_H */
