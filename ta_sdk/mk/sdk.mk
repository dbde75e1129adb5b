# SPDX-License-Identifier: BSD-2-Clause
# What every TA is built from and with: the SDK's own sources (relative to ta_sdk/) and
# the compile and link flags, close to OP-TEE's dev kit (conf.mk). Read by ta_dev_kit.mk
# and by swemu_ta.cmake, so keep the form `name += value`, one value per line.

swemu-archs += arm64
swemu-archs += arm32

swemu-sdk-srcs += src/user_ta_header.c
swemu-sdk-srcs += src/ta_entry.c
swemu-sdk-srcs += src/ta_modules.c
swemu-sdk-srcs += src/tee_api.c
swemu-sdk-srcs += src/tee_api_property.c
swemu-sdk-srcs += src/tee_api_time.c
swemu-sdk-srcs += src/tee_api_cancel.c
swemu-sdk-srcs += src/tee_api_ta2ta.c
swemu-sdk-srcs += src/tee_api_memory.c
swemu-sdk-srcs += src/tee_api_arith.c
swemu-sdk-srcs += src/tee_api_objects.c
swemu-sdk-srcs += src/tee_api_operations.c
swemu-sdk-srcs += src/tee_api_storage.c
swemu-sdk-srcs += src/tee_malloc.c
swemu-sdk-srcs += src/trace.c
swemu-sdk-srcs += src/libc/string.c
swemu-sdk-srcs += src/libc/printf.c
swemu-sdk-srcs += src/libc/stdlib.c

swemu-sdk-srcs-arm64 += src/arch/aarch64/utee_syscalls.S

# No hardware divide in base ARMv7-A: the run-time ABI helpers (__aeabi_*div*, mem*, 64-bit
# shifts, integer/FP conversions) are part of the SDK.
swemu-sdk-srcs-arm32 += src/arch/arm32/utee_syscalls.S
swemu-sdk-srcs-arm32 += src/arch/arm32/aeabi_div.c
swemu-sdk-srcs-arm32 += src/arch/arm32/aeabi_ldivmod.S
swemu-sdk-srcs-arm32 += src/arch/arm32/aeabi_mem.c
swemu-sdk-srcs-arm32 += src/arch/arm32/aeabi_misc.c
swemu-sdk-srcs-arm32 += src/arch/arm32/aeabi_read_tp.S

# FP/SIMD stays enabled (CFG_TA_FLOAT_SUPPORT).
swemu-cflags += -std=gnu11
swemu-cflags += -Os
swemu-cflags += -g
swemu-cflags += -fpic
swemu-cflags += -ffreestanding
swemu-cflags += -nostdlibinc
swemu-cflags += -fno-common
swemu-cflags += -fstack-protector-strong
swemu-cflags += -fvisibility=hidden
swemu-cflags += -Wall
swemu-cflags += -Wextra
swemu-cflags += -Wno-unused-parameter

swemu-cflags-arm64 += --target=aarch64-none-elf
swemu-cflags-arm64 += -mstrict-align
swemu-cflags-arm64 += -mno-outline-atomics
swemu-cflags-arm64 += -DARM64=1

# ARMv7-A Thumb-2 without unaligned accesses; hard-float EABI with VFPv3-D32 + NEON, so FP
# and SIMD run natively (the runtime enables VFP).
swemu-cflags-arm32 += --target=armv7a-none-eabi
swemu-cflags-arm32 += -mthumb
swemu-cflags-arm32 += -mno-unaligned-access
swemu-cflags-arm32 += -mfloat-abi=hard
swemu-cflags-arm32 += -mfpu=neon
swemu-cflags-arm32 += -DARM32=1

# Text, read-only data and the dynamic tables in one R+X segment, everything written in
# one RW segment; each segment starts on its own page (W^X on 4 KiB pages).
swemu-ldflags += -pie
swemu-ldflags += --no-dynamic-linker
swemu-ldflags += -z max-page-size=4096
swemu-ldflags += -z common-page-size=4096
swemu-ldflags += --no-rosegment
swemu-ldflags += -z separate-loadable-segments
swemu-ldflags += -z norelro
swemu-ldflags += -z noexecstack
swemu-ldflags += --hash-style=both
swemu-ldflags += -e __ta_entry
