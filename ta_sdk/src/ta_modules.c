// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * What libutee does with the module list the loader writes into `__elf_phdr_info`
 * (reference/optee-abi.md §4.4, §4.9): static TLS for every module behind the thread
 * pointer, constructors (DT_INIT_ARRAY) before the first TA_CreateEntryPoint, destructors
 * (DT_FINI_ARRAY) after TA_DestroyEntryPoint, and dl_iterate_phdr().
 *
 * TLS layout (variant I, as the linker assumes for the TA's own accesses): the thread
 * pointer points at a zeroed TCB (16 bytes on AArch64, 8 on AArch32); each module's block
 * follows at the next multiple of its alignment, modules in list order. The loader lays
 * out the offsets it writes into TLS relocations the same way.
 */
#include <link.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <compiler.h>
#include <tee_api.h>
#include <user_ta_header.h>

#include "sdk_internal.h"

#if UINTPTR_MAX > 0xFFFFFFFFu
#define TCB_SIZE 16u
#else
#define TCB_SIZE 8u
#endif

/* The argument of __tls_get_addr (general-dynamic TLS accesses). */
typedef struct {
  unsigned long ti_module;
  unsigned long ti_offset;
} tls_index;

static struct dl_phdr_info* modules(size_t* count) {
  *count = __elf_phdr_info.count;
  return (struct dl_phdr_info*)__elf_phdr_info.dlpi;
}

static const ElfW(Phdr) * find_phdr(const struct dl_phdr_info* m, uint32_t type) {
  for (uint16_t i = 0; i < m->dlpi_phnum; i++) {
    if (m->dlpi_phdr[i].p_type == type)
      return &m->dlpi_phdr[i];
  }
  return NULL;
}

static uintptr_t align_up(uintptr_t v, uintptr_t align) {
  return (v + align - 1) & ~(align - 1);
}

static void set_thread_pointer(void* tp) {
#if defined(__aarch64__)
  __asm__ volatile("msr tpidr_el0, %0" ::"r"(tp));
#else
  /* TPIDRURW, which the SDK's __aeabi_read_tp reads. */
  __asm__ volatile("mcr p15, 0, %0, c13, c0, 2" ::"r"(tp));
#endif
}

static TEE_Result setup_tls(void) {
  size_t count;
  struct dl_phdr_info* list = modules(&count);
  uintptr_t end = TCB_SIZE;
  uintptr_t max_align = TCB_SIZE;
  uint8_t* raw;
  uint8_t* tp;

  for (size_t i = 0; i < count; i++) {
    const ElfW(Phdr)* tls = list[i].dlpi_tls_modid ? find_phdr(&list[i], PT_TLS) : NULL;
    uintptr_t align;

    if (!tls)
      continue;
    align = tls->p_align > 1 ? tls->p_align : 1;
    if (align > max_align)
      max_align = align;
    end = align_up(end, align) + tls->p_memsz;
  }
  if (end == TCB_SIZE)
    return TEE_SUCCESS;

  raw = TEE_Malloc(end + max_align, TEE_MALLOC_FILL_ZERO);
  if (!raw)
    return TEE_ERROR_OUT_OF_MEMORY;
  tp = (uint8_t*)align_up((uintptr_t)raw, max_align);

  end = TCB_SIZE;
  for (size_t i = 0; i < count; i++) {
    const ElfW(Phdr)* tls = list[i].dlpi_tls_modid ? find_phdr(&list[i], PT_TLS) : NULL;

    if (!tls)
      continue;
    end = align_up(end, tls->p_align > 1 ? tls->p_align : 1);
    /* The loader left the initialisation image's address here; the block replaces it. */
    memcpy(tp + end, list[i].dlpi_tls_data, tls->p_filesz);
    list[i].dlpi_tls_data = tp + end;
    end += tls->p_memsz;
  }
  set_thread_pointer(tp);
  return TEE_SUCCESS;
}

typedef void (*array_fn)(void);

/* Runs a module's DT_INIT_ARRAY (forward) or DT_FINI_ARRAY (backward). */
static void run_array(const struct dl_phdr_info* m, int64_t array_tag, int64_t size_tag) {
  const ElfW(Phdr)* dynamic = find_phdr(m, PT_DYNAMIC);
  const ElfW(Dyn) * d;
  uintptr_t array = 0;
  size_t n = 0;

  if (!dynamic)
    return;
  for (d = (const ElfW(Dyn)*)(m->dlpi_addr + dynamic->p_vaddr); d->d_tag != DT_NULL; d++) {
    if (d->d_tag == array_tag)
      array = m->dlpi_addr + d->d_val;
    else if (d->d_tag == size_tag)
      n = d->d_val / sizeof(array_fn);
  }
  if (!array)
    return;
  for (size_t k = 0; k < n; k++) {
    const size_t at = array_tag == DT_INIT_ARRAY ? k : n - 1 - k;
    array_fn fn = ((const array_fn*)array)[at];

    /* 0 and -1 are placeholders some linkers leave. */
    if (fn && fn != (array_fn)(uintptr_t)-1)
      fn();
  }
}

TEE_Result swemu_modules_init(void) {
  static bool tls_ready;
  size_t count;
  struct dl_phdr_info* list = modules(&count);

  if (!tls_ready) {
    TEE_Result res = setup_tls();

    if (res != TEE_SUCCESS)
      return res;
    tls_ready = true;
  }
  /* Libraries before the modules that need them: the list is in load order. */
  for (size_t i = count; i > 0; i--)
    run_array(&list[i - 1], DT_INIT_ARRAY, DT_INIT_ARRAYSZ);
  return TEE_SUCCESS;
}

void swemu_modules_fini(void) {
  size_t count;
  struct dl_phdr_info* list = modules(&count);

  for (size_t i = 0; i < count; i++)
    run_array(&list[i], DT_FINI_ARRAY, DT_FINI_ARRAYSZ);
}

__swemu_export int
dl_iterate_phdr(int (*callback)(struct dl_phdr_info* info, size_t size, void* data), void* data) {
  size_t count;
  struct dl_phdr_info* list = modules(&count);

  for (size_t i = 0; i < count; i++) {
    int ret = callback(&list[i], sizeof(list[i]), data);

    if (ret)
      return ret;
  }
  return 0;
}

__swemu_export void* __tls_get_addr(tls_index* ti) {
  size_t count;
  struct dl_phdr_info* list = modules(&count);

  for (size_t i = 0; i < count; i++) {
    if (list[i].dlpi_tls_modid && list[i].dlpi_tls_modid == ti->ti_module)
      return (uint8_t*)list[i].dlpi_tls_data + ti->ti_offset;
  }
  TEE_Panic(TEE_ERROR_ITEM_NOT_FOUND);
  return NULL;
}
