/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * modules_test: a TA that uses what the loader's module list (`__elf_phdr_info`) makes
 * work: constructors, thread-local storage, dl_iterate_phdr, and a TA shared library
 * (DT_NEEDED) with its own constructor, data and TLS. Built for AArch64 and AArch32.
 */
#ifndef MODULES_TEST_TA_H
#define MODULES_TEST_TA_H

/* abdf081b-4161-45d4-8ba1-96614e9afbe6 */
#define MODULES_TEST_UUID                                                                          \
  {                                                                                                \
    0xabdf081b, 0x4161, 0x45d4, {                                                                  \
      0x8b, 0xa1, 0x96, 0x61, 0x4e, 0x9a, 0xfb, 0xe6                                               \
    }                                                                                              \
  }
/* 4c85944b-3d6a-4eaf-ad04-8d623e4b7257 */
#define MODULES_TEST32_UUID                                                                        \
  {                                                                                                \
    0x4c85944b, 0x3d6a, 0x4eaf, {                                                                  \
      0xad, 0x04, 0x8d, 0x62, 0x3e, 0x4b, 0x72, 0x57                                               \
    }                                                                                              \
  }

/* The libraries' UUIDs (their SONAMEs and file names in the TA directory). */
#define MODULES_LIB_UUID_STR "ac1d5f59-df84-4938-9c44-946d872e359a"
#define MODULES_LIB32_UUID_STR "4d563776-7084-4b8b-bbd5-424a4d28d477"

/* out: a = constructor runs of the TA, b = 1 if the library's constructor ran first */
#define MODULES_CMD_CTORS 0
/* out: a = ++ a TLS counter that starts at 41, b = ++ a zero-initialised TLS counter */
#define MODULES_CMD_TLS 1
/* out value: a = modules listed, b = checks (bit 0: the TA is at 0x400000, bit 1: its
 * program headers are readable and hold PT_LOAD, bit 2: the library's TLS module id is 2);
 * out memref: the modules' names joined by '|' */
#define MODULES_CMD_MODULES 2
/* in a, b; out a = library's a * factor + b, b = the library's TLS call count */
#define MODULES_CMD_LIB_MIX 3
/* out a = the library's exported `modules_lib_factor` as the TA reads it (GLOB_DAT);
 * then the TA sets it to in a */
#define MODULES_CMD_LIB_DATA 4
/* out a = the address of a TLS variable, b = the thread pointer's alignment check
 * (1 when an over-aligned TLS variable is at its alignment) */
#define MODULES_CMD_TLS_ALIGN 5

#endif /* MODULES_TEST_TA_H */
