/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The loaded-module list of a TA, with the names and layout of the System V <link.h>:
 * one struct dl_phdr_info per module (the TA first, then its shared libraries), as the
 * loader lists them in `__elf_phdr_info` (reference/optee-abi.md §4.9).
 */
#ifndef SWEMU_LINK_H
#define SWEMU_LINK_H

#include <stddef.h>
#include <stdint.h>

#if UINTPTR_MAX > 0xFFFFFFFFu
typedef uint64_t ElfW_Addr;
typedef uint64_t ElfW_Off;
typedef uint64_t ElfW_Xword;
typedef int64_t ElfW_Sxword;
typedef struct {
  uint32_t p_type;
  uint32_t p_flags;
  uint64_t p_offset;
  uint64_t p_vaddr;
  uint64_t p_paddr;
  uint64_t p_filesz;
  uint64_t p_memsz;
  uint64_t p_align;
} ElfW_Phdr;
typedef struct {
  int64_t d_tag;
  uint64_t d_val;
} ElfW_Dyn;
#else
typedef uint32_t ElfW_Addr;
typedef uint32_t ElfW_Off;
typedef uint32_t ElfW_Xword;
typedef int32_t ElfW_Sxword;
typedef struct {
  uint32_t p_type;
  uint32_t p_offset;
  uint32_t p_vaddr;
  uint32_t p_paddr;
  uint32_t p_filesz;
  uint32_t p_memsz;
  uint32_t p_flags;
  uint32_t p_align;
} ElfW_Phdr;
typedef struct {
  int32_t d_tag;
  uint32_t d_val;
} ElfW_Dyn;
#endif

/* ElfW(Phdr) spells the native-width type, as in glibc. */
#define ElfW(type) ElfW_##type

#ifndef PT_DYNAMIC
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_TLS 7
#endif
#ifndef DT_INIT_ARRAY
#define DT_NULL 0
#define DT_INIT_ARRAY 25
#define DT_FINI_ARRAY 26
#define DT_INIT_ARRAYSZ 27
#define DT_FINI_ARRAYSZ 28
#endif

struct dl_phdr_info {
  ElfW(Addr) dlpi_addr;         /* load base */
  const char* dlpi_name;        /* "" for the TA itself, the UUID for a library */
  const ElfW(Phdr) * dlpi_phdr; /* the module's program headers, mapped */
  uint16_t dlpi_phnum;
  unsigned long long dlpi_adds;
  unsigned long long dlpi_subs;
  size_t dlpi_tls_modid; /* 0: the module has no TLS */
  void* dlpi_tls_data;   /* this module's TLS block once set up, else its initial image */
};

/*
 * Calls `callback` for each loaded module until it returns non-zero; returns that value,
 * or 0 after the last module.
 */
int dl_iterate_phdr(int (*callback)(struct dl_phdr_info* info, size_t size, void* data),
                    void* data);

#endif /* SWEMU_LINK_H */
