/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Short attribute spellings TA code commonly uses. Each is defined only if the TA has not
 * defined it already.
 */
#ifndef SWEMU_COMPILER_H
#define SWEMU_COMPILER_H

#ifndef __noreturn
#define __noreturn __attribute__((noreturn))
#endif
#ifndef __maybe_unused
#define __maybe_unused __attribute__((unused))
#endif
#ifndef __unused
#define __unused __attribute__((unused))
#endif
#ifndef __packed
#define __packed __attribute__((packed))
#endif
#ifndef __aligned
#define __aligned(x) __attribute__((aligned(x)))
#endif
#ifndef __weak
#define __weak __attribute__((weak))
#endif
#ifndef __section
#define __section(x) __attribute__((section(x)))
#endif
#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif
#ifndef __printf
#define __printf(fmt_idx, first_arg) __attribute__((format(printf, fmt_idx, first_arg)))
#endif
/* Symbols the loader must see in .dynsym (they are also listed in ta_sdk/ta.dynlist). */
#ifndef __swemu_export
#define __swemu_export __attribute__((visibility("default")))
#endif

#endif /* SWEMU_COMPILER_H */
