/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The binary contract between a TA and the trusted OS: the `ta_head` record, the TA flags,
 * the parameter block the OS passes to __ta_entry, and the TA-side property table.
 * Facts: reference/optee-abi.md §4.1-§4.5, reference/ta-binaries.md.
 */
#ifndef USER_TA_HEADER_H
#define USER_TA_HEADER_H

#include <tee_api_types.h>

/* TA_FLAG_* (§4.2). The deprecated flags are kept as 0 so old TAs still compile. */
#define TA_FLAG_USER_MODE 0U
#define TA_FLAG_EXEC_DDR 0U
#define TA_FLAG_SINGLE_INSTANCE (1U << 2)
#define TA_FLAG_MULTI_SESSION (1U << 3)
#define TA_FLAG_INSTANCE_KEEP_ALIVE (1U << 4)
#define TA_FLAG_SECURE_DATA_PATH (1U << 5)
#define TA_FLAG_REMAP_SUPPORT 0U
#define TA_FLAG_CACHE_MAINTENANCE (1U << 7)
#define TA_FLAG_CONCURRENT (1U << 8)
#define TA_FLAG_DEVICE_ENUM (1U << 9)
#define TA_FLAG_DEVICE_ENUM_SUPP (1U << 10)
#define TA_FLAG_DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT (1U << 11)
#define TA_FLAG_DEVICE_ENUM_TEE_STORAGE_PRIVATE (1U << 12)
#define TA_FLAG_INSTANCE_KEEP_CRASHED (1U << 13)
#define TA_FLAGS_MASK 0x00003FFFU

/* Extra stack the framework adds on top of the TA's TA_STACK_SIZE (§4.1). */
#define TA_FRAMEWORK_STACK_SIZE 2048

/* Lives in section .ta_head; the loader finds it through the `ta_head` dynamic symbol. */
struct ta_head {
  TEE_UUID uuid;
  uint32_t stack_size;
  uint32_t flags;
  uint64_t depr_entry; /* UINT64_MAX: enter at the ELF entry point */
};

/* First argument of __ta_entry (§4.4). */
enum utee_entry_func {
  UTEE_ENTRY_FUNC_OPEN_SESSION = 0,
  UTEE_ENTRY_FUNC_CLOSE_SESSION = 1,
  UTEE_ENTRY_FUNC_INVOKE_COMMAND = 2,
  UTEE_ENTRY_FUNC_DUMP_MEMSTATS = 3,
};

/*
 * Parameters as the OS passes them (§4.5): 72 bytes, the same on every ABI. For parameter
 * n, vals[2n] is value.a or the memref's address, vals[2n + 1] value.b or the memref size.
 */
struct utee_params {
  uint64_t types;
  uint64_t vals[TEE_NUM_PARAMS * 2];
};

/* Fixed-width attribute record used by the crypto syscalls (§4.6). */
struct utee_attribute {
  uint64_t a;
  uint64_t b;
  uint32_t attribute_id;
  uint32_t reserved;
};

/* Object information as the OS reports it (§4.6). */
struct utee_object_info {
  uint32_t obj_type;
  uint32_t obj_size;
  uint32_t max_obj_size;
  uint32_t obj_usage;
  uint32_t data_size;
  uint32_t data_pos;
  uint32_t handle_flags;
};

/* TA properties (§4.3): served inside the TA from `ta_props`, never read by the OS. */
enum user_ta_prop_type {
  USER_TA_PROP_TYPE_BOOL = 0,
  USER_TA_PROP_TYPE_U32 = 1,
  USER_TA_PROP_TYPE_UUID = 2,
  USER_TA_PROP_TYPE_IDENTITY = 3,
  USER_TA_PROP_TYPE_STRING = 4,
  USER_TA_PROP_TYPE_BINARY_BLOCK = 5,
  USER_TA_PROP_TYPE_U64 = 6,
  USER_TA_PROP_TYPE_INVALID = 7,
};

struct user_ta_property {
  const char* name;
  enum user_ta_prop_type type;
  const void* value;
};

#define TA_PROP_STR_SINGLE_INSTANCE "gpd.ta.singleInstance"
#define TA_PROP_STR_MULTI_SESSION "gpd.ta.multiSession"
#define TA_PROP_STR_KEEP_ALIVE "gpd.ta.instanceKeepAlive"
#define TA_PROP_STR_KEEP_CRASHED "optee.ta.instanceKeepCrashed"
#define TA_PROP_STR_DATA_SIZE "gpd.ta.dataSize"
#define TA_PROP_STR_STACK_SIZE "gpd.ta.stackSize"
#define TA_PROP_STR_VERSION "gpd.ta.version"
#define TA_PROP_STR_DESCRIPTION "gpd.ta.description"
#define TA_PROP_STR_ENDIAN "gpd.ta.endian"
#define TA_PROP_STR_DOES_NOT_CLOSE_HANDLE_ON_CORRUPT_OBJECT                                        \
  "gpd.ta.doesNotCloseHandleOnCorruptObject"

extern const struct user_ta_property ta_props[];
extern const size_t ta_num_props;

/*
 * `__elf_phdr_info` (§4.9): filled by a loader that lists the loaded modules (an array of
 * struct dl_phdr_info, see <link.h>); left zero (count 0) by a loader that does not. The
 * SDK sets up TLS and runs constructors from it (ta_modules.c).
 */
struct ta_elf_phdr_info {
  uint32_t reserved;
  uint16_t count;
  uint8_t reserved2;
  char zero;
  void* dlpi;
};

extern struct ta_elf_phdr_info __elf_phdr_info;

/*
 * swemu extension. When the runtime writes a non-zero `va` here before the first entry,
 * the heap allocator uses [va, va + size) instead of the built-in `ta_heap` array.
 * Fixed-width fields so the layout is the same for 32- and 64-bit TAs (16 bytes).
 */
struct swemu_heap_region {
  uint64_t va;
  uint64_t size;
};

extern struct swemu_heap_region swemu_heap_override;

/* The built-in heap: TA_DATA_SIZE bytes in .bss. */
extern uint8_t ta_heap[];
extern const size_t ta_heap_size;

extern const struct ta_head ta_head;

#endif /* USER_TA_HEADER_H */
