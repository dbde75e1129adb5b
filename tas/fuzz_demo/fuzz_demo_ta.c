// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The fuzz_demo TA: four small commands, each with one deliberate memory-safety bug
 * (fuzz_demo_ta.h says which input triggers it). A target for `swemu fuzz` demos and the
 * crash-reporting tests; the bugs are written the way they appear in real TAs.
 */
#include <stdint.h>
#include <string.h>
#include <tee_internal_api.h>

#include "fuzz_demo_ta.h"

TEE_Result TA_CreateEntryPoint(void) {
  return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void) {}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param params[TEE_NUM_PARAMS],
                                    void** sess_ctx) {
  (void)param_types;
  (void)params;
  (void)sess_ctx;
  return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void* sess_ctx) {
  (void)sess_ctx;
}

#define PT(t0, t1, t2, t3)                                                                         \
  TEE_PARAM_TYPES(TEE_PARAM_TYPE_##t0, TEE_PARAM_TYPE_##t1, TEE_PARAM_TYPE_##t2,                   \
                  TEE_PARAM_TYPE_##t3)

/* --- FUZZ_DEMO_CMD_PARSE: stack buffer overflow ------------------------------------ */

#define MAGIC_SIZE (sizeof(FUZZ_DEMO_MAGIC) - 1)

/* Out of line so that the name buffer sits in its own frame, guarded by a canary. */
static __attribute__((noinline)) TEE_Result parse_record(const uint8_t* rec, size_t size,
                                                         uint32_t* len_out, uint32_t* sum_out) {
  char name[FUZZ_DEMO_NAME_SIZE];
  uint32_t sum = 0;
  size_t len;

  if (size < MAGIC_SIZE + 1 || memcmp(rec, FUZZ_DEMO_MAGIC, MAGIC_SIZE) != 0)
    return TEE_ERROR_BAD_FORMAT;
  len = rec[MAGIC_SIZE];
  /* BUG: checks the source only; len may exceed sizeof(name). */
  if (len > size - MAGIC_SIZE - 1)
    return TEE_ERROR_BAD_FORMAT;
  memcpy(name, rec + MAGIC_SIZE + 1, len);

  for (size_t i = 0; i < len && i < sizeof(name); i++)
    sum += (uint8_t)name[i];
  *len_out = (uint32_t)len;
  *sum_out = sum;
  return TEE_SUCCESS;
}

static TEE_Result cmd_parse(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  if (types != PT(MEMREF_INPUT, VALUE_OUTPUT, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  return parse_record(params[0].memref.buffer, params[0].memref.size, &params[1].value.a,
                      &params[1].value.b);
}

/* --- FUZZ_DEMO_CMD_COPY: heap off-by-one --------------------------------------------- */

struct label_stats {
  uint32_t length;
  uint32_t checksum;
};

static TEE_Result cmd_copy(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  const char* in = params[0].memref.buffer;
  size_t size = params[0].memref.size;
  struct label_stats* stats;
  char* label;

  if (types != PT(MEMREF_INPUT, VALUE_OUTPUT, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  /* BUG: leaves no room for the terminator; should be size >= FUZZ_DEMO_LABEL_SIZE. */
  if (size > FUZZ_DEMO_LABEL_SIZE)
    return TEE_ERROR_SHORT_BUFFER;

  /* Allocated back to back: the stats block's header follows the label's last byte. */
  label = TEE_Malloc(FUZZ_DEMO_LABEL_SIZE, TEE_MALLOC_FILL_ZERO);
  stats = TEE_Malloc(sizeof(*stats), TEE_MALLOC_FILL_ZERO);
  if (!label || !stats) {
    TEE_Free(stats);
    TEE_Free(label);
    return TEE_ERROR_OUT_OF_MEMORY;
  }
  if (size)
    memcpy(label, in, size);
  label[size] = '\0';

  stats->length = (uint32_t)strlen(label);
  for (uint32_t i = 0; i < stats->length; i++)
    stats->checksum = stats->checksum * 31 + (uint8_t)label[i];
  params[1].value.a = stats->length;
  params[1].value.b = stats->checksum;

  TEE_Free(stats); /* panics if the NUL landed on this block's header */
  TEE_Free(label);
  return TEE_SUCCESS;
}

/* --- FUZZ_DEMO_CMD_LOOKUP: signed index ---------------------------------------------- */

static const uint32_t primes[FUZZ_DEMO_TABLE_SIZE] = {2,  3,  5,  7,  11, 13, 17, 19,
                                                      23, 29, 31, 37, 41, 43, 47, 53};

static TEE_Result cmd_lookup(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  /* BUG: a signed index; the bound below lets every negative one through. */
  int32_t index = (int32_t)params[0].value.a;

  if (types != PT(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  if (index >= FUZZ_DEMO_TABLE_SIZE)
    return TEE_ERROR_BAD_PARAMETERS;
  params[1].value.a = *(const volatile uint32_t*)&primes[index];
  params[1].value.b = 0;
  return TEE_SUCCESS;
}

/* --- FUZZ_DEMO_CMD_RARE: NULL dereference on a rare path ----------------------------- */

struct registry_entry {
  uint32_t key;
  uint32_t value;
};

static const struct registry_entry registry[] = {
    {1, 0x100}, {2, 0x200}, {3, 0x300}, {FUZZ_DEMO_RARE_KEY, 0xBEEF}};

static __attribute__((noinline)) const struct registry_entry* find_entry(uint32_t key) {
  for (size_t i = 0; i < sizeof(registry) / sizeof(registry[0]); i++) {
    if (registry[i].key == key)
      return &registry[i];
  }
  return NULL;
}

static TEE_Result cmd_rare(uint32_t types, TEE_Param params[TEE_NUM_PARAMS]) {
  uint32_t a = params[0].value.a;
  uint32_t b = params[0].value.b;
  const volatile struct registry_entry* e;

  if (types != PT(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE))
    return TEE_ERROR_BAD_PARAMETERS;
  if (a == FUZZ_DEMO_RARE_KEY && (b >> 16) == FUZZ_DEMO_ALIAS_TAG) {
    /* BUG: alias mode forgets that the alias may not exist. */
    e = find_entry(b & 0xFFFF);
    params[1].value.a = e->value;
    params[1].value.b = 1;
    return TEE_SUCCESS;
  }
  e = find_entry(a);
  if (!e)
    return TEE_ERROR_ITEM_NOT_FOUND;
  params[1].value.a = e->value;
  params[1].value.b = 0;
  return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void* sess_ctx, uint32_t cmd_id, uint32_t param_types,
                                      TEE_Param params[TEE_NUM_PARAMS]) {
  (void)sess_ctx;

  switch (cmd_id) {
  case FUZZ_DEMO_CMD_PARSE:
    return cmd_parse(param_types, params);
  case FUZZ_DEMO_CMD_COPY:
    return cmd_copy(param_types, params);
  case FUZZ_DEMO_CMD_LOOKUP:
    return cmd_lookup(param_types, params);
  case FUZZ_DEMO_CMD_RARE:
    return cmd_rare(param_types, params);
  default:
    return TEE_ERROR_NOT_SUPPORTED;
  }
}
