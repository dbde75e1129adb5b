// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Everything the TA's user_ta_header_defines.h configures: the `ta_head` record the loader
 * reads, the heap array, and the property table. This is the only SDK file that includes
 * the TA's defines; the rest of the SDK reads the results (ta_head.flags, ta_heap_size).
 * Facts: reference/optee-abi.md §4.1-§4.3, reference/ta-binaries.md.
 */
#include <compiler.h>
#include <stdbool.h>
#include <stdint.h>
#include <tee_api_types.h>
#include <user_ta_header.h>

#include <user_ta_header_defines.h>

#ifndef TA_UUID
#error "user_ta_header_defines.h must define TA_UUID as a TEE_UUID initializer"
#endif
#ifndef TA_FLAGS
#error "user_ta_header_defines.h must define TA_FLAGS"
#endif
#ifndef TA_STACK_SIZE
#error "user_ta_header_defines.h must define TA_STACK_SIZE"
#endif
#ifndef TA_DATA_SIZE
#error "user_ta_header_defines.h must define TA_DATA_SIZE"
#endif
#ifndef TA_VERSION
#define TA_VERSION "Undefined version"
#endif
#ifndef TA_DESCRIPTION
#define TA_DESCRIPTION "Undefined description"
#endif

/* TA_FLAGS may be written without parentheses ("A | B"); use it through this constant. */
enum { SWEMU_TA_FLAGS = (TA_FLAGS) };

/* The loader rejects these (optee-abi.md §4.1, §4.2); fail at build time instead. */
_Static_assert((SWEMU_TA_FLAGS & ~TA_FLAGS_MASK) == 0, "TA_FLAGS has bits outside TA_FLAGS_MASK");
_Static_assert((SWEMU_TA_FLAGS & TA_FLAG_CONCURRENT) == 0, "TA_FLAG_CONCURRENT is for pseudo-TAs");
_Static_assert((TA_STACK_SIZE) > 0 && (TA_STACK_SIZE) % 16 == 0,
               "TA_STACK_SIZE must be a positive multiple of 16");

__swemu_export const struct ta_head ta_head __attribute__((section(".ta_head"))) = {
    .uuid = TA_UUID,
    .stack_size = (TA_STACK_SIZE) + TA_FRAMEWORK_STACK_SIZE,
    .flags = SWEMU_TA_FLAGS,
    .depr_entry = UINT64_MAX,
};

/* The built-in heap (in .bss, so it costs no file space). */
uint8_t ta_heap[TA_DATA_SIZE] __attribute__((aligned(16)));
const size_t ta_heap_size = sizeof(ta_heap);

/* Written by the runtime, read once by the allocator before the first allocation. */
__swemu_export struct swemu_heap_region swemu_heap_override;

/* Left zero unless the loader lists the loaded modules here (optee-abi.md §4.9). */
__swemu_export struct ta_elf_phdr_info __elf_phdr_info;

/* Property values; the table below points at them. */
static const bool prop_single_instance = (SWEMU_TA_FLAGS & TA_FLAG_SINGLE_INSTANCE) != 0;
static const bool prop_multi_session = (SWEMU_TA_FLAGS & TA_FLAG_MULTI_SESSION) != 0;
static const bool prop_keep_alive = (SWEMU_TA_FLAGS & TA_FLAG_INSTANCE_KEEP_ALIVE) != 0;
static const bool prop_keep_crashed = (SWEMU_TA_FLAGS & TA_FLAG_INSTANCE_KEEP_CRASHED) != 0;
static const bool prop_no_close_on_corrupt =
    (SWEMU_TA_FLAGS & TA_FLAG_DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT) != 0;
static const uint32_t prop_data_size = (TA_DATA_SIZE);
static const uint32_t prop_stack_size = (TA_STACK_SIZE); /* without the framework margin */
static const uint32_t prop_endian = 0;                   /* little endian */

/* The current TA's own properties (GP gpd.ta.*), then the TA's extensions if any. */
__swemu_export const struct user_ta_property ta_props[] = {
    {TA_PROP_STR_SINGLE_INSTANCE, USER_TA_PROP_TYPE_BOOL, &prop_single_instance},
    {TA_PROP_STR_MULTI_SESSION, USER_TA_PROP_TYPE_BOOL, &prop_multi_session},
    {TA_PROP_STR_KEEP_ALIVE, USER_TA_PROP_TYPE_BOOL, &prop_keep_alive},
    {TA_PROP_STR_KEEP_CRASHED, USER_TA_PROP_TYPE_BOOL, &prop_keep_crashed},
    {TA_PROP_STR_DATA_SIZE, USER_TA_PROP_TYPE_U32, &prop_data_size},
    {TA_PROP_STR_STACK_SIZE, USER_TA_PROP_TYPE_U32, &prop_stack_size},
    {TA_PROP_STR_VERSION, USER_TA_PROP_TYPE_STRING, TA_VERSION},
    {TA_PROP_STR_DESCRIPTION, USER_TA_PROP_TYPE_STRING, TA_DESCRIPTION},
    {TA_PROP_STR_ENDIAN, USER_TA_PROP_TYPE_U32, &prop_endian},
    {TA_PROP_STR_DOES_NOT_CLOSE_HANDLE_ON_CORRUPT_OBJECT, USER_TA_PROP_TYPE_BOOL,
     &prop_no_close_on_corrupt},
#ifdef TA_CURRENT_TA_EXT_PROPERTIES
    TA_CURRENT_TA_EXT_PROPERTIES
#endif
};

__swemu_export const size_t ta_num_props = sizeof(ta_props) / sizeof(ta_props[0]);
